package io.dinitj.api.service;

/** The state of a service; the ordinal of each constant is its control-protocol wire value. */
public enum ServiceState {
    /** Not running (wire value 0). */
    STOPPED,
    /** Starting: waiting for dependencies, or its process is starting (1). */
    STARTING,
    /** Started (2). */
    STARTED,
    /** Stopping: waiting for dependents, or its process is stopping (3). */
    STOPPING;

    /**
     * Returns the value sent on the wire.
     *
     * @return the protocol code, 0 to 3
     */
    public int code() {
        return ordinal();
    }
}
