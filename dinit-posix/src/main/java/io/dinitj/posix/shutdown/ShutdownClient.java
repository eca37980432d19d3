package io.dinitj.posix.shutdown;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.protocol.Replies;
import io.dinitj.api.protocol.Requests;
import io.dinitj.api.protocol.Wire;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.spi.Errno;
import io.dinitj.posix.sys.Posix;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The shutdown program's client mode: asks the daemon for a shutdown over its control socket,
 * as upstream's {@code shutdown} does (docs/control-protocol.md §10): {@code QUERYVERSION},
 * then {@code SHUTDOWN <type>} after printing {@code Issuing shutdown command...}, then an ACK.
 *
 * <p>The socket is always the system instance's, {@code /run/dinitctl}, as upstream's (there
 * is no option to name another), unless {@code --use-passed-cfd} names an inherited one in
 * {@code DINIT_CS_FD}. Where upstream then waits forever for the system to go down and kill
 * it, this waits until the daemon closes the connection (it does when it exits, or execs
 * {@code dinit-shutdown --system}) and returns 0, so a daemon that is not the machine's init
 * does not leave it hanging. The error texts are upstream's, on the error stream.
 *
 * <p>Not thread safe: one request per instance. Blocking reads and writes, through the
 * system-call seam (so no JDK channel is needed for an adopted descriptor).
 */
final class ShutdownClient {

    /** The system instance's control socket (upstream's {@code SYSCONTROLSOCKET} on Linux). */
    static final String SYSTEM_SOCKET = "/run/dinitctl";

    /** The oldest protocol version this client speaks (upstream's shutdown: 1). */
    static final int MIN_VERSION = 1;
    /** The newest (upstream's shutdown: 5); a daemon whose oldest is newer is refused. */
    static final int MAX_VERSION = 5;

    /** {@link #passedFd}'s answer when there is no descriptor to use. */
    static final long NOT_PASSED = Long.MIN_VALUE;

    private final Posix posix;
    private final PrintStream out;
    private final PrintStream err;
    private final String socketPath;
    private final byte[] buf = new byte[512];
    private int length;
    private int fd = -1;

    /** A failed read or unexpected reply, with upstream's text for it. */
    private static final class ProtocolError extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolError(String text) {
            super(text, null, false, false);
        }
    }

    /**
     * A client.
     *
     * @param posix the system calls
     * @param out where {@code Issuing shutdown command...} goes
     * @param err where errors go
     * @param socketPath the control socket to connect to ({@link #SYSTEM_SOCKET})
     */
    ShutdownClient(Posix posix, PrintStream out, PrintStream err, String socketPath) {
        this.posix = posix;
        this.out = out;
        this.err = err;
        this.socketPath = socketPath;
    }

    /**
     * Asks for the shutdown and waits until the daemon closes the connection.
     *
     * @param type the action
     * @param usePassedCfd whether to use the descriptor in {@code DINIT_CS_FD}
     * @param env the environment to read {@code DINIT_CS_FD} from
     * @return the exit status: 0 once the daemon accepted and closed the connection, 1 on
     *     any failure (reported)
     */
    int run(ShutdownType type, boolean usePassedCfd, Map<String, String> env) {
        long passed = usePassedCfd ? passedFd(env.get("DINIT_CS_FD")) : NOT_PASSED;
        boolean adopted = passed != NOT_PASSED;
        if (adopted) {
            fd = (int) passed;
        } else {
            fd = posix.connectUnix(socketPath);
            if (fd < 0) {
                err.println("connect: " + Errno.strerror(-fd));
                return 1;
            }
        }
        try {
            return converse(type);
        } catch (ProtocolError e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            if (!adopted) {
                posix.close(fd);
            }
        }
    }

    private int converse(ShutdownType type) throws ProtocolError {
        byte[] req = new byte[Requests.ByteArgument.SIZE];
        Requests.Bare.encode(req, 0, Codes.Cmd.QUERYVERSION);
        send(req, Requests.Bare.SIZE);
        if (reply() != Codes.Reply.CPVERSION) {
            throw new ProtocolError("shutdown: control socket read failure or protocol error");
        }
        fill(Replies.Version.SIZE);
        int min = Replies.Version.min(buf, 0);
        int current = Replies.Version.current(buf, 0);
        consume(Replies.Version.SIZE);
        if (min > MAX_VERSION) {
            throw new ProtocolError("shutdown: too old (server reports newer protocol version)");
        }
        if (current < MIN_VERSION) {
            throw new ProtocolError("shutdown: server too old or protocol error");
        }
        Requests.ByteArgument.encode(req, 0, Codes.Cmd.SHUTDOWN, type.code());
        out.println("Issuing shutdown command...");
        out.flush();
        send(req, Requests.ByteArgument.SIZE);
        if (reply() != Codes.Reply.ACK) {
            throw new ProtocolError("shutdown: control socket protocol error");
        }
        // The daemon stops every service, then exits (or execs the shutdown program): the
        // connection closes then. Whatever it sends until then is not for us.
        while (true) {
            int r = posix.read(fd, buf, 0, buf.length);
            if (r <= 0 && r != -Errno.EINTR) {
                return 0;
            }
        }
    }

    /**
     * Reads until a reply is at the buffer's start, skipping information packets (a daemon
     * may send them at any time), and returns its type byte, left in the buffer.
     */
    private int reply() throws ProtocolError {
        while (true) {
            fill(1);
            int t = Wire.u8(buf, 0);
            if (t < Codes.FIRST_INFO) {
                return t;
            }
            fill(InfoPackets.MIN_SIZE);
            int len = InfoPackets.length(buf, 0);
            if (len < InfoPackets.MIN_SIZE) {
                throw new ProtocolError("shutdown: control socket read failure or protocol error");
            }
            fill(len);
            if (t == Codes.Info.DJ_CLOSING) {
                // The daemon closes the connection next, and says why (Dinit/J's daemon).
                byte[] packet = Arrays.copyOf(buf, len);
                throw new ProtocolError("shutdown: " + InfoPackets.Closing.text(packet));
            }
            consume(len);
        }
    }

    /** Reads until the buffer holds at least {@code n} bytes. */
    private void fill(int n) throws ProtocolError {
        while (length < n) {
            int r = posix.read(fd, buf, length, buf.length - length);
            if (r == -Errno.EINTR) {
                continue;
            }
            if (r <= 0) {
                throw new ProtocolError("shutdown: control socket read failure or protocol error");
            }
            length += r;
        }
    }

    /** Drops the first {@code n} bytes of the buffer. */
    private void consume(int n) {
        System.arraycopy(buf, n, buf, 0, length - n);
        length -= n;
    }

    private void send(byte[] b, int n) throws ProtocolError {
        int done = 0;
        while (done < n) {
            int r = posix.write(fd, b, done, n - done);
            if (r == -Errno.EINTR) {
                continue;
            }
            if (r < 0) {
                throw new ProtocolError("shutdown: control socket write error: "
                        + Errno.strerror(-r));
            }
            done += r;
        }
    }

    /**
     * The descriptor {@code DINIT_CS_FD} names, made blocking, as upstream reads it: a decimal
     * number at the start of the value ({@code strtol}: leading blanks and a sign allowed,
     * anything after the digits ignored). A number that is no open descriptor is used all the
     * same: the first write reports {@code Bad file descriptor}.
     *
     * @param value the variable's value, or null
     * @return the descriptor, or {@link #NOT_PASSED} if the variable is absent or starts with
     *     no number (then the client connects as usual)
     */
    long passedFd(String value) {
        if (value == null) {
            return NOT_PASSED;
        }
        int i = 0;
        while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < value.length() && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
            negative = value.charAt(i) == '-';
            i++;
        }
        int start = i;
        long n = 0;
        while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            n = Math.min(n * 10 + (value.charAt(i) - '0'), Integer.MAX_VALUE);
            i++;
        }
        if (i == start) {
            return NOT_PASSED;
        }
        int fd = (int) (negative ? -n : n);
        posix.setNonBlocking(fd, false);
        return fd;
    }
}
