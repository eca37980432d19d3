package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.EnumCodes;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.Errno;
import java.util.List;

/**
 * dinitctl's texts for states, stop reasons, list lines and status (docs/cli.md §2.3, §2.5,
 * §2.6). The words for states and reasons are the api enums' names, and exec stages' texts are
 * {@link ExecStage#text()}, so they are written once.
 */
final class Texts {

    private Texts() {
    }

    /** The text of an exec stage ({@code ""} for a code no stage has). */
    static String stage(int stage) {
        ExecStage s = EnumCodes.execStage(stage);
        return s == null ? "" : s.text();
    }

    /** STOPPED, STARTING, STARTED or STOPPING. */
    static String stateName(int state) {
        ServiceState s = EnumCodes.state(state);
        return s == null ? "UNKNOWN" : s.name();
    }

    /** The stop reason's protocol name. */
    static String reasonName(int reason) {
        StopReason r = EnumCodes.stopReason(reason);
        return r == null ? "UNKNOWN" : r.name();
    }

    /** {@code signalled - signal n}, {@code exited - status n} or {@code unknown reason}. */
    static String term(int siCode, int siStatus) {
        if (siCode == Codes.CLD_KILLED) {
            return "signalled - signal " + siStatus;
        }
        if (siCode == Codes.CLD_EXITED) {
            return "exited - status " + siStatus;
        }
        return "unknown reason";
    }

    /** Decodes a {@code wait()} status as upstream does when no si_code is known. */
    static String waitTerm(int w) {
        if ((w & 0x7f) == 0) {
            return "exited - status " + ((w >> 8) & 0xff);
        }
        if ((byte) ((w & 0x7f) + 1) >> 1 > 0) {
            return "signalled - signal " + (w & 0x7f);
        }
        return "unknown reason";
    }

    /**
     * The reason block printed after {@code Service '<S>' failed to start.}.
     *
     * @return the lines, each ending in a newline
     */
    static String reason(int stopReason, int stage, int errno, int siCode, int siStatus,
            int legacy) {
        StopReason reason = EnumCodes.stopReason(stopReason);
        if (reason == StopReason.DEPFAILED) {
            return "Reason: a dependency of the service failed to start. Check dinit log.\n";
        }
        if (reason == StopReason.TIMEDOUT) {
            return "Reason: start timed out.\n";
        }
        if (reason == StopReason.EXECFAILED) {
            return "Reason: execution of service process failed:\n        Stage: "
                    + stage(stage) + "\n        Error: " + Errno.strerror(errno) + "\n";
        }
        if (reason == StopReason.FAILED) {
            return "Reason: service process terminated before ready: "
                    + (siCode != 0 || siStatus != 0 ? term(siCode, siStatus)
                            : waitTerm(legacy)) + "\n";
        }
        return "Reason unknown/unrecognised. Check dinit log.\n";
    }

    /** True if the status shows a failed service (docs/cli.md §2.5). */
    static boolean failed(ServiceStatus st) {
        if (st.reason() == StopReason.TERMINATED) {
            return st.pidOrCode() != Codes.CLD_EXITED || st.exitStatus() != 0;
        }
        return st.reason() != StopReason.NORMAL;
    }

    /** One line of {@code list}, without the newline. */
    static String listLine(String name, ServiceStatus st, boolean v5) {
        boolean active = st.has(ServiceStatus.MARKED_ACTIVE);
        ServiceState state = st.currentState();
        ServiceState target = st.targetState();
        StringBuilder b = new StringBuilder("[");
        b.append(active ? '[' : target == ServiceState.STARTED ? '{' : ' ');
        b.append(state == ServiceState.STARTED
                ? st.has(ServiceStatus.START_SKIPPED) ? 's' : '+' : ' ');
        b.append(active ? ']' : target == ServiceState.STARTED ? '}' : ' ');
        b.append(state == ServiceState.STARTING ? "<<"
                : state == ServiceState.STOPPING ? ">>" : "  ");
        b.append(target == ServiceState.STOPPED ? '{' : ' ');
        b.append(state == ServiceState.STOPPED ? failed(st) ? 'X' : '-' : ' ');
        b.append(target == ServiceState.STOPPED ? '}' : ' ');
        b.append("] ").append(name);
        if (state != ServiceState.STOPPED && st.hasPid()) {
            b.append(" (pid: ").append(st.pidOrCode()).append(')');
        }
        if (v5 && state == ServiceState.STOPPED && st.reason() == StopReason.TERMINATED
                && !st.hasPid()) {
            if (st.pidOrCode() == Codes.CLD_EXITED) {
                b.append(" (exit status: ").append(st.exitStatus()).append(')');
            } else if (st.pidOrCode() == Codes.CLD_KILLED) {
                b.append(" (signal: ").append(st.exitStatus()).append(')');
            }
        }
        if (st.has(ServiceStatus.HAS_CONSOLE)) {
            b.append(" (has console)");
        } else if (st.has(ServiceStatus.WAITING_FOR_CONSOLE)) {
            b.append(" (waiting for console)");
        }
        return b.toString();
    }

    /** The state text of {@code status}. */
    static String stateText(ServiceStatus st) {
        int si = st.exitStatus();
        String term = term(st.pidOrCode(), si);
        ServiceState state = st.currentState();
        if (state == ServiceState.STOPPED) {
            StopReason reason = st.reason();
            if (reason == StopReason.DEPRESTART) {
                return "STOPPED (dependency restarted)";
            }
            if (reason == StopReason.DEPFAILED) {
                return "STOPPED (dependency failed/terminated)";
            }
            if (reason == StopReason.FAILED) {
                return "STOPPED (failed to start" + (si != 0 ? "; " + term : "") + ")";
            }
            if (reason == StopReason.EXECFAILED) {
                return "STOPPED (could not be launched)\n        Stage: "
                        + stage(st.execStage()) + "\n        Error: "
                        + Errno.strerror(st.pidOrCode());
            }
            if (reason == StopReason.TERMINATED) {
                return "STOPPED (terminated" + (si != 0 ? "; " + term : "") + ")";
            }
            return reason == StopReason.TIMEDOUT ? "STOPPED (start timed out)" : "STOPPED";
        }
        if (state == ServiceState.STARTING) {
            return "STARTING" + (st.targetState() == ServiceState.STOPPED
                    ? " (target state: STOPPED)" : "");
        }
        if (state == ServiceState.STARTED) {
            return "STARTED" + (st.has(ServiceStatus.START_SKIPPED) ? " (startup skipped)" : "");
        }
        return "STOPPING" + (st.targetState() == ServiceState.STARTED
                ? " (target state: STARTED)" : "")
                + (!st.hasPid() && si != 0 ? "(terminated ;" + term + ")" : "");
    }

    /**
     * The status detail lines, after upstream's text: {@code "    Next run: in 0.4 s"}.
     *
     * @param detail the lines, or null for none
     * @return the text, each line ending in a newline; empty if none
     */
    static String detail(List<DaemonClient.DetailLine> detail) {
        if (detail == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (DaemonClient.DetailLine l : detail) {
            b.append("    ").append(oneLine(l.key())).append(": ").append(oneLine(l.value()))
                    .append('\n');
        }
        return b.toString();
    }

    /** A plugin's text on one line: line ends and other control characters become spaces. */
    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }

    /** The whole {@code status} output, lines ending in newlines. */
    static String status(String name, String file, boolean modified, ServiceStatus st) {
        StringBuilder b = new StringBuilder();
        b.append("Service: ").append(name).append('\n');
        if (file != null) {
            b.append("    File: ").append(file).append(modified ? " (modified since loaded)" : "")
                    .append('\n');
        }
        b.append("    State: ").append(stateText(st));
        if (st.has(ServiceStatus.HAS_CONSOLE)) {
            b.append(" (holding console)");
        }
        if (st.has(ServiceStatus.WAITING_FOR_CONSOLE)) {
            b.append(" (waiting for console)");
        }
        b.append('\n');
        if (st.targetState() == ServiceState.STARTED) {
            b.append(st.has(ServiceStatus.MARKED_ACTIVE)
                    ? "    Activation: explicitly started\n"
                    : "    Activation: start due to dependent(s)\n");
        }
        if (st.hasPid()) {
            b.append("    Process ID: ").append(st.pidOrCode()).append('\n');
        }
        return b.toString();
    }
}
