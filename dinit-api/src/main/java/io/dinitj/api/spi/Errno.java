package io.dinitj.api.spi;

/**
 * Linux error numbers and glibc's {@code strerror} texts for them: the one place the project
 * names an {@code errno}. The texts are what upstream Dinit prints, and users and scripts match
 * on them, so the platform, the loader, the service types and the client all take them from here.
 * The numbers are those of Linux on every architecture the JDK runs on (x86, ARM, RISC-V).
 */
public final class Errno {

    /** {@code EPERM} (1): operation not permitted. */
    public static final int EPERM = 1;
    /** {@code ENOENT} (2): no such file or directory. */
    public static final int ENOENT = 2;
    /** {@code ESRCH} (3): no such process. */
    public static final int ESRCH = 3;
    /** {@code EINTR} (4): interrupted system call. */
    public static final int EINTR = 4;
    /** {@code EIO} (5): input/output error. */
    public static final int EIO = 5;
    /** {@code EBADF} (9): bad file descriptor. */
    public static final int EBADF = 9;
    /** {@code ECHILD} (10): no child processes. */
    public static final int ECHILD = 10;
    /** {@code EAGAIN} (11): try again: nothing to read yet, or no room to write. */
    public static final int EAGAIN = 11;
    /** {@code ENOMEM} (12): out of memory. */
    public static final int ENOMEM = 12;
    /** {@code EACCES} (13): permission denied. */
    public static final int EACCES = 13;
    /** {@code EEXIST} (17): file exists. */
    public static final int EEXIST = 17;
    /** {@code ENOTDIR} (20): not a directory. */
    public static final int ENOTDIR = 20;
    /** {@code EINVAL} (22): invalid argument. */
    public static final int EINVAL = 22;
    /** {@code ENFILE} (23): too many open files in the system. */
    public static final int ENFILE = 23;
    /** {@code EMFILE} (24): too many open files in this process. */
    public static final int EMFILE = 24;
    /** {@code ENOTTY} (25): not a terminal (an ioctl for terminals on another file). */
    public static final int ENOTTY = 25;
    /** {@code EROFS} (30): read-only file system. */
    public static final int EROFS = 30;
    /** {@code EPIPE} (32): broken pipe. */
    public static final int EPIPE = 32;
    /** {@code ERANGE} (34): result out of range (a buffer too small). */
    public static final int ERANGE = 34;
    /** {@code ENAMETOOLONG} (36): file name too long. */
    public static final int ENAMETOOLONG = 36;
    /** {@code ECONNRESET} (104): connection reset by peer. */
    public static final int ECONNRESET = 104;

    private Errno() {
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
