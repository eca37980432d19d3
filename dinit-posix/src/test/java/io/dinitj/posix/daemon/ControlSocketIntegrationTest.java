package io.dinitj.posix.daemon;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void connectionsPastTheLimitAreClosed() throws Exception {
        try (DaemonHarness d = new DaemonHarness("limit")) {
            d.service("anchor", "type = internal");
            d.start("anchor");
            d.awaitLine("[  OK  ] anchor");
            List<SocketChannel> cs = new ArrayList<>();
            try {
                for (int i = 0; i < ControlSocket.MAX_CONNECTIONS; i++) {
                    SocketChannel c = connect(d);
                    cs.add(c);
                    assertThat(exchange(c, "00", 5)).isEqualTo("3a01000700");
                }
                try (SocketChannel extra = connect(d)) {
                    boolean refused;
                    try {
                        write(extra, "00");
                        refused = readToEof(extra).isEmpty();
                    } catch (IOException closedFirst) {
                        // The daemon may close it before the write or read: refused as well.
                        refused = true;
                    }
                    assertThat(refused).as("the connection past the limit is closed unanswered")
                            .isTrue();
                }
                d.awaitContaining("Too many control connections (128); refusing new ones");
            } finally {
                for (SocketChannel c : cs) {
                    c.close();
                }
            }
            d.await(() -> {
                try (SocketChannel c = connect(d)) {
                    write(c, "00");
                    return read(c, 5).equals("3a01000700");
                } catch (IOException e) {
                    return false;
                }
            }, "a connection to be served again");
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
