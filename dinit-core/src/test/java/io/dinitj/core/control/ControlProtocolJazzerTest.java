package io.dinitj.core.control;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Cmd;
import io.dinitj.api.protocol.Codes.Info;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.protocol.Replies;
import io.dinitj.api.protocol.Requests;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.protocol.Wire;
import io.dinitj.core.service.EngineInvariants;
import io.dinitj.core.service.ServiceSet;
import io.dinitj.core.service.TestSets;
import io.dinitj.core.type.ServiceTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (Jazzer) of the daemon's request decoder: the bytes a client sends
 * go into {@link ControlConnection#feed} in chunks, exactly as the platform's event loop hands
 * a connection what it read from the socket, over a real engine (a {@link ServiceSet} on the
 * fake platform, services loaded from files). Each input gets a fresh engine, so that a finding
 * reproduces from its input alone.
 *
 * <p>Input layout: byte 0 chooses how the stream is cut into reads and how much of the output
 * the client reads between them (0: everything at once); the remaining bytes are what the
 * client sends. After the input, and whatever it was:
 * <ul>
 *   <li>nothing escapes {@code feed}, {@code consumed} or {@code close}, and the connection
 *       logs no internal error (it catches every throwable so that the daemon survives; here
 *       a caught one is a finding);</li>
 *   <li>the output is a sequence of well-formed packets: for each request the daemon handled,
 *       in order, a reply of a kind and length that request can have (information packets
 *       may come between), with nothing truncated;</li>
 *   <li>the connection either has ended after a {@code BADREQ} (or {@code OOM}) that answers
 *       the last request it handled, or it is still open holding only the incomplete start of
 *       one request: it never stalls with a full buffer and never drops a request
 *       silently;</li>
 *   <li>the engine's books balance ({@link EngineInvariants}), the set's size is unchanged
 *       unless a {@code LOADSERVICE}, {@code UNLOADSERVICE} or {@code RELOADSERVICE} was
 *       handled, and closing the connection deregisters it.</li>
 * </ul>
 *
 * <p>Without {@code JAZZER_FUZZ} (or {@code jazzer.fuzz=true}) this runs the inputs in
 * {@code ControlProtocolJazzerTestInputs/anyClientBytes} as a regression test; the build's
 * {@code fuzz-control} execution and the {@code fuzz} profile fuzz it (README, "Fuzzing").
 */
class ControlProtocolJazzerTest {

    /**
     * How the connection logs a throwable it caught (ControlConnection#logSafely), as the
     * fixture records it. Only a prefix is safe to match: the rest of a line may hold a
     * service name, which the input chooses.
     */
    private static final String INTERNAL_ERROR = "ERROR Error processing control request: ";

    private static Path dir;
    private static ServiceTypes types;

    @BeforeAll
    static void services() throws IOException {
        dir = Files.createTempDirectory("control-jazzer");
        TestFiles.write(dir);
        types = TestSets.discoverTypes();
    }

    @AfterAll
    static void removeServices() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((x, y) -> y.compareTo(x)).toList()) {
                Files.delete(p);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anyClientBytes(byte[] input) {
        if (input.length == 0) {
            return;
        }
        ControlFixture f = new ControlFixture(dir, types);
        ControlConnection setup = f.connect();
        ControlFixture.load(setup, "a");
        ControlFixture.load(setup, "t");
        setup.close();
        ServiceSet set = f.set();
        int sizeBefore = set.size();

        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        int plan = input[0] & 0xff;
        SplittableRandom rnd = new SplittableRandom(plan);
        ControlConnection c = f.connect();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int off = 0;
        while (off < stream.length && !c.isEnding()) {
            int left = stream.length - off;
            int chunk = plan == 0 ? left : 1 + rnd.nextInt(Math.min(64, left));
            int taken = c.feed(stream, off, chunk);
            off += taken;
            int out = c.outputLength();
            int read = plan == 0 || taken == 0 ? out
                    : switch (rnd.nextInt(3)) {
                        case 0 -> 0;
                        case 1 -> rnd.nextInt(out + 1);
                        default -> out;
                    };
            if (taken == 0 && out == 0 && !c.isEnding()) {
                throw new AssertionError("stalled: the connection takes no input, has no output"
                        + " and has not ended; " + c.receiveLength() + " bytes wait unprocessed");
            }
            got.write(c.outputArray(), c.outputOffset(), read);
            c.consumed(read);
        }
        while (c.outputLength() > 0) {
            int n = c.outputLength();
            got.write(c.outputArray(), c.outputOffset(), n);
            c.consumed(n);
        }

        for (String line : f.logged) {
            if (line.startsWith(INTERNAL_ERROR)) {
                throw new AssertionError("internal error: " + line);
            }
        }
        Oracle oracle = new Oracle(stream, got.toByteArray());
        boolean loadedOrUnloaded = oracle.check(c);
        EngineInvariants.check(set, "the input");
        if (!loadedOrUnloaded && set.size() != sizeBefore) {
            throw new AssertionError("the set went from " + sizeBefore + " to " + set.size()
                    + " services without a load, unload or reload");
        }
        c.close();
        if (f.server().connectionCount() != 0) {
            throw new AssertionError("closed connections still registered: "
                    + f.server().connectionCount());
        }
    }

    /** The service files the engine loads from; a few kinds, and some that fail to load. */
    static final class TestFiles {
        private TestFiles() {
        }

        static void write(Path dir) {
            new ControlFixture(dir)
                    .file("a", "type = internal", "depends-on = b", "waits-for = c")
                    .file("b", "type = internal")
                    .file("c", "type = internal", "before = b")
                    .file("t", "type = triggered")
                    .file("p", "type = process", "command = /bin/sleep 10",
                            "log-type = buffer", "restart = no")
                    .file("s", "type = scripted", "command = /bin/true", "depends-ms = t")
                    .file("bad", "type = bogus")
                    .file("dangling", "depends-on = nowhere")
                    .file("loop", "depends-on = loop2")
                    .file("loop2", "depends-on = loop");
        }
    }

    // ---------------------------------------------------------------- the oracle

    /**
     * Frames the client's bytes into requests as docs/control-protocol.md defines them (from
     * dinit-api's layouts, not from the daemon's decoder), and reads the daemon's output
     * against them.
     */
    static final class Oracle {
        private final byte[] req;
        private final byte[] out;
        private int o;

        Oracle(byte[] req, byte[] out) {
            this.req = req;
            this.out = out;
        }

        /**
         * The size of the complete request at {@code p}, or -1 if it is incomplete. A name
         * length out of range makes a 3-byte bad request.
         */
        static int requestSize(byte[] b, int p, int avail) {
            if (avail < 1) {
                return -1;
            }
            int size = switch (Wire.u8(b, p)) {
                case Cmd.FINDSERVICE, Cmd.LOADSERVICE, Cmd.SETENV -> {
                    if (avail < Requests.Named.DATA) {
                        yield -1;
                    }
                    int len = Requests.Named.length(b, p);
                    yield len == 0 || len > Codes.MAX_NAME_LENGTH ? Requests.Named.DATA
                            : Requests.Named.size(len);
                }
                case Cmd.STARTSERVICE, Cmd.STOPSERVICE, Cmd.WAKESERVICE, Cmd.RELEASESERVICE,
                        Cmd.QUERYSERVICENAME, Cmd.CATLOG, Cmd.QUERYSERVICEDSCDIR,
                        Cmd.DJ_DEPENDENCIES -> Requests.FlagsHandle.SIZE;
                case Cmd.UNPINSERVICE, Cmd.UNLOADSERVICE, Cmd.RELOADSERVICE, Cmd.SERVICESTATUS,
                        Cmd.SERVICESTATUS5, Cmd.SERVICESTATUS6, Cmd.CLOSEHANDLE,
                        Cmd.DJ_SERVICE_DETAIL -> Requests.Handle.SIZE;
                case Cmd.SHUTDOWN, Cmd.GETALLENV -> Requests.ByteArgument.SIZE;
                case Cmd.ADD_DEP, Cmd.REM_DEP, Cmd.ENABLESERVICE, Cmd.ENABLE_SERVICE_V7 ->
                        Requests.Dependency.SIZE;
                case Cmd.SETTRIGGER -> Requests.Trigger.SIZE;
                case Cmd.SIGNAL -> Requests.Signal.SIZE;
                default -> Requests.Bare.SIZE;
            };
            return size > avail ? -1 : size;
        }

        /**
         * Checks the output against the requests the connection handled.
         *
         * @return whether a load, unload or reload was among them
         */
        boolean check(ControlConnection c) {
            long handled = c.requestsHandled();
            boolean changes = false;
            int p = 0;
            boolean ended = false;
            for (long i = 0; i < handled; i++) {
                int size = requestSize(req, p, req.length - p);
                if (size < 0) {
                    fail("the daemon handled " + handled + " requests, but the input holds only "
                            + i + " complete ones");
                }
                int op = Wire.u8(req, p);
                changes |= op == Cmd.LOADSERVICE || op == Cmd.UNLOADSERVICE
                        || op == Cmd.RELOADSERVICE;
                int code = reply(op, i);
                if (code == Reply.BADREQ || code == Reply.OOM) {
                    if (i != handled - 1) {
                        fail(name(code) + " answers request " + i + " (op " + op + ") but "
                                + handled + " were handled");
                    }
                    ended = true;
                }
                p += size;
            }
            skipInfo();
            if (o != out.length) {
                fail("unexpected bytes after the replies to the " + handled + " requests");
            }
            if (c.isEnding() != ended) {
                fail(c.isEnding() ? "the connection ended without a BADREQ or OOM"
                        : "the connection answered BADREQ but did not end");
            }
            if (!ended) {
                if (requestSize(req, p, req.length - p) >= 0) {
                    fail("a complete request at offset " + p + " was not handled");
                }
                if (c.receiveLength() != req.length - p) {
                    fail("the connection holds " + c.receiveLength() + " unprocessed bytes, the"
                            + " input has " + (req.length - p) + " after the handled requests");
                }
            }
            return changes;
        }

        /** Reads the reply to one request; returns its code (the last one, for a list). */
        private int reply(int op, long index) {
            skipInfo();
            int code = u8(0);
            if (code == Reply.BADREQ || code == Reply.OOM) {
                o += Replies.Bare.SIZE;
                return code;
            }
            switch (op) {
                case Cmd.QUERYVERSION -> expect(code, op, Reply.CPVERSION);
                case Cmd.FINDSERVICE, Cmd.LOADSERVICE -> expect(code, op, Reply.SERVICERECORD,
                        Reply.NOSERVICE, Reply.SERVICE_DESC_ERR, Reply.SERVICE_LOAD_ERR);
                case Cmd.STARTSERVICE, Cmd.STOPSERVICE, Cmd.WAKESERVICE, Cmd.RELEASESERVICE -> {
                    if (code == Reply.PREACK) {
                        o += Replies.Bare.SIZE;
                        skipInfo();
                        code = u8(0);
                    }
                    expect(code, op, Reply.ACK, Reply.NAK, Reply.ALREADYSS, Reply.PINNEDSTOPPED,
                            Reply.PINNEDSTARTED, Reply.SHUTTINGDOWN, Reply.DEPENDENTS);
                }
                case Cmd.LISTSERVICES, Cmd.LISTSERVICES5 -> {
                    int status = op == Cmd.LISTSERVICES5 ? ServiceStatus.V5_SIZE
                            : ServiceStatus.LEGACY_SIZE;
                    while (code == Reply.SVCINFO) {
                        need(Replies.ListEntry.STATUS);
                        o += Replies.ListEntry.size(status, Replies.ListEntry.nameLength(out, o));
                        skipInfo();
                        code = u8(0);
                    }
                    expect(code, op, Reply.LISTDONE);
                }
                case Cmd.UNPINSERVICE, Cmd.SHUTDOWN, Cmd.SETENV, Cmd.CLOSEHANDLE, Cmd.LISTENENV ->
                        expect(code, op, Reply.ACK);
                case Cmd.UNLOADSERVICE, Cmd.RELOADSERVICE, Cmd.ADD_DEP, Cmd.REM_DEP,
                        Cmd.ENABLESERVICE, Cmd.SETTRIGGER -> expect(code, op, Reply.ACK,
                        Reply.NAK);
                case Cmd.ENABLE_SERVICE_V7 -> expect(code, op, Reply.NAK, Reply.SERVICESTATUS);
                case Cmd.QUERY_LOAD_MECH -> expect(code, op, Reply.LOADER_MECH);
                case Cmd.QUERYSERVICENAME -> expect(code, op, Reply.SERVICENAME, Reply.NAK);
                case Cmd.SERVICESTATUS, Cmd.SERVICESTATUS5, Cmd.SERVICESTATUS6 ->
                        expect(code, op, Reply.SERVICESTATUS, Reply.NAK);
                case Cmd.CATLOG -> expect(code, op, Reply.SERVICE_LOG, Reply.NAK);
                case Cmd.SIGNAL -> expect(code, op, Reply.ACK, Reply.NAK, Reply.SIGNAL_NOPID,
                        Reply.SIGNAL_BADSIG, Reply.SIGNAL_KILLERR);
                case Cmd.QUERYSERVICEDSCDIR -> expect(code, op, Reply.SVCDSCDIR, Reply.NAK,
                        Reply.ACK);
                case Cmd.GETALLENV -> expect(code, op, Reply.ALLENV);
                case Cmd.DJ_DEPENDENCIES -> expect(code, op, Reply.DJ_DEPENDENCIES, Reply.NAK);
                case Cmd.DJ_LIST_TYPES -> expect(code, op, Reply.DJ_LIST_TYPES);
                case Cmd.DJ_SERVICE_DETAIL -> expect(code, op, Reply.DJ_SERVICE_DETAIL,
                        Reply.NAK);
                default -> fail("request " + index + " (op " + op + ") is no command, so its"
                        + " reply must be BADREQ, not " + name(code));
            }
            skipPacket(code, op);
            return code;
        }

        /** Moves past one reply packet whose code is {@code code}, answering {@code op}. */
        private void skipPacket(int code, int op) {
            int size = switch (code) {
                case Reply.CPVERSION -> Replies.Version.SIZE;
                case Reply.SERVICERECORD -> Replies.ServiceRecord.SIZE;
                case Reply.DEPENDENTS -> {
                    need(Replies.Dependents.HANDLES);
                    long n = Replies.Dependents.count(out, o);
                    if (n < 0 || n > out.length) {
                        fail("DEPENDENTS counts " + n + " handles");
                    }
                    yield Replies.Dependents.size((int) n);
                }
                case Reply.SERVICENAME -> {
                    need(Replies.ServiceName.NAME);
                    yield Replies.ServiceName.NAME + Replies.ServiceName.length(out, o);
                }
                case Reply.SERVICESTATUS -> Replies.Status.STATUS + switch (op) {
                    case Cmd.SERVICESTATUS -> ServiceStatus.LEGACY_SIZE;
                    case Cmd.SERVICESTATUS5 -> ServiceStatus.V5_SIZE;
                    default -> ServiceStatus.V6_SIZE;
                };
                case Reply.SERVICE_LOG -> {
                    need(Replies.ServiceLog.DATA);
                    yield (int) Math.min(Integer.MAX_VALUE, Replies.ServiceLog.DATA
                            + Replies.ServiceLog.length(out, o));
                }
                case Reply.SVCDSCDIR -> {
                    need(Replies.DescriptionDirectory.DATA);
                    yield Replies.DescriptionDirectory.DATA
                            + Replies.DescriptionDirectory.length(out, o);
                }
                case Reply.ALLENV -> {
                    need(Replies.AllEnv.DATA);
                    yield (int) Math.min(Integer.MAX_VALUE, Replies.AllEnv.DATA
                            + Replies.AllEnv.length(out, o));
                }
                case Reply.LOADER_MECH -> {
                    need(Replies.LoaderMechanism.CWD);
                    yield (int) Math.min(Integer.MAX_VALUE, Replies.LoaderMechanism.total(out, o));
                }
                case Reply.DJ_DEPENDENCIES -> {
                    need(Replies.Edges.EDGES);
                    int n = Replies.Edges.count(out, o);
                    int at = Replies.Edges.EDGES;
                    for (int i = 0; i < n; i++) {
                        need(at + Replies.Edges.EDGE_NAME);
                        at += Replies.Edges.EDGE_NAME + Replies.Edges.nameLength(out, o + at);
                    }
                    yield at;
                }
                case Reply.DJ_LIST_TYPES -> {
                    need(Wire.TYPE_SIZE + Wire.I32);
                    yield Wire.TYPE_SIZE + Wire.I32 + Wire.i32(out, o + Wire.TYPE_SIZE);
                }
                case Reply.DJ_SERVICE_DETAIL -> {
                    need(Replies.Detail.LINES);
                    int n = Replies.Detail.count(out, o);
                    int at = Replies.Detail.LINES;
                    for (int i = 0; i < 2 * n; i++) {
                        need(at + Replies.Detail.TEXT);
                        at += Replies.Detail.TEXT + Replies.Detail.textLength(out, o + at);
                    }
                    yield at;
                }
                default -> Replies.Bare.SIZE;
            };
            if (size < 1) {
                fail(name(code) + " has a bad length " + size);
            }
            need(size);
            o += size;
        }

        /** Moves past information packets: service events, environment events, a notice. */
        private void skipInfo() {
            while (o < out.length && u8(0) >= Codes.FIRST_INFO) {
                need(InfoPackets.MIN_SIZE);
                int code = u8(0);
                int size = switch (code) {
                    case Info.SERVICEEVENT -> InfoPackets.ServiceEvent.LEGACY_SIZE;
                    case Info.SERVICEEVENT5 -> InfoPackets.ServiceEvent.V5_SIZE;
                    case Info.ENVEVENT -> {
                        need(InfoPackets.EnvEvent.DATA);
                        yield InfoPackets.EnvEvent.DATA + InfoPackets.EnvEvent.dataLength(out, o);
                    }
                    case Info.DJ_CLOSING -> InfoPackets.length(out, o);
                    default -> {
                        fail("unknown information packet " + code);
                        yield 0;
                    }
                };
                if (code != Info.ENVEVENT && InfoPackets.length(out, o) != size) {
                    fail("information packet " + code + " says it is " + InfoPackets.length(out, o)
                            + " bytes, not " + size);
                }
                need(size);
                o += size;
            }
        }

        private void expect(int code, int op, int... allowed) {
            for (int a : allowed) {
                if (a == code) {
                    return;
                }
            }
            fail("op " + op + " answered with " + name(code));
        }

        private int u8(int at) {
            need(at + 1);
            return Wire.u8(out, o + at);
        }

        private void need(int n) {
            if (n < 0 || o + n > out.length || o + n < 0) {
                fail("truncated packet: " + n + " bytes needed at offset " + o);
            }
        }

        private static String name(int code) {
            return "reply " + code;
        }

        private void fail(String why) {
            throw new AssertionError(why + "\nrequests: " + HexFormat.of().formatHex(req)
                    + "\noutput:   " + HexFormat.of().formatHex(out));
        }
    }
}
