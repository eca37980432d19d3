package io.dinitj.core.load;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns a Java I/O failure into the glibc {@code strerror} text that upstream Dinit prints, since
 * users and scripts match on those words, not on Java's exception messages.
 */
public final class IoErrorText {

    /** What the JDK appends to ELOOP when it could not read a link's attributes. */
    private static final String JDK_LOOP_SUFFIX =
            " or unable to access attributes of symbolic link";

    private IoErrorText() {
    }

    /**
     * Gives the glibc text for a failure.
     *
     * @param e the failure of a file operation
     * @return the text, such as {@code No such file or directory}
     */
    public static String describe(IOException e) {
        if (e instanceof TextFiles.NotReadable) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemLoopException) {
            return "Too many levels of symbolic links";
        }
        String text = e instanceof FileSystemException
                ? ((FileSystemException) e).getReason() : e.getMessage();
        if (e instanceof FileNotFoundException && text != null) {
            // FileInputStream says "path (reason)".
            int open = text.lastIndexOf(" (");
            if (open >= 0 && text.endsWith(")")) {
                text = text.substring(open + 2, text.length() - 1);
            }
        }
        if (text == null || text.isEmpty()) {
            return "Input/output error";
        }
        if (text.endsWith(JDK_LOOP_SUFFIX)) {
            return text.substring(0, text.length() - JDK_LOOP_SUFFIX.length());
        }
        return text;
    }

}
