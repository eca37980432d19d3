package io.dinitj.api.spi;

/**
 * Reads raw wait statuses ({@code waitpid}'s {@code status}) as Linux encodes them, and makes them
 * for tests.
 */
public final class WaitStatus {

    private WaitStatus() {
    }

    /**
     * Makes the status of a process that exited.
     *
     * @param code the exit code, 0 to 255
     * @return the wait status
     */
    public static int exited(int code) {
        return (code & 0xff) << 8;
    }

    /**
     * Makes the status of a process killed by a signal.
     *
     * @param signo the signal number
     * @return the wait status
     */
    public static int signalled(int signo) {
        return signo & 0x7f;
    }

    /**
     * Tells whether the process exited normally.
     *
     * @param status the wait status
     * @return true if it called exit
     */
    public static boolean didExit(int status) {
        return (status & 0x7f) == 0;
    }

    /**
     * Returns the exit code.
     *
     * @param status the wait status of a process that exited
     * @return the code, 0 to 255
     */
    public static int exitCode(int status) {
        return (status >> 8) & 0xff;
    }

    /**
     * Tells whether a signal killed the process.
     *
     * @param status the wait status
     * @return true if killed by a signal
     */
    public static boolean wasSignalled(int status) {
        return (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;
    }

    /**
     * Returns the signal that killed the process.
     *
     * @param status the wait status of a signalled process
     * @return the signal number
     */
    public static int signal(int status) {
        return status & 0x7f;
    }

    /**
     * Tells whether the status counts as a failure for {@code restart = on-failure}: a non-zero
     * exit, or death by a signal other than HUP, INT, USR1, USR2 and TERM.
     *
     * @param status the wait status
     * @return true if a failure
     */
    public static boolean isFailure(int status) {
        if (didExit(status)) {
            return exitCode(status) != 0;
        }
        int sig = signal(status);
        return !(sig == 1 || sig == 2 || sig == 10 || sig == 12 || sig == 15);
    }

    /**
     * Tells whether the status is a clean exit with code 0.
     *
     * @param status the wait status
     * @return true for exit code 0
     */
    public static boolean isCleanExit(int status) {
        return didExit(status) && exitCode(status) == 0;
    }
}
