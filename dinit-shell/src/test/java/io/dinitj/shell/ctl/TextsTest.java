package io.dinitj.shell.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.protocol.ServiceStatus;
import org.junit.jupiter.api.Test;

/** The status, list and reason texts of docs/cli.md §2.3, §2.5 and §2.6. */
class TextsTest {

    private static ServiceStatus st(int state, int target, int flags, int reason, int stage,
            int a, int b) {
        return new ServiceStatus(state, target, flags, reason, stage, a, b, 0, 0);
    }

    /** The reason block uses si_code/si_status, else decodes the legacy wait status. */
    @Test
    void reason_decodesWaitStatusWhenNoSiInfo() {
        assertThat(Texts.reason(3, 0, 0, 0, 0, 0)).isEqualTo(
                "Reason: service process terminated before ready: exited - status 0\n");
        assertThat(Texts.reason(3, 0, 0, 2, 15, 0)).endsWith("signalled - signal 15\n");
        assertThat(Texts.reason(3, 0, 0, 0, 0, -1)).endsWith("unknown reason\n");
        assertThat(Texts.reason(2, 0, 0, 0, 0, 0)).isEqualTo(
                "Reason: a dependency of the service failed to start. Check dinit log.\n");
        assertThat(Texts.reason(6, 0, 0, 0, 0, 0)).isEqualTo(
                "Reason unknown/unrecognised. Check dinit log.\n");
    }

    /** Every list marker and extra. */
    @Test
    void listLine_markers() {
        assertThat(Texts.listLine("a", st(3, 2, 0, 0, 0, 0, 0), true)).isEqualTo("[{ }>>   ] a");
        assertThat(Texts.listLine("a", st(3, 0, 0, 0, 0, 0, 0), true)).isEqualTo("[   >>{ }] a");
        assertThat(Texts.listLine("a", st(1, 2, 0, 0, 0, 0, 0), true)).isEqualTo("[{ }<<   ] a");
        assertThat(Texts.listLine("a", st(2, 2, 8 | 4, 0, 0, 0, 0), true))
                .isEqualTo("[[s]     ] a");
        assertThat(Texts.listLine("a", st(0, 0, 0, 6, 0, 2, 9), true))
                .isEqualTo("[     {X}] a (signal: 9)");
        assertThat(Texts.listLine("a", st(0, 0, 0, 6, 0, 1, 0), true))
                .isEqualTo("[     {-}] a (exit status: 0)");
        assertThat(Texts.listLine("c", st(2, 2, 8 | 2, 0, 0, 0, 0), true))
                .isEqualTo("[[+]     ] c (has console)");
        assertThat(Texts.listLine("c", st(1, 2, 1, 0, 0, 0, 0), true))
                .isEqualTo("[{ }<<   ] c (waiting for console)");
    }

    /** The status state texts, including upstream's odd STOPPING spacing. */
    @Test
    void stateText_variants() {
        assertThat(Texts.stateText(st(0, 0, 0, 3, 0, 1, 2)))
                .isEqualTo("STOPPED (failed to start; exited - status 2)");
        assertThat(Texts.stateText(st(0, 0, 0, 3, 0, 0, 0))).isEqualTo("STOPPED (failed to start)");
        assertThat(Texts.stateText(st(0, 0, 0, 1, 0, 0, 0)))
                .isEqualTo("STOPPED (dependency restarted)");
        assertThat(Texts.stateText(st(0, 0, 0, 5, 0, 0, 0))).isEqualTo("STOPPED (start timed out)");
        assertThat(Texts.stateText(st(1, 0, 0, 0, 0, 0, 0)))
                .isEqualTo("STARTING (target state: STOPPED)");
        assertThat(Texts.stateText(st(3, 2, 0, 6, 0, 2, 9)))
                .isEqualTo("STOPPING (target state: STARTED)(terminated ;signalled - signal 9)");
        assertThat(Texts.stateText(st(2, 2, 4, 0, 0, 0, 0))).isEqualTo("STARTED (startup skipped)");
    }

    /** status shows dependent activation, console and the modified note. */
    @Test
    void status_dependentActivationAndConsole() {
        assertThat(Texts.status("x", null, false, st(2, 2, 2, 0, 0, 0, 0))).isEqualTo(
                "Service: x\n    State: STARTED (holding console)\n"
                        + "    Activation: start due to dependent(s)\n");
        assertThat(Texts.status("x", "/d/x", true, st(0, 0, 0, 0, 0, 0, 0))).isEqualTo(
                "Service: x\n    File: /d/x (modified since loaded)\n    State: STOPPED\n");
    }
}
