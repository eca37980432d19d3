package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.protocol.Codes;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real daemon with no descriptor left: its {@code RLIMIT_NOFILE} lowered (with
 * {@code prlimit --pid}) to its highest open descriptor, a few control connections open, then
 * the gaps below filled with more until accepting fails. Then accepting, making a pipe and
 * opening a log file each fail with a logged failure that {@code dinitctl status} shows
 * afterwards, while spawning a process that needs no new descriptor of the daemon's still works
 * and a killed supervised process is restarted; once the connections close, everything works
 * again under the same limit and the descriptor count is back at its baseline.
 */
@Timeout(180)
class FdExhaustionIntegrationTest {

    private static final String EMFILE = "Too many open files";

    /** A control connection kept open, speaking the protocol directly. */
    private static final class Kept implements AutoCloseable {
        final SocketChannel ch;

        Kept(Path socket) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        }

        void send(byte... packet) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(packet);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        /** Reads one reply of {@code size} bytes, skipping information packets before it. */
        byte[] reply(int size) throws IOException {
            while (true) {
                byte[] first = read(1);
                if ((first[0] & 0xff) >= Codes.FIRST_INFO) {
                    int len = read(1)[0] & 0xff;
                    read(len - 2);
                    continue;
                }
                byte[] rest = read(size - 1);
                byte[] all = new byte[size];
                all[0] = first[0];
                System.arraycopy(rest, 0, all, 1, rest.length);
                return all;
            }
        }

        private byte[] read(int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new IOException("the daemon closed the connection");
                }
            }
            return b.array();
        }

        /** QUERYVERSION; true once the daemon answered. */
        void version() throws IOException {
            send((byte) Codes.Cmd.QUERYVERSION);
            assertThat(reply(5)[0]).isEqualTo((byte) Codes.Reply.CPVERSION);
        }

        /** LOADSERVICE: the handle. */
        byte[] load(String name) throws IOException {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] p = new byte[3 + n.length];
            p[0] = (byte) Codes.Cmd.LOADSERVICE;
            p[1] = (byte) n.length;
            System.arraycopy(n, 0, p, 3, n.length);
            send(p);
            byte[] r = reply(7);
            assertThat(r[0]).isEqualTo((byte) Codes.Reply.SERVICERECORD);
            return new byte[] {r[2], r[3], r[4], r[5]};
        }

        /** STARTSERVICE, not pinned: the reply code. */
        int start(byte[] handle) throws IOException {
            send((byte) Codes.Cmd.STARTSERVICE, (byte) 0, handle[0], handle[1], handle[2],
                    handle[3]);
            return reply(1)[0];
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    private static void prlimit(long pid, int soft) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid),
                "--nofile=" + soft + ":").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("prlimit: %s", out).isZero();
    }

    private static int highestFd(DaemonHarness d) throws IOException {
        int max = 0;
        for (String fd : d.fds()) {
            max = Math.max(max, Integer.parseInt(fd));
        }
        return max;
    }

    @Test
    void noDescriptorLeft_failuresAreLoggedAndShown_supervisionGoesOn_andAllRecovers()
            throws Exception {
        try (DaemonHarness d = new DaemonHarness("fd-exhaustion")) {
            Path logged = d.dir.resolve("logged.log");
            d.service("boot", "type = internal", "waits-for = keeper");
            d.service("keeper", "type = process", "command = /bin/sleep 600", "restart = yes");
            d.service("worker", "type = process", "command = /bin/sleep 600");
            d.service("buffered", "type = process", "command = /bin/sleep 600",
                    "log-type = buffer");
            d.service("logged", "type = process", "command = /bin/sleep 600",
                    "logfile = " + logged);
            d.start();
            d.awaitLine("[  OK  ] boot");
            try (Kept kept = new Kept(d.socket)) {
                exhaust(d, kept);
            }
        }
    }

    private void exhaust(DaemonHarness d, Kept kept) throws Exception {
        Path logged = d.dir.resolve("logged.log");
        kept.version();
        byte[] worker = kept.load("worker");
        byte[] buffered = kept.load("buffered");
        byte[] loggedHandle = kept.load("logged");
        int baseline = d.fds().size();
        long keeperPid = pidOf(d, "keeper");

        // No number above the highest open one, and every gap below taken by a connection,
        // until the daemon cannot accept the next one: that one waits in the backlog.
        // Four connections first, whose closing frees descriptors later whatever the gaps.
        List<Kept> hogs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Kept h = new Kept(d.socket);
            hogs.add(h);
            h.version();
        }
        prlimit(d.daemonPid(), highestFd(d) + 1);
        Kept waiting = null;
        try {
            for (int i = 0; i < 200 && waiting == null; i++) {
                Kept h = new Kept(d.socket);
                hogs.add(h);
                h.send((byte) Codes.Cmd.QUERYVERSION);
                long until = System.nanoTime() + 1_500_000_000L;
                h.ch.configureBlocking(false);
                ByteBuffer b = ByteBuffer.allocate(5);
                while (b.hasRemaining() && System.nanoTime() < until) {
                    if (h.ch.read(b) < 0) {
                        break;
                    }
                    Thread.sleep(5);
                }
                h.ch.configureBlocking(true);
                if (b.hasRemaining()) {
                    waiting = h;
                }
            }
            assertThat(waiting).as("the daemon kept accepting under its limit").isNotNull();
            d.awaitContaining("Error accepting control connection: " + EMFILE);

            // A pipe and a log file cannot be made: each service fails, with the reason.
            kept.start(buffered);
            d.awaitContaining("buffered: execution failed - ");
            kept.start(loggedHandle);
            d.awaitContaining("logged: execution failed - ");
            assertThat(d.lines()).anyMatch(l -> l.contains("buffered: execution failed - ")
                    && l.endsWith(EMFILE));
            assertThat(d.lines()).anyMatch(l -> l.contains("logged: execution failed - ")
                    && l.endsWith(EMFILE));

            // A process that needs no descriptor of the daemon's starts, and a killed
            // supervised one is restarted.
            kept.start(worker);
            d.awaitLine("[  OK  ] worker");
            new ProcessBuilder("kill", "-9", Long.toString(keeperPid)).start().waitFor();
            d.awaitLine("[  OK  ] keeper", 2);
            assertThat(d.process().isAlive()).isTrue();
        } finally {
            for (Kept h : hogs) {
                if (h != waiting) {
                    h.close();
                }
            }
        }

        // Descriptors free again (the limit stays as it was): the waiting client is served,
        // the failures are there to query, and the failed services start.
        waiting.ch.configureBlocking(true);
        assertThat(waiting.reply(5)[0]).isEqualTo((byte) Codes.Reply.CPVERSION);
        waiting.close();
        d.await(() -> fdCount(d) <= baseline + 1,
                () -> "the connections' descriptors closed: " + d.fdTargets());
        Ctl status = ctl(d, "status", "buffered");
        assertThat(status.out()).contains(EMFILE);
        assertThat(ctl(d, "status", "logged").out()).contains(EMFILE);
        assertThat(ctl(d, "start", "buffered")).isEqualTo(new Ctl(0,
                "Service 'buffered' started.\n", ""));
        assertThat(ctl(d, "start", "logged")).isEqualTo(new Ctl(0,
                "Service 'logged' started.\n", ""));
        assertThat(Files.exists(logged)).isTrue();
        assertThat(pidOf(d, "keeper")).isPositive().isNotEqualTo(keeperPid);

        // Back at the baseline, plus the pipe 'buffered' keeps and the daemon's side of
        // nothing else (the log file is the child's).
        ctl(d, "stop", "buffered");
        ctl(d, "stop", "logged");
        d.await(() -> fdCount(d) <= baseline + 2,
                () -> "fds back at the baseline " + baseline + ": " + d.fdTargets());
    }

    private static int fdCount(DaemonHarness d) {
        try {
            return d.fds().size();
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static long pidOf(DaemonHarness d, String service) {
        Ctl s = ctl(d, "status", service);
        for (String line : s.out().split("\n")) {
            String t = line.trim();
            if (t.startsWith("Process ID: ")) {
                return Long.parseLong(t.substring("Process ID: ".length()).trim());
            }
        }
        throw new AssertionError("no pid for " + service + ": " + s.out());
    }
}
