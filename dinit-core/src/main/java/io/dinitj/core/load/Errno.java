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
public final class Errno {

    /** What the JDK appends to ELOOP when it could not read a link's attributes. */
    private static final String JDK_LOOP_SUFFIX =
            " or unable to access attributes of symbolic link";

    private Errno() {
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

    /**
     * Returns glibc's {@code strerror} text for an error number, as upstream prints it.
     *
     * @param errno the error number
     * @return the text, such as {@code No such file or directory}; {@code Unknown error N}
     *     for numbers outside the table
     */
    public static String strerror(int errno) {
        return switch (errno) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 3 -> "No such process";
            case 4 -> "Interrupted system call";
            case 5 -> "Input/output error";
            case 6 -> "No such device or address";
            case 7 -> "Argument list too long";
            case 8 -> "Exec format error";
            case 9 -> "Bad file descriptor";
            case 10 -> "No child processes";
            case 11 -> "Resource temporarily unavailable";
            case 12 -> "Cannot allocate memory";
            case 13 -> "Permission denied";
            case 14 -> "Bad address";
            case 15 -> "Block device required";
            case 16 -> "Device or resource busy";
            case 17 -> "File exists";
            case 18 -> "Invalid cross-device link";
            case 19 -> "No such device";
            case 20 -> "Not a directory";
            case 21 -> "Is a directory";
            case 22 -> "Invalid argument";
            case 23 -> "Too many open files in system";
            case 24 -> "Too many open files";
            case 25 -> "Inappropriate ioctl for device";
            case 26 -> "Text file busy";
            case 27 -> "File too large";
            case 28 -> "No space left on device";
            case 29 -> "Illegal seek";
            case 30 -> "Read-only file system";
            case 31 -> "Too many links";
            case 32 -> "Broken pipe";
            case 36 -> "File name too long";
            case 40 -> "Too many levels of symbolic links";
            case 98 -> "Address already in use";
            case 111 -> "Connection refused";
            default -> "Unknown error " + errno;
        };
    }
}
