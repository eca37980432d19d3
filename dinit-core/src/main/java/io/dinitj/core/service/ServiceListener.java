package io.dinitj.core.service;

import io.dinitj.api.service.ServiceEvent;
import java.util.List;

/**
 * Told what happens to services: the control protocol's service events, the daemon's console
 * lines ({@code [  OK  ]}, {@code [FAILED]}, {@code [STOPPD]}) and notices. Called on the
 * event-loop thread, in the middle of engine work: a listener must not call engine commands
 * and must never throw (an exception is caught and dropped).
 */
public interface ServiceListener {

    /**
     * A service event. For {@code FAILEDSTART} the record's stop reason says why (a
     * {@code DEPFAILED} failure is logged at warning level, others as errors); a
     * {@code STOPPED} after a failed start ({@link ServiceRecord#startFailed()}) is not printed.
     *
     * @param service the service
     * @param event what happened
     */
    void serviceEvent(ServiceRecord service, ServiceEvent event);

    /**
     * The restart rate limit stopped a service ("restarting too quickly; stopping").
     *
     * @param service the service
     */
    default void restartingTooQuickly(ServiceRecord service) {
    }

    /**
     * Something went wrong that is not a service state: a plugin threw, a plugin reported out of
     * place, a {@code chain-to} service could not be loaded.
     *
     * @param service the service concerned
     * @param message the text to log
     */
    default void problem(ServiceRecord service, String message) {
    }

    /**
     * One pass of the engine's queues reached its bound of work ({@link ServiceSet#workBound}):
     * a livelock, most likely a plugin reporting its service's state from within its own calls.
     * The pass ended; the queued work stays queued for the next pass, which the next command or
     * event starts.
     *
     * @param steps the steps the pass took
     * @param bound the bound
     * @param involved the services that still had work queued, and the last one worked on;
     *     never empty
     */
    default void workBoundExceeded(int steps, int bound, List<ServiceRecord> involved) {
    }

    /**
     * A service now owns the console (it should get the terminal's foreground).
     *
     * @param service the service
     */
    default void consoleAcquired(ServiceRecord service) {
    }

    /**
     * A service gave the console back.
     *
     * @param service the service
     */
    default void consoleReleased(ServiceRecord service) {
    }
}
