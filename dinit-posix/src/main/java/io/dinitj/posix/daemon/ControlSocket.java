package io.dinitj.posix.daemon;

import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.collections.HotPath;
import io.dinitj.core.control.ControlConnection;
import io.dinitj.core.control.ControlServer;
import io.dinitj.core.load.IoErrorText;
import io.dinitj.posix.log.DaemonLog;
import io.dinitj.posix.loop.EventLoop;
import io.dinitj.posix.sys.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The daemon's control socket (docs/control-protocol.md §2 and §3): a listening Unix-domain
 * socket created with owner-only permissions, refusing to start when another daemon answers on
 * the same path (a stale file is replaced), unlinked on close. Once {@link #serve} is called it
 * is watched by the {@link EventLoop}: connections are accepted non-blocking and close-on-exec;
 * a peer whose uid is neither the daemon's effective uid nor root is closed at once.
 *
 * <p><b>No lock-out.</b> Whatever clients hold, a new one is served:
 * <ul>
 *   <li>A connection that has not sent a complete request, or sits on part of one, and has
 *       sent nothing for {@value #STALL_NANOS} ns is closed (checked every
 *       {@value #SWEEP_NANOS} ns while such a connection exists): a client that connects and never speaks, or stops halfway,
 *       lets go of its slot by itself.</li>
 *   <li>At {@value #MAX_CONNECTIONS} open connections a new client makes room: the daemon
 *       closes the connection that has been quiet longest among those that never finished a
 *       request or hold part of one, else among those that are merely idle (no handle held, no
 *       environment events asked for, nothing to write); only a connection quiet (nothing
 *       received, no output drained) for {@value #IDLE_GRACE_NANOS} ns counts, so a client
 *       between two requests, or one just accepted, is never taken for idle. A listener (the
 *       shell's {@code watch}, a {@code dinitctl start} waiting for its service) is never
 *       idle, and neither is a connection the daemon made ({@link #adopt}).</li>
 *   <li>Only when no connection can be closed does the bound give way, up to
 *       {@value #HARD_MAX_CONNECTIONS}; beyond that a new client is refused.</li>
 * </ul>
 * A connection closed or refused this way is sent a {@code DJ_CLOSING} packet saying why first
 * (Dinit/J's {@code dinitctl} prints it; others skip it). Each kind of event is logged once per
 * run of them. When {@code accept} itself fails (no descriptor or memory left) the failure is
 * logged once, the pending client keeps waiting, and accepting pauses for
 * {@value #ACCEPT_RETRY_NANOS} ns rather than spinning on the still-readable socket; it resumes
 * on its own. Each connection's bytes go to a {@link ControlConnection}; output is written when
 * the fd is writable (a write interest is registered only while output waits), and reading
 * pauses while a connection's output is over its high-water mark.
 *
 * <p><b>Opening again</b> ({@link #open}, as upstream's daemon): while the socket is not open
 * (it could not be bound on a read-only root), a call tries again; while it is open, a call
 * checks that the socket file still exists and, if it is gone (a fresh tmpfs mounted on
 * {@code /run}, or the file removed), closes the listening socket and makes a new one at the
 * path. An open socket whose file is present is left alone. Connections already accepted are
 * not affected either way. Every failure is logged and leaves the daemon running without a
 * listening socket until the next call.
 *
 * <p><b>Passed connections</b> ({@link #adopt}): the daemon's end of a {@code socketpair} made
 * for a {@code pass-cs-fd} service is served like an accepted connection.
 */
final class ControlSocket implements AutoCloseable {

    /** Open control connections before a new client makes the daemon close an idle one. */
    static final int MAX_CONNECTIONS = 128;
    /** Open connections at most, when none of them is idle. */
    static final int HARD_MAX_CONNECTIONS = 1024;
    /** How long a connection may sit without a complete request and without new bytes. */
    static final long STALL_NANOS = 10_000_000_000L;
    /** How often stalled connections are looked for. */
    static final long SWEEP_NANOS = 2_000_000_000L;
    /**
     * How long a connection must have been quiet (nothing received, no output drained) before it
     * may be closed to make room: a client between two requests (dinitctl asks for the version,
     * then sends its command) or one just accepted is not idle, however many others arrive.
     */
    static final long IDLE_GRACE_NANOS = 2_000_000_000L;

    private static final byte[] EVICTED = InfoPackets.Closing.encode("the daemon closed this"
            + " idle control connection: " + MAX_CONNECTIONS + " were open and a new client"
            + " came");
    private static final byte[] REFUSED = InfoPackets.Closing.encode("the daemon refused this"
            + " control connection: " + HARD_MAX_CONNECTIONS + " are open, all in use");
    private static final byte[] STALLED = InfoPackets.Closing.encode("the daemon closed this"
            + " control connection: no complete request for " + STALL_NANOS / 1_000_000_000L
            + " s");
    /** The listen backlog, as upstream. */
    static final int BACKLOG = 10;
    /**
     * How long accepting pauses after {@code accept} failed for another reason than "nothing
     * pending" (no descriptor left, no memory): the connection stays pending, so the socket
     * stays readable, and trying again at once would spin the loop.
     */
    static final long ACCEPT_RETRY_NANOS = 100_000_000L;

    /** What {@link #open} found. */
    enum Opened {
        /** The socket is open (now, or it was already and its file is present). */
        OPEN,
        /** Binding failed with EROFS and that was not to be reported: try again later. */
        READ_ONLY,
        /** Another daemon answers on the path; logged. */
        ALREADY_ACTIVE,
        /** Another failure; logged. */
        FAILED
    }

    private final Path path;
    private final Posix posix;
    private final DaemonLog log;
    private int listenFd = -1;
    private EventLoop loop;
    private ControlServer server;
    private int euid;
    private Client[] clients = new Client[16];
    private int clientCount;
    private boolean overloadLogged;
    private boolean refusalLogged;
    private boolean stallLogged;
    /** Looks for stalled connections while there are any connections; made by serve. */
    private ServiceContext.Timer sweep;
    /** Re-enables accepting after a failed accept; made by {@link #serve}. */
    private ServiceContext.Timer acceptRetry;
    /** The current run of failed accepts is logged (once); reset by the next success. */
    private boolean acceptErrorLogged;

    /**
     * Creates the socket, not yet open.
     *
     * @param path the socket file
     * @param posix the system calls
     * @param log where failures go
     */
    ControlSocket(Path path, Posix posix, DaemonLog log) {
        this.path = path;
        this.posix = posix;
        this.log = log;
    }

    /**
     * Opens the listening socket if it is not open, or makes it again if its file has gone;
     * otherwise does nothing (see the class comment). Failures are logged here: ERROR
     * {@code Control socket is already active (another instance already running?)},
     * {@code Error creating control socket: <error>}, {@code Error binding control socket:
     * <error>} (not logged for EROFS when {@code reportReadOnly} is false), {@code Error setting
     * control socket permissions: <error>}, {@code Error listening on control socket: <error>}.
     *
     * @param reportReadOnly false to pass over a read-only file system silently (a system
     *     instance at start-up, whose root may not be writable yet)
     * @return what happened
     */
    Opened open(boolean reportReadOnly) {
        if (listenFd >= 0) {
            if (!Files.notExists(path)) {
                return Opened.OPEN;
            }
            // The file has gone from under us: close the old socket and make a new one.
            closeListener();
        }
        int fd = posix.streamSocket();
        if (fd < 0) {
            log.log(LogLevel.ERROR, "Error creating control socket: " + Errno.strerror(-fd));
            return Opened.FAILED;
        }
        int probe = posix.probeUnix(path.toString());
        if (probe == 0 || probe == -Errno.EAGAIN) {
            log.log(LogLevel.ERROR,
                    "Control socket is already active (another instance already running?)");
            posix.close(fd);
            return Opened.ALREADY_ACTIVE;
        }
        try {
            Files.deleteIfExists(path); // stale: nobody listens
        } catch (IOException | RuntimeException e) {
            // bind reports what is wrong with the path
        }
        int rc = posix.bindUnix(fd, path.toString());
        if (rc < 0) {
            posix.close(fd);
            if (rc == -Errno.EROFS && !reportReadOnly) {
                return Opened.READ_ONLY;
            }
            log.log(LogLevel.ERROR, "Error binding control socket: " + Errno.strerror(-rc));
            return Opened.FAILED;
        }
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            log.log(LogLevel.ERROR, "Error setting control socket permissions: "
                    + IoErrorText.describe(e));
            posix.close(fd);
            return Opened.FAILED;
        } catch (RuntimeException e) {
            log.log(LogLevel.ERROR, "Error setting control socket permissions: " + e);
            posix.close(fd);
            return Opened.FAILED;
        }
        rc = posix.listen(fd, BACKLOG);
        if (rc < 0) {
            log.log(LogLevel.ERROR, "Error listening on control socket: " + Errno.strerror(-rc));
            posix.close(fd);
            return Opened.FAILED;
        }
        listenFd = fd;
        if (loop != null) {
            watchListener();
        }
        return Opened.OPEN;
    }

    /** True while the listening socket is open. */
    boolean isOpen() {
        return listenFd >= 0;
    }

    Path path() {
        return path;
    }

    /**
     * Starts accepting connections on the loop (once the socket is open).
     *
     * @param loop the daemon's loop
     * @param server the protocol
     */
    void serve(EventLoop loop, ControlServer server) {
        this.loop = loop;
        this.server = server;
        this.euid = posix.geteuid();
        this.acceptRetry = loop.newTimer(this::resumeAccepting);
        this.sweep = loop.newTimer(this::closeStalled);
        if (listenFd >= 0) {
            watchListener();
        }
    }

    private void watchListener() {
        int fd = listenFd;
        loop.watchRead(fd, x -> acceptAll());
    }

    private void closeListener() {
        if (loop != null) {
            loop.unwatch(listenFd);
        }
        posix.close(listenFd);
        listenFd = -1;
    }

    /**
     * Serves an already connected descriptor as a control connection: the daemon's end of a
     * {@code pass-cs-fd} socketpair. It must be non-blocking and close-on-exec. The connection
     * limit does not apply (the daemon made it). On failure the descriptor is closed.
     *
     * @param fd the daemon's end
     * @return true if it is served, false if it could not be (logged; fd closed)
     */
    boolean adopt(int fd) {
        if (server == null) {
            posix.close(fd);
            return false;
        }
        Client c = serveClient(fd);
        if (c == null) {
            return false;
        }
        c.adopted = true;
        return true;
    }

    /** Open connections now. */
    int connectionCount() {
        return clientCount;
    }

    private void acceptAll() {
        for (int i = 0; i < 64; i++) {
            int fd = posix.accept(listenFd);
            if (fd < 0) {
                // EAGAIN: nothing more is pending. EINTR: the socket is still readable, so the
                // next turn of the loop tries again.
                if (fd != -Errno.EAGAIN && fd != -Errno.EINTR) {
                    acceptFailed(fd);
                }
                return;
            }
            acceptErrorLogged = false;
            int uid = posix.peerUid(fd);
            if (uid < 0 || uid != euid && uid != 0) {
                posix.close(fd); // another user: refused without a word
                continue;
            }
            if (clientCount >= MAX_CONNECTIONS && !makeRoom()) {
                if (!refusalLogged) {
                    refusalLogged = true;
                    log.log(LogLevel.WARN, "Too many control connections ("
                            + clientCount + "), none idle; refusing new ones");
                }
                tell(fd, REFUSED);
                posix.close(fd);
                continue;
            }
            if (clientCount < MAX_CONNECTIONS - 1) {
                overloadLogged = false;
                refusalLogged = false;
            }
            serveClient(fd);
        }
    }

    /**
     * At the bound: closes the connection quiet longest among those without a complete
     * request (or with part of one), else among the idle ones (class comment). Past the hard
     * bound closes nothing.
     *
     * @return true if there is room for one more now
     */
    private boolean makeRoom() {
        Client best = null;
        int bestRank = 2;
        long now = loop.nanoTime();
        for (int i = 0; i < clientCount; i++) {
            Client c = clients[i];
            if (now - c.lastActive < IDLE_GRACE_NANOS) {
                continue; // between two requests, or just accepted: not idle yet
            }
            int rank = c.evictionRank();
            if (rank < bestRank || rank == bestRank && rank < 2
                    && c.lastActive - best.lastActive < 0) {
                best = c;
                bestRank = rank;
            }
        }
        if (best == null) {
            return clientCount < HARD_MAX_CONNECTIONS;
        }
        if (!overloadLogged) {
            overloadLogged = true;
            log.log(LogLevel.WARN, "Too many control connections (" + MAX_CONNECTIONS
                    + "); closing the longest idle to make room");
        }
        tell(best.fd, EVICTED);
        best.end();
        return true;
    }

    /** Closes the connections stalled for {@link #STALL_NANOS}; runs every SWEEP_NANOS. */
    private void closeStalled() {
        long now = loop.nanoTime();
        int closed = 0;
        boolean unfinished = false;
        for (int i = clientCount - 1; i >= 0; i--) {
            Client c = clients[i];
            if (c.evictionRank() != 0) {
                continue;
            }
            if (now - c.lastInput >= STALL_NANOS) {
                tell(c.fd, STALLED);
                c.end();
                closed++;
            } else {
                unfinished = true;
            }
        }
        if (closed > 0 && !stallLogged) {
            stallLogged = true;
            log.log(LogLevel.WARN, "Closed " + closed + " control connection"
                    + (closed == 1 ? "" : "s") + " that sent no complete request for "
                    + STALL_NANOS / 1_000_000_000L + " s");
        } else if (closed == 0) {
            stallLogged = false;
        }
        // Only while some connection has no complete request: listeners and idle ones alone
        // do not wake the daemon every SWEEP_NANOS.
        if (unfinished) {
            sweep.arm(SWEEP_NANOS);
        }
    }

    /** Arms the sweep for a connection that may stall (new, or holding part of a request). */
    @HotPath
    private void sweepSoon() {
        if (!sweep.isArmed()) {
            sweep.arm(SWEEP_NANOS);
        }
    }

    /** Writes a short packet to a connection about to be closed; best effort. */
    private void tell(int fd, byte[] packet) {
        posix.write(fd, packet, 0, packet.length);
    }

    /**
     * A failed accept (EMFILE, ENFILE, ENOMEM, ...): logged once per run of failures; the
     * listener is left unwatched for {@link #ACCEPT_RETRY_NANOS}, then accepting resumes.
     */
    private void acceptFailed(int negErrno) {
        if (!acceptErrorLogged) {
            acceptErrorLogged = true;
            log.log(LogLevel.WARN, "Error accepting control connection: "
                    + Errno.strerror(-negErrno));
        }
        if (loop.watchInterest(listenFd, false, false) == 0) {
            acceptRetry.arm(ACCEPT_RETRY_NANOS);
        }
    }

    private void resumeAccepting() {
        if (listenFd >= 0) {
            loop.watchInterest(listenFd, true, false);
        }
    }

    private Client serveClient(int fd) {
        Client c;
        try {
            c = new Client(fd, server.open(), loop.nanoTime());
            loop.watchRead(fd, c);
        } catch (OutOfMemoryError | RuntimeException e) {
            posix.close(fd);
            log.log(LogLevel.ERROR, "Cannot open control connection: " + e);
            return null;
        }
        if (clientCount == clients.length) {
            Client[] n = new Client[clients.length * 2];
            System.arraycopy(clients, 0, n, 0, clientCount);
            clients = n;
        }
        clients[clientCount++] = c;
        sweepSoon();
        return c;
    }

    /** Writes what events queued on every connection since; called after each loop event. */
    @HotPath
    void flushAll() {
        for (int i = clientCount - 1; i >= 0; i--) {
            Client c = clients[i];
            if (c.conn.outputLength() > 0 || c.conn.isFinished()) {
                c.flushAndUpdate();
            }
        }
    }

    private void remove(Client c) {
        for (int i = 0; i < clientCount; i++) {
            if (clients[i] == c) {
                System.arraycopy(clients, i + 1, clients, i, clientCount - i - 1);
                clients[--clientCount] = null;
                return;
            }
        }
    }

    /** One accepted connection. */
    private final class Client implements EventLoop.FdHandler {
        final int fd;
        final ControlConnection conn;
        boolean readInterest = true;
        boolean writeInterest;
        boolean closed;
        /** The daemon's own end of a pass-cs-fd pair: never closed for being quiet. */
        boolean adopted;
        /** When the client last sent bytes (or connected), on the loop's clock. */
        long lastInput;
        /** When the client last sent bytes or was sent the last of its output (or connected). */
        long lastActive;

        Client(int fd, ControlConnection conn, long now) {
            this.fd = fd;
            this.conn = conn;
            this.lastInput = now;
            this.lastActive = now;
        }

        /**
         * 0: no complete request yet, or part of one waiting; 1: idle (nothing held, asked
         * for or waiting to be written); 2: in use, never closed to make room.
         */
        @HotPath
        int evictionRank() {
            if (adopted || closed || conn.isListening() || conn.outputLength() > 0) {
                return 2;
            }
            return conn.requestsHandled() == 0 || conn.receiveLength() > 0 ? 0 : 1;
        }

        @Override
        @HotPath
        public void readable(int ignored) {
            try {
                if (!flush()) {
                    return;
                }
                if (conn.wantsInput()) {
                    byte[] buf = conn.receiveBuffer();
                    int len = conn.receiveLength();
                    int n = posix.read(fd, buf, len, buf.length - len);
                    if (n > 0) {
                        lastInput = loop.nanoTime();
                        lastActive = lastInput;
                        conn.received(n);
                        if (conn.receiveLength() > 0) {
                            sweepSoon(); // part of a request is waiting
                        }
                    } else if (n == 0) {
                        end();
                        return;
                    } else if (n != -Errno.EAGAIN && n != -Errno.EINTR) {
                        if (n != -Errno.ECONNRESET) {
                            readFailed(n);
                        }
                        end();
                        return;
                    }
                }
                flushAndUpdate();
            } catch (Throwable t) {
                end();
                throw t;
            }
        }

        /** Writes what it can; false if the connection was closed. */
        @HotPath
        boolean flush() {
            while (conn.outputLength() > 0) {
                int n = posix.write(fd, conn.outputArray(), conn.outputOffset(),
                        conn.outputLength());
                if (n > 0) {
                    conn.consumed(n);
                    if (conn.outputLength() == 0) {
                        lastActive = loop.nanoTime();
                    }
                } else if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
                    break;
                } else {
                    if (n != -Errno.EPIPE && n != -Errno.ECONNRESET) {
                        writeFailed(n);
                    }
                    end();
                    return false;
                }
            }
            if (conn.isFinished()) {
                end();
                return false;
            }
            return true;
        }

        @HotPath
        void flushAndUpdate() {
            if (!flush()) {
                return;
            }
            boolean r = conn.wantsInput();
            boolean w = conn.outputLength() > 0;
            if (r != readInterest || w != writeInterest) {
                readInterest = r;
                writeInterest = w;
                loop.watchInterest(fd, r, w);
            }
        }

        private void readFailed(int n) {
            log.log(LogLevel.WARN, "Error reading from control connection: "
                    + Errno.strerror(-n));
        }

        private void writeFailed(int n) {
            log.log(LogLevel.WARN, "Error writing to control connection: "
                    + Errno.strerror(-n));
        }

        void end() {
            if (closed) {
                return;
            }
            closed = true;
            loop.unwatch(fd);
            posix.close(fd);
            conn.close();
            remove(this);
        }
    }

    @Override
    public void close() {
        for (int i = clientCount - 1; i >= 0; i--) {
            Client c = clients[i];
            if (loop != null) {
                loop.unwatch(c.fd);
            }
            posix.close(c.fd);
            c.conn.close();
        }
        clientCount = 0;
        if (listenFd < 0) {
            return; // never opened (or lost): the file at the path is not ours
        }
        closeListener();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left behind; the next daemon replaces a stale socket file.
        }
    }
}
