package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.EnumCodes;
import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.protocol.Replies;
import io.dinitj.api.protocol.Requests;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.protocol.Wire;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.core.load.IoErrorText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

/**
 * dinitctl's end of a control connection (docs/control-protocol.md §10), the transport under
 * {@link DaemonClient}: requests (encoded by the {@code io.dinitj.api.protocol} codec) are
 * written whole; replies are read through a read-ahead buffer, consuming exactly the bytes the
 * layouts define. While a reply is awaited, information packets are skipped, and service
 * events for one handle of interest are recorded in {@link #seen}.
 *
 * <p>Uses only the JDK's Unix-domain {@link SocketChannel}, so no native library is loaded;
 * the one exception is a connection adopted for {@code --use-passed-cfd} ({@link #adopt}).
 * Not thread safe.
 */
final class Connection implements AutoCloseable {

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
        byte[] req = new byte[Requests.Bare.SIZE];
        Requests.Bare.encode(req, 0, Codes.Cmd.QUERYVERSION);
        send(req);
        int reply = waitForReply();
        if (reply != Codes.Reply.CPVERSION) {
            throw CtlException.readFailure();
        }
        byte[] p = rest(reply, Replies.Version.SIZE);
        int min = Replies.Version.min(p, 0);
        int cur = Replies.Version.current(p, 0);
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
            // A daemon that closed the connection may have said why first.
            String why = closingNotice();
            throw new CtlException(why != null ? "dinitctl: " + why
                    : "dinitctl: control socket write error: " + describe(e));
        }
    }

    /**
     * After a failed write: the text of a {@code DJ_CLOSING} packet waiting to be read, or
     * null. Reading cannot block: the daemon has closed its end.
     */
    private String closingNotice() {
        try {
            fill(Wire.TYPE_SIZE);
            if ((in.get(in.position()) & 0xff) != Codes.Info.DJ_CLOSING) {
                return null;
            }
            return InfoPackets.Closing.text(infoPacket());
        } catch (CtlException | Eof | RuntimeException e) {
            return null;
        }
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
                fill(Wire.TYPE_SIZE);
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
     * @return the event if it is a service event for the watched handle, else null (also for
     *     an event code no event has)
     */
    private ServiceEvent readInfo(boolean record) throws CtlException {
        byte[] p = infoPacket();
        int type = Wire.type(p);
        if (type == Codes.Info.DJ_CLOSING) {
            // The daemon closes the connection next, and says why.
            throw new CtlException("dinitctl: " + InfoPackets.Closing.text(p));
        }
        if (!InfoPackets.ServiceEvent.is(type)) {
            return null;
        }
        if (p.length < InfoPackets.ServiceEvent.STATUS) {
            throw CtlException.protocol();
        }
        if (InfoPackets.ServiceEvent.handle(p, 0) != watched) {
            return null;
        }
        ServiceEvent event = EnumCodes.event(InfoPackets.ServiceEvent.event(p, 0));
        lastEvent = p;
        if (record && event == ServiceEvent.STOPPED) {
            seen.stopped = true;
        } else if (record && event == ServiceEvent.STARTED) {
            seen.started = true;
        } else if (record && event == ServiceEvent.FAILEDSTART) {
            if (type == Codes.Info.SERVICEEVENT5
                    && p.length < InfoPackets.ServiceEvent.V5_SIZE) {
                throw CtlException.protocol();
            }
            if (p.length >= InfoPackets.ServiceEvent.LEGACY_SIZE) {
                // The legacy int sits where v5 has si_code, so both packets set exitStatus.
                ServiceStatus st = ServiceStatus.decode(p, InfoPackets.ServiceEvent.STATUS,
                        type == Codes.Info.SERVICEEVENT5 ? ServiceStatus.V5_SIZE
                                : ServiceStatus.LEGACY_SIZE);
                seen.failedStart = true;
                seen.stopReason = st.stopReason();
                seen.execStage = st.execStage();
                seen.exitStatus = st.pidOrCode();
                if (type == Codes.Info.SERVICEEVENT5) {
                    seen.siCode = st.pidOrCode();
                    seen.siStatus = st.exitStatus();
                }
            }
        }
        return event;
    }

    /** Reads the information packet whose type byte is next, whole. */
    private byte[] infoPacket() throws CtlException {
        try {
            fill(InfoPackets.MIN_SIZE);
            int len = in.get(in.position() + InfoPackets.LENGTH) & 0xff;
            if (len < InfoPackets.MIN_SIZE) {
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
     * @param event the event, or null for a code no event has
     * @param status the status carried, or null if the packet is too short for one
     */
    record Event(int handle, ServiceEvent event, ServiceStatus status) {
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
                fill(Wire.TYPE_SIZE);
            } catch (Eof e) {
                throw CtlException.readFailure();
            }
            if ((in.get(in.position()) & 0xff) < Codes.FIRST_INFO) {
                throw CtlException.protocol();
            }
            byte[] p = infoPacket();
            int type = Wire.type(p);
            if (type == Codes.Info.DJ_CLOSING) {
                throw new CtlException("dinitctl: " + InfoPackets.Closing.text(p));
            }
            if (!InfoPackets.ServiceEvent.is(type) || p.length < InfoPackets.ServiceEvent.STATUS) {
                continue;
            }
            int size = InfoPackets.ServiceEvent.statusSize(type, p.length);
            ServiceStatus st = size == 0 ? null
                    : ServiceStatus.decode(p, InfoPackets.ServiceEvent.STATUS, size);
            return new Event(InfoPackets.ServiceEvent.handle(p, 0),
                    EnumCodes.event(InfoPackets.ServiceEvent.event(p, 0)), st);
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
            fill(Wire.TYPE_SIZE);
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
        if (lastEventIsV5()) {
            return ServiceStatus.decode(p, InfoPackets.ServiceEvent.STATUS, ServiceStatus.V5_SIZE);
        }
        if (p.length >= InfoPackets.ServiceEvent.LEGACY_SIZE) {
            // Whatever its type, a long enough packet is read as a legacy status.
            return ServiceStatus.decode(p, InfoPackets.ServiceEvent.STATUS,
                    ServiceStatus.LEGACY_SIZE);
        }
        return null;
    }

    /** True if the last watched event was a SERVICEEVENT5. */
    boolean lastEventIsV5() {
        return Wire.type(lastEvent) == Codes.Info.SERVICEEVENT5
                && lastEvent.length >= InfoPackets.ServiceEvent.V5_SIZE;
    }

    /**
     * Waits for the watched service to reach a state (upstream {@code wait_service_state}).
     *
     * @param stop true to wait for STOPPED, false for STARTED
     * @return the event that ended the wait: STARTED or STOPPED, FAILEDSTART,
     *     STARTCANCELLED or STOPCANCELLED
     */
    ServiceEvent waitServiceState(boolean stop) throws CtlException {
        inStateWait = true;
        try {
            return waitState(stop);
        } finally {
            inStateWait = false;
        }
    }

    /** True while {@link #waitServiceState} runs: read errors are then reported with errno. */
    private boolean inStateWait;

    private ServiceEvent waitState(boolean stop) throws CtlException {
        while (true) {
            int type;
            try {
                fill(Wire.TYPE_SIZE);
                type = in.get(in.position()) & 0xff;
            } catch (Eof e) {
                throw CtlException.protocol();
            }
            if (type < Codes.FIRST_INFO) {
                throw CtlException.protocol();
            }
            ServiceEvent event = readInfo(false);
            if (event == null) {
                continue;
            }
            if (event == (stop ? ServiceEvent.STOPPED : ServiceEvent.STARTED)) {
                return event;
            }
            if (event == ServiceEvent.STARTCANCELLED || event == ServiceEvent.STOPCANCELLED
                    || (!stop && event == ServiceEvent.FAILEDSTART)) {
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
                fill(Wire.TYPE_SIZE);
            } catch (Eof e) {
                return;
            }
            if ((in.get(in.position()) & 0xff) < Codes.FIRST_INFO) {
                throw CtlException.protocol();
            }
            readInfo(false);
        }
    }

    /**
     * Reads the rest of a reply's fixed part, after its type byte, so that the codec's readers
     * can decode it at the layout's own offsets.
     *
     * @param type the type byte already read
     * @param size the fixed part's size, type byte included
     * @return {@code size} bytes: the type, then what followed it
     */
    byte[] rest(int type, int size) throws CtlException {
        byte[] p = new byte[size];
        Wire.putType(p, type);
        byte[] tail = raw(size - Requests.Bare.SIZE);
        System.arraycopy(tail, 0, p, Requests.Bare.SIZE, tail.length);
        return p;
    }

    /** Reads n bytes of a reply body. */
    byte[] raw(int n) throws CtlException {
        try {
            return bytes(n);
        } catch (Eof e) {
            throw CtlException.readFailure();
        }
    }

    /** Reads n bytes, refilling the buffer as often as needed. */
    private byte[] bytes(int n) throws CtlException, Eof {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            fill(Wire.TYPE_SIZE);
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

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
