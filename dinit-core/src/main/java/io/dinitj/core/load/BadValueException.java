package io.dinitj.core.load;

/**
 * A value in a service file (or an environment file) that cannot be used. The message is the
 * description shown to the user, in upstream Dinit's wording where it has one, without the
 * service, file or line: the loader adds those.
 */
public final class BadValueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean namesSetting;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, e.g. {@code bad value for restart-delay}
     */
    public BadValueException(String message) {
        this(message, false);
    }

    /**
     * Creates the exception for a message that already names its setting, which the daemon
     * then logs without a {@code setting '...'} part, as upstream does for a bad time.
     *
     * @param message what is wrong, e.g. {@code bad value for stop-timeout}
     * @param namesSetting whether the message names the setting itself
     */
    public BadValueException(String message, boolean namesSetting) {
        super(message, null, false, false);
        this.namesSetting = namesSetting;
    }

    /**
     * Tells whether the message names its setting itself.
     *
     * @return true for upstream's time-value messages
     */
    public boolean namesSetting() {
        return namesSetting;
    }
}
