package io.dinitj.api.spi;

import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.ServiceState;
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

    /**
     * The start was skipped (a {@code skippable} scripted service whose start command was
     * interrupted): the service counts as started, marked skipped.
     */
    void skipped();

    /**
     * The start failed, but what the behaviour launched is still being brought down (for example
     * a process interrupted after the start timeout): the service is stopping until the behaviour
     * calls {@link #stopped()}.
     *
     * @param reason why: {@code FAILED}, {@code EXECFAILED} or {@code TIMEDOUT}
     */
    void failingToStart(StopReason reason);

    /** The service is down (after {@link ServiceBehaviour#bringDown()}, or an interrupted start). */
    void stopped();

    /**
     * The service's process ended although nobody asked it to stop.
     *
     * @param waitStatus the raw wait status of the process
     */
    void terminatedUnexpectedly(int waitStatus);

    /**
     * The service's process could not be launched while starting: the start fails with
     * {@code EXECFAILED}, and the stage and error are kept for status queries.
     *
     * @param stage the step that failed
     * @param errno the error number
     */
    void execFailed(ExecStage stage, int errno);

    /**
     * Records how the service's main process last ended, for status queries, the
     * {@code on-failure} restart policy and {@code chain-to}. Call it whenever the main process
     * exits, before reporting what that means.
     *
     * @param waitStatus the raw wait status
     */
    void exitStatus(int waitStatus);

    /**
     * Tells whether the current bring-up is an automatic restart (so a process type honours the
     * restart delay).
     *
     * @return true while starting again after an automatic restart
     */
    boolean isAutoRestart();

    /**
     * Asks the restart rate limiter ({@code restart-limit-interval}/{@code -count}) for one
     * restart, as smooth recovery does before relaunching in place. Counts the restart if
     * allowed; if not, logs "restarting too quickly".
     *
     * @return true if the restart may happen
     */
    boolean tryRestart();

    /**
     * The service failed in a way that must not restart it (for example smooth recovery could not
     * relaunch): it stops with target stopped.
     *
     * @param reason the stop reason to record
     */
    void stopUnrecoverably(StopReason reason);

    /**
     * Returns the state of another service, by name, without loading it. Allocates nothing.
     *
     * @param name the other service's full name
     * @return its state, or null if no service of that name is loaded
     */
    default ServiceState peerState(String name) {
        return null;
    }

    /**
     * Starts another service as {@code dinitctl start} does: loads it if it is not loaded,
     * marks it active and starts it. Call it from the behaviour's own events (a timer's expiry),
     * never from {@link ServiceBehaviour#bringUp()} or {@link ServiceBehaviour#bringDown()}.
     * When the service is loaded already, allocates nothing. A failure is logged by the engine,
     * naming both services.
     *
     * @param name the other service's full name
     * @return what happened
     */
    default PeerStart startPeer(String name) {
        return PeerStart.UNSUPPORTED;
    }

    /** What {@link #startPeer} did. */
    enum PeerStart {
        /** The service was stopped and is now starting (or has started at once). */
        STARTED,
        /** The service was already starting or started, or is stopping; it was left alone. */
        ALREADY_ACTIVE,
        /** The service could not be found or loaded (logged). */
        NOT_LOADED,
        /** The daemon is shutting down: nothing is started. */
        SHUTTING_DOWN,
        /**
         * Refused (logged, naming both services): the service is pinned stopped, or the call
         * came from within the engine's own work, such as {@link ServiceBehaviour#bringUp()}.
         */
        REFUSED,
        /** The engine does not offer this (a test's handle). */
        UNSUPPORTED
    }
}
