package io.dinitj.shell.ctl;

/**
 * A failure that ends a dinitctl command: its message is the complete stderr line (with the
 * {@code dinitctl: } prefix), and the exit status is 1.
 */
final class CtlException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The message when the daemon closes or a read fails while a reply is awaited. */
    static final String READ_FAILURE = "dinitctl: control socket read failure or protocol error";

    /** The message for malformed or unexpected data. */
    static final String PROTOCOL = "dinitctl: protocol error";

    CtlException(String message) {
        super(message, null, false, false);
    }

    static CtlException protocol() {
        return new CtlException(PROTOCOL);
    }

    static CtlException readFailure() {
        return new CtlException(READ_FAILURE);
    }
}
