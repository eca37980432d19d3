package io.dinitj.shell.interactive;

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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A daemon that serves any number of connections, each the same way: it answers the version
 * query (protocol 7), answers LISTSERVICES5 with a fixed list of started services, and closes
 * the connection on any other request. Enough for completion and {@code list}.
 */
final class FakeDaemon implements AutoCloseable {

    private final Path path;
    private final List<String> services;
    private final ServerSocketChannel server;
    private final Thread thread;
    /** How many connections were accepted. */
    final AtomicInteger connections = new AtomicInteger();

    FakeDaemon(Path dir, List<String> services) throws IOException {
        Files.createDirectories(dir);
        this.path = Files.createTempFile(dir, "d", ".sock");
        Files.delete(path);
        this.services = List.copyOf(services);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        thread = new Thread(this::serve, "fake-daemon");
        thread.setDaemon(true);
        thread.start();
    }

    /** The socket path. */
    String path() {
        return path.toString();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                connections.incrementAndGet();
                answer(ch);
            } catch (IOException e) {
                // Closed, or the client went away; wait for the next one.
            }
        }
    }

    private void answer(SocketChannel ch) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (ch.read(one) < 0) {
                return;
            }
            int request = one.get(0) & 0xff;
            if (request == 0x00) {
                write(ch, new byte[] {0x3A, 0x01, 0x00, 0x07, 0x00});
            } else if (request == 0x19) {
                for (String s : services) {
                    byte[] n = s.getBytes(StandardCharsets.UTF_8);
                    ByteBuffer b = ByteBuffer.allocate(2 + 14 + n.length)
                            .order(ByteOrder.LITTLE_ENDIAN);
                    b.put((byte) 0x3E).put((byte) n.length);
                    b.put((byte) 2).put((byte) 2).put((byte) 8).put((byte) 0).putShort((short) 0)
                            .putInt(0).putInt(0);
                    b.put(n);
                    write(ch, b.array());
                }
                write(ch, new byte[] {0x3F});
            } else {
                return;
            }
        }
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
