package io.dinitj.bench.faults;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Cmd;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.protocol.Replies;
import io.dinitj.api.protocol.Requests;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.protocol.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A well-behaved control connection (blocking): each method sends one request, encoded with
 * the project's codec, and reads and checks its reply, skipping information packets. Any reply
 * other than one the protocol allows for the request is a {@link WrongAnswer}; the daemon's
 * {@code DJ_CLOSING} notice is a {@link Closed}. Every request's round trip is timed into
 * {@link #maxLatencyNanos} and counted in {@link #requests}.
 */
final class Conn implements AutoCloseable {

    /** Service states (docs/control-protocol.md §4.4). */
    static final int STOPPED = 0;
    static final int STARTED = 2;

    private final SocketChannel ch;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
    private final byte[] req = new byte[Requests.Named.size(Codes.MAX_NAME_LENGTH)];
    private long sentAt;
    long requests;
    long maxLatencyNanos;

    Conn(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        in.flip();
    }

    /** The daemon answered something the protocol does not allow here. */
    static final class WrongAnswer extends IOException {
        private static final long serialVersionUID = 1L;

        WrongAnswer(String what) {
            super(what);
        }
    }

    /** The daemon told this connection it closes it (DJ_CLOSING). */
    static final class Closed extends IOException {
        private static final long serialVersionUID = 1L;

        Closed(String why) {
            super("closed by the daemon: " + why);
        }
    }

    private void send(int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(req, 0, len);
        sentAt = System.nanoTime();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private void done() {
        long t = System.nanoTime() - sentAt;
        requests++;
        if (t > maxLatencyNanos) {
            maxLatencyNanos = t;
        }
    }

    private void fill(int n) throws IOException {
        while (in.remaining() < n) {
            in.compact();
            int r = ch.read(in);
            in.flip();
            if (r < 0) {
                throw new EOFException("the daemon closed the connection");
            }
        }
    }

    private int u8() throws IOException {
        fill(1);
        return in.get() & 0xff;
    }

    private byte[] bytes(int n) throws IOException {
        fill(n);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /** The type of the next reply, information packets skipped. */
    private int reply() throws IOException {
        while (true) {
            fill(1);
            int type = in.get(in.position()) & 0xff;
            if (type < Codes.FIRST_INFO) {
                in.get();
                return type;
            }
            fill(InfoPackets.MIN_SIZE);
            int len = in.get(in.position() + InfoPackets.LENGTH) & 0xff;
            if (len < InfoPackets.MIN_SIZE) {
                throw new WrongAnswer("information packet " + type + " of length " + len);
            }
            byte[] packet = bytes(len);
            if (type == Codes.Info.DJ_CLOSING) {
                throw new Closed(InfoPackets.Closing.text(packet));
            }
        }
    }

    private static String name(int type) {
        return "reply type " + type;
    }

    /** QUERYVERSION: CPVERSION 1..7. */
    void version() throws IOException {
        send(Requests.Bare.encode(req, 0, Cmd.QUERYVERSION));
        int t = reply();
        byte[] b = new byte[Replies.Version.SIZE];
        System.arraycopy(bytes(Replies.Version.SIZE - 1), 0, b, 1, Replies.Version.SIZE - 1);
        done();
        if (t != Reply.CPVERSION || Replies.Version.min(b, 0) != Codes.MIN_VERSION
                || Replies.Version.current(b, 0) != Codes.VERSION) {
            throw new WrongAnswer("QUERYVERSION: " + name(t));
        }
    }

    /** LOADSERVICE: the handle; the state is checked against {@code state} unless it is -1. */
    int load(String service, int state) throws IOException {
        byte[] n = service.getBytes(StandardCharsets.UTF_8);
        send(Requests.Named.encode(req, 0, Cmd.LOADSERVICE, n, 0, n.length));
        int t = reply();
        if (t != Reply.SERVICERECORD) {
            done();
            throw new WrongAnswer("LOADSERVICE " + service + ": " + name(t));
        }
        byte[] b = new byte[Replies.ServiceRecord.SIZE];
        System.arraycopy(bytes(b.length - 1), 0, b, 1, b.length - 1);
        done();
        if (state >= 0 && Replies.ServiceRecord.state(b, 0) != state) {
            throw new WrongAnswer("LOADSERVICE " + service + ": state "
                    + Replies.ServiceRecord.state(b, 0) + ", expected " + state);
        }
        return Replies.ServiceRecord.handle(b, 0);
    }

    /** LOADSERVICE expected to fail: the reply type (NOSERVICE or a load error). */
    int loadFails(String service) throws IOException {
        byte[] n = service.getBytes(StandardCharsets.UTF_8);
        send(Requests.Named.encode(req, 0, Cmd.LOADSERVICE, n, 0, n.length));
        int t = reply();
        done();
        if (t == Reply.SERVICERECORD) {
            throw new WrongAnswer("LOADSERVICE " + service + " was found");
        }
        return t;
    }

    /** A start/stop/wake/release: the reply type, checked to be one of {@code allowed}. */
    int command(int cmd, int flags, int handle, int... allowed) throws IOException {
        send(Requests.FlagsHandle.encode(req, 0, cmd, flags, handle));
        int t = reply();
        done();
        if (t == Reply.DEPENDENTS) {
            fill(8);
            long n = in.order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            in.order(java.nio.ByteOrder.BIG_ENDIAN);
            bytes((int) n * Wire.I32);
        }
        for (int a : allowed) {
            if (t == a) {
                return t;
            }
        }
        throw new WrongAnswer("command " + cmd + " on handle " + handle + ": " + name(t));
    }

    /** UNLOADSERVICE/RELOADSERVICE/CLOSEHANDLE: the reply type, ACK or NAK. */
    int handleCommand(int cmd, int handle) throws IOException {
        send(Requests.Handle.encode(req, 0, cmd, handle));
        int t = reply();
        done();
        if (t != Reply.ACK && t != Reply.NAK) {
            throw new WrongAnswer("command " + cmd + " on handle " + handle + ": " + name(t));
        }
        return t;
    }

    /** SERVICESTATUS6: the 30-byte status. */
    byte[] status(int handle) throws IOException {
        send(Requests.Handle.encode(req, 0, Cmd.SERVICESTATUS6, handle));
        int t = reply();
        if (t != Reply.SERVICESTATUS) {
            done();
            throw new WrongAnswer("SERVICESTATUS6: " + name(t));
        }
        u8(); // reserved
        byte[] s = bytes(ServiceStatus.V6_SIZE);
        done();
        return s;
    }

    /** The state in a status buffer. */
    static int state(byte[] status) {
        return status[ServiceStatus.STATE] & 0xff;
    }

    /** The pid in a status buffer, or -1 when it has none. */
    static int pid(byte[] status) {
        return (status[ServiceStatus.FLAGS] & ServiceStatus.HAS_PID) == 0 ? -1
                : Wire.i32(status, ServiceStatus.PID_OR_CODE);
    }

    /** Polls the status until the service is in {@code state}, for at most {@code millis}. */
    byte[] await(int handle, int state, long millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            byte[] s = status(handle);
            if (state(s) == state) {
                return s;
            }
            if (System.nanoTime() - end > 0) {
                throw new WrongAnswer("state " + state(s) + " after " + millis + " ms, expected "
                        + state);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** LISTSERVICES5: each service's state by name. */
    Map<String, Integer> list() throws IOException {
        send(Requests.Bare.encode(req, 0, Cmd.LISTSERVICES5));
        Map<String, Integer> out = new LinkedHashMap<>();
        while (true) {
            int t = reply();
            if (t == Reply.LISTDONE) {
                done();
                return out;
            }
            if (t != Reply.SVCINFO) {
                done();
                throw new WrongAnswer("LISTSERVICES5: " + name(t));
            }
            int len = u8();
            byte[] s = bytes(ServiceStatus.V5_SIZE);
            out.put(new String(bytes(len), StandardCharsets.UTF_8), state(s));
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
