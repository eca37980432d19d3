package io.dinitj.posix.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real daemon with real children (issue 5's acceptance): each test starts it on a private
 * service directory under target/it, drives it with signals and its services' own behaviour,
 * and checks the console, the children (no process left, no zombie) and the daemon's file
 * descriptors (none leaked).
 */
class DaemonIntegrationTest {

    /** A process starts; SIGTERM stops it and the daemon exits 0 with nothing left behind. */
    @Test
    void processStartsAndStopsOnSigterm() throws Exception {
        try (DaemonHarness d = new DaemonHarness("basic")) {
            d.service("sleeper", "type = process", "command = /bin/sleep 100");
            d.start("sleeper");
            d.awaitLine("[  OK  ] sleeper");
            assertThat(d.children()).hasSize(1);
            d.signal("TERM");
            d.awaitLine("[STOPPD] sleeper");
            assertThat(d.awaitExit()).isZero();
            assertThat(Files.exists(d.socket)).isFalse();
        }
    }

    /** A crashing process is restarted; the restart limit stops it; the rest runs on. */
    @Test
    void crashRestartAndRestartLimit() throws Exception {
        try (DaemonHarness d = new DaemonHarness("restart")) {
            d.service("anchor", "type = process", "command = /bin/sleep 100");
            d.service("crash", "type = process", "command = /bin/sh -c \"sleep 0.05; exit 3\"");
            d.start("anchor", "crash");
            d.awaitLine("[  OK  ] anchor");
            int fds = d.fds().size();
            d.awaitContaining("Service crash restarting too quickly; stopping.");
            assertThat(d.count("[  OK  ] crash")).isEqualTo(4);
            assertThat(d.lines()).contains(
                    "dinit: Service crash process terminated with exit code 3");
            d.await(() -> d.children().size() == 1, "only anchor left, no zombie");
            assertThat(d.fds()).as("the daemon's fds after four launches").hasSize(fds);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** A child that ignores SIGTERM is killed at the stop timeout. */
    @Test
    void stopTimeoutKills() throws Exception {
        try (DaemonHarness d = new DaemonHarness("stubborn")) {
            d.service("stubborn", "type = process",
                    "command = /bin/sh -c \"trap '' TERM; while :; do sleep 0.1; done\"",
                    "stop-timeout = 0.5");
            d.start("stubborn");
            d.awaitLine("[  OK  ] stubborn");
            d.signal("TERM");
            d.awaitContaining("exceeded allowed stop time; killing.");
            d.awaitLine("[STOPPD] stubborn");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** A start that never reports readiness times out and fails. */
    @Test
    void startTimeoutFails() throws Exception {
        try (DaemonHarness d = new DaemonHarness("slow")) {
            d.service("slow", "type = process", "command = /bin/sleep 100",
                    "ready-notification = pipefd:3", "start-timeout = 0.5");
            d.start("slow");
            d.awaitContaining("exceeded allowed start time; cancelling.");
            d.awaitLine("[FAILED] slow");
            // As upstream, the timeout interrupts the start, and says so.
            assertThat(d.lines()).anyMatch(l -> l.startsWith(
                    "dinit: Interrupting start of service slow with pid ")
                    && l.endsWith(" (with SIGINT)."));
            // The service it was started for failed: our exit status 2 (upstream exits 0).
            assertThat(d.awaitExit()).isEqualTo(DaemonExit.SERVICE_FAILED);
        }
    }

    /** Readiness through a pipe fd: STARTED only once the process writes to it. */
    @Test
    void readinessThroughPipeFd() throws Exception {
        try (DaemonHarness d = new DaemonHarness("ready")) {
            d.service("ready", "type = process",
                    "command = /bin/sh -c \"sleep 0.3; echo READY >&3; exec sleep 100\"",
                    "ready-notification = pipefd:3");
            d.start("ready");
            d.awaitLine("[  OK  ] ready");
            d.signal("TERM");
            d.awaitLine("[STOPPD] ready");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** A scripted service runs its start command to start and its stop command to stop. */
    @Test
    void scriptedStartAndStop() throws Exception {
        try (DaemonHarness d = new DaemonHarness("scripted")) {
            Path started = d.dir.resolve("started");
            Path stopped = d.dir.resolve("stopped");
            d.service("script", "type = scripted",
                    "command = /bin/sh -c \"echo up > " + started + "\"",
                    "stop-command = /bin/sh -c \"echo down > " + stopped + "\"");
            d.service("anchor", "type = process", "command = /bin/sleep 100",
                    "depends-on = script");
            d.start("anchor");
            d.awaitLine("[  OK  ] anchor");
            assertThat(Files.readString(started)).isEqualTo("up\n");
            d.signal("TERM");
            d.awaitLine("[STOPPD] script");
            assertThat(d.awaitExit()).isZero();
            assertThat(Files.readString(stopped)).isEqualTo("down\n");
        }
    }

    /** A scripted service's stop command logs per log-type too: both lines in its buffer. */
    @Test
    void scriptedStopCommandLogsToTheBuffer() throws Exception {
        try (DaemonHarness d = new DaemonHarness("scripted-buffer")) {
            d.service("script", "type = scripted", "log-type = buffer",
                    "command = /bin/echo up", "stop-command = /bin/echo down");
            d.service("keep", "type = process", "command = /bin/sleep 100");
            d.start("keep", "script");
            d.awaitLine("[  OK  ] script");
            assertThat(Ctl.ctl(d, "stop", "script").status()).isZero();
            assertThat(Ctl.ctl(d, "catlog", "script")).isEqualTo(new Ctl(0, "up\ndown\n", ""));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** A bgprocess: the launcher forks a daemon and writes its pid; the daemon is supervised. */
    @Test
    void bgprocessWithPidFile() throws Exception {
        try (DaemonHarness d = new DaemonHarness("bg")) {
            Path pidFile = d.dir.resolve("bg.pid");
            d.service("bg", "type = bgprocess",
                    "command = /bin/sh -c \"sleep 100 & echo $$! > " + pidFile + "\"",
                    "pid-file = " + pidFile);
            d.start("bg");
            d.awaitLine("[  OK  ] bg");
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(ProcessHandle.of(pid)).isPresent();
            d.signal("TERM");
            d.awaitLine("[STOPPD] bg");
            assertThat(d.awaitExit()).isZero();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    /**
     * Commands that cannot run fail with the spec's message at their stage, and the daemon runs
     * on: a missing command, one that is not executable, a missing working directory, a log
     * file in a missing directory.
     */
    @Test
    void launchFailuresAreReportedAndTheRestRunOn() throws Exception {
        try (DaemonHarness d = new DaemonHarness("failures")) {
            Path notExec = d.dir.resolve("not-executable");
            Files.writeString(notExec, "#!/bin/sh\n");
            d.service("missing", "type = process", "command = /nonexistent/program");
            d.service("noexec", "type = process", "command = " + notExec);
            d.service("nodir", "type = process", "command = /bin/sleep 100",
                    "working-dir = /nonexistent/dir");
            d.service("nolog", "type = process", "command = /bin/sleep 100",
                    "log-type = file", "logfile = /nonexistent/dir/out.log");
            d.service("fine", "type = process", "command = /bin/sleep 100");
            d.start("missing", "noexec", "nodir", "nolog", "fine");
            d.awaitLine("[  OK  ] fine");
            d.awaitLine("[FAILED] nolog");
            assertThat(d.lines()).contains(
                    "dinit: missing: execution failed - executing command: No such file or"
                            + " directory",
                    "[FAILED] missing",
                    "dinit: noexec: execution failed - executing command: Permission denied",
                    "[FAILED] noexec",
                    "dinit: nodir: execution failed - changing directory: No such file or"
                            + " directory",
                    "[FAILED] nodir",
                    "dinit: nolog: execution failed - opening log file: No such file or"
                            + " directory");
            assertThat(d.children()).hasSize(1);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** Output to a log file, appended, with the file's permissions set. */
    @Test
    void logFile() throws Exception {
        try (DaemonHarness d = new DaemonHarness("logfile")) {
            d.service("talker", "type = process",
                    "command = /bin/sh -c \"echo hello; echo oops >&2; exec sleep 100\"",
                    "log-type = file", "logfile = talker.log", "logfile-permissions = 0640");
            d.start("talker");
            d.awaitLine("[  OK  ] talker");
            Path log = d.services.resolve("talker.log");
            d.await(() -> {
                try {
                    return Files.readString(log).equals("hello\noops\n");
                } catch (java.io.IOException e) {
                    return false;
                }
            }, "log file content");
            assertThat(Files.getPosixFilePermissions(log)).extracting(Enum::name)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "GROUP_READ");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * The daemon's fd count does not grow while a service with a readiness pipe and an output
     * buffer restarts over and over; nothing is left once it stops.
     */
    @Test
    void noFdLeakAcrossRestarts() throws Exception {
        try (DaemonHarness d = new DaemonHarness("fds")) {
            d.service("bouncer", "type = process",
                    "command = /bin/sh -c \"echo READY >&3; echo out; sleep 0.1; exit 1\"",
                    "restart-limit-count = 0", "restart-delay = 0.05", "log-type = buffer",
                    "ready-notification = pipefd:3");
            d.start("bouncer");
            d.awaitLine("[  OK  ] bouncer", 3);
            int before = d.fds().size();
            d.awaitLine("[  OK  ] bouncer", 15);
            int after = d.fds().size();
            // Sampled at different moments of a restart, so allow the readiness pipe's end.
            assertThat(after).as("fds after 12 more restarts (before: %d)", before)
                    .isLessThanOrEqualTo(before + 1);
            d.signal("TERM");
            d.awaitLine("[STOPPD] bouncer");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * A child that floods stdout into a buffer log never blocks the loop: another service keeps
     * being restarted on time meanwhile, and the flooding one stops on request.
     */
    @Test
    void floodingChildDoesNotBlockTheLoop() throws Exception {
        try (DaemonHarness d = new DaemonHarness("flood")) {
            d.service("flood", "type = process", "command = /usr/bin/yes flood",
                    "log-type = buffer", "log-buffer-size = 1024");
            d.service("ticker", "type = process", "command = /bin/sh -c \"sleep 0.1; exit 1\"",
                    "restart-limit-count = 0");
            d.start("flood", "ticker");
            d.awaitLine("[  OK  ] flood");
            d.awaitLine("[  OK  ] ticker", 8);
            d.signal("TERM");
            d.awaitLine("[STOPPD] flood");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** In user mode the daemon exits by itself once no service is active. */
    @Test
    void exitsWhenNothingIsActive() throws Exception {
        try (DaemonHarness d = new DaemonHarness("oneshot")) {
            d.service("oneshot", "type = process", "command = /bin/sh -c \"exit 0\"",
                    "restart = no");
            d.start("oneshot");
            d.awaitLine("[STOPPD] oneshot");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** --ready-fd writes the socket path and a NUL once the socket is bound. */
    @Test
    void readyFdReportsSocketPath() throws Exception {
        try (DaemonHarness d = new DaemonHarness("readyfd")) {
            d.service("sleeper", "type = process", "command = /bin/sleep 100");
            d.start("--ready-fd", "1", "sleeper");
            // The path and NUL have no line end of their own, and the console is written by
            // another thread: they share a line with a status line, in either order.
            d.awaitContaining("[  OK  ] sleeper");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(d.lines()).anyMatch(l -> l.contains(d.socket + "\0"));
        }
    }

    /** Readiness through pipevar: the fd number arrives in the named variable. */
    @Test
    void readinessThroughPipeVar() throws Exception {
        try (DaemonHarness d = new DaemonHarness("pipevar")) {
            d.service("ready", "type = process",
                    "command = /bin/sh -c \"echo up >&$$READY_FD; exec sleep 100\"",
                    "ready-notification = pipevar:READY_FD");
            d.start("ready");
            d.awaitLine("[  OK  ] ready");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** Options the daemon refuses: a clear message on stderr and exit status 1. */
    @Test
    void badOptions() throws Exception {
        try (DaemonHarness d = new DaemonHarness("badopt")) {
            d.start("--frobnicate");
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.lines()).containsExactly("dinit: unrecognized option: --frobnicate");
        }
        try (DaemonHarness d = new DaemonHarness("badfd")) {
            d.start("--ready-fd", "x");
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.lines()).containsExactly(
                    "dinit: '--ready-fd' (-F) requires a numerical argument");
        }
    }

    /**
     * A process that dies before it is ready: its exit status is logged before the failure,
     * as upstream logs it ({@code Service x process terminated with exit code 1}); one that
     * closes its readiness pipe and lives on is brought down with no such line.
     */
    @Test
    void deathBeforeReadinessIsLoggedWithItsStatus() throws Exception {
        try (DaemonHarness d = new DaemonHarness("unready")) {
            d.service("dies", "type = process", "command = /bin/sh -c \"exit 3\"",
                    "ready-notification = pipefd:3");
            d.service("closes", "type = process",
                    "command = /bin/sh -c \"exec 3>&-; sleep 100\"",
                    "ready-notification = pipefd:3");
            d.start("dies", "closes");
            d.awaitLine("[FAILED] dies");
            d.awaitLine("[FAILED] closes");
            assertThat(d.awaitExit()).isEqualTo(DaemonExit.SERVICE_FAILED);
            List<String> lines = d.lines();
            int status = lines.indexOf("dinit: Service dies process terminated with exit code 3");
            assertThat(status).isNotNegative().isLessThan(lines.indexOf("[FAILED] dies"));
            assertThat(lines).noneMatch(l -> l.startsWith("dinit: Service closes"));
        }
    }

    /**
     * Load failures of the services named on the command line, as upstream's daemon logs
     * them: the root cause first, then each service that needed it; lint is not logged.
     */
    @Test
    void loadFailuresAreLoggedAsUpstream() throws Exception {
        try (DaemonHarness d = new DaemonHarness("loadlog")) {
            d.service("no-command", "type = process");
            d.service("boot", "type = internal", "depends-on = mid");
            d.service("mid", "type = internal", "depends-on = gone");
            d.service("linted", "type = internal", "command = /bin/true");
            d.start("no-command", "boot", "linted");
            d.awaitLine("[  OK  ] linted");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(d.lines()).containsExactly(
                    "dinit: no-command: error loading: 'command' setting not specified.",
                    "dinit: Could not load service gone: service description not found.",
                    "dinit: Could not load service mid: could not load dependency.",
                    "dinit: boot: error loading: could not load dependency.",
                    "[  OK  ] linted",
                    "[STOPPD] linted");
        }
    }
}
