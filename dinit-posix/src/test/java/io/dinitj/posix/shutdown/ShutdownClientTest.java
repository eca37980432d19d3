package io.dinitj.posix.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.protocol.Replies;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.posix.sys.JnrPosix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown program's client against a scripted daemon (a JDK Unix socket server that
 * answers with given bytes): what it sends, and upstream's texts for each way the daemon can
 * answer. The run against the real daemon is in the daemon's {@code SystemManagerIntegrationTest}.
 */
class ShutdownClientTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static byte[] version(int min, int current) {
        byte[] b = new byte[Replies.Version.SIZE];
        Replies.Version.encode(b, 0, min, current);
        return b;
    }

    /**
     * Serves one client: answers its first request with {@code first}, its second with
     * {@code second} (null: close instead), then closes; returns the bytes it was sent.
     */
    private CompletableFuture<byte[]> daemon(Path socket, byte[] first, byte[] second)
            throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return CompletableFuture.supplyAsync(() -> {
            try (server; SocketChannel c = server.accept()) {
                ByteBuffer got = ByteBuffer.allocate(64);
                c.read(got);
                c.write(ByteBuffer.wrap(first));
                if (second != null) {
                    c.read(got);
                    c.write(ByteBuffer.wrap(second));
                }
                byte[] b = new byte[got.position()];
                got.flip().get(b);
                return b;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private int run(Path socket, ShutdownType type) {
        return new ShutdownClient(JnrPosix.get(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), socket.toString())
                .run(type, false, Map.of());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void asksForTheShutdown_andEndsWhenTheDaemonClosesTheConnection() throws Exception {
        Path socket = dir.resolve("s");
        // An information packet (type, length 7, five bytes more) before the ACK is skipped.
        byte[] ack = {(byte) Codes.FIRST_INFO, 7, 0, 0, 0, 0, 0, (byte) Codes.Reply.ACK};
        CompletableFuture<byte[]> sent = daemon(socket, version(1, 5), ack);
        assertThat(run(socket, ShutdownType.REBOOT)).isZero();
        assertThat(sent.get(10, TimeUnit.SECONDS)).containsExactly(Codes.Cmd.QUERYVERSION,
                Codes.Cmd.SHUTDOWN, ShutdownType.REBOOT.code());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Issuing shutdown command...\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void aRefusal_isAProtocolError() throws Exception {
        Path socket = dir.resolve("s");
        daemon(socket, version(1, 5), new byte[] {(byte) Codes.Reply.NAK});
        assertThat(run(socket, ShutdownType.HALT)).isEqualTo(1);
        assertThat(err()).isEqualTo("shutdown: control socket protocol error\n");
    }

    @Test
    void aDaemonTooNew_orTooOld_isNamed() throws Exception {
        Path socket = dir.resolve("new");
        daemon(socket, version(6, 7), null);
        assertThat(run(socket, ShutdownType.HALT)).isEqualTo(1);
        assertThat(err()).isEqualTo("shutdown: too old (server reports newer protocol version)\n");
        err.reset();
        Path old = dir.resolve("old");
        daemon(old, version(0, 0), null);
        assertThat(run(old, ShutdownType.HALT)).isEqualTo(1);
        assertThat(err()).isEqualTo("shutdown: server too old or protocol error\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aDaemonThatHangsUp_orIsNotThere() throws Exception {
        Path socket = dir.resolve("s");
        daemon(socket, new byte[0], null);
        assertThat(run(socket, ShutdownType.HALT)).isEqualTo(1);
        assertThat(err()).isEqualTo("shutdown: control socket read failure or protocol error\n");
        err.reset();
        assertThat(run(dir.resolve("absent"), ShutdownType.HALT)).isEqualTo(1);
        assertThat(err()).isEqualTo("connect: No such file or directory\n");
    }

    @Test
    void aDaemonThatSaysWhyItCloses_isQuoted() throws Exception {
        Path socket = dir.resolve("s");
        daemon(socket, InfoPackets.Closing.encode("the daemon refused this control connection:"
                + " 1024 are open, all in use"), null);
        assertThat(run(socket, ShutdownType.HALT)).isEqualTo(1);
        assertThat(err()).isEqualTo("shutdown: the daemon refused this control connection:"
                + " 1024 are open, all in use\n");
    }

    @Test
    void thePassedDescriptor_isReadAsStrtolReadsIt() {
        ShutdownClient c = new ShutdownClient(JnrPosix.get(), System.out, System.err, "x");
        assertThat(c.passedFd(null)).isEqualTo(ShutdownClient.NOT_PASSED);
        assertThat(c.passedFd("x7")).isEqualTo(ShutdownClient.NOT_PASSED);
        assertThat(c.passedFd(" 99junk")).isEqualTo(99);
        assertThat(c.passedFd("-1")).isEqualTo(-1);
    }
}
