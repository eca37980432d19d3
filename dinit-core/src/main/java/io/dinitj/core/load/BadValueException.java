package io.dinitj.core.load;

/**
 * A value in a service file (or an environment file) that cannot be used. The message is the
 * description shown to the user, in upstream Dinit's wording where it has one, without the
 * service, file or line: the loader adds those.
 */
public final class BadValueException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, e.g. {@code bad value for restart-delay}
     */
    public BadValueException(String message) {
        super(message, null, false, false);
    }
}
