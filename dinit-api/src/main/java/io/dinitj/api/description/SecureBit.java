package io.dinitj.api.description;

/** A word of the {@code securebits} setting. */
public enum SecureBit {
    /** SECBIT_KEEP_CAPS. */
    KEEP_CAPS("keep-caps"),
    /** SECBIT_KEEP_CAPS_LOCKED. */
    KEEP_CAPS_LOCKED("keep-caps-locked"),
    /** SECBIT_NO_SETUID_FIXUP. */
    NO_SETUID_FIXUP("no-setuid-fixup"),
    /** SECBIT_NO_SETUID_FIXUP_LOCKED. */
    NO_SETUID_FIXUP_LOCKED("no-setuid-fixup-locked"),
    /** SECBIT_NOROOT. */
    NOROOT("noroot"),
    /** SECBIT_NOROOT_LOCKED. */
    NOROOT_LOCKED("noroot-locked");

    private final String word;

    SecureBit(String word) {
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
    public static SecureBit fromWord(String word) {
        for (SecureBit v : values()) {
            if (v.word.equals(word)) {
                return v;
            }
        }
        return null;
    }
}
