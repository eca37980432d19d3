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
 * @param warning true for a warning, false for an error
 */
public record LoadProblem(String service, String file, int line, String setting, String message,
        boolean warning) {

    /**
     * Formats the problem as dinit-check prints it:
     * {@code Service 'x' (file:line): desc}, {@code Service 'x' setting 's': desc} or
     * {@code Service 'x': desc}.
     *
     * @return the message line, without a line end
     */
    public String forCheck() {
        String desc = warning ? "warning: " + message : message;
        if (file != null && line > 0) {
            return "Service '" + service + "' (" + file + ":" + line + "): " + desc;
        }
        if (setting != null) {
            return "Service '" + service + "' setting '" + setting + "': " + desc;
        }
        return "Service '" + service + "': " + desc;
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
