package io.dinitj.shell.ctl;

import io.dinitj.api.spi.Errno;
import io.dinitj.api.protocol.ServiceStatus;

/** dinitctl's texts for states, stop reasons, list lines and status (cli.md 2.3, 2.5, 2.6). */
final class Texts {

    private static final String[] STAGES = {"arranging file descriptors",
        "reading environment file", "setting environment variable",
        "setting up activation socket", "setting up control socket", "changing directory",
        "setting up standard input/output descriptors", "entering cgroup",
        "setting resource limits", "setting user/group ID", "opening log file",
        "setting capabilities", "setting I/O priority", "", "", "", "", "", "executing command"};

    private Texts() {
    }

    /** The text of an exec stage. */
    static String stage(int stage) {
        return stage >= 0 && stage < STAGES.length ? STAGES[stage] : "";
    }

    /** STOPPED, STARTING, STARTED or STOPPING. */
    static String stateName(int state) {
        switch (state) {
            case 0:
                return "STOPPED";
            case 1:
                return "STARTING";
            case 2:
                return "STARTED";
            case 3:
                return "STOPPING";
            default:
                return "UNKNOWN";
        }
    }

    /** The stop reason's protocol name. */
    static String reasonName(int reason) {
        switch (reason) {
            case 0:
                return "NORMAL";
            case 1:
                return "DEPRESTART";
            case 2:
                return "DEPFAILED";
            case 3:
                return "FAILED";
            case 4:
                return "EXECFAILED";
            case 5:
                return "TIMEDOUT";
            case 6:
                return "TERMINATED";
            default:
                return "UNKNOWN";
        }
    }

    /** {@code signalled - signal n}, {@code exited - status n} or {@code unknown reason}. */
    static String term(int siCode, int siStatus) {
        if (siCode == Connection.CLD_KILLED) {
            return "signalled - signal " + siStatus;
        }
        if (siCode == Connection.CLD_EXITED) {
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
        switch (stopReason) {
            case 2:
                return "Reason: a dependency of the service failed to start. Check dinit log.\n";
            case 5:
                return "Reason: start timed out.\n";
            case 4:
                return "Reason: execution of service process failed:\n        Stage: "
                        + stage(stage) + "\n        Error: " + Errno.strerror(errno) + "\n";
            case 3:
                return "Reason: service process terminated before ready: "
                        + (siCode != 0 || siStatus != 0 ? term(siCode, siStatus)
                                : waitTerm(legacy)) + "\n";
            default:
                return "Reason unknown/unrecognised. Check dinit log.\n";
        }
    }

    /** True if the status shows a failed service (cli.md 2.5). */
    static boolean failed(ServiceStatus st) {
        if (st.stopReason() == 6) {
            return st.pidOrCode() != Connection.CLD_EXITED || st.exitStatus() != 0;
        }
        return st.stopReason() != 0;
    }

    /** One line of {@code list}, without the newline. */
    static String listLine(String name, ServiceStatus st, boolean v5) {
        boolean active = (st.flags() & ServiceStatus.MARKED_ACTIVE) != 0;
        int state = st.state();
        int target = st.target();
        StringBuilder b = new StringBuilder("[");
        b.append(active ? '[' : target == Handlers.STARTED ? '{' : ' ');
        b.append(state == Handlers.STARTED
                ? (st.flags() & ServiceStatus.START_SKIPPED) != 0 ? 's' : '+' : ' ');
        b.append(active ? ']' : target == Handlers.STARTED ? '}' : ' ');
        b.append(state == Handlers.STARTING ? "<<" : state == Handlers.STOPPING ? ">>" : "  ");
        b.append(target == Handlers.STOPPED ? '{' : ' ');
        b.append(state == Handlers.STOPPED ? failed(st) ? 'X' : '-' : ' ');
        b.append(target == Handlers.STOPPED ? '}' : ' ');
        b.append("] ").append(name);
        if (state != Handlers.STOPPED && st.hasPid()) {
            b.append(" (pid: ").append(st.pidOrCode()).append(')');
        }
        if (v5 && state == Handlers.STOPPED && st.stopReason() == 6 && !st.hasPid()) {
            if (st.pidOrCode() == Connection.CLD_EXITED) {
                b.append(" (exit status: ").append(st.exitStatus()).append(')');
            } else if (st.pidOrCode() == Connection.CLD_KILLED) {
                b.append(" (signal: ").append(st.exitStatus()).append(')');
            }
        }
        if ((st.flags() & ServiceStatus.HAS_CONSOLE) != 0) {
            b.append(" (has console)");
        } else if ((st.flags() & ServiceStatus.WAITING_FOR_CONSOLE) != 0) {
            b.append(" (waiting for console)");
        }
        return b.toString();
    }

    /** The state text of {@code status}. */
    static String stateText(ServiceStatus st) {
        int si = st.exitStatus();
        String term = term(st.pidOrCode(), si);
        switch (st.state()) {
            case 0:
                switch (st.stopReason()) {
                    case 1:
                        return "STOPPED (dependency restarted)";
                    case 2:
                        return "STOPPED (dependency failed/terminated)";
                    case 3:
                        return "STOPPED (failed to start" + (si != 0 ? "; " + term : "") + ")";
                    case 4:
                        return "STOPPED (could not be launched)\n        Stage: "
                                + stage(st.execStage()) + "\n        Error: "
                                + Errno.strerror(st.pidOrCode());
                    case 6:
                        return "STOPPED (terminated" + (si != 0 ? "; " + term : "") + ")";
                    case 5:
                        return "STOPPED (start timed out)";
                    default:
                        return "STOPPED";
                }
            case 1:
                return "STARTING" + (st.target() == Handlers.STOPPED
                        ? " (target state: STOPPED)" : "");
            case 2:
                return "STARTED" + ((st.flags() & ServiceStatus.START_SKIPPED) != 0
                        ? " (startup skipped)" : "");
            default:
                return "STOPPING" + (st.target() == Handlers.STARTED
                        ? " (target state: STARTED)" : "")
                        + (!st.hasPid() && si != 0 ? "(terminated ;" + term + ")" : "");
        }
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
        if ((st.flags() & ServiceStatus.HAS_CONSOLE) != 0) {
            b.append(" (holding console)");
        }
        if ((st.flags() & ServiceStatus.WAITING_FOR_CONSOLE) != 0) {
            b.append(" (waiting for console)");
        }
        b.append('\n');
        if (st.target() == Handlers.STARTED) {
            b.append((st.flags() & ServiceStatus.MARKED_ACTIVE) != 0
                    ? "    Activation: explicitly started\n"
                    : "    Activation: start due to dependent(s)\n");
        }
        if (st.hasPid()) {
            b.append("    Process ID: ").append(st.pidOrCode()).append('\n');
        }
        return b.toString();
    }
}
