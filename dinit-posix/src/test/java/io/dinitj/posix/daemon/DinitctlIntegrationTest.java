package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * dinitctl against the real daemon over the real socket: the client's exact output and exit
 * status for the commands a user runs most, with real processes behind them.
 */
class DinitctlIntegrationTest {

    private static DaemonHarness daemon(String name) throws Exception {
        DaemonHarness d = new DaemonHarness(name);
        d.service("boot", "type = internal", "depends-on = web", "waits-for = trig");
        d.service("web", "type = process",
                "command = /bin/sh -c \"echo web listening; exec sleep 100\"",
                "log-type = buffer");
        d.service("trig", "type = triggered");
        d.service("spare", "type = process", "command = /bin/sleep 100");
        d.service("spare2", "type = process", "command = /bin/sleep 100");
        d.service("broken", "type = process", "command = /nonexistent/program");
        return d;
    }

    @Test
    void listStatusCatlogAndTrigger() throws Exception {
        try (DaemonHarness d = daemon("ctl-list")) {
            d.start("boot");
            d.awaitLine("[  OK  ] web");
            Ctl list = ctl(d, "list");
            assertThat(list.status()).isZero();
            assertThat(list.out()).matches("(?s)\\[\\[ \\]<<   \\] boot\n\\[\\{\\+\\}     \\] web"
                    + " \\(pid: \\d+\\)\n\\[\\{ \\}<<   \\] trig\n");
            Ctl status = ctl(d, "status", "web");
            assertThat(status.status()).isZero();
            assertThat(status.out()).contains("Service: web\n", "    State: STARTED\n");
            Ctl log = ctl(d, "catlog", "web");
            assertThat(log).isEqualTo(new Ctl(0, "web listening\n", ""));
            assertThat(ctl(d, "trigger", "trig")).isEqualTo(new Ctl(0, "", ""));
            d.awaitLine("[  OK  ] boot");
            assertThat(ctl(d, "is-started", "boot")).isEqualTo(new Ctl(0, "STARTED\n", ""));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void startStopRestartAndDependents() throws Exception {
        try (DaemonHarness d = daemon("ctl-stop")) {
            // spare keeps the daemon running (a user daemon exits when nothing is active).
            d.start("boot", "spare");
            d.awaitLine("[  OK  ] web");
            d.awaitLine("[  OK  ] spare");
            Ctl refused = ctl(d, "stop", "web");
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.err()).isEqualTo(
                    "dinitctl: cannot stop service 'web' due to the following dependents:\n"
                            + "(only direct dependents are listed. Exercise caution before using"
                            + " '--force' !!)\n  boot\n");
            Ctl forced = ctl(d, "stop", "--force", "web");
            assertThat(forced).isEqualTo(new Ctl(0, "Service 'web' stopped.\n", ""));
            assertThat(ctl(d, "is-started", "boot")).isEqualTo(new Ctl(1, "STOPPED\n", ""));
            assertThat(ctl(d, "start", "spare")).isEqualTo(
                    new Ctl(0, "Service (already) started.\n", ""));
            // A process without readiness is up once its exec is known to have worked, which
            // (as with upstream's fork) the loop reports after the reply: ACK, then STARTED.
            assertThat(ctl(d, "start", "spare2")).isEqualTo(
                    new Ctl(0, "Service 'spare2' started.\n", ""));
            assertThat(ctl(d, "restart", "spare2")).isEqualTo(new Ctl(0,
                    "Service 'spare2' stopped.\nService 'spare2' started.\n", ""));
            assertThat(ctl(d, "restart", "web")).isEqualTo(new Ctl(1, "",
                    "dinitctl: cannot restart service; service not started.\n"));
            assertThat(ctl(d, "release", "spare2")).isEqualTo(
                    new Ctl(0, "Service 'spare2' stopped.\n", ""));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void failuresAndBadRequests() throws Exception {
        try (DaemonHarness d = daemon("ctl-fail")) {
            d.start("spare");
            d.awaitLine("[  OK  ] spare");
            Ctl failed = ctl(d, "start", "broken");
            assertThat(failed.status()).isEqualTo(1);
            // The daemon ACKs before the failure events (upstream's dinitctl would hang
            // otherwise), and the stage is the step that failed, as with upstream's daemon.
            assertThat(failed.out()).isEqualTo("Service 'broken' failed to start.\n"
                    + "Reason: execution of service process failed:\n"
                    + "        Stage: executing command\n"
                    + "        Error: No such file or directory\n");
            d.service("nowd", "type = process", "command = /bin/sleep 100",
                    "working-dir = /nonexistent/dir");
            assertThat(ctl(d, "start", "nowd")).isEqualTo(new Ctl(1,
                    "Service 'nowd' failed to start.\n"
                    + "Reason: execution of service process failed:\n"
                    + "        Stage: changing directory\n"
                    + "        Error: No such file or directory\n", ""));
            d.service("needsbroken", "type = internal", "depends-on = broken");
            assertThat(ctl(d, "start", "needsbroken")).isEqualTo(new Ctl(1,
                    "Service 'needsbroken' failed to start.\n"
                    + "Reason: a dependency of the service failed to start. Check dinit log.\n",
                    ""));
            Ctl isFailed = ctl(d, "is-failed", "broken");
            assertThat(isFailed.status()).isZero();
            Ctl missing = ctl(d, "start", "no-such-service");
            assertThat(missing.status()).isEqualTo(1);
            assertThat(missing.err()).isNotEmpty();
            assertThat(ctl(d, "unload", "needsbroken").status()).isZero();
            assertThat(ctl(d, "unload", "broken")).isEqualTo(new Ctl(0, "Service 'broken' unloaded.\n", ""));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** wake, unpin, add-dep/rm-dep, reload, untrigger, signal, setenv and shutdown. */
    @Test
    void graphEnvironmentSignalsAndShutdown() throws Exception {
        try (DaemonHarness d = daemon("ctl-more")) {
            d.service("soft", "type = internal", "waits-for = spare2");
            d.start("soft", "spare");
            d.awaitLine("[  OK  ] soft");
            // stop spare2 under its running soft dependent, then wake it back for it
            assertThat(ctl(d, "stop", "spare2").status()).isZero();
            assertThat(ctl(d, "wake", "spare2").status()).isZero();
            d.awaitLine("[  OK  ] spare2", 2);
            assertThat(ctl(d, "wake", "web")).isEqualTo(new Ctl(1, "",
                    "dinitctl: service has no active dependents, cannot wake.\n"));
            assertThat(ctl(d, "start", "--pin", "spare2").status()).isZero();
            assertThat(ctl(d, "stop", "spare2")).isEqualTo(new Ctl(1, "",
                    "dinitctl: cannot stop service 'spare2' as it is pinned started\n"));
            assertThat(ctl(d, "unpin", "spare2")).isEqualTo(
                    new Ctl(0, "Service 'spare2' unpinned.\n", ""));
            assertThat(ctl(d, "add-dep", "waits-for", "soft", "trig")).isEqualTo(
                    new Ctl(0, "Service 'soft': dependency 'trig' added\n", ""));
            assertThat(ctl(d, "add-dep", "need", "trig", "soft")).isEqualTo(new Ctl(1, "",
                    "dinitctl: could not add dependency: circular dependency or wrong state\n"));
            assertThat(ctl(d, "rm-dep", "waits-for", "soft", "trig")).isEqualTo(
                    new Ctl(0, "Service 'soft': dependency 'trig' removed\n", ""));
            assertThat(ctl(d, "untrigger", "spare")).isEqualTo(new Ctl(1, "",
                    "dinitctl: cannot trigger a service that is not of 'triggered' type.\n"));
            d.service("spare", "type = process", "command = /bin/sleep 200");
            assertThat(ctl(d, "reload", "spare")).isEqualTo(
                    new Ctl(0, "Service 'spare' reloaded.\n", ""));
            assertThat(ctl(d, "setenv", "GREETING=hello")).isEqualTo(new Ctl(0, "", ""));
            assertThat(ctl(d, "signal", "HUP", "soft")).isEqualTo(new Ctl(1, "",
                    "dinitctl: could not get valid PID of service; service is not process-based"
                            + " or is in wrong state.\n"));
            assertThat(ctl(d, "signal", "TERM", "spare")).isEqualTo(new Ctl(0, "", ""));
            d.awaitLine("[  OK  ] spare", 2); // killed by the signal, restarted
            Ctl shutdown = ctl(d, "shutdown");
            assertThat(shutdown.status()).as("%s", shutdown).isZero();
            assertThat(shutdown.out()).startsWith("Shutting down dinit...\n");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** enable/disable with a waits-for.d link, unsetenv, catlog --clear, --json, --no-wait. */
    @Test
    void enableDisableJsonAndMore() throws Exception {
        try (DaemonHarness d = daemon("ctl-enable")) {
            java.nio.file.Files.createDirectories(d.services.resolve("boot.d"));
            d.service("boot", "type = internal", "waits-for.d = boot.d");
            d.start("boot", "spare");
            d.awaitLine("[  OK  ] boot");
            // web (a process without readiness) is still starting when the reply comes, as with
            // upstream, so dinitctl waits for it.
            assertThat(ctl(d, "enable", "web")).isEqualTo(new Ctl(0,
                    "Service 'web' has been enabled.\nService 'web' started.\n", ""));
            assertThat(java.nio.file.Files.isSymbolicLink(d.services.resolve("boot.d/web")))
                    .isTrue();
            assertThat(ctl(d, "enable", "web")).isEqualTo(new Ctl(1, "",
                    "dinitctl: service already enabled.\n"));
            Ctl disable = ctl(d, "disable", "web");
            assertThat(disable.status()).isZero();
            assertThat(disable.out()).isEqualTo("Service 'web' has been disabled.\n");
            assertThat(java.nio.file.Files.exists(d.services.resolve("boot.d/web"),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
            d.awaitLine("[STOPPD] web");
            assertThat(ctl(d, "setenv", "A=1")).isEqualTo(new Ctl(0, "", ""));
            assertThat(ctl(d, "unsetenv", "A")).isEqualTo(new Ctl(0, "", ""));
            assertThat(ctl(d, "start", "web").status()).isZero();
            d.awaitLine("[  OK  ] web", 2);
            // Started means launched, not yet written: wait for the second run's line.
            d.await(() -> ctl(d, "catlog", "web").out().endsWith("note: service restarted)\n"
                    + "web listening\n"), "the second run's output");
            // The buffer outlives the restart, with upstream's note between the two runs (E44).
            assertThat(ctl(d, "catlog", "--clear", "web").out()).isEqualTo(
                    "web listening\n(dinit: note: service restarted)\nweb listening\n");
            assertThat(ctl(d, "catlog", "web")).isEqualTo(new Ctl(0, "", ""));
            assertThat(ctl(d, "catlog", "spare")).isEqualTo(new Ctl(1, "",
                    "dinitctl: cannot cat log for service not configured to buffer output.\n"));
            Ctl json = ctl(d, "status", "--json", "spare");
            assertThat(json.status()).isZero();
            assertThat(json.out()).startsWith("{\"format\":\"dinitctl-status\",\"version\":1,"
                    + "\"service\":{\"name\":\"spare\",\"state\":\"STARTED\"");
            Ctl list = ctl(d, "list", "--json");
            assertThat(list.out()).startsWith("{\"format\":\"dinitctl-list\",\"version\":1,")
                    .contains("\"name\":\"boot\"", "\"name\":\"web\"");
            assertThat(ctl(d, "stop", "--no-wait", "spare2")).isEqualTo(new Ctl(0,
                    "Service (already) stopped.\n", ""));
            assertThat(ctl(d, "restart", "--ignore-unstarted", "spare2")).isEqualTo(new Ctl(0,
                    "Service 'spare2' is not currently started.\n", ""));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }
}
