package io.dinitj.posix.daemon;

import io.dinitj.api.spi.Errno;
import io.dinitj.posix.sys.Posix;
import java.util.ArrayList;
import java.util.List;

/**
 * The console of a system manager that is PID 1 (docs/cli.md §1.5): standard input, output and
 * error are opened again on {@code /dev/console} (input read-only, the others read-write), as
 * upstream does, whatever the process that started the init left on them; and the console is
 * made the controlling terminal of the daemon's session if it is not already: the daemon leads
 * a session of its own ({@code setsid}) and takes the terminal ({@code TIOCSCTTY}), so that a
 * {@code runs-on-console} service can be given the terminal's foreground and the console's
 * keyboard signals reach what runs there. A console that is no terminal (a file, in tests or
 * a serial line left as a plain device) keeps only the first part.
 *
 * <p>Nothing here is fatal: each step that fails is reported and the daemon runs on with what
 * it has.
 */
final class SystemConsole {

    /** The console's path. */
    static final String CONSOLE = "/dev/console";

    private SystemConsole() {
    }

    /**
     * Opens the console on descriptors 0, 1 and 2 and makes it the session's terminal.
     *
     * @param posix the system calls
     * @param path the console ({@link #CONSOLE})
     * @return what failed, one line each (empty if nothing did)
     */
    static List<String> takeOver(Posix posix, String path) {
        List<String> problems = new ArrayList<>();
        int in = posix.open(path, Posix.O_RDONLY | Posix.O_NOCTTY, 0);
        int rw = posix.open(path, Posix.O_RDWR | Posix.O_NOCTTY, 0);
        if (in < 0 || rw < 0) {
            problems.add("cannot open " + path + ": " + Errno.strerror(-(in < 0 ? in : rw)));
            close(posix, in);
            close(posix, rw);
            return problems;
        }
        int[] to = {0, 1, 2};
        for (int fd : to) {
            int r = posix.dup2(fd == 0 ? in : rw, fd);
            if (r < 0) {
                problems.add("cannot make " + path + " descriptor " + fd + ": "
                        + Errno.strerror(-r));
            }
        }
        close(posix, in);
        close(posix, rw);
        int self = posix.getpid();
        int session = posix.getsid();
        if (posix.tcgetsid(0) == session && session > 0) {
            return problems;
        }
        if (session != self) {
            int r = posix.setsid();
            if (r < 0) {
                problems.add("cannot start a session of its own: " + Errno.strerror(-r));
            }
        }
        int r = posix.takeControllingTerminal(0);
        if (r < 0 && r != -Errno.ENOTTY) {
            problems.add("cannot make " + path + " its controlling terminal: "
                    + Errno.strerror(-r));
        }
        return problems;
    }

    private static void close(Posix posix, int fd) {
        if (fd > 2) {
            posix.close(fd);
        }
    }
}
