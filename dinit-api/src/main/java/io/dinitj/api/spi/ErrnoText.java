package io.dinitj.api.spi;

/**
 * glibc's {@code strerror} texts, which upstream Dinit prints and users and scripts match on:
 * one table for the platform, the loader and the service types.
 */
public final class ErrnoText {

    private ErrnoText() {
    }

    /**
     * Returns glibc's {@code strerror} text for an error number, as upstream prints it.
     *
     * @param errno the error number
     * @return the text, such as {@code No such file or directory}; {@code Unknown error N}
     *     for numbers outside the table
     */
    public static String of(int errno) {
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
