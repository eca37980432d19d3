package io.dinitj.api.service;

/** What happened to a service, as reported to listeners; the ordinal is the wire value. */
public enum ServiceEvent {
    /** The service started (0). */
    STARTED,
    /** The service stopped (1). */
    STOPPED,
    /** The service failed to start (2). */
    FAILEDSTART,
    /** A start was cancelled (3). */
    STARTCANCELLED,
    /** A stop was cancelled (4). */
    STOPCANCELLED;

    /**
     * Returns the value sent on the wire.
     *
     * @return the protocol code, 0 to 4
     */
    public int code() {
        return ordinal();
    }
}
