package io.dinitj.shell.ctl;

import io.dinitj.core.load.IoErrorText;
import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.ServiceStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * dinitctl's end of a control connection (control-protocol.md section 10): requests are built
 * little-endian and written whole; replies are read through a read-ahead buffer, consuming
 * exactly the bytes the layouts define. While a reply is awaited, information packets are
 * skipped, and service events for one handle of interest are recorded in {@link #seen}.
 *
 * <p>Uses only the JDK's Unix-domain {@link SocketChannel}, so no native library is loaded;
 * the one exception is a connection adopted for {@code --use-passed-cfd} ({@link #adopt}).
 * Not thread safe.
 */
final class Connection implements AutoCloseable {

    /** Linux {@code CLD_EXITED}. */
    static final int CLD_EXITED = 1;
    /** Linux {@code CLD_KILLED}. */
    static final int CLD_KILLED = 2;

    private final ByteChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private int daemonVersion;

    /** The handle whose events are recorded while replies are awaited, or -1. */
    private int watched = -1;
    /** Events recorded for {@link #watched}. */
    final Seen seen = new Seen();

    /** Service events seen for the watched handle while a reply was awaited. */
    static final class Seen {
        boolean started;
        boolean stopped;
        boolean failedStart;
        int stopReason;
        int execStage;
        int exitStatus;
        int siCode;
        int siStatus;

        void clear() {
            started = false;
            stopped = false;
            failedStart = false;
            stopReason = 0;
            execStage = 0;
            exitStatus = 0;
            siCode = 0;
            siStatus = 0;
        }
    }

    private Connection(ByteChannel channel) {
        this.channel = channel;
        in.flip();
    }

    /**
     * Connects to a daemon's socket.
     *
     * @throws CtlException with the upstream message if the socket cannot be reached
     */
    static Connection open(String path, boolean hintUserInstance) throws CtlException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new CtlException("dinitctl: opening socket: " + describe(e));
        }
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            String reason = e instanceof IOException ? describe((IOException) e)
                    : "Invalid argument";
            String msg = "dinitctl: connecting to socket: " + path + ": " + reason;
            if (hintUserInstance && reason.equals("No such file or directory")) {
                msg += "\ndinitctl: perhaps no user instance is running?";
            }
            throw new CtlException(msg);
        }
        return new Connection(ch);
    }

    /**
     * Uses a connection this process inherited ({@code --use-passed-cfd}): the descriptor
     * number from {@code DINIT_CS_FD}, read and written through libc, the only case in which
     * dinitctl loads native code.
     *
     * @param fd the descriptor
     * @return the connection
     */
    static Connection adopt(int fd) {
        return new Connection(io.dinitj.shell.ctl.passedfd.PassedFd.adopt(fd));
    }

    private static void closeQuietly(ByteChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing to report.
        }
    }

    /** The glibc text for a socket failure. */
    static String describe(IOException e) {
        if (e instanceof ConnectException) {
            String m = e.getMessage();
            return m == null || m.isEmpty() ? "Connection refused" : m;
        }
        if ("Connection reset".equals(e.getMessage())) {
            return "Connection reset by peer";
        }
        return IoErrorText.describe(e);
    }

    /**
     * Sends QUERYVERSION and checks the daemon's answer.
     *
     * @return the daemon's current protocol version
     */
    int queryVersion() throws CtlException {
        send(new byte[] {(byte) Codes.Cmd.QUERYVERSION});
        int reply = waitForReply();
        if (reply != Codes.Reply.CPVERSION) {
            throw CtlException.readFailure();
        }
        int min = u16();
        int cur = u16();
        if (min > Codes.VERSION) {
            throw new CtlException("dinitctl: too old (daemon reports newer protocol version)");
        }
        daemonVersion = cur;
        return cur;
    }

    /** The daemon's current protocol version, from {@link #queryVersion}. */
    int daemonVersion() {
        return daemonVersion;
    }

    /** Records events for this handle from now on (and forgets earlier ones). */
    void watch(int handle) {
        watched = handle;
        seen.clear();
    }

    /** Writes one request (whole, even with another thread writing too). */
    synchronized void send(byte[] packet) throws CtlException {
        ByteBuffer b = ByteBuffer.wrap(packet);
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new CtlException("dinitctl: control socket write error: " + describe(e));
        }
    }

    /** A request builder in the wire's byte order. */
    static ByteBuffer packet(int size, int type) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) type);
        return b;
    }

    /** {@code type, u8 flags, u32 handle}. */
    void sendFlagsHandle(int type, int flags, int handle) throws CtlException {
        send(packet(6, type).put((byte) flags).putInt(handle).array());
    }

    /** {@code type, u32 handle}. */
    void sendHandle(int type, int handle) throws CtlException {
        send(packet(5, type).putInt(handle).array());
    }

    /** {@code type, u16 len, bytes}. */
    void sendString(int type, byte[] bytes) throws CtlException {
        send(packet(3 + bytes.length, type).putShort((short) bytes.length).put(bytes).array());
    }

    /**
     * Reads the type byte of the next reply, skipping (and recording) information packets.
     *
     * @throws CtlException {@link CtlException#READ_FAILURE} on EOF or a read error
     */
    int waitForReply() throws CtlException {
        while (true) {
            int type;
            try {
                fill(1);
                type = in.get(in.position()) & 0xff;
            } catch (Eof e) {
                throw CtlException.readFailure();
            }
            if (type < Codes.FIRST_INFO) {
                in.get();
                return type;
            }
            readInfo(true);
        }
    }

    /**
     * Reads one information packet whose type byte is next; for an event of the watched
     * handle records it.
     *
     * @return the event code if it is a service event for the watched handle, else -1
     */
    private int readInfo(boolean record) throws CtlException {
        byte[] p = infoPacket();
        int type = p[0] & 0xff;
        if (type != Codes.Info.SERVICEEVENT && type != Codes.Info.SERVICEEVENT5) {
            return -1;
        }
        if (p.length < 7) {
            throw CtlException.protocol();
        }
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        int handle = b.getInt(2);
        int event = p[6];
        if (handle != watched) {
            return -1;
        }
        lastEvent = p;
        if (record) {
            if (event == 1) {
                seen.stopped = true;
            } else if (event == 0) {
                seen.started = true;
            } else if (event == 2) {
                if (type == Codes.Info.SERVICEEVENT5 && p.length < 21) {
                    throw CtlException.protocol();
                }
                if (p.length >= 17) {
                    seen.failedStart = true;
                    seen.stopReason = p[7 + 3];
                    seen.execStage = b.getShort(7 + 4) & 0xffff;
                    seen.exitStatus = b.getInt(7 + 6);
                    if (type == Codes.Info.SERVICEEVENT5) {
                        seen.siCode = b.getInt(7 + 6);
                        seen.siStatus = b.getInt(7 + 10);
                    }
                }
            }
        }
        return event;
    }

    /** Reads the information packet whose type byte is next, whole. */
    private byte[] infoPacket() throws CtlException {
        try {
            fill(2);
            int len = in.get(in.position() + 1) & 0xff;
            if (len < 2) {
                throw CtlException.protocol();
            }
            return bytes(len);
        } catch (Eof e) {
            throw CtlException.readFailure();
        }
    }

    /**
     * A service event of any handle, read by {@link #nextEvent}.
     *
     * @param handle the handle it is about
     * @param code the event code (0 STARTED, 1 STOPPED, 2 FAILEDSTART, 3 STARTCANCELLED,
     *     4 STOPCANCELLED)
     * @param status the status carried, or null if the packet is too short for one
     */
    record Event(int handle, int code, ServiceStatus status) {
    }

    /**
     * Blocks until the next service event arrives (for any handle of this connection),
     * skipping other information packets. Only for a connection with no request awaiting a
     * reply: a reply here is a protocol error.
     *
     * @return the event
     * @throws CtlException {@link CtlException#READ_FAILURE} when the daemon closes
     */
    Event nextEvent() throws CtlException {
        while (true) {
            try {
                fill(1);
            } catch (Eof e) {
                throw CtlException.readFailure();
            }
            if ((in.get(in.position()) & 0xff) < Codes.FIRST_INFO) {
                throw CtlException.protocol();
            }
            byte[] p = infoPacket();
            int type = p[0] & 0xff;
            if ((type != Codes.Info.SERVICEEVENT && type != Codes.Info.SERVICEEVENT5)
                    || p.length < 7) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
            ServiceStatus st = null;
            b.position(7);
            if (type == Codes.Info.SERVICEEVENT5 && p.length >= 7 + ServiceStatus.V5_SIZE) {
                st = ServiceStatus.decode(b, ServiceStatus.V5_SIZE);
            } else if (type == Codes.Info.SERVICEEVENT
                    && p.length >= 7 + ServiceStatus.LEGACY_SIZE) {
                st = ServiceStatus.decode(b, ServiceStatus.LEGACY_SIZE);
            }
            return new Event(b.getInt(2), p[6], st);
        }
    }

    /**
     * Blocks until a packet arrives and returns its type byte without consuming it.
     *
     * @return the type
     * @throws CtlException {@link CtlException#READ_FAILURE} when the daemon closes
     */
    int nextType() throws CtlException {
        try {
            fill(1);
        } catch (Eof e) {
            throw CtlException.readFailure();
        }
        return in.get(in.position()) & 0xff;
    }

    /**
     * Tells whether received bytes wait to be read, so a reader of {@link #nextEvent} can
     * tell a burst of events from the last of them.
     *
     * @return true if bytes are buffered
     */
    boolean hasBuffered() {
        return in.hasRemaining();
    }

    /** The last event packet of the watched handle read. */
    private byte[] lastEvent;

    /**
     * The status carried by the last watched event, if it is a v5 or legacy event.
     *
     * @return the status, or null if the packet is too short
     */
    ServiceStatus lastEventStatus() {
        byte[] p = lastEvent;
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        b.position(7);
        if ((p[0] & 0xff) == Codes.Info.SERVICEEVENT5 && p.length >= 21) {
            return ServiceStatus.decode(b, ServiceStatus.V5_SIZE);
        }
        if (p.length >= 17) {
            return ServiceStatus.decode(b, ServiceStatus.LEGACY_SIZE);
        }
        return null;
    }

    /** True if the last watched event was a SERVICEEVENT5. */
    boolean lastEventIsV5() {
        return (lastEvent[0] & 0xff) == Codes.Info.SERVICEEVENT5 && lastEvent.length >= 21;
    }

    /**
     * Waits for the watched service to reach a state (upstream {@code wait_service_state}).
     *
     * @param stop true to wait for STOPPED, false for STARTED
     * @return the event that ended the wait: STARTED/STOPPED (0/1), FAILEDSTART (2),
     *     STARTCANCELLED (3) or STOPCANCELLED (4)
     */
    int waitServiceState(boolean stop) throws CtlException {
        inStateWait = true;
        try {
            return waitState(stop);
        } finally {
            inStateWait = false;
        }
    }

    /** True while {@link #waitServiceState} runs: read errors are then reported with errno. */
    private boolean inStateWait;

    private int waitState(boolean stop) throws CtlException {
        while (true) {
            int type;
            try {
                fill(1);
                type = in.get(in.position()) & 0xff;
            } catch (Eof e) {
                throw CtlException.protocol();
            }
            if (type < Codes.FIRST_INFO) {
                throw CtlException.protocol();
            }
            int event = readInfo(false);
            if (event < 0) {
                continue;
            }
            if (stop ? event == 1 : event == 0) {
                return event;
            }
            if (event == 3 || event == 4 || (!stop && event == 2)) {
                return event;
            }
        }
    }

    /**
     * Reads information packets until the daemon closes the connection.
     */
    void drainUntilClosed() throws CtlException {
        while (true) {
            try {
                fill(1);
            } catch (Eof e) {
                return;
            }
            if ((in.get(in.position()) & 0xff) < Codes.FIRST_INFO) {
                throw CtlException.protocol();
            }
            readInfo(false);
        }
    }

    /** Reads a u8 of a reply body. */
    int u8() throws CtlException {
        return body(1).get() & 0xff;
    }

    /** Reads a u16 of a reply body. */
    int u16() throws CtlException {
        return body(2).getShort() & 0xffff;
    }

    /** Reads a 32-bit int of a reply body. */
    int i32() throws CtlException {
        return body(4).getInt();
    }

    /** Reads a 64-bit int of a reply body. */
    long i64() throws CtlException {
        return body(8).getLong();
    }

    /** Reads a status of the given size. */
    ServiceStatus status(int size) throws CtlException {
        return ServiceStatus.decode(ByteBuffer.wrap(raw(size)), size);
    }

    /** Reads n bytes of a reply body. */
    byte[] raw(int n) throws CtlException {
        try {
            return bytes(n);
        } catch (Eof e) {
            throw CtlException.readFailure();
        }
    }

    private ByteBuffer body(int n) throws CtlException {
        return ByteBuffer.wrap(raw(n)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads n bytes, refilling the buffer as often as needed. */
    private byte[] bytes(int n) throws CtlException, Eof {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            fill(1);
            int k = Math.min(in.remaining(), n - done);
            in.get(out, done, k);
            done += k;
        }
        return out;
    }

    /** Makes at least n (at most the buffer's size) bytes available. */
    private void fill(int n) throws CtlException, Eof {
        while (in.remaining() < n) {
            in.compact();
            int r;
            try {
                r = channel.read(in);
            } catch (IOException e) {
                in.flip();
                if (!inStateWait) {
                    throw CtlException.readFailure();
                }
                throw new CtlException("dinitctl: read: " + describe(e));
            }
            in.flip();
            if (r < 0) {
                throw new Eof();
            }
        }
    }

    /** The daemon closed the connection. */
    private static final class Eof extends Exception {
        private static final long serialVersionUID = 1L;

        Eof() {
            super(null, null, false, false);
        }
    }

    /** Decodes a name received from the daemon. */
    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
