package io.dinitj.api.service;

/** What the daemon does once every service has stopped for a shutdown (wire values 0 to 6). */
public enum ShutdownType {
    /** No shutdown requested (0). */
    NONE,
    /** Keep running with no services (1). */
    REMAIN,
    /** Halt (2). */
    HALT,
    /** Power off (3). */
    POWEROFF,
    /** Reboot (4). */
    REBOOT,
    /** Restart the service manager without rebooting (5). */
    SOFTREBOOT,
    /** Reboot through kexec (6). */
    KEXEC;

    /**
     * Returns the value sent on the wire.
     *
     * @return the protocol code, 0 to 6
     */
    public int code() {
        return ordinal();
    }
}
