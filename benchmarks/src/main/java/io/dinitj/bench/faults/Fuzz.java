package io.dinitj.bench.faults;

import io.dinitj.api.protocol.Codes.Cmd;
import io.dinitj.api.protocol.Requests;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sends fuzzed control packets over many connections at once, from one thread with a
 * selector: half random bytes, half valid requests (encoded with the project's codec, naming
 * the {@code fuzz-*} services and names the daemon must refuse) of which most are then
 * mutated: a byte changed, bits flipped, cut short, a length field replaced, random bytes
 * appended. Everything the daemon sends back is read and dropped. A connection is replaced
 * when the daemon closes it or after {@link #PER_CONNECTION} packets. When the daemon must
 * close a connection (see {@link Framer}) and has not within {@link #CLOSE_LIMIT_NANOS}, that
 * is counted in {@link #notClosed}, a failure.
 */
final class Fuzz {

    static final int PER_CONNECTION = 200;
    static final long CLOSE_LIMIT_NANOS = 15_000_000_000L;

    private static final String[] NAMES = {"fuzz-1", "fuzz-2", "fuzz-3", "fuzz-4", "fuzz-all",
        "fuzz-bad", "fuzz-none", "../etc/passwd", "a/b", "..", ".", "@x", "fuzz-1/../fuzz-2",
        "fuzz-1@x", "/etc/passwd"};

    private final Path socket;
    private final long target;
    private final int connections;
    private final SplittableRandom random;
    long packets;
    long bytes;
    long opened;
    long closedByDaemon;
    long mustClose;
    long notClosed;

    Fuzz(Path socket, long packets, int connections, long seed) {
        this.socket = socket;
        this.target = packets;
        this.connections = connections;
        this.random = new SplittableRandom(seed);
    }

    /** One connection. */
    private static final class Slot {
        SocketChannel ch;
        SelectionKey key;
        final Framer framer = new Framer();
        ByteBuffer out = ByteBuffer.allocate(0);
        long sent;
        long endingSince;
    }

    void run() throws IOException {
        ByteBuffer sink = ByteBuffer.allocateDirect(1 << 16);
        try (Selector sel = Selector.open()) {
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                slots.add(open(sel));
            }
            int live = slots.size();
            while (live > 0) {
                long now = System.nanoTime();
                live = 0;
                for (int i = 0; i < slots.size(); i++) {
                    Slot s = slots.get(i);
                    if (s == null) {
                        continue;
                    }
                    if (!s.out.hasRemaining() && !s.framer.ending()) {
                        if (packets >= target || s.sent >= PER_CONNECTION) {
                            s.ch.close();
                            s = packets < target ? open(sel) : null;
                            slots.set(i, s);
                            if (s == null) {
                                continue;
                            }
                        }
                        refill(s);
                    }
                    if (s.framer.ending() && !s.out.hasRemaining()) {
                        if (s.endingSince == 0) {
                            s.endingSince = now;
                            mustClose++;
                        } else if (now - s.endingSince > CLOSE_LIMIT_NANOS) {
                            notClosed++;
                            s.ch.close();
                            slots.set(i, packets < target ? open(sel) : null);
                            continue;
                        }
                    }
                    s.key.interestOps(SelectionKey.OP_READ
                            | (s.out.hasRemaining() ? SelectionKey.OP_WRITE : 0));
                    live++;
                }
                if (live == 0) {
                    break;
                }
                sel.select(100);
                for (SelectionKey k : sel.selectedKeys()) {
                    Slot s = (Slot) k.attachment();
                    int idx = slots.indexOf(s);
                    boolean dead = false;
                    try {
                        if (k.isValid() && k.isReadable()) {
                            while (true) {
                                sink.clear();
                                int r = s.ch.read(sink);
                                if (r < 0) {
                                    dead = true;
                                    break;
                                }
                                if (r == 0) {
                                    break;
                                }
                            }
                        }
                        if (!dead && k.isValid() && k.isWritable()) {
                            bytes += s.ch.write(s.out);
                        }
                    } catch (IOException e) {
                        dead = true; // EPIPE, ECONNRESET: the daemon closed it
                    }
                    if (dead) {
                        closedByDaemon++;
                        s.ch.close();
                        slots.set(idx, packets < target ? open(sel) : null);
                    }
                }
                sel.selectedKeys().clear();
            }
        }
    }

    private Slot open(Selector sel) throws IOException {
        Slot s = new Slot();
        s.ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        s.ch.connect(UnixDomainSocketAddress.of(socket));
        s.ch.configureBlocking(false);
        s.key = s.ch.register(sel, SelectionKey.OP_READ, s);
        opened++;
        return s;
    }

    private void refill(Slot s) {
        byte[] buf = new byte[2048];
        int len = 0;
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n && len < 1024; i++) {
            len = packet(buf, len);
        }
        long before = s.framer.packets;
        int send = s.framer.feed(buf, 0, len);
        long count = s.framer.packets - before;
        packets += count;
        s.sent += count;
        s.out = ByteBuffer.wrap(buf, 0, send);
    }

    /** Appends one fuzzed packet at {@code o}; returns the new end. */
    private int packet(byte[] b, int o) {
        if (random.nextBoolean()) {
            int n = 1 + random.nextInt(random.nextInt(8) == 0 ? 600 : 24);
            for (int i = 0; i < n; i++) {
                b[o + i] = (byte) random.nextInt(256);
            }
            return o + n;
        }
        int end = valid(b, o);
        switch (random.nextInt(6)) {
            case 0 -> {
                return end; // unchanged
            }
            case 1 -> b[o + random.nextInt(end - o)] = (byte) random.nextInt(256);
            case 2 -> b[o + random.nextInt(end - o)] ^= (byte) (1 << random.nextInt(8));
            case 3 -> end = o + 1 + random.nextInt(end - o); // cut short (or not)
            case 4 -> {
                if (end - o >= 3) { // a length or handle field replaced
                    b[o + 1] = (byte) random.nextInt(256);
                    b[o + 2] = (byte) random.nextInt(256);
                }
            }
            default -> {
                int extra = random.nextInt(16);
                for (int i = 0; i < extra; i++) {
                    b[end++] = (byte) random.nextInt(256);
                }
            }
        }
        return end;
    }

    private int handle() {
        return random.nextInt(10) == 0 ? random.nextInt() : random.nextInt(4);
    }

    /** Appends a valid request at {@code o}; returns the new end. */
    private int valid(byte[] b, int o) {
        switch (random.nextInt(14)) {
            case 0, 1, 2 -> {
                byte[] n = NAMES[random.nextInt(NAMES.length)].getBytes(StandardCharsets.UTF_8);
                return Requests.Named.encode(b, o, random.nextInt(3) == 0 ? Cmd.FINDSERVICE
                        : Cmd.LOADSERVICE, n, 0, n.length);
            }
            case 3, 4 -> {
                int[] cmds = {Cmd.STARTSERVICE, Cmd.STOPSERVICE, Cmd.WAKESERVICE,
                    Cmd.RELEASESERVICE, Cmd.CATLOG, Cmd.QUERYSERVICENAME,
                    Cmd.QUERYSERVICEDSCDIR, Cmd.DJ_DEPENDENCIES};
                return Requests.FlagsHandle.encode(b, o, cmds[random.nextInt(cmds.length)],
                        random.nextInt(256), handle());
            }
            case 5, 6 -> {
                int[] cmds = {Cmd.UNPINSERVICE, Cmd.UNLOADSERVICE, Cmd.RELOADSERVICE,
                    Cmd.SERVICESTATUS, Cmd.SERVICESTATUS5, Cmd.SERVICESTATUS6, Cmd.CLOSEHANDLE,
                    Cmd.DJ_SERVICE_DETAIL};
                return Requests.Handle.encode(b, o, cmds[random.nextInt(cmds.length)], handle());
            }
            case 7 -> {
                int[] cmds = {Cmd.ADD_DEP, Cmd.REM_DEP, Cmd.ENABLESERVICE, Cmd.ENABLE_SERVICE_V7};
                return Requests.Dependency.encode(b, o, cmds[random.nextInt(cmds.length)],
                        random.nextInt(6), handle(), handle());
            }
            case 8 -> {
                return Requests.Signal.encode(b, o, random.nextInt(40), handle());
            }
            case 9 -> {
                return Requests.Trigger.encode(b, o, handle(), random.nextBoolean());
            }
            case 10 -> {
                return Requests.ByteArgument.encode(b, o, Cmd.GETALLENV, random.nextInt(3));
            }
            default -> {
                int[] cmds = {Cmd.QUERYVERSION, Cmd.LISTSERVICES, Cmd.LISTSERVICES5,
                    Cmd.QUERY_LOAD_MECH, Cmd.LISTENENV, Cmd.DJ_LIST_TYPES};
                return Requests.Bare.encode(b, o, cmds[random.nextInt(cmds.length)]);
            }
        }
    }
}
