package io.dinitj.posix.daemon;

import io.dinitj.api.spi.Errno;
import io.dinitj.posix.sys.FakePosix;
import io.dinitj.posix.sys.JnrPosix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon under system calls that fail on purpose: accept, spawn and pipe creation fail
 * through {@link FakePosix} (with EMFILE or ENOMEM, nothing really exhausted), and the daemon
 * logs the failure by name, refuses or fails only what the failure touched, keeps supervising,
 * and works again once the fault is lifted; EINTR and EAGAIN are retried where they arise.
 *
 * <p>The daemon runs in this test's JVM (one JVM per test class, so its reaper and signal
 * handlers meet no other test), on a private directory, driven by the in-process dinitctl.
 */
class SystemCallFaultTest {

    private static final long DEADLINE_MS = 20_000;

    @TempDir
    Path dir;

    private final FakePosix fake = new FakePosix(JnrPosix.get());
    private final Lines console = new Lines();
    private Path socket;
    private Thread daemon;
    private volatile int exitStatus = -1;

    @BeforeEach
    void startDaemon() throws Exception {
        Path services = Files.createDirectories(dir.resolve("services"));
        Files.writeString(services.resolve("boot"), "type = internal\nwaits-for = keeper\n");
        // A process the daemon supervises throughout: it must still run after every fault.
        Files.writeString(services.resolve("keeper"), "type = process\n"
                + "command = /bin/sleep 600\n");
        Files.writeString(services.resolve("worker"), "type = process\n"
                + "command = /bin/sleep 600\n");
        Files.writeString(services.resolve("buffered"), "type = process\n"
                + "command = /bin/sleep 600\nlog-type = buffer\n");
        socket = dir.resolve("socket");
        String[] args = {"--user", "-d", services.toString(), "-p", socket.toString(),
            "--log-file", dir.resolve("dinit.log").toString()};
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        daemon = new Thread(() -> exitStatus = DinitDaemon.run(args, out, out,
                Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString()), fake), "daemon");
        daemon.start();
        await("keeper started", () -> ctl("is-started", "keeper").status() == 0);
    }

    @AfterEach
    void stopDaemon() throws Exception {
        for (FakePosix.Call c : FakePosix.Call.values()) {
            fake.heal(c);
        }
        if (daemon.isAlive()) {
            ctl("shutdown");
            daemon.join(DEADLINE_MS);
        }
        assertThat(daemon.isAlive()).as("daemon ended").isFalse();
        assertThat(exitStatus).isZero();
    }

    /**
     * accept fails with EMFILE: logged once by its text, the client waits (its connection is
     * still pending), the loop does not spin on the readable socket, and the client is served
     * once descriptors are back.
     */
    @Test
    void acceptFailing_isLoggedAndPaused_thenTheWaitingClientIsServed() throws Exception {
        fake.failAlways(FakePosix.Call.ACCEPT, Errno.EMFILE);
        CompletableFuture<Ctl> waiting = CompletableFuture.supplyAsync(() -> ctl("list"));
        await("accept error logged", () -> console.contains(
                "Error accepting control connection: Too many open files"));
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        // Paused between tries (every 100 ms), not spinning on the readable socket.
        assertThat(fake.injectedCount(FakePosix.Call.ACCEPT)).isBetween(1, 20);
        assertThat(console.count("Error accepting control connection")).isEqualTo(1);

        fake.heal(FakePosix.Call.ACCEPT);
        Ctl list = waiting.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
        assertThat(list.status()).isZero();
        assertThat(list.out()).contains("keeper");
        assertThat(ctl("is-started", "keeper").status()).isZero();
    }

    /**
     * posix_spawn fails with ENOMEM: the service fails to start with the error's text, for the
     * client and in the log; the keeper runs on, and the next start succeeds.
     */
    @Test
    void spawnFailing_failsThatStartWithTheErrnoText_thenStartsAgain() throws Exception {
        fake.fail(FakePosix.Call.SPAWN, Errno.ENOMEM, 1);
        Ctl failed = ctl("start", "worker");
        assertThat(failed.status()).isEqualTo(1);
        assertThat(failed.out() + failed.err()).contains("Service 'worker' failed to start.")
                .contains("Error: Cannot allocate memory");
        await("spawn failure logged", () -> console.contains(
                "worker: execution failed - ") && console.contains("Cannot allocate memory"));
        assertThat(fake.injectedCount(FakePosix.Call.SPAWN)).isEqualTo(1);
        assertThat(ctl("is-started", "keeper").status()).isZero();

        Ctl again = ctl("start", "worker");
        assertThat(again.status()).as(again.out() + again.err()).isZero();
        assertThat(ctl("is-started", "worker").status()).isZero();
    }

    /**
     * The output pipe of a log-type buffer service cannot be made (EMFILE): that start fails
     * naming "Too many open files", nothing else changes, and the next start makes the pipe.
     */
    @Test
    void pipeFailing_failsThatStartWithEmfile_thenStartsAgain() throws Exception {
        fake.fail(FakePosix.Call.PIPE, Errno.EMFILE, 1);
        Ctl failed = ctl("start", "buffered");
        assertThat(failed.status()).isEqualTo(1);
        assertThat(failed.out() + failed.err()).contains("Service 'buffered' failed to start.")
                .contains("Error: Too many open files");
        await("pipe failure logged", () -> console.contains("buffered: execution failed - ")
                && console.contains("Too many open files"));
        assertThat(ctl("is-started", "keeper").status()).isZero();

        Ctl again = ctl("start", "buffered");
        assertThat(again.status()).as(again.out() + again.err()).isZero();
        assertThat(ctl("catlog", "buffered").status()).isZero();
    }

    /**
     * EINTR and EAGAIN are not failures: an interrupted epoll_wait, accept, read or waitid is
     * retried, and a reply whose write would block is sent when the socket has room. Nothing is
     * logged and every request is answered.
     */
    @Test
    void eintrAndEagain_areRetried_withoutAWord() throws Exception {
        fake.fail(FakePosix.Call.EPOLL_WAIT, Errno.EINTR, 3);
        fake.fail(FakePosix.Call.ACCEPT, Errno.EAGAIN, 1);
        assertThat(ctl("list").status()).isZero();
        fake.fail(FakePosix.Call.ACCEPT, Errno.EINTR, 1);
        fake.fail(FakePosix.Call.READ, Errno.EINTR, 1);
        fake.fail(FakePosix.Call.WRITE, Errno.EAGAIN, 2);
        Ctl list = ctl("list");
        assertThat(list.status()).isZero();
        assertThat(list.out()).contains("keeper");

        // The reaper's wait is interrupted twice after worker's first exit: it waits again,
        // and the next exit still reaches the service.
        assertThat(ctl("start", "worker").status()).isZero();
        fake.fail(FakePosix.Call.WAIT_ANY_EXITED, Errno.EINTR, 2);
        assertThat(ctl("stop", "worker").status()).isZero();
        await("reaper interrupted", () -> fake.injectedCount(FakePosix.Call.WAIT_ANY_EXITED) == 2);
        assertThat(ctl("start", "worker").status()).isZero();
        Ctl stop = ctl("stop", "worker");
        assertThat(stop.status()).as(stop.out() + stop.err()).isZero();
        assertThat(ctl("is-started", "worker").status()).isNotZero();

        await("epoll_wait interrupted", () -> fake.injectedCount(FakePosix.Call.EPOLL_WAIT) == 3);
        assertThat(fake.injectedCount(FakePosix.Call.ACCEPT)).isEqualTo(2);
        assertThat(fake.injectedCount(FakePosix.Call.WRITE)).isEqualTo(2);
        assertThat(console.count("Error accepting")).isZero();
        assertThat(console.count("internal error")).isZero();
        assertThat(ctl("is-started", "keeper").status()).isZero();
    }

    private Ctl ctl(String... args) {
        return Ctl.ctl(socket, args);
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("%s; console:%n%s", what, console)
                    .isLessThan(end);
            Thread.sleep(20);
        }
    }

    /** The daemon's console, kept whole; read from the test's thread while the daemon writes. */
    private static final class Lines extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized boolean contains(String text) {
            return toString().contains(text);
        }

        synchronized int count(String text) {
            String all = toString();
            int n = 0;
            for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + 1)) {
                n++;
            }
            return n;
        }

        @Override
        public synchronized String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
        }
    }
}
