package io.dinitj.api.spi;

/**
 * What a service does when the engine brings it up or down: the type-specific part of a
 * service. The engine decides when; the behaviour decides how, and reports the outcome through
 * its {@link ServiceHandle}, at once or later (for example when a process reports readiness).
 *
 * <p><b>Must never throw.</b> A behaviour reports failure through its handle or return value;
 * an exception escaping to the engine is caught, logged and treated as a failure to start (or
 * as stopped), but it is a bug in the plugin.
 *
 * <p>All methods are called on the event-loop thread and must not block.
 */
public interface ServiceBehaviour {

    /**
     * Brings the service up; all its dependencies are satisfied. The behaviour later calls
     * {@link ServiceHandle#started()} or {@link ServiceHandle#failedToStart}, possibly from
     * within this call.
     *
     * @return false if starting failed at once, in which case the handle must not be called
     */
    boolean bringUp();

    /**
     * Brings the service down; its dependents have stopped. The behaviour calls
     * {@link ServiceHandle#stopped()} when it is down, possibly from within this call.
     */
    void bringDown();

    /**
     * Tells whether a start in progress may be interrupted now (for example, a process that is
     * waiting for readiness with {@code start-interruptible}). If not, the engine lets the start
     * finish and then stops the service.
     *
     * @return true if {@link #interruptStart()} may be called
     */
    default boolean canInterruptStart() {
        return true;
    }

    /**
     * Interrupts a start in progress.
     *
     * @return true if the service is stopped at once; false if it will call
     *     {@link ServiceHandle#stopped()} later (for example once an interrupted process exits)
     */
    default boolean interruptStart() {
        return true;
    }

    /**
     * Tells the behaviour that the service stopped and will not restart, so that it can release
     * what it keeps across restarts (such as a pre-opened socket).
     */
    default void becomingInactive() {
    }

    /**
     * Returns the pid of the service's main process, for status queries and signals.
     *
     * @return the pid, or -1 if there is no process
     */
    default int pid() {
        return -1;
    }

    /**
     * Adds what the type knows beyond the engine's state to a status query ({@code dinitctl
     * status} and its {@code --json}; not yet the shell's {@code watch}): for example a
     * timer's next due time. Called on the event-loop thread, only for queries; it may allocate.
     *
     * @param detail where to add lines
     */
    default void describe(StatusDetail detail) {
    }

    /** Where {@link #describe} adds its lines. */
    @FunctionalInterface
    interface StatusDetail {

        /**
         * Adds one line.
         *
         * @param key a short label, capitalised as {@code dinitctl status} prints it, such as
         *     {@code "Next run"}; {@code --json} turns it into a lower-case, hyphenated key
         * @param value the value as text, such as {@code "in 0.8 s"}
         */
        void add(String key, String value);
    }
}
