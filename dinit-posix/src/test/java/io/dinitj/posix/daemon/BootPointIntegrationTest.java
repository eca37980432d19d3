package io.dinitj.posix.daemon;

import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.dinitj.posix.daemon.ControlSocketIntegrationTest.connect;
import static io.dinitj.posix.daemon.ControlSocketIntegrationTest.exchange;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control socket and the main log around the boot points, on the real daemon (we run as
 * root: a private mount namespace, {@code unshare -m}, gives each test its own read-only dir,
 * tmpfs or {@code /dev/log}): the socket made again on SIGUSR1 and after a {@code starts-rwfs}
 * service, a system instance on a read-only root, and the syslog main log opened by a
 * {@code starts-log} service. Each behaviour was compared with upstream's daemon run the same
 * way. A socket inside the daemon's namespace is reached through {@code /proc/PID/root}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BootPointIntegrationTest {

    private static final String VERSION_REPLY = "3a01000700";

    /** A short directory under /tmp for sockets (Unix socket paths are short). */
    private Path tmp;

    @BeforeEach
    void shortDir() throws IOException {
        tmp = Files.createTempDirectory(Path.of("/tmp"), "djbp-");
    }

    @AfterEach
    void removeShortDir() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void sigusr1MakesTheSocketAgainOnlyWhenItsFileHasGone() throws Exception {
        try (DaemonHarness d = new DaemonHarness("usr1")) {
            d.service("anchor", "type = internal");
            d.start("anchor");
            d.awaitLine("[  OK  ] anchor");
            try (SocketChannel before = connect(d)) {
                assertThat(exchange(before, "00", 5)).isEqualTo(VERSION_REPLY);
                d.signal("USR1"); // the file is there: nothing to do, nothing logged
                Files.delete(d.socket);
                d.signal("USR1");
                d.await(() -> Files.exists(d.socket), "the socket file made again");
                try (SocketChannel after = connect(d)) {
                    assertThat(exchange(after, "00", 5)).isEqualTo(VERSION_REPLY);
                }
                // a connection made before is served on
                assertThat(exchange(before, "00", 5)).isEqualTo(VERSION_REPLY);
            }
            assertThat(d.lines()).noneMatch(l -> l.contains("SIGUSR1") || l.contains("rror"));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(Files.exists(d.socket)).isFalse();
        }
    }

    @Test
    void startsRwfsMakesTheSocketAgainUnderAFreshTmpfs() throws Exception {
        // The boot of a Debian root: an early-mounts service mounts a new tmpfs on /run,
        // hiding the socket file; the daemon makes it again once that service has started.
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path socket = run.resolve("sock");
        try (DaemonHarness d = new DaemonHarness("rwfs-tmpfs")) {
            d.wrappedIn("unshare", "-m", "--propagation", "private");
            Path go = d.dir.resolve("go");
            d.service("anchor", "type = internal");
            d.service("early", "type = scripted",
                    "command = " + waitThen(d, go, "mount -t tmpfs none " + run),
                    "options = starts-rwfs");
            d.options("-p", socket.toString()).start("anchor", "early");
            d.awaitLine("[  OK  ] anchor");
            Path inside = Path.of("/proc/" + d.daemonPid() + "/root" + socket);
            try (SocketChannel before = connect(inside)) {
                assertThat(exchange(before, "00", 5)).isEqualTo(VERSION_REPLY);
                Files.writeString(go, "");
                d.awaitLine("[  OK  ] early");
                d.await(() -> Files.exists(inside), "the socket on the new tmpfs");
                try (SocketChannel after = connect(inside)) {
                    assertThat(exchange(after, "00", 5)).isEqualTo(VERSION_REPLY);
                }
                assertThat(exchange(before, "00", 5)).isEqualTo(VERSION_REPLY);
            }
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void systemInstanceRunsOnAReadOnlyRootAndOpensTheSocketAfterStartsRwfs() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Path socket = ro.resolve("sock");
        try (DaemonHarness d = new DaemonHarness("rofs-system")) {
            Path ready = d.dir.resolve("ready");
            Files.writeString(ready, "");
            Path go = d.dir.resolve("go");
            d.wrappedIn("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs none \"$0\" && mount -o remount,ro \"$0\" && exec \"$@\" 3>"
                    + ready, ro.toString());
            d.service("anchor", "type = internal");
            d.service("rw", "type = scripted",
                    "command = " + waitThen(d, go, "mount -o remount,rw " + ro),
                    "options = starts-rwfs");
            d.options("-s", "-p", socket.toString(), "-F", "3").start("anchor", "rw");
            d.awaitLine("[  OK  ] anchor");
            Path inside = Path.of("/proc/" + d.daemonPid() + "/root" + socket);
            // EROFS at start-up is passed over silently; readiness waits for the socket
            assertThat(Files.exists(inside)).isFalse();
            assertThat(Files.readString(ready)).isEmpty();
            assertThat(d.lines()).noneMatch(l -> l.contains("rror"));
            // SIGUSR1 tries again, and says why it could not
            d.signal("USR1");
            d.awaitLine("dinit: Error binding control socket: Read-only file system");
            assertThat(ProcessHandle.of(d.daemonPid()).map(ProcessHandle::isAlive))
                    .contains(true);
            Files.writeString(go, "");
            d.awaitLine("[  OK  ] rw");
            d.await(() -> Files.exists(inside), "the socket once the root is writable");
            try (SocketChannel c = connect(inside)) {
                assertThat(exchange(c, "00", 5)).isEqualTo(VERSION_REPLY);
            }
            d.await(() -> read(ready).equals(socket + "\0"), "readiness on fd 3");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void systemManagerOpensTheLogFileAfterStartsRwfsWithTheLinesKeptMeanwhile()
            throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Path logFile = ro.resolve("dinit.log");
        try (DaemonHarness d = new DaemonHarness("rofs-logfile")) {
            Path go = d.dir.resolve("go");
            d.wrappedIn("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs none \"$0\" && mount -o remount,ro \"$0\" && exec \"$@\"",
                    ro.toString());
            d.service("anchor", "type = internal");
            d.service("rw", "type = scripted",
                    "command = " + waitThen(d, go, "mount -o remount,rw " + ro),
                    "options = starts-rwfs");
            d.options("-s", "-m", "-l", logFile.toString(),
                    "-p", tmp.resolve("sock").toString()).start("anchor", "rw");
            d.awaitLine("dinit: Opening log file failed: Read-only file system");
            d.awaitLine("[  OK  ] anchor");
            Path inside = Path.of("/proc/" + d.daemonPid() + "/root" + logFile);
            assertThat(Files.exists(inside)).isFalse();
            Files.writeString(go, "");
            d.awaitLine("[  OK  ] rw");
            d.await(() -> read(inside).contains("dinit: service rw started.\n"),
                    "the log file with the lines kept since start-up; have " + read(inside));
            assertThat(read(inside)).startsWith("dinit: Starting system\n"
                    + "dinit: service anchor started.\n");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void userInstanceOnAReadOnlyDirectoryExitsWithTheBindError() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        try (DaemonHarness d = new DaemonHarness("rofs-user")) {
            d.wrappedIn("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs none \"$0\" && mount -o remount,ro \"$0\" && exec \"$@\"",
                    ro.toString());
            d.service("anchor", "type = internal");
            d.options("-p", ro.resolve("sock").toString()).start("anchor");
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.lines()).contains(
                    "dinit: Error binding control socket: Read-only file system");
        }
    }

    @Test
    void startsLogConnectsTheMainLogToSyslogWithWhatWasLoggedBefore() throws Exception {
        Posix posix = JnrPosix.get();
        Path devlog = tmp.resolve("devlog");
        int listener = posix.bindUnixDatagram(devlog.toString());
        assertThat(listener).isGreaterThanOrEqualTo(0);
        try (DaemonHarness d = new DaemonHarness("syslog")) {
            d.wrappedIn(privateDevLog(devlog));
            d.service("a", "type = internal");
            d.service("syslog", "type = internal", "options = starts-log");
            d.service("boot", "type = internal", "depends-on = a", "depends-on = syslog");
            d.service("bad", "type = scripted", "command = /bin/false");
            d.start("boot");
            d.awaitLine("[  OK  ] boot");
            List<String> got = new ArrayList<>();
            awaitDatagrams(d, posix, listener, got, 3);
            // as upstream sends them: LOG_DAEMON + severity, each message one datagram
            assertThat(got).containsExactly(
                    "<29>dinit: service a started.\n",
                    "<29>dinit: service syslog started.\n",
                    "<29>dinit: service boot started.\n");
            assertThat(Ctl.ctl(d, "start", "bad").status()).isEqualTo(1);
            awaitDatagrams(d, posix, listener, got, 5);
            assertThat(got.subList(3, 5)).containsExactly(
                    "<27>dinit: Service bad command failed with exit code 1\n",
                    "<27>dinit: service bad failed to start.\n");
            // the syslog daemon goes away: the daemon logs on without it
            posix.close(listener);
            listener = -1;
            assertThat(Ctl.ctl(d, "start", "bad").status()).isEqualTo(1);
            assertThat(Ctl.ctl(d, "stop", "boot").status()).isZero();
            assertThat(d.awaitExit()).isZero(); // nothing left active: it ends by itself
        } finally {
            if (listener >= 0) {
                posix.close(listener);
            }
        }
    }

    @Test
    void startsLogWithNobodyListeningIsPassedOverSilently() throws Exception {
        Posix posix = JnrPosix.get();
        Path devlog = tmp.resolve("devlog");
        int stale = posix.bindUnixDatagram(devlog.toString());
        assertThat(stale).isGreaterThanOrEqualTo(0);
        posix.close(stale); // the file stays, nobody receives: connect is refused
        try (DaemonHarness d = new DaemonHarness("syslog-none")) {
            d.wrappedIn(privateDevLog(devlog));
            d.service("syslog", "type = internal", "options = starts-log");
            d.service("later", "type = internal", "options = starts-log");
            d.start("syslog");
            d.awaitLine("[  OK  ] syslog");
            assertThat(Ctl.ctl(d, "start", "later").status()).isZero();
            d.awaitLine("[  OK  ] later");
            assertThat(d.lines()).noneMatch(l -> l.contains("rror"));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A command for a scripted service: waits until the file exists, then runs the shell
     * command (so the test decides when the service starts).
     */
    private static String waitThen(DaemonHarness d, Path file, String command)
            throws IOException {
        Path script = d.dir.resolve("wait-" + Math.abs(command.hashCode()) + ".sh");
        Files.writeString(script, "#!/bin/sh\nwhile [ ! -e " + file
                + " ]; do sleep 0.02; done\nexec " + command + "\n");
        return "/bin/sh " + script;
    }

    /**
     * A wrapper giving the daemon a private {@code /dev} (a tmpfs with the usual devices bound
     * in) whose {@code /dev/log} is the given socket file.
     */
    private static String[] privateDevLog(Path devlog) {
        String script = "old=\"$0/olddev\" && mkdir -p \"$old\" && mount --rbind /dev \"$old\""
                + " && mount -t tmpfs none /dev"
                + " && for f in null zero full random urandom tty; do"
                + " touch /dev/$f && mount --bind \"$old/$f\" /dev/$f || exit 1; done"
                + " && touch /dev/log && mount --bind \"$0/devlog\" /dev/log && exec \"$@\"";
        return new String[] {"unshare", "-m", "--propagation", "private", "sh", "-c", script,
            devlog.getParent().toString()};
    }

    private static void awaitDatagrams(DaemonHarness d, Posix posix, int fd, List<String> got,
            int count) {
        byte[] buf = new byte[8192];
        d.await(() -> {
            int n;
            while ((n = posix.read(fd, buf, 0, buf.length)) > 0) {
                got.add(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return got.size() >= count;
        }, count + " syslog datagrams; have " + got);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
