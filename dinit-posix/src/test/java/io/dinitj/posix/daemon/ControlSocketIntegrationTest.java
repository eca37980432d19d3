package io.dinitj.posix.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.protocol.Wire;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The control protocol over the real socket of the real daemon, with a raw JDK Unix-domain
 * client (docs/control-protocol.md §2, §3, §6, §9).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ControlSocketIntegrationTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void versionLoadStartStatusAndShutdown() throws Exception {
        try (DaemonHarness d = new DaemonHarness("control")) {
            d.service("anchor", "type = internal");
            d.service("svc", "type = internal");
            d.start("anchor");
            d.awaitLine("[  OK  ] anchor");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.socket)))
                    .isEqualTo("rw-------");
            try (SocketChannel c = connect(d)) {
                assertThat(exchange(c, "00", 5)).isEqualTo("3a01000700");
                assertThat(exchange(c, "02 0300 737663", 7)).isEqualTo("3b000000000000");
                String started14 = "0202080000000000000000000000";
                String started10 = "02020800000000000000";
                assertThat(exchange(c, "03 00 00000000", 39)).isEqualTo(
                        "6515" + "00000000" + "00" + started14
                        + "6411" + "00000000" + "00" + started10 + "3d");
                assertThat(exchange(c, "1a 00000000", 16)).isEqualTo("4600" + started14);
                assertThat(exchange(c, "12 00000000", 12)).isEqualTo("4600" + started10);
                // SHUTDOWN: svc's STOPPED pair, then ACK; then the daemon exits and closes us
                assertThat(exchange(c, "0a 02", 38 + 1)).endsWith("32");
                assertThat(readToEof(c)).isEmpty();
            }
            assertThat(d.awaitExit()).isZero();
            assertThat(Files.exists(d.socket)).isFalse();
        }
    }

    @Test
    void malformedClientIsDroppedWhileAGoodOneIsServed() throws Exception {
        try (DaemonHarness d = new DaemonHarness("malformed")) {
            d.service("anchor", "type = internal");
            d.start("anchor");
            d.awaitLine("[  OK  ] anchor");
            try (SocketChannel good = connect(d)) {
                assertThat(exchange(good, "02 0600 616e63686f72", 7)).isEqualTo("3b020000000002");
                String[] junk = {"ff", "02 0000", "11 0100 3d", "0a 09", "03 00 07000000",
                    "00 00 63 64 65 01 0200"};
                for (String j : junk) {
                    try (SocketChannel bad = connect(d)) {
                        write(bad, j + " 00 00 00 00");
                        assertThat(readToEof(bad)).as(j).endsWith("34");
                    }
                    assertThat(exchange(good, "1a 00000000", 16)).as("after " + j)
                            .isEqualTo("4600" + "0202080000000000000000000000");
                }
                // a client that sends half a request and goes away
                try (SocketChannel half = connect(d)) {
                    write(half, "02 0900 616e");
                }
                assertThat(exchange(good, "00", 5)).isEqualTo("3a01000700");
            }
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void thousandClientsInBatchesAllAnsweredAndNoFdLeaks() throws Exception {
        try (DaemonHarness d = new DaemonHarness("many")) {
            d.service("anchor", "type = internal");
            d.start("anchor");
            d.awaitLine("[  OK  ] anchor");
            try (SocketChannel first = connect(d)) {
                assertThat(exchange(first, "00", 5)).isEqualTo("3a01000700");
            }
            d.await(() -> fdCount(d) >= 0, "fd listing");
            Thread.sleep(200);
            int baseline = fdCount(d);
            // The daemon serves at most 128 connections at once (ControlSocket.MAX_CONNECTIONS):
            // 10 batches of 100 clients, each batch connected at once, every client sending
            // FIND + SERVICESTATUS5 before any reply is read.
            long t0 = System.nanoTime();
            int answered = 0;
            for (int batch = 0; batch < 10; batch++) {
                List<SocketChannel> cs = new ArrayList<>();
                try {
                    for (int i = 0; i < 100; i++) {
                        cs.add(connect(d));
                    }
                    for (SocketChannel c : cs) {
                        write(c, "01 0600 616e63686f72 1a 00000000");
                    }
                    for (SocketChannel c : cs) {
                        assertThat(read(c, 7 + 16)).isEqualTo("3b020000000002"
                                + "4600" + "0202080000000000000000000000");
                        answered++;
                    }
                } finally {
                    for (SocketChannel c : cs) {
                        c.close();
                    }
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(answered).isEqualTo(1000);
            System.out.println("1000 control clients answered in " + ms + " ms");
            d.await(() -> fdCount(d) == baseline, "fd count back to " + baseline);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** The text of the DJ_CLOSING packet a connection was sent before it was closed, or null. */
    private static String closingText(SocketChannel c) throws IOException {
        byte[] b = HEX.parseHex(readToEof(c));
        if (b.length < InfoPackets.MIN_SIZE || Wire.type(b) != Codes.Info.DJ_CLOSING) {
            return null;
        }
        return InfoPackets.Closing.text(b);
    }

    private static void closeAll(List<SocketChannel> cs) throws IOException {
        for (SocketChannel c : cs) {
            c.close();
        }
    }

    /** A daemon serving one internal service, {@code anchor}, started. */
    private static DaemonHarness anchored(String name) throws IOException {
        DaemonHarness d = new DaemonHarness(name);
        d.service("anchor", "type = internal");
        d.start("anchor");
        d.awaitLine("[  OK  ] anchor");
        return d;
    }

    /** Opens the bound's worth of connections, each sending a request and reading its reply. */
    private static List<SocketChannel> fillToTheBound(DaemonHarness d, String request,
            int replyBytes, String replyStart) throws IOException {
        List<SocketChannel> cs = new ArrayList<>();
        try {
            for (int i = 0; i < ControlSocket.MAX_CONNECTIONS; i++) {
                SocketChannel c = connect(d);
                cs.add(c);
                assertThat(exchange(c, request, replyBytes)).startsWith(replyStart);
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            closeAll(cs);
            throw e;
        }
        return cs;
    }

    /**
     * At the bound, a new client is served: the connection quiet longest among the idle ones
     * (each asked for the version, then nothing) is closed to make room, and told why.
     */
    @Test
    void atTheBound_theLongestIdleConnectionMakesRoom_andIsToldWhy() throws Exception {
        try (DaemonHarness d = anchored("limit")) {
            List<SocketChannel> cs = fillToTheBound(d, "00", 5, "3a01000700");
            try {
                Thread.sleep(ControlSocket.IDLE_GRACE_NANOS / 1_000_000 + 200);
                try (SocketChannel extra = connect(d)) {
                    assertThat(exchange(extra, "00", 5)).isEqualTo("3a01000700");
                }
                assertThat(closingText(cs.get(0))).isEqualTo("the daemon closed this idle"
                        + " control connection: 128 were open and a new client came");
                d.awaitContaining("Too many control connections (128); closing the longest idle"
                        + " to make room");
                assertThat(exchange(cs.get(1), "00", 5)).as("the next oldest is still served")
                        .isEqualTo("3a01000700");
            } finally {
                closeAll(cs);
            }
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * A client between two requests is not idle: at the bound, 128 clients that have each just
     * been answered (as a dinitctl that asked for the version and is about to send its command)
     * are all left open for a new one, the bound giving way; once they have been quiet for the
     * grace time, the next new client closes the one quiet longest.
     */
    @Test
    void atTheBound_aClientBetweenTwoRequests_isNotClosedToMakeRoom() throws Exception {
        try (DaemonHarness d = anchored("limit-grace")) {
            long t0 = System.nanoTime();
            List<SocketChannel> cs = fillToTheBound(d, "00", 5, "3a01000700");
            try {
                assumeTrue(System.nanoTime() - t0 < ControlSocket.IDLE_GRACE_NANOS / 2,
                        "filling to the bound took longer than half the grace time");
                try (SocketChannel extra = connect(d)) {
                    assertThat(exchange(extra, "00", 5)).isEqualTo("3a01000700");
                }
                for (SocketChannel c : cs) {
                    assertThat(exchange(c, "02 0600 616e63686f72", 7))
                            .as("its next request is answered").startsWith("3b02");
                }
                assertThat(d.lines()).noneMatch(l -> l.contains("Too many control"));
                // Each now holds a handle: never idle. A client that only asked the version
                // and then sat for the grace time is the one to go.
                SocketChannel quiet = connect(d);
                cs.add(quiet);
                assertThat(exchange(quiet, "00", 5)).isEqualTo("3a01000700");
                Thread.sleep(ControlSocket.IDLE_GRACE_NANOS / 1_000_000 + 200);
                try (SocketChannel extra = connect(d)) {
                    assertThat(exchange(extra, "00", 5)).isEqualTo("3a01000700");
                }
                assertThat(closingText(quiet)).startsWith("the daemon closed this idle");
            } finally {
                closeAll(cs);
            }
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * Connections that hold a service handle listen for its events (a shell's watch, a waiting
     * dinitctl start): none is closed to make room, and the bound gives way instead.
     */
    @Test
    void listeners_areNeverClosedToMakeRoom_theBoundGivesWay() throws Exception {
        try (DaemonHarness d = anchored("limit-listen")) {
            List<SocketChannel> cs = fillToTheBound(d, "01 0600 616e63686f72", 7, "3b02");
            try {
                try (SocketChannel extra = connect(d)) {
                    assertThat(exchange(extra, "00", 5)).isEqualTo("3a01000700");
                }
                for (SocketChannel c : cs) {
                    assertThat(exchange(c, "00", 5)).isEqualTo("3a01000700");
                }
                assertThat(d.lines()).noneMatch(l -> l.contains("Too many control"));
            } finally {
                closeAll(cs);
            }
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** The soft limit on open files of a process, from /proc/PID/limits; -1 if unknown. */
    private static long openFileLimit(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return -1;
    }

    /**
     * When every connection listens, the bound gives way up to the hard bound; past it a new
     * client is refused and told why, and is served again once a listener has gone.
     */
    @Test
    void pastTheHardBound_aClientIsRefused_andToldWhy() throws Exception {
        try (DaemonHarness d = anchored("limit-hard")) {
            long room = ControlSocket.HARD_MAX_CONNECTIONS + 64L;
            assumeTrue(openFileLimit(d.daemonPid()) >= room
                    && openFileLimit(ProcessHandle.current().pid()) >= room,
                    "the open-file limit here is below " + room + ": the hard bound of "
                    + ControlSocket.HARD_MAX_CONNECTIONS + " connections cannot be reached");
            List<SocketChannel> cs = new ArrayList<>();
            try {
                for (int i = 0; i < ControlSocket.HARD_MAX_CONNECTIONS; i++) {
                    SocketChannel c = connect(d);
                    cs.add(c);
                    assertThat(exchange(c, "01 0600 616e63686f72", 7)).startsWith("3b02");
                }
                try (SocketChannel extra = connect(d)) {
                    assertThat(closingText(extra)).isEqualTo("the daemon refused this control"
                            + " connection: 1024 are open, all in use");
                }
                d.awaitContaining("Too many control connections (1024), none idle; refusing"
                        + " new ones");
                cs.remove(0).close();
                d.await(() -> {
                    try (SocketChannel c = connect(d)) {
                        write(c, "00");
                        return read(c, 5).equals("3a01000700");
                    } catch (IOException e) {
                        return false;
                    }
                }, "a client to be served again");
            } finally {
                closeAll(cs);
            }
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * The attack: 300 clients that sent half a packet and 300 that sent nothing do not
     * stop {@code dinitctl list} from answering at once. The silent ones are closed, each told
     * why (to make room, or after sitting on nothing for the stall time); once the others
     * close too, the daemon's descriptors are back at their baseline.
     */
    @Test
    void stalledClients_neverLockOutDinitctl() throws Exception {
        try (DaemonHarness d = anchored("flood")) {
            assertThat(Ctl.ctl(d, "list").status()).isZero();
            Thread.sleep(200);
            int baseline = fdCount(d);
            List<SocketChannel> half = new ArrayList<>();
            List<SocketChannel> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    SocketChannel c = connect(d);
                    half.add(c);
                    write(c, "01 0600 616e"); // FINDSERVICE "anchor", cut after "an"
                    silent.add(connect(d));
                }
                long t0 = System.nanoTime();
                Ctl list = Ctl.ctl(d, "list");
                double ms = (System.nanoTime() - t0) / 1e6;
                assertThat(list.status()).as(list.err()).isZero();
                assertThat(list.out()).contains("[[+]     ] anchor");
                closeAll(half);
                long t1 = System.nanoTime();
                int told = 0;
                for (SocketChannel c : silent) {
                    String why = closingText(c);
                    assertThat(why).as("what the daemon said to a silent client").isNotNull();
                    told++;
                }
                long closedMs = (System.nanoTime() - t1) / 1_000_000;
                assertThat(told).isEqualTo(300);
                d.await(() -> fdCount(d) == baseline, "fd count back to " + baseline);
                System.out.printf("flood: dinitctl list answered in %.2f ms past 600", ms);
                System.out.println(" stalled clients; the last silent one closed " + closedMs
                        + " ms after; fds back to " + baseline);
            } finally {
                closeAll(half);
                closeAll(silent);
            }
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    // ------------------------------------------------------------------ raw client
    // (package-private: other integration tests use it too)

    static SocketChannel connect(DaemonHarness d) throws IOException {
        return connect(d.socket);
    }

    /** Connects to a control socket, retrying for a while until it answers. */
    static SocketChannel connect(Path socket) throws IOException {
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    c.connect(UnixDomainSocketAddress.of(socket));
                    return c;
                } catch (IOException e) {
                    c.close();
                    throw e;
                }
            } catch (IOException e) {
                if (System.currentTimeMillis() > end) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static int fdCount(DaemonHarness d) {
        try {
            return d.fds().size();
        } catch (IOException e) {
            return -1;
        }
    }

    static String exchange(SocketChannel c, String hex, int replyBytes)
            throws IOException {
        write(c, hex);
        return read(c, replyBytes);
    }

    static void write(SocketChannel c, String hex) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(HEX.parseHex(hex.replace(" ", "")));
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    static String read(SocketChannel c, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("EOF after " + HEX.formatHex(b.array(), 0, b.position()));
            }
        }
        return HEX.formatHex(b.array());
    }

    static String readToEof(SocketChannel c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        try {
            while (c.read(b) >= 0) {
                if (!b.hasRemaining()) {
                    break;
                }
            }
        } catch (IOException e) {
            // reset by the daemon closing with unread input: what arrived counts
        }
        return HEX.formatHex(b.array(), 0, b.position());
    }
}
