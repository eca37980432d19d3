package io.dinitj.posix;

import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.collections.HotPath;
import io.dinitj.core.control.ControlConnection;
import io.dinitj.core.control.ControlServer;
import io.dinitj.core.load.Errno;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The daemon's control socket (control-protocol.md sections 2 and 3): a listening Unix-domain
 * socket created with owner-only permissions, refusing to start when another daemon answers on
 * the same path (a stale file is replaced), unlinked on close. Once {@link #serve} is called it
 * is watched by the {@link EventLoop}: connections are accepted non-blocking and close-on-exec;
 * a peer whose uid is neither the daemon's effective uid nor root is closed at once; past
 * {@value #MAX_CONNECTIONS} open connections a new one is accepted and closed (logged once per
 * overload). Each connection's bytes go to a {@link ControlConnection}; output is written when
 * the fd is writable (a write interest is registered only while output waits), and reading
 * pauses while a connection's output is over its high-water mark.
 */
final class ControlSocket implements AutoCloseable {

    /** Open control connections at most; more are accepted and closed at once. */
    static final int MAX_CONNECTIONS = 128;
    /** The listen backlog, as upstream. */
    static final int BACKLOG = 10;

    /** Another daemon answers on the path. */
    static final class AlreadyActive extends IOException {
        private static final long serialVersionUID = 1L;

        AlreadyActive(Path path) {
            super(path.toString());
        }
    }

    private final Path path;
    private final Native posix;
    private final int listenFd;
    private EventLoop loop;
    private ControlServer server;
    private DaemonLog log;
    private int euid;
    private Client[] clients = new Client[16];
    private int clientCount;
    private boolean overloadLogged;

    private ControlSocket(Path path, Native posix, int listenFd) {
        this.path = path;
        this.posix = posix;
        this.listenFd = listenFd;
    }

    static ControlSocket open(Path path) throws IOException {
        Native posix = Native.get();
        if (Files.exists(path)) {
            boolean answered;
            try {
                SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
                answered = true;
            } catch (IOException e) {
                answered = false;
            }
            if (answered) {
                throw new AlreadyActive(path);
            }
            Files.delete(path); // stale: nobody listens
        }
        int fd = posix.listenUnix(path.toString(), BACKLOG);
        if (fd < 0) {
            throw new IOException(Errno.strerror(-fd));
        }
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            posix.close(fd);
            Files.deleteIfExists(path);
            throw e;
        }
        return new ControlSocket(path, posix, fd);
    }

    Path path() {
        return path;
    }

    /**
     * Starts accepting connections on the loop.
     *
     * @param loop the daemon's loop
     * @param server the protocol
     * @param log where connection errors go
     */
    void serve(EventLoop loop, ControlServer server, DaemonLog log) {
        this.loop = loop;
        this.server = server;
        this.log = log;
        this.euid = posix.geteuid();
        loop.watchRead(listenFd, fd -> acceptAll());
    }

    /** Open connections now. */
    int connectionCount() {
        return clientCount;
    }

    private void acceptAll() {
        for (int i = 0; i < 64; i++) {
            int fd = posix.accept(listenFd);
            if (fd < 0) {
                if (fd != -Native.EAGAIN && fd != -Native.EINTR) {
                    log.log(LogLevel.WARN, "Error accepting control connection: "
                            + Errno.strerror(-fd));
                }
                return;
            }
            int uid = posix.peerUid(fd);
            if (uid < 0 || uid != euid && uid != 0) {
                posix.close(fd); // another user: refused without a word
                continue;
            }
            if (clientCount >= MAX_CONNECTIONS) {
                if (!overloadLogged) {
                    overloadLogged = true;
                    log.log(LogLevel.WARN, "Too many control connections (" + MAX_CONNECTIONS
                            + "); refusing new ones");
                }
                posix.close(fd);
                continue;
            }
            overloadLogged = false;
            Client c;
            try {
                c = new Client(fd, server.open());
                loop.watchRead(fd, c);
            } catch (OutOfMemoryError | RuntimeException e) {
                posix.close(fd);
                log.log(LogLevel.ERROR, "Cannot open control connection: " + e);
                continue;
            }
            if (clientCount == clients.length) {
                Client[] n = new Client[clients.length * 2];
                System.arraycopy(clients, 0, n, 0, clientCount);
                clients = n;
            }
            clients[clientCount++] = c;
        }
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

        Client(int fd, ControlConnection conn) {
            this.fd = fd;
            this.conn = conn;
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
                        conn.received(n);
                    } else if (n == 0) {
                        end();
                        return;
                    } else if (n != -Native.EAGAIN && n != -Native.EINTR) {
                        if (n != -Native.ECONNRESET) {
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
                } else if (n == -Native.EAGAIN || n == -Native.EINTR) {
                    break;
                } else {
                    if (n != -Native.EPIPE && n != -Native.ECONNRESET) {
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
        if (loop != null) {
            loop.unwatch(listenFd);
        }
        posix.close(listenFd);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left behind; the next daemon replaces a stale socket file.
        }
    }
}
