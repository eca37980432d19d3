package io.dinitj.api.description;

/** Where a service process's standard output and error go ({@code log-type}). */
public enum LogType {
    /** Nowhere: /dev/null. */
    NONE("none"),
    /** Appended to the {@code logfile}. */
    FILE("file"),
    /** Kept in a memory buffer, shown by {@code dinitctl catlog}. */
    BUFFER("buffer"),
    /** Into a pipe read by the service that is {@code consumer-of} this one. */
    PIPE("pipe");

    private final String word;

    LogType(String word) {
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
    public static LogType fromWord(String word) {
        for (LogType v : values()) {
            if (v.word.equals(word)) {
                return v;
            }
        }
        return null;
    }
}
