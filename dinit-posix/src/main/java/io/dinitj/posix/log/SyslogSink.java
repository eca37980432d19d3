package io.dinitj.posix.log;

import io.dinitj.api.spi.Errno;
import io.dinitj.posix.sys.Posix;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The main log's syslog form (docs/cli.md §1.7): each message one datagram on the Unix-domain
 * datagram socket {@code /dev/log}, written as {@code <PRI>dinit: text\n} by {@link DaemonLog},
 * PRI being LOG_DAEMON (24) plus the severity, as upstream sends it.
 *
 * <p>Messages are kept (up to {@value #PENDING_BYTES} bytes, as upstream's main-log buffer;
 * beyond that they are dropped and the drop is reported) until {@link #connect} succeeds,
 * which the daemon calls when a {@code starts-log} service has started. A connection that
 * fails (no syslog daemon listening yet) is not reported, as upstream: a later
 * {@code starts-log} service tries again. A write that fails with anything but EAGAIN (the
 * syslog daemon went away) closes the socket and keeps the message for the next connection.
 * Nothing here blocks: the socket is non-blocking, and a message the socket cannot take now
 * stays pending until {@link #flush} is called again.
 *
 * <p>Thread-safe: the log's writer thread sends, the loop thread connects.
 */
final class SyslogSink {

    /** The syslog socket. */
    static final String DEV_LOG = "/dev/log";
    /** What is kept while not connected, at most (upstream's main-log buffer size). */
    static final int PENDING_BYTES = 4096;

    private final Posix posix;
    private final String path;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int pendingBytes;
    private int fd = -1;
    private boolean dropped;

    SyslogSink(Posix posix, String path) {
        this.posix = posix;
        this.path = path;
    }

    /**
     * Connects to the syslog socket if not connected, and sends what is pending.
     *
     * @return 0 if connected (now or before), or the {@code -errno} of the failure
     */
    synchronized int connect() {
        if (fd < 0) {
            int r = posix.connectUnixDatagram(path);
            if (r < 0) {
                return r;
            }
            fd = r;
        }
        flush();
        return 0;
    }

    /** True while connected. */
    synchronized boolean isConnected() {
        return fd >= 0;
    }

    /** True if messages wait (to be sent when the socket can take them). */
    synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Sends one message (one datagram) after what is pending, or keeps it.
     *
     * @param text the whole message, line end included
     */
    synchronized void send(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (pendingBytes + b.length > PENDING_BYTES && !pending.isEmpty()) {
            flush();
        }
        if (pendingBytes + b.length > PENDING_BYTES) {
            dropped = true;
            return;
        }
        pending.addLast(b);
        pendingBytes += b.length;
        flush();
    }

    /**
     * Sends what is pending, in order, while the socket takes it. Tells once, after a drop,
     * that messages were discarded (without a priority prefix, as upstream).
     */
    synchronized void flush() {
        if (fd < 0) {
            return;
        }
        if (dropped) {
            byte[] d = DaemonLog.DISCARDED_LINE.getBytes(StandardCharsets.UTF_8);
            if (!write(d)) {
                return;
            }
            dropped = false;
        }
        while (!pending.isEmpty()) {
            byte[] b = pending.peekFirst();
            if (!write(b)) {
                return;
            }
            pending.pollFirst();
            pendingBytes -= b.length;
        }
    }

    /** One datagram; false if it was not sent (kept; the socket closed unless EAGAIN). */
    private boolean write(byte[] b) {
        int n = posix.write(fd, b, 0, b.length);
        if (n >= 0) {
            return true;
        }
        if (n != -Errno.EAGAIN && n != -Errno.EINTR) {
            posix.close(fd);
            fd = -1;
        }
        return false;
    }

    /** Closes the socket; what is pending is lost. */
    synchronized void close() {
        if (fd >= 0) {
            posix.close(fd);
            fd = -1;
        }
    }
}
