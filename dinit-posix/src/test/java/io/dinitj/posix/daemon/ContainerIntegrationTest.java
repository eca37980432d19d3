package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.Ctl.ctlText;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon as a container's init (issue 8): container mode ({@code -o}), PID 1 of a new PID
 * namespace ({@code unshare --pid --fork --mount-proc}, we run as root), orphan reaping,
 * {@code kill-all-on-stop}, shutdown types and the exit status. Every test checks that the
 * daemon's processes are gone and no zombie is left.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContainerIntegrationTest {

    private static final int ORPHANS = 1000;
    private static final String[] PID_NAMESPACE = {
        "unshare", "--pid", "--fork", "--kill-child", "--mount-proc"};

    // ------------------------------------------------------------------ orphans

    /**
     * A service leaves 1,000 orphaned grandchildren (double fork); each is re-parented to the
     * daemon (a child subreaper), none is reported to a service, and once they all exit at
     * once every one is reaped: no zombie child of the daemon is left.
     */
    @Test
    void reapsAThousandOrphansInContainerMode() throws Exception {
        try (DaemonHarness d = new DaemonHarness("orphans")) {
            reapOrphans(d);
        }
    }

    /** The same as PID 1 of its own PID namespace, where orphans go to init anyway. */
    @Test
    void reapsAThousandOrphansAsPid1() throws Exception {
        try (DaemonHarness d = new DaemonHarness("orphans-pid1").wrappedIn(PID_NAMESPACE)) {
            reapOrphans(d);
        }
    }

    private static void reapOrphans(DaemonHarness d) throws Exception {
        Path fifo = d.dir.resolve("fifo");
        mkfifo(fifo);
        // Each (cat &) subshell exits at once, leaving cat orphaned, blocked opening the FIFO.
        d.service("orphans", "type = scripted",
                "command = /bin/sh -c \"i=0; while [ $$i -lt " + ORPHANS + " ]; do (cat " + fifo
                        + " > /dev/null &); i=$$((i+1)); done\"");
        d.service("anchor", "type = internal");
        long spawnStart = System.nanoTime();
        d.start("-o", "anchor", "orphans");
        d.awaitLine("[  OK  ] orphans");
        // Every orphan is now the daemon's own child, waiting for a writer on the FIFO.
        d.await(() -> waitingOrphans(d) == ORPHANS, ORPHANS + " orphans adopted by the daemon");
        // Counted once the daemon is settled (seconds after start-up, not at the OK line).
        int fds = d.fds().size();
        List<String> fdsBefore = d.fdTargets();
        long spawned = System.nanoTime() - spawnStart;
        long reapStart = System.nanoTime();
        new FileOutputStream(fifo.toFile()).close(); // all of them read EOF and exit
        d.await(() -> zombies(d) == 0 && d.children().isEmpty(),
                "every orphan reaped; children " + d.children().size());
        long reaped = System.nanoTime() - reapStart;
        System.out.printf("%s: %d orphans adopted within %d ms of daemon launch; all reaped, no"
                + " zombie left, %d ms after they were released%n", d.dir.getFileName(), ORPHANS,
                spawned / 1_000_000, reaped / 1_000_000);
        // No service heard of them: nothing stopped, nothing was reported terminated.
        assertThat(d.lines()).noneMatch(l -> l.contains("STOPPD") || l.contains("terminated")
                || l.contains("FAILED") || l.contains("internal error"));
        d.await(() -> fdCount(d) == fds, () -> "the daemon's " + fds + " fds after reaping;"
                + " before " + fdsBefore + ", now " + d.fdTargets());
        assertThat(ctlText(d, "is-started", "orphans")).isEqualTo("0 STARTED\n");
        d.signal("TERM");
        d.awaitLine("[STOPPD] orphans");
        assertThat(d.awaitExit()).isZero();
    }

    /** The daemon's children that are blocked opening the FIFO (the orphans, waiting). */
    private static int waitingOrphans(DaemonHarness d) {
        int n = 0;
        for (String c : d.children()) {
            String pid = c.split(" ")[0];
            try {
                if (Files.readString(Path.of("/proc", pid, "wchan")).equals("wait_for_partner")) {
                    n++;
                }
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return n;
    }

    private static int fdCount(DaemonHarness d) {
        try {
            return d.fds().size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Zombies among the daemon's children: state Z with ppid = the daemon. */
    private static long zombies(DaemonHarness d) {
        return d.children().stream().filter(c -> c.endsWith(" Z")).count();
    }

    // ------------------------------------------------------------------ kill-all-on-stop

    /**
     * kill-all-on-stop, not PID 1: stopping the service sends SIGTERM to every descendant of the
     * daemon (other services' processes and orphans included), and one second later SIGKILL to
     * what ignored it, before the service reaches STOPPED. Processes outside the daemon's tree
     * (this test's JVM among them) are left alone.
     */
    @Test
    void killAllOnStopKillsTheDaemonsDescendants() throws Exception {
        try (DaemonHarness d = new DaemonHarness("killall")) {
            killAll(d);
        }
    }

    /** kill-all-on-stop as PID 1 of a PID namespace: {@code kill(-1)}, every other process. */
    @Test
    void killAllOnStopAsPid1() throws Exception {
        try (DaemonHarness d = new DaemonHarness("killall-pid1").wrappedIn(PID_NAMESPACE)) {
            killAll(d);
        }
    }

    private static void killAll(DaemonHarness d) throws Exception {
        d.service("killer", "type = internal", "options = kill-all-on-stop");
        d.service("victim", "type = process", "command = /bin/sleep 100", "restart = no");
        // An orphan that ignores SIGTERM: only the SIGKILL round ends it.
        d.service("stubborn", "type = scripted",
                "command = /bin/sh -c \"(trap '' TERM; sleep 100 &)\"");
        d.start("-o", "killer", "victim", "stubborn");
        d.awaitLine("[  OK  ] stubborn");
        d.awaitLine("[  OK  ] victim");
        d.await(() -> d.children().size() == 2, "victim and the orphan as the daemon's children");
        assertThat(ctlText(d, "stop", "killer")).isEqualTo("0 Service 'killer' stopped.\n");
        // When killer has stopped, both rounds are over: nothing of the daemon's is left.
        assertThat(d.lines()).contains("dinit: Service victim terminated due to signal 15");
        d.assertNoChildren();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        d.signal("TERM");
        assertThat(d.awaitExit()).isZero();
    }

    // ------------------------------------------------------------------ exit status

    /** Everything ended by itself and a named service failed to start: exit status 2. */
    @Test
    void exitStatusTwoWhenABootServiceFailsToStart() throws Exception {
        try (DaemonHarness d = new DaemonHarness("exit-failstart")) {
            d.service("boot", "type = internal", "depends-on = app");
            d.service("app", "type = process", "command = /nonexistent/program");
            d.start("-o");
            d.awaitLine("[FAILED] boot");
            assertThat(d.awaitExit()).isEqualTo(DaemonExit.SERVICE_FAILED);
        }
    }

    /** A named process that exits with a failure status and is not restarted: exit status 2. */
    @Test
    void exitStatusTwoWhenABootServiceDiesFailing() throws Exception {
        try (DaemonHarness d = new DaemonHarness("exit-dies")) {
            d.service("app", "type = process", "command = /bin/sh -c \"sleep 0.2; exit 3\"",
                    "restart = no");
            d.start("-o", "app");
            d.awaitLine("[  OK  ] app");
            assertThat(d.awaitExit()).isEqualTo(DaemonExit.SERVICE_FAILED);
            assertThat(d.lines()).contains("dinit: Service app process terminated with exit code 3");
        }
    }

    /** A named service that cannot be found or loaded: exit status 2. */
    @Test
    void exitStatusTwoWhenABootServiceCannotBeLoaded() throws Exception {
        try (DaemonHarness d = new DaemonHarness("exit-missing")) {
            d.start("-o", "missing");
            assertThat(d.awaitExit()).isEqualTo(DaemonExit.SERVICE_FAILED);
            assertThat(d.lines()).containsExactly(
                    "dinit: missing: could not find service description.");
        }
    }

    /**
     * Exit status 0 when everything ends well, even if a soft (waits-for) dependency failed, and
     * after a requested shutdown even if a service had failed.
     */
    @Test
    void exitStatusZeroWhenNothingCriticalFailed() throws Exception {
        try (DaemonHarness d = new DaemonHarness("exit-soft")) {
            d.service("boot", "type = process", "command = /bin/sh -c \"sleep 0.2; exit 0\"",
                    "restart = no", "waits-for = optional");
            d.service("optional", "type = process", "command = /nonexistent/program");
            d.start("-o");
            d.awaitLine("[FAILED] optional");
            d.awaitLine("[STOPPD] boot");
            assertThat(d.awaitExit()).isZero();
        }
        try (DaemonHarness d = new DaemonHarness("exit-requested")) {
            d.service("app", "type = process", "command = /nonexistent/program");
            d.service("anchor", "type = internal");
            d.start("-o", "anchor", "app");
            d.awaitLine("[FAILED] app");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    // ------------------------------------------------------------------ shutdown requests

    /** Shutdown types halt, poweroff, soft-reboot and kexec end a container-mode daemon with 0. */
    @Test
    void haltPoweroffSoftRebootAndKexecExitZero() throws Exception {
        for (int type : new int[] {2, 3, 5, 6}) {
            try (DaemonHarness d = new DaemonHarness("shutdown-" + type)) {
                d.service("app", "type = process", "command = /bin/sleep 100");
                d.start("-o", "app");
                d.awaitLine("[  OK  ] app");
                shutdown(d, type);
                d.awaitLine("[STOPPD] app");
                assertThat(d.awaitExit()).as("shutdown type %d", type).isZero();
            }
        }
    }

    /**
     * Shutdown type reboot, not PID 1: everything stops and the daemon terminates itself with
     * SIGINT, as upstream (seen here as status 130).
     */
    @Test
    void rebootEndsWithSigint() throws Exception {
        try (DaemonHarness d = new DaemonHarness("shutdown-reboot")) {
            d.service("app", "type = process", "command = /bin/sleep 100");
            d.start("-o", "app");
            d.awaitLine("[  OK  ] app");
            shutdown(d, 4);
            d.awaitLine("[STOPPD] app");
            assertThat(d.awaitExit()).isEqualTo(DaemonExit.REBOOT);
            assertThat(Files.exists(d.socket)).isFalse();
        }
    }

    /**
     * Shutdown type remain: every service stops and the daemon stays up (idle, serving the
     * socket); a later SIGTERM ends it with 0.
     */
    @Test
    void remainKeepsTheDaemonUntilSigterm() throws Exception {
        try (DaemonHarness d = new DaemonHarness("shutdown-remain")) {
            d.service("app", "type = process", "command = /bin/sleep 100");
            d.start("-o", "app");
            d.awaitLine("[  OK  ] app");
            shutdown(d, 1);
            d.awaitLine("[STOPPD] app");
            d.assertNoChildren();
            assertThat(ctlText(d, "start", "app")).isEqualTo(
                    "1 dinitctl: cannot start/restart/wake service, shutdown is in progress.\n");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * SIGHUP, SIGUSR2 and SIGQUIT (the JVM's thread dump) leave the daemon and its services
     * running; SIGINT to a user or container instance is then a halt, not a reboot: exit 0.
     */
    @Test
    void sigintInContainerModeHalts() throws Exception {
        try (DaemonHarness d = new DaemonHarness("sigint")) {
            d.service("app", "type = process", "command = /bin/sleep 100");
            d.start("-o", "app");
            d.awaitLine("[  OK  ] app");
            d.signal("HUP");
            d.signal("USR2");
            d.signal("QUIT");
            d.awaitContaining("Full thread dump");
            assertThat(ctlText(d, "is-started", "app")).isEqualTo("0 STARTED\n");
            d.signal("INT");
            d.awaitLine("[STOPPD] app");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * PID 1 of a PID namespace in container mode: SIGTERM from outside (a container runtime's
     * stop) stops the services and the daemon exits 0, taking nothing with it but its tree.
     */
    @Test
    void sigtermToPid1ContainerExitsZero() throws Exception {
        try (DaemonHarness d = new DaemonHarness("pid1-term").wrappedIn(PID_NAMESPACE)) {
            d.service("app", "type = process", "command = /bin/sleep 100");
            d.start("-o", "app");
            d.awaitLine("[  OK  ] app");
            assertThat(ctlText(d, "status", "app")).contains("State: STARTED");
            d.signal("TERM");
            d.awaitLine("[STOPPD] app");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * PID 1 without {@code -o} is a system manager: SIGINT requests a reboot; once its services
     * have stopped the daemon says so on its console (/dev/console, which it opened again:
     * here a file bound over it) and becomes the shutdown program with {@code --system -r}
     * (here a script that records that and ends the namespace by exiting).
     */
    @Test
    void sigintToPid1SystemManagerRequestsReboot() throws Exception {
        try (DaemonHarness d = new DaemonHarness("pid1-int").wrappedIn(PID_NAMESPACE)) {
            d.consoleInFile();
            Path args = d.recordShutdown();
            d.service("app", "type = process", "command = /bin/sleep 100");
            d.start("--console-level", "info", "-t", "app");
            d.awaitLine("[  OK  ] app");
            d.signal("INT");
            d.awaitLine("[STOPPD] app");
            assertThat(d.awaitExit()).isZero();
            d.awaitLine("dinit: No more active services. Will reboot.");
            assertThat(Files.readString(args)).isEqualTo("--system -r\n");
        }
    }

    /**
     * A system manager (here forced with {@code -m}, not PID 1) whose boot fails with
     * {@code --auto-recovery}: it logs the boot failure, starts {@code recovery} and runs on with
     * it; a SIGTERM then halts it: the shutdown program (a script recording its arguments) runs
     * with {@code --system -h}.
     */
    @Test
    void autoRecoveryAfterBootFailure() throws Exception {
        try (DaemonHarness d = new DaemonHarness("recovery")) {
            d.service("boot", "type = process", "command = /bin/sh -c \"exit 1\"",
                    "restart = no");
            d.service("recovery", "type = process", "command = /bin/sleep 100");
            Path args = d.recordShutdown();
            d.start("-m", "-r", "--console-level", "info", "boot");
            d.awaitLine("[  OK  ] recovery");
            assertThat(d.lines()).contains(
                    "dinit: No more active services. Will handle boot failure.");
            d.signal("TERM");
            d.awaitLine("dinit: No more active services. Will halt.");
            assertThat(d.awaitExit()).isZero();
            assertThat(Files.readString(args)).isEqualTo("--system -h\n");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    /** Sends SHUTDOWN with a type over a raw connection and waits for the first reply byte. */
    private static void shutdown(DaemonHarness d, int type) throws IOException {
        try (var c = java.nio.channels.SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(d.socket));
            c.write(ByteBuffer.wrap(new byte[] {0x0a, (byte) type}));
            ByteBuffer reply = ByteBuffer.allocate(256);
            assertThat(c.read(reply)).isPositive();
        }
    }
}
