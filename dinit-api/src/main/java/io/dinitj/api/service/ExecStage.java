package io.dinitj.api.service;

/**
 * The step of launching a process that failed (docs/service-semantics.md §16), with the value
 * the control protocol sends and the text {@code dinitctl} prints.
 */
public enum ExecStage {
    /** Arranging file descriptors (0). */
    ARRANGE_FDS(0, "arranging file descriptors"),
    /** Reading the environment file (1). */
    READ_ENV_FILE(1, "reading environment file"),
    /** Setting an environment variable (2). */
    SET_NOTIFYFD_VAR(2, "setting environment variable"),
    /** Setting up the activation socket (3). */
    SETUP_ACTIVATION_SOCKET(3, "setting up activation socket"),
    /** Setting up the control socket (4). */
    SETUP_CONTROL_SOCKET(4, "setting up control socket"),
    /** Changing directory (5). */
    CHDIR(5, "changing directory"),
    /** Setting up standard input/output descriptors (6). */
    SETUP_STDINOUTERR(6, "setting up standard input/output descriptors"),
    /** Entering the cgroup (7). */
    ENTER_CGROUP(7, "entering cgroup"),
    /** Setting resource limits (8). */
    SET_RLIMITS(8, "setting resource limits"),
    /** Setting user or group ID (9). */
    SET_UIDGID(9, "setting user/group ID"),
    /** Opening the log file (10). */
    OPEN_LOGFILE(10, "opening log file"),
    /** Setting capabilities (11). */
    SET_CAPS(11, "setting capabilities"),
    /** Setting the I/O priority (12). */
    SET_PRIO(12, "setting I/O priority"),
    /** Executing the command (18). */
    DO_EXEC(18, "executing command");

    private final int code;
    private final String text;

    ExecStage(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /**
     * Returns the value sent on the wire.
     *
     * @return the protocol code
     */
    public int code() {
        return code;
    }

    /**
     * Returns the text {@code dinitctl} prints after {@code Stage:}.
     *
     * @return the text, such as {@code executing command}
     */
    public String text() {
        return text;
    }
}
