package io.dinitj.api.service;

/** Why a service last stopped; the ordinal is the control-protocol wire value. */
public enum StopReason {
    /** Stopped normally, on request (0). */
    NORMAL,
    /** A hard dependency restarted (1). */
    DEPRESTART,
    /** A dependency failed to start (2). */
    DEPFAILED,
    /** The process ended before it was ready (3). */
    FAILED,
    /** The process could not be launched (4). */
    EXECFAILED,
    /** Starting took longer than the start timeout (5). */
    TIMEDOUT,
    /** The process terminated after it had started (6). */
    TERMINATED;

    /**
     * Returns the value sent on the wire.
     *
     * @return the protocol code, 0 to 6
     */
    public int code() {
        return ordinal();
    }
}
