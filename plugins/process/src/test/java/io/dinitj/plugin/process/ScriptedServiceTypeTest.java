package io.dinitj.plugin.process;

import io.dinitj.api.spi.TypeCapability;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.Signal;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.FakePlatform.FakeProcess;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.WaitStatus;
import org.junit.jupiter.api.Test;

import static io.dinitj.plugin.process.Fixture.COMMAND;
import static io.dinitj.plugin.process.Fixture.MS;
import static io.dinitj.plugin.process.Fixture.SECOND;
import static io.dinitj.plugin.process.Fixture.STOP_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

class ScriptedServiceTypeTest {

    private final Fixture f = Fixture.scripted();

    /** The start command's exit 0 starts the service; then nothing runs or is supervised. */
    @Test
    void startCommandExit0_started() {
        f.up();
        assertThat(new ScriptedServiceType().capabilities())
                .doesNotContain(TypeCapability.SUPERVISES_PROCESS);
        FakeProcess start = f.main();
        assertThat(start.kind()).isEqualTo(CommandKind.START);
        assertThat(f.behaviour.pid()).isEqualTo(start.pid());
        assertThat(f.events()).isEmpty();
        start.exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("started");
        assertThat(f.behaviour.pid()).isEqualTo(-1);
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
        assertThat(f.log()).isEmpty();
    }

    /** A non-zero exit fails the start (FAILED), logged as an error. */
    @Test
    void startCommandFailure_fails() {
        f.up();
        f.main().exit(WaitStatus.exited(4));
        assertThat(f.events()).containsExactly("exit 1024", "failed FAILED");
        assertThat(f.log()).containsExactly("Service svc command failed with exit code 4");
        assertThat(f.platform.log().get(0).level()).isEqualTo(LogLevel.ERROR);
    }

    /** Death by a signal fails the start too. */
    @Test
    void startCommandKilled_fails() {
        f.up();
        f.main().exit(WaitStatus.signalled(9));
        assertThat(f.events()).containsExactly("exit 9", "failed FAILED");
        assertThat(f.log()).containsExactly("Service svc command terminated due to signal 9");
    }

    /** skippable: killed by SIGINT counts as started, skipped. */
    @Test
    void skippable_sigintSkips() {
        f.option(ServiceOption.SKIPPABLE).up();
        f.main().exit(WaitStatus.signalled(2));
        assertThat(f.events()).containsExactly("exit 2", "skipped");
        assertThat(f.log()).isEmpty();
    }

    /** Without skippable, SIGINT is a failure. */
    @Test
    void notSkippable_sigintFails() {
        f.up();
        f.main().exit(WaitStatus.signalled(2));
        assertThat(f.events()).containsExactly("exit 2", "failed FAILED");
    }

    /** A start command that cannot be executed: exec failure. */
    @Test
    void execFailure() {
        f.platform.failExec(COMMAND, ExecStage.DO_EXEC, 13);
        f.up();
        assertThat(f.events()).containsExactly("execfailed DO_EXEC 13");
    }

    /** Stop runs the stop command; stopped when it exits, even with a failure (only logged). */
    @Test
    void stop_runsStopCommand() {
        f.stopCommand().up();
        f.main().exit(WaitStatus.exited(0));
        f.behaviour.bringDown();
        FakeProcess stop = f.stopProcess();
        assertThat(stop.argv()).containsExactly(STOP_COMMAND, "now");
        assertThat(f.behaviour.pid()).isEqualTo(stop.pid());
        assertThat(f.platform.nextDeadline()).isEqualTo(10 * SECOND);
        stop.exit(WaitStatus.exited(2));
        assertThat(f.events()).containsExactly("started", "stopped");
        assertThat(f.log()).containsExactly("Service svc stop command failed with exit code 2");
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
    }

    /** Without a stop command, stopping is at once. */
    @Test
    void stop_withoutStopCommand_isImmediate() {
        f.up();
        f.main().exit(WaitStatus.exited(0));
        f.behaviour.bringDown();
        assertThat(f.events()).containsExactly("started", "stopped");
        assertThat(f.platform.processes()).hasSize(1);
    }

    /** A stop command that cannot be launched: stopped anyway. */
    @Test
    void stopCommandExecFailure_stops() {
        f.platform.failExec(STOP_COMMAND, ExecStage.DO_EXEC, 2);
        f.stopCommand().up();
        f.main().exit(WaitStatus.exited(0));
        f.behaviour.bringDown();
        assertThat(f.events()).containsExactly("started", "stopped");
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
    }

    /** A stop command that overstays the stop timeout is killed. */
    @Test
    void stopTimeout_killsTheStopCommand() {
        f.stopCommand().up();
        f.main().exit(WaitStatus.exited(0));
        f.behaviour.bringDown();
        FakeProcess stop = f.stopProcess();
        f.platform.advance(10 * SECOND);
        assertThat(stop.signals()).containsExactly(Signal.KILL);
        assertThat(f.log()).startsWith(
                "Service svc with pid " + stop.pid() + " exceeded allowed stop time; killing.");
        assertThat(f.events()).containsExactly("started", "stopped");
    }

    /**
     * Q2: stopped without its start command having run (stopped while waiting for its
     * dependencies): we do not run the stop command, unlike upstream.
     */
    @Test
    void q2_stopCommandNotRunIfStartCommandNeverRan() {
        f.stopCommand().create();
        f.behaviour.bringDown();
        assertThat(f.events()).containsExactly("stopped");
        assertThat(f.platform.processes()).isEmpty();
    }

    /** Q2: the same after a pending restart was interrupted, though an earlier start ran. */
    @Test
    void q2_stopCommandNotRunAfterInterruptedRestartWait() {
        f.stopCommand().up();
        f.main().exit(WaitStatus.exited(0));
        f.behaviour.bringDown();
        f.stopProcess().exit(WaitStatus.exited(0));
        f.handle.autoRestart = true;
        f.behaviour.bringUp();
        assertThat(f.behaviour.canInterruptStart()).isTrue();
        assertThat(f.behaviour.interruptStart()).isTrue();
        f.behaviour.bringDown();
        assertThat(f.platform.processes()).hasSize(2);
        assertThat(f.events()).containsExactly("started", "stopped", "stopped");
    }

    /**
     * E22: the start timeout sends SIGINT and fails the start (TIMEDOUT); a start command that
     * dies from the signal is cleaned up by the stop command.
     */
    @Test
    void e22_startTimeout_signalledStartCommand_runsStopCommand() {
        f.stopCommand().startTimeout(10 * MS).up();
        FakeProcess start = f.main();
        f.platform.advance(10 * MS);
        assertThat(start.signals()).containsExactly(Signal.INT);
        assertThat(f.log()).startsWith("Service svc with pid " + start.pid()
                + " exceeded allowed start time; cancelling.",
                "Interrupting start of service svc with pid " + start.pid() + " (with SIGINT).",
                "Service svc start cancelled from signal 2");
        assertThat(f.events()).containsExactly("failing TIMEDOUT", "exit 2");
        FakeProcess stop = f.stopProcess();
        assertThat(stop).isNotNull();
        stop.exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("failing TIMEDOUT", "exit 2", "stopped");
    }

    /** E22: a start command that exits non-zero after SIGINT needs no cleanup. */
    @Test
    void e22_startTimeout_failedStartCommand_noStopCommand() {
        f.platform.ignore(COMMAND, Signal.INT);
        f.stopCommand().startTimeout(10 * MS).up();
        f.platform.advance(10 * MS);
        f.main().exit(WaitStatus.exited(1));
        assertThat(f.log()).containsExactly(
                "Service svc with pid " + f.main().pid()
                        + " exceeded allowed start time; cancelling.",
                "Interrupting start of service svc with pid " + f.main().pid()
                        + " (with SIGINT).",
                "Service svc start cancelled; exit code 1");
        assertThat(f.platform.log().get(2).level()).isEqualTo(LogLevel.INFO);
        assertThat(f.stopProcess()).isNull();
        assertThat(f.events()).containsExactly("failing TIMEDOUT", "exit 256", "stopped");
    }

    /** E22: a start command that still exits 0 after SIGINT is cleaned up by the stop command. */
    @Test
    void e22_startTimeout_cleanExit_runsStopCommand() {
        f.platform.ignore(COMMAND, Signal.INT);
        f.stopCommand().startTimeout(10 * MS).up();
        f.platform.advance(10 * MS);
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.stopProcess()).isNotNull();
        f.stopProcess().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("failing TIMEDOUT", "stopped");
    }

    /** start-interruptible: SIGINT to the start command; cancelled like a timeout. */
    @Test
    void interruptStart_sigintsTheStartCommand() {
        f.option(ServiceOption.START_INTERRUPTIBLE).up();
        assertThat(f.behaviour.canInterruptStart()).isTrue();
        FakeProcess start = f.main();
        assertThat(f.behaviour.interruptStart()).isFalse();
        assertThat(f.log()).containsExactly(
                "Interrupting start of service svc with pid " + start.pid() + " (with SIGINT).");
        f.settle();
        assertThat(f.events()).containsExactly("exit 2", "stopped");
    }

    /** Without start-interruptible the start command is left to finish. */
    @Test
    void notInterruptibleByDefault() {
        f.up();
        assertThat(f.behaviour.canInterruptStart()).isFalse();
    }

    /** An automatic restart re-runs the start command, honouring the restart delay. */
    @Test
    void autoRestart_honoursRestartDelay() {
        f.stopCommand().up();
        FakeProcess first = f.main();
        first.exit(WaitStatus.exited(0));
        f.behaviour.bringDown();
        f.stopProcess().exit(WaitStatus.exited(0));
        f.handle.autoRestart = true;
        f.behaviour.bringUp();
        assertThat(f.main()).isSameAs(first);
        f.platform.advance(200 * MS);
        assertThat(f.main()).isNotSameAs(first);
        assertThat(f.main().launchedAt()).isEqualTo(200 * MS);
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("started", "stopped", "started");
    }
}
