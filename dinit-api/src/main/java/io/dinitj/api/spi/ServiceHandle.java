package io.dinitj.api.spi;

import io.dinitj.api.service.StopReason;

/**
 * How a behaviour reports what happened to its service. Each call is valid only in the state
 * the engine's documentation gives for it; a call out of place is ignored and logged, never
 * fatal.
 */
public interface ServiceHandle {

    /**
     * Returns the service's full name, for log messages.
     *
     * @return the name
     */
    String name();

    /** The service is up (after {@link ServiceBehaviour#bringUp()}). */
    void started();

    /**
     * The service could not start (after {@link ServiceBehaviour#bringUp()} returned true).
     *
     * @param reason why: {@code FAILED}, {@code EXECFAILED} or {@code TIMEDOUT}
     */
    void failedToStart(StopReason reason);

    /** The service is down (after {@link ServiceBehaviour#bringDown()}, or an interrupted start). */
    void stopped();

    /**
     * The service's process ended although nobody asked it to stop.
     *
     * @param waitStatus the raw wait status of the process
     */
    void terminatedUnexpectedly(int waitStatus);
}
