package io.dinitj.posix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The daemon's control socket: created and bound with owner-only permissions, refusing to
 * start when another daemon answers on the same path (a stale file is replaced). Serving the
 * protocol on it comes with the control-protocol issue; until then connections wait in the
 * backlog.
 */
final class ControlSocket implements AutoCloseable {

    /** Another daemon answers on the path. */
    static final class AlreadyActive extends IOException {
        private static final long serialVersionUID = 1L;

        AlreadyActive(Path path) {
            super(path.toString());
        }
    }

    private final Path path;
    private final ServerSocketChannel channel;

    private ControlSocket(Path path, ServerSocketChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static ControlSocket open(Path path) throws IOException {
        if (Files.exists(path)) {
            boolean answered;
            try {
                SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
                answered = true;
            } catch (IOException e) {
                answered = false;
            }
            if (answered) {
                throw new AlreadyActive(path);
            }
            Files.delete(path); // stale: nobody listens
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path), 128);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new ControlSocket(path, ch);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a listening socket does not fail in a way we could act on.
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left behind; the next daemon replaces a stale socket file.
        }
    }
}
