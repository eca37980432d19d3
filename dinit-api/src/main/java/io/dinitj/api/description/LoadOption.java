package io.dinitj.api.description;

/** A word of the {@code load-options} setting. */
public enum LoadOption {
    /** Add USER, LOGNAME, HOME, SHELL, UID, GID of the run-as user to the environment. */
    EXPORT_PASSWD_VARS("export-passwd-vars"),
    /** Add DINIT_SERVICE, the base name, to the environment. */
    EXPORT_SERVICE_NAME("export-service-name"),
    /** Accepted for compatibility; no effect. */
    SUB_VARS("sub-vars");

    private final String word;

    LoadOption(String word) {
        this.word = word;
    }

    /**
     * Returns the word as written in a service file.
     *
     * @return the word
     */
    public String word() {
        return word;
    }

    /**
     * Finds the constant written as {@code word}.
     *
     * @param word the word from a service file
     * @return the constant, or null if no constant has that word
     */
    public static LoadOption fromWord(String word) {
        for (LoadOption v : values()) {
            if (v.word.equals(word)) {
                return v;
            }
        }
        return null;
    }
}
