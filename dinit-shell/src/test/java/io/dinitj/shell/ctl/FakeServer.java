package io.dinitj.shell.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A scripted daemon: listens on a Unix socket, accepts one connection, and for each step reads
 * exactly the expected request bytes and answers with the given reply bytes. After the script
 * it either closes the connection or waits for the client to close it. {@link #finish} tells
 * whether the client sent exactly the scripted requests and nothing more.
 */
final class FakeServer implements AutoCloseable {

    /** One request and its reply. */
    private record Step(byte[] request, byte[] reply) {
    }

    private final Path path;
    private final List<Step> steps = new ArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final StringBuilder problems = new StringBuilder();
    private ServerSocketChannel server;
    private Thread thread;
    private boolean closeAtEnd;

    FakeServer(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.path = Files.createTempFile(dir, "s", ".sock");
        Files.delete(path);
    }

    /** The socket path. */
    String path() {
        return path.toString();
    }

    /** Expects a request (hex) and answers with a reply (hex). */
    FakeServer step(String requestHex, String replyHex) {
        return step(hex(requestHex), hex(replyHex));
    }

    /** Expects a request and answers with a reply. */
    FakeServer step(byte[] request, byte[] reply) {
        steps.add(new Step(request, reply));
        return this;
    }

    /** The version exchange every online command starts with. */
    FakeServer version() {
        return step("00", "3A 01 00 07 00");
    }

    /** A LOADSERVICE (or FINDSERVICE if find) of name answered with a SERVICERECORD. */
    FakeServer load(String name, boolean find, int state, int handle, int target) {
        return step(nameRequest(find ? 1 : 2, name), le(7).put((byte) 0x3B).put((byte) state)
                .putInt(handle).put((byte) target).array());
    }

    /** QUERYSERVICEDSCDIR for a handle answered with dir. */
    FakeServer dscdir(int handle, String dir) {
        byte[] d = dir.getBytes(StandardCharsets.UTF_8);
        return step(le(6).put((byte) 0x16).put((byte) 0).putInt(handle).array(),
                le(5 + d.length).put((byte) 0x4D).putInt(d.length).put(d).array());
    }

    /** Closes the connection once the script is done, as a daemon that exits does. */
    FakeServer closeAtEnd() {
        closeAtEnd = true;
        return this;
    }

    /** Starts listening and serving in a thread. */
    FakeServer start() throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        thread = new Thread(this::serve, "fake-dinit");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void serve() {
        try (SocketChannel ch = server.accept()) {
            for (Step s : steps) {
                ByteBuffer want = ByteBuffer.allocate(s.request.length);
                while (want.hasRemaining()) {
                    if (ch.read(want) < 0) {
                        problems.append("client closed before sending ")
                                .append(HexFormat.ofDelimiter(" ").formatHex(s.request))
                                .append('\n');
                        return;
                    }
                }
                received.write(want.array());
                if (!java.util.Arrays.equals(want.array(), s.request)) {
                    problems.append("expected ").append(HexFormat.ofDelimiter(" ")
                            .formatHex(s.request)).append(" but got ")
                            .append(HexFormat.ofDelimiter(" ").formatHex(want.array()))
                            .append('\n');
                    return;
                }
                ByteBuffer out = ByteBuffer.wrap(s.reply);
                while (out.hasRemaining()) {
                    ch.write(out);
                }
            }
            if (closeAtEnd) {
                return;
            }
            ByteBuffer extra = ByteBuffer.allocate(256);
            int n;
            while ((n = ch.read(extra)) >= 0) {
                if (n > 0) {
                    extra.flip();
                    byte[] b = new byte[extra.remaining()];
                    extra.get(b);
                    problems.append("unexpected request bytes: ")
                            .append(HexFormat.ofDelimiter(" ").formatHex(b)).append('\n');
                    // Closing makes a client that awaits a reply fail instead of hanging.
                    return;
                }
            }
        } catch (IOException e) {
            problems.append("server: ").append(e).append('\n');
        }
    }

    /**
     * Waits for the server to finish and reports problems.
     *
     * @return an empty string if the client sent exactly the scripted requests
     */
    String finish() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (thread.isAlive()) {
            problems.append("server still waiting\n");
        }
        return problems.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }

    /** A little-endian buffer. */
    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code type, u16 len, name}. */
    static byte[] nameRequest(int type, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return le(3 + n.length).put((byte) type).putShort((short) n.length).put(n).array();
    }

    /** Bytes from hex with optional spaces. */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** A v5 status. */
    static byte[] status5(int state, int target, int flags, int reason, int stage, int a,
            int b) {
        return le(14).put((byte) state).put((byte) target).put((byte) flags).put((byte) reason)
                .putShort((short) stage).putInt(a).putInt(b).array();
    }

    /** A legacy status. */
    static byte[] status10(int state, int target, int flags, int reason, int stage, int a) {
        return le(10).put((byte) state).put((byte) target).put((byte) flags).put((byte) reason)
                .putShort((short) stage).putInt(a).array();
    }

    /** The SERVICEEVENT5 + SERVICEEVENT pair for one handle. */
    static byte[] events(int handle, int event, int state, int target, int flags, int reason,
            int stage, int a, int b) {
        ByteBuffer p = le(38);
        p.put((byte) 0x65).put((byte) 21).putInt(handle).put((byte) event)
                .put(status5(state, target, flags, reason, stage, a, b));
        p.put((byte) 0x64).put((byte) 17).putInt(handle).put((byte) event)
                .put(status10(state, target, flags, reason, stage, reason == 4 ? a
                        : b == 0 ? 0 : -1));
        return p.array();
    }

    /** Concatenates byte arrays. */
    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.write(p, 0, p.length);
        }
        return o.toByteArray();
    }
}
