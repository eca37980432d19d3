package io.dinitj.api.description;

import java.util.Objects;

/**
 * Where output goes.
 *
 * @param type the log type (default none)
 * @param logfile the file for {@code FILE}, or null (cleared when the type is not {@code FILE})
 * @param permissions mode of the log file (default 0600)
 * @param owner owner of the log file, or null for the daemon's user
 * @param group group id of the log file, or -1 for the owner's primary group or the daemon's
 * @param bufferSize bytes kept for {@code BUFFER} (default 4096)
 */
public record LogSettings(LogType type, String logfile, int permissions, UserSpec owner, int group,
        int bufferSize) {

    /** No logging, and the defaults for the rest. */
    public static final LogSettings DEFAULT = new LogSettings(LogType.NONE, null, 0600, null, -1,
            4096);

    /**
     * Checks the values.
     *
     * @param type the log type (default none)
     * @param logfile the file for {@code FILE}, or null (cleared when the type is not {@code FILE})
     * @param permissions mode of the log file (default 0600)
     * @param owner owner of the log file, or null for the daemon's user
     * @param group group id of the log file, or -1 for the owner's primary group or the daemon's
     * @param bufferSize bytes kept for {@code BUFFER} (default 4096)
     */
    public LogSettings {
        Objects.requireNonNull(type, "type");
    }
}
