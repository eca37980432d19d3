package io.dinitj.posix.launch;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.core.load.IoErrorText;
import io.dinitj.posix.log.DaemonLog;
import io.dinitj.posix.sys.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The pre-opened sockets of {@code socket-listen} services (docs/service-semantics.md §13):
 * created, bound, chowned, chmodded and listening (backlog 128) before the service's first
 * process starts; kept open across restarts; closed when the service becomes inactive. The
 * launcher passes the socket at descriptor 3 with {@code LISTEN_FDS=1} and
 * {@code LISTEN_PID=<pid>} (the exec helper sets the pid, which only the child knows).
 *
 * <p>Opening: if the path exists and is not a socket, the start fails; a stale socket file is
 * removed first. The socket is non-blocking and close-on-exec in the daemon (the child gets it
 * through the spawner's descriptor map). A relative path is relative to the daemon's working
 * directory. Every failure is logged with upstream's words ({@code <service>: Error binding
 * activation socket: <strerror>}) and returned as an error number for the
 * "setting up activation socket" stage.
 *
 * <p>Event-loop thread only.
 */
final class ActivationSockets {

    private static final int SUN_PATH_SIZE = 108;
    private static final int BACKLOG = 128;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Posix posix;
    private final DaemonLog log;
    /** Open sockets by service name. */
    private final Map<String, Integer> open = new HashMap<>();

    /**
     * Creates the table.
     *
     * @param posix libc
     * @param log where failures are logged
     */
    ActivationSockets(Posix posix, DaemonLog log) {
        this.posix = posix;
        this.log = log;
    }

    /**
     * Returns the service's socket, opening it if it is not open yet.
     *
     * @param d the service, with a {@code socket-listen} path
     * @return the listening descriptor, or {@code -errno} after logging why
     */
    int openFor(ServiceDescription d) {
        Integer fd = open.get(d.name());
        if (fd != null) {
            return fd;
        }
        int r = create(d.name(), d.socket());
        if (r >= 0) {
            open.put(d.name(), r);
        }
        return r;
    }

    /**
     * Returns the service's socket if it is open.
     *
     * @param name the service
     * @return the descriptor, or -1
     */
    int fd(String name) {
        Integer fd = open.get(name);
        return fd == null ? -1 : fd;
    }

    /**
     * Closes the service's socket, if open (the service became inactive).
     *
     * @param name the service
     */
    void close(String name) {
        Integer fd = open.remove(name);
        if (fd != null) {
            posix.close(fd);
        }
    }

    private int create(String name, SocketSettings s) {
        Path path = Path.of(s.path());
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                int mode = (Integer) Files.getAttribute(path, "unix:mode",
                        LinkOption.NOFOLLOW_LINKS);
                if ((mode & S_IFMT) != S_IFSOCK) {
                    log.log(LogLevel.ERROR, name + ": Activation socket file " + path
                            + " exists (and is not a socket)");
                    return -Errno.EEXIST;
                }
                Files.delete(path);
            }
        } catch (IOException | RuntimeException e) {
            return fail(name, "Error removing stale activation socket file " + path, e);
        }
        if (s.path().getBytes(StandardCharsets.UTF_8).length >= SUN_PATH_SIZE) {
            return fail(name, "Error binding activation socket", -Errno.ENAMETOOLONG);
        }
        int fd = posix.streamSocket();
        if (fd < 0) {
            return fail(name, "Error creating activation socket", fd);
        }
        int bound = posix.bindUnix(fd, s.path());
        if (bound < 0) {
            posix.close(fd);
            return fail(name, "Error binding activation socket", bound);
        }
        try {
            int uid = s.owner() == null ? -1 : s.owner().uid();
            int gid = s.group() >= 0 ? s.group() : s.owner() != null ? s.owner().gid() : -1;
            if (uid >= 0) {
                Files.setAttribute(path, "unix:uid", uid);
            }
            if (gid >= 0) {
                Files.setAttribute(path, "unix:gid", gid);
            }
        } catch (IOException | RuntimeException e) {
            posix.close(fd);
            return fail(name, "Error setting activation socket owner/group", e);
        }
        try {
            Files.setAttribute(path, "unix:mode", s.permissions());
        } catch (IOException | RuntimeException e) {
            posix.close(fd);
            return fail(name, "Error setting activation socket permissions", e);
        }
        int listening = posix.listen(fd, BACKLOG);
        if (listening < 0) {
            int err = listening;
            posix.close(fd);
            return fail(name, "Error listening on activation socket", err);
        }
        return fd;
    }

    private int fail(String name, String what, int negErrno) {
        log.log(LogLevel.ERROR, name + ": " + what + ": " + Errno.strerror(-negErrno));
        return negErrno;
    }

    private int fail(String name, String what, Exception e) {
        String text = e instanceof IOException io ? IoErrorText.describe(io) : e.toString();
        log.log(LogLevel.ERROR, name + ": " + what + ": " + text);
        return -Errno.EIO;
    }
}
