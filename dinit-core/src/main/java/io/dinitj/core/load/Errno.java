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
final class Errno {

    private Errno() {
    }

    static String describe(IOException e) {
        if (e instanceof TextFiles.NotReadable) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Permission denied")) {
                return "Permission denied";
            }
            if (m.contains("Is a directory")) {
                return "Is a directory";
            }
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
        if (e instanceof FileSystemException) {
            String reason = ((FileSystemException) e).getReason();
            if (reason != null && !reason.isEmpty()) {
                return reason;
            }
        }
        String m = e.getMessage();
        if (m != null && m.contains("Is a directory")) {
            return "Is a directory";
        }
        return m == null ? "Input/output error" : m;
    }
}
