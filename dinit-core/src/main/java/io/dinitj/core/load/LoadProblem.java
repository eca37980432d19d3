package io.dinitj.core.load;

/**
 * One problem found while loading a service: an error (the service does not load) or a warning
 * (it loads; dinit-check reports it). Located by file and line, by setting, or only by service.
 *
 * @param service the full name of the service
 * @param file the file as opened (e.g. {@code sd/boot}), or null when no line is known
 * @param line the line number from 1, or 0 when none is known
 * @param setting the setting concerned, or null
 * @param message the description, in upstream's wording where it has one
 * @param severity whether the load fails, and how dinit-check prints it
 * @param detached true for the problems dinit-check prints as {@code Service 'x', message}
 *     (reading the file, reading a dependency directory)
 * @param daemonLog for a problem the service loads despite: the line the daemon logs for it
 *     at warn level, in upstream's wording (e.g. {@code Could not open dependency directory
 *     './d' for x service.}); null when the daemon says nothing about it, as for every lint
 *     warning (upstream's daemon does not lint). Ignored for errors: {@link LoadLog} words them.
 */
public record LoadProblem(String service, String file, int line, String setting, String message,
        Severity severity, boolean detached, String daemonLog) {

    /** How serious a problem is. */
    public enum Severity {
        /** The service does not load. */
        ERROR,
        /**
         * The service does not load, and upstream stops reading it here (its loader throws):
         * dinit-check prints {@code Unable to load service 'x': desc}, does not check the service
         * further and does not follow what it names.
         */
        FATAL,
        /**
         * Not a problem but a mark, only in {@link DescriptionLoader#parseOne}: the service first
         * used variable substitution here, where dinit-check prints its one warning about it.
         */
        SUBSTITUTED,
        /** A lint warning: the service loads; dinit-check prints it after {@code warning: }. */
        LINT,
        /** The service loads; dinit-check prints it as it is (and counts it). */
        NOTICE
    }

    /**
     * Creates a problem the daemon does not log by itself (see {@link #daemonLog()}).
     *
     * @param service the full name of the service
     * @param file the file as opened, or null
     * @param line the line number from 1, or 0
     * @param setting the setting concerned, or null
     * @param message the description
     * @param severity whether the load fails, and how dinit-check prints it
     * @param detached true for the problems dinit-check prints as {@code Service 'x', message}
     */
    public LoadProblem(String service, String file, int line, String setting, String message,
            Severity severity, boolean detached) {
        this(service, file, line, setting, message, severity, detached, null);
    }

    /**
     * Creates an error ({@code warning} false) or a lint warning ({@code warning} true) in the
     * usual forms.
     *
     * @param service the full name of the service
     * @param file the file as opened, or null
     * @param line the line number from 1, or 0
     * @param setting the setting concerned, or null
     * @param message the description
     * @param warning true for a lint warning
     */
    public LoadProblem(String service, String file, int line, String setting, String message,
            boolean warning) {
        this(service, file, line, setting, message, warning ? Severity.LINT : Severity.ERROR,
                false, null);
    }

    /**
     * Tells whether the service still loads despite this problem.
     *
     * @return true for {@code LINT}, {@code NOTICE} and {@code SUBSTITUTED}
     */
    public boolean warning() {
        return severity != Severity.ERROR && severity != Severity.FATAL;
    }

    /**
     * Formats the problem as dinit-check prints it:
     * {@code Service 'x' (file:line): desc}, {@code Service 'x' setting 's': desc} or
     * {@code Service 'x': desc}.
     *
     * @return the message line, without a line end
     */
    public String forCheck() {
        String desc = severity == Severity.LINT ? "warning: " + message : message;
        if (severity == Severity.FATAL) {
            return "Unable to load service '" + service + "': " + message;
        }
        if (detached) {
            return "Service '" + service + "', " + message;
        }
        if (file != null && line > 0) {
            return "Service '" + service + "' (" + file + ":" + line + "): " + desc;
        }
        if (setting != null) {
            return "Service '" + service + "' setting '" + setting + "': " + desc;
        }
        return "Service '" + service + "': " + desc;
    }

    /**
     * Tells whether this is an error located by line or by setting: one the daemon logs as
     * {@code Error in service description for ...} ({@link #forDaemon()}). Upstream words an
     * error it cannot place (such as {@code 'command' setting not specified.}) as a plain load
     * error instead.
     *
     * @return true for an error with a file and line or a setting
     */
    public boolean located() {
        return !detached && ((file != null && line > 0) || setting != null);
    }

    /**
     * Formats the problem as the daemon logs a description error:
     * {@code Error in service description for 'x' (file f, line n): desc} and its variants.
     *
     * @return the message line, without a line end
     */
    public String forDaemon() {
        String head = "Error in service description for '" + service + "'";
        if (file != null && line > 0) {
            if (setting != null) {
                return head + ": setting '" + setting + "' (file " + file + ", line " + line
                        + "): " + message;
            }
            return head + " (file " + file + ", line " + line + "): " + message;
        }
        if (setting != null) {
            return head + " setting '" + setting + "': " + message;
        }
        return head + ": " + message;
    }
}
