package io.dinitj.posix.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a system manager's run (docs/cli.md §1.8) with real daemons: the shutdown program
 * executed with the requested action, the boot-failure question answered on a real
 * pseudo-terminal, and PID 1's console. The shutdown program is a script that records its
 * arguments ({@code -Ddinitj.shutdown}), so nothing here ends more than a namespace.
 */
class SystemManagerIntegrationTest {

    /** PID 1 of new PID and mount namespaces (unshare forks it and waits for it). */
    private static final String[] PID1 = {
        "unshare", "--pid", "--fork", "--kill-child", "--mount", "--mount-proc",
        "--propagation", "private"};

    private static String argsOf(DaemonHarness d, Path args) {
        d.await(() -> Files.exists(args), "the shutdown program to run");
        try {
            return Files.readString(args).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The acceptance case: PID 1 of a fresh PID and mount namespace in {@code -m} mode; a
     * service that traps SIGTERM is stopped gracefully on {@code dinitctl shutdown}, the console
     * shows the end of the run, the shutdown program runs with {@code --system -h}, and as it
     * was PID 1 when it ended, the namespace ends.
     */
    @Test
    void pid1_shutdownStopsGracefully_thenExecsTheShutdownProgram() throws Exception {
        try (DaemonHarness d = new DaemonHarness("sysmgr-pid1").wrappedIn(PID1)) {
            d.consoleInFile();
            Path args = d.recordShutdown();
            Path term = d.dir.resolve("term");
            d.service("boot", "type = process", "command = /bin/sh -c \"trap 'echo got TERM > "
                    + term + "; exit 0' TERM; while :; do sleep 0.1; done\"");
            d.start("-m");
            d.awaitLine("[  OK  ] boot");
            long t0 = System.nanoTime();
            Ctl c = ctl(d, "shutdown");
            assertThat(c.status()).as(c.toString()).isZero();
            assertThat(d.process().waitFor(10, TimeUnit.SECONDS)).as("namespace ended").isTrue();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(Files.readString(term)).isEqualTo("got TERM\n");
            d.awaitLine("dinit: No more active services. Will halt.");
            assertThat(argsOf(d, args)).isEqualTo("--system -h");
            System.out.println("shutdown -> namespace gone: " + ms + " ms");
        }
    }

    /** PID 1 without a controlling terminal takes the console as one (setsid + TIOCSCTTY). */
    @Test
    void pid1_withoutASession_makesTheConsoleItsControllingTerminal() throws Exception {
        try (DaemonHarness d = new DaemonHarness("sysmgr-ctty").onTerminal()) {
            d.wrappedIn(PID1);
            d.wrappedIn("setsid");
            d.consoleOnTerminal();
            Path args = d.recordShutdown();
            d.service("boot", "type = process", "command = /bin/sleep 100");
            d.start("-m");
            d.awaitLine("[  OK  ] boot");
            String[] stat = stat(d.javaPid());
            // Field 6 (session) is the daemon itself (pid 1 in its namespace: its host pid
            // here), field 7 (tty_nr) the terminal: not 0.
            assertThat(stat[5]).isEqualTo(Long.toString(d.javaPid()));
            assertThat(Integer.parseInt(stat[6])).as("tty_nr").isNotZero();
            // The harness's signal() would find a wrapper here: the JVM is three levels down.
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(d.javaPid()))
                    .start();
            assertThat(kill.waitFor()).isZero();
            assertThat(argsOf(d, args)).isEqualTo("--system -h");
        }
    }

    /** /proc/PID/stat's fields after the command name. */
    private static String[] stat(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
        String[] all = new String[rest.length + 2];
        all[0] = Long.toString(pid);
        all[1] = "(comm)";
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    // ------------------------------------------------------------------ boot failure

    private static final String QUESTION =
            "Choose: (r)eboot, r(e)covery, re(s)tart boot sequence, (p)ower off? ";

    /** A system manager (-m, not PID 1) whose boot fails at once, on a pseudo-terminal. */
    private static DaemonHarness failingBoot(String name) throws IOException {
        DaemonHarness d = new DaemonHarness(name).onTerminal();
        d.service("boot", "type = process", "command = /bin/false", "restart = no");
        return d;
    }

    private static void awaitQuestion(DaemonHarness d, int times) {
        // The question waits on its own line: the last one asked is the line being written.
        d.await(() -> d.lines().stream().filter(l -> l.startsWith(QUESTION)).count()
                + (d.partialLine().equals(QUESTION) ? 1 : 0) >= times, "the question x" + times);
        // The daemon turns the terminal's line mode off before it asks, so a key typed now is
        // read as typed.
    }

    @Test
    void bootFailure_r_reboots_afterAWrongKeyAsksAgain() throws Exception {
        try (DaemonHarness d = failingBoot("bootfail-r")) {
            Path args = d.recordShutdown();
            d.start("-m");
            d.awaitLine("All services have stopped with no shutdown issued; boot failure?");
            awaitQuestion(d, 1);
            d.type("x");
            awaitQuestion(d, 2);
            d.type("r");
            assertThat(argsOf(d, args)).isEqualTo("--system -r");
            assertThat(d.lines()).contains(QUESTION + "x", QUESTION + "r");
        }
    }

    @Test
    void bootFailure_p_powersOff_inEitherCase() throws Exception {
        try (DaemonHarness d = failingBoot("bootfail-p")) {
            Path args = d.recordShutdown();
            d.start("-m");
            awaitQuestion(d, 1);
            d.type("P");
            assertThat(argsOf(d, args)).isEqualTo("--system -p");
        }
    }

    /** e starts recovery; when it has stopped the question comes again; s restarts boot. */
    @Test
    void bootFailure_e_startsRecovery_s_restartsTheBootSequence() throws Exception {
        try (DaemonHarness d = failingBoot("bootfail-es")) {
            d.service("recovery", "type = process", "command = /bin/sleep 0.5", "restart = no");
            Path args = d.recordShutdown();
            d.start("-m");
            awaitQuestion(d, 1);
            d.type("e");
            d.awaitLine("[  OK  ] recovery");
            d.awaitLine("[STOPPD] recovery");
            awaitQuestion(d, 2);
            d.type("s");
            d.awaitLine("[  OK  ] boot", 2);
            awaitQuestion(d, 3);
            d.type("p");
            assertThat(argsOf(d, args)).isEqualTo("--system -p");
        }
    }

    @Test
    void bootFailure_e_withoutRecovery_saysSo_andAsksAgain() throws Exception {
        try (DaemonHarness d = failingBoot("bootfail-e")) {
            Path args = d.recordShutdown();
            d.start("-m");
            awaitQuestion(d, 1);
            d.type("E");
            d.awaitLine("Unable to start recovery service.");
            awaitQuestion(d, 2);
            d.type("r");
            assertThat(argsOf(d, args)).isEqualTo("--system -r");
        }
    }

    /** Without a terminal there is nobody to ask: {@code Halting.} and a halt. */
    @Test
    void bootFailure_withoutATerminal_halts() throws Exception {
        try (DaemonHarness d = new DaemonHarness("bootfail-noterm")) {
            d.service("boot", "type = process", "command = /bin/false", "restart = no");
            Path args = d.recordShutdown();
            d.start("-m");
            d.awaitLine("Halting.");
            assertThat(argsOf(d, args)).isEqualTo("--system -h");
            assertThat(d.lines()).doesNotContain(QUESTION);
        }
    }

    /** A shutdown program that cannot be executed: said, and (not PID 1) the daemon exits. */
    @Test
    void aMissingShutdownProgram_isReported_andTheDaemonEnds() throws Exception {
        try (DaemonHarness d = new DaemonHarness("sysmgr-noprog")) {
            d.service("boot", "type = process", "command = /bin/sleep 100");
            d.jvmOption("-Ddinitj.shutdown=" + d.dir.resolve("no-such-program"));
            d.start("-m", "--console-level", "error");
            d.awaitLine("[  OK  ] boot");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(d.lines()).contains("dinit: Error executing "
                    + d.dir.resolve("no-such-program") + ": No such file or directory");
        }
    }
    /**
     * The shutdown program as a service with the daemon's socket passed to it
     * ({@code pass-cs-fd}, {@code --use-passed-cfd}): it asks for a reboot over the real
     * protocol, the daemon stops everything and then execs the shutdown program (here the
     * recording script) with {@code --system -r}.
     */
    @Test
    void theShutdownProgram_onThePassedSocket_asksTheDaemonForAReboot() throws Exception {
        try (DaemonHarness d = new DaemonHarness("sysmgr-client")) {
            Path log = d.dir.resolve("down.log");
            d.service("boot", "type = process", "command = /bin/sleep 100");
            d.service("down", "type = process", "options = pass-cs-fd", "logfile = " + log,
                    "command = " + Path.of(System.getProperty("java.home"), "bin", "java")
                            + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path")
                            + " io.dinitj.posix.shutdown.DinitShutdown --use-passed-cfd -r");
            Path args = d.recordShutdown();
            d.start("-m", "--console-level", "info", "boot", "down");
            d.awaitLine("dinit: No more active services. Will reboot.");
            assertThat(d.awaitExit()).isZero();
            assertThat(Files.readString(args)).isEqualTo("--system -r\n");
            assertThat(Files.readString(log)).startsWith("Issuing shutdown command...\n");
        }
    }
}
