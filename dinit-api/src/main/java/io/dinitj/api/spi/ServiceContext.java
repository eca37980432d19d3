package io.dinitj.api.spi;

import io.dinitj.api.description.Signal;
import java.util.List;

/**
 * What a behaviour may use of the daemon. The platform gives each service its own context (so
 * launching knows the service's description); tests fake it with a virtual clock and scripted
 * processes.
 */
public interface ServiceContext {

    /**
     * Returns the daemon's monotonic time; virtual in tests.
     *
     * @return nanoseconds from an arbitrary origin, never decreasing
     */
    long nanoTime();

    /**
     * Returns the wall-clock time, for calendar schedules; virtual in tests. May jump (the
     * clock is set); use {@link #nanoTime()} to measure intervals.
     *
     * @return milliseconds since the epoch
     */
    default long wallClockMillis() {
        return System.currentTimeMillis();
    }

    /**
     * Creates a timer for this service. Create timers when the behaviour is created, not while
     * it runs: arming and cancelling then allocate nothing.
     *
     * @param onExpiry what to run, on the event-loop thread, when the timer expires; it must
     *     never throw
     * @return a disarmed timer
     */
    Timer newTimer(Runnable onExpiry);

    /**
     * Writes a line to the daemon's log.
     *
     * @param level how important the line is
     * @param message the text, without a line end
     */
    void log(LogLevel level, String message);

    /**
     * Launches one of the service's commands with the service's settings (user, directory,
     * environment, limits, output as its {@code log-type}; the main command also gets the
     * readiness channel and activation socket). Never throws: a failure to launch is reported
     * through {@link ProcessListener#execFailed}.
     *
     * @param kind which command
     * @param argv the command and its arguments, not empty
     * @param listener told what happens to the process
     * @return the running process, or null if it could not be launched (the listener's
     *     {@code execFailed} has then been called)
     */
    ChildProcess launch(CommandKind kind, List<String> argv, ProcessListener listener);

    /**
     * Reads a bgprocess pid file: its first 20 bytes as an unsigned integer (with {@code 0x} or
     * {@code 0} base prefixes), which must fit the pid range.
     *
     * @param path the file
     * @return the pid; 0 if the file holds no valid pid; or, if the file cannot be read, the
     *     error number negated ({@code -2} for a missing file: see {@link Errno})
     */
    int readPidFile(String path);

    /**
     * Starts watching a process the service did not launch itself (a bgprocess daemon).
     *
     * @param pid the process
     * @param listener told when it exits ({@code exited} only)
     * @return the watched process if it is a child of the daemon (so its exit will be seen);
     *     null if it is not, in which case {@link #processExists} tells whether it lives
     */
    ChildProcess adopt(int pid, ProcessListener listener);

    /**
     * Tells whether a process exists.
     *
     * @param pid the process
     * @return true if it exists
     */
    boolean processExists(int pid);

    /**
     * Sends a signal to a process the daemon does not watch (an unsupervised bgprocess daemon).
     *
     * @param pid the process
     * @param signal the signal
     * @return 0, or the errno of the failure
     */
    int signal(int pid, Signal signal);

    /**
     * Sends a signal to every process the daemon may signal, except itself: what the option
     * {@code kill-all-on-stop} does before a service is brought down (SIGTERM, a pause, SIGKILL).
     * As PID 1 of a PID namespace that is every other process of the namespace
     * ({@code kill(-1, sig)}); otherwise the platform may narrow it to the daemon's own
     * descendants rather than signal every process of the user (or, for root, the machine).
     *
     * @param signal the signal
     * @return 0, or the errno of the failure ({@code ENOSYS}, 38, if the platform cannot)
     */
    default int signalAllProcesses(Signal signal) {
        return 38;
    }

    /**
     * Tells the platform that the service stopped and will not restart, so that it can release
     * what it keeps for the service across restarts (the {@code socket-listen} socket). A later
     * launch sets it up again.
     */
    default void serviceInactive() {
    }

    /** Which of a service's commands to launch. */
    enum CommandKind {
        /** The main {@code command}. */
        START,
        /** The {@code stop-command}: never on the console, output to the log file or discarded. */
        STOP
    }

    /** Importance of a log line, as the daemon's log levels. */
    enum LogLevel {
        /** Detail for debugging. */
        DEBUG,
        /** Normal events. */
        INFO,
        /** Something a user should look at. */
        WARN,
        /** A failure. */
        ERROR
    }

    /** A one-shot timer owned by one service. */
    interface Timer {

        /**
         * Arms the timer, replacing any earlier deadline. Allocates nothing.
         *
         * @param delayNanos how long from now, in nanoseconds, at least 0
         */
        void arm(long delayNanos);

        /** Disarms the timer if armed. Allocates nothing. */
        void cancel();

        /**
         * Tells whether the timer is armed.
         *
         * @return true between {@link #arm} and expiry or {@link #cancel}
         */
        boolean isArmed();
    }
}
