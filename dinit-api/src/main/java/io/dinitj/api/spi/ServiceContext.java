package io.dinitj.api.spi;

/**
 * What a behaviour may use of the daemon. The platform implements it; tests fake it with a
 * virtual clock. Process launching and descriptor watching join it with the platform layer.
 */
public interface ServiceContext {

    /**
     * Returns the daemon's monotonic time; virtual in tests.
     *
     * @return nanoseconds from an arbitrary origin, never decreasing
     */
    long nanoTime();

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
