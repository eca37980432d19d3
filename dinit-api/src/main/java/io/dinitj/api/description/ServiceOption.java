package io.dinitj.api.description;

/** A word of the {@code options} setting. */
public enum ServiceOption {
    /** Exclusive console from start until stopped; implies starts-on-console. */
    RUNS_ON_CONSOLE("runs-on-console"),
    /** Exclusive console until started. */
    STARTS_ON_CONSOLE("starts-on-console"),
    /** Console I/O, not exclusive. */
    SHARES_CONSOLE("shares-console"),
    /** SIGINT is not blocked in a console child. */
    UNMASK_INTR("unmask-intr"),
    /** When started: create the control socket, report readiness, open the log, write wtmp. */
    STARTS_RWFS("starts-rwfs"),
    /** When started: connect to syslog. */
    STARTS_LOG("starts-log"),
    /** Pass a connected control connection in DINIT_CS_FD. */
    PASS_CS_FD("pass-cs-fd"),
    /** A stop during start-up interrupts the start with SIGINT. */
    START_INTERRUPTIBLE("start-interruptible"),
    /** A start command killed by SIGINT counts as started (skipped). */
    SKIPPABLE("skippable"),
    /** Signals go to the main process only, not its process group. */
    SIGNAL_PROCESS_ONLY("signal-process-only"),
    /** chain-to fires on every stop, whatever the reason. */
    ALWAYS_CHAIN("always-chain"),
    /** Before bring-down: SIGTERM to all processes, a pause, SIGKILL to all. */
    KILL_ALL_ON_STOP("kill-all-on-stop"),
    /** PR_SET_NO_NEW_PRIVS for the process. */
    NO_NEW_PRIVS("no-new-privs");

    private final String word;

    ServiceOption(String word) {
        this.word = word;
    }

    /**
     * Returns the word as written in a service file.
     *
     * @return the word
     */
    public String word() {
        return word;
    }

    /**
     * Finds the constant written as {@code word}.
     *
     * @param word the word from a service file
     * @return the constant, or null if no constant has that word
     */
    public static ServiceOption fromWord(String word) {
        for (ServiceOption v : values()) {
            if (v.word.equals(word)) {
                return v;
            }
        }
        return null;
    }
}
