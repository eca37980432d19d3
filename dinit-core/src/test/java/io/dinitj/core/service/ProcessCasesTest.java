package io.dinitj.core.service;

import io.dinitj.api.spi.Errno;
import static io.dinitj.core.service.Engine.MS;
import static io.dinitj.core.service.Engine.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.description.Signal;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.api.spi.FakePlatform.FakeProcess;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import io.dinitj.api.spi.WaitStatus;
import io.dinitj.core.service.ServiceSet.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge cases of docs/service-semantics.md §22 that involve processes, run against the
 * fake platform's scripted processes with the real process, bgprocess and scripted types. Each
 * test is named after its case.
 */
class ProcessCasesTest {


    @TempDir
    Path dir;

    private Engine engine() {
        return new Engine(dir);
    }

    private static long launches(Engine e, String argv0) {
        return e.fake.processes().stream().filter(p -> p.argv().get(0).equals(argv0)).count();
    }

    /** E3: a crashed process without restart takes its dependent down first; no restart. */
    @Test
    void e03_crashStopsDependentFirstWithoutRestart() {
        Engine e = engine()
                .file("P", "type = process", "command = /svc/p", "restart = no")
                .file("D", "type = internal", "depends-on = P", "restart = no");
        e.start("D");
        e.expect("P STARTED", "D STARTED");
        e.proc("P").exit(WaitStatus.signalled(9));
        e.expect("P STOPPED", "D STOPPED");
        assertThat(e.indexOf("D STOPPED")).isLessThan(e.indexOf("P STOPPED"));
        assertThat(e.rec("D").isExplicit()).isFalse();
        assertThat(e.rec("P").stopReason()).isEqualTo(StopReason.TERMINATED);
        assertThat(ServiceSet.stoppedByFailure(e.rec("P"))).isTrue();
        assertThat(launches(e, "/svc/p")).isEqualTo(1);
        assertThat(e.set().activeCount()).isZero();
    }

    /** E4: a restarting dependent keeps its crashed dependency wanted, so it restarts too. */
    @Test
    void e04_restartingDependentRestartsDependency() {
        Engine e = engine()
                .file("P", "type = process", "command = /svc/p", "restart = no")
                .file("D", "type = internal", "depends-on = P", "restart = yes");
        e.start("D");
        e.proc("P").exit(WaitStatus.signalled(9));
        e.advance(SECOND);
        e.expect("P STARTED", "D STARTED");
        assertThat(launches(e, "/svc/p")).isEqualTo(2);
        assertThat(e.rec("D").isExplicit()).isTrue();
    }

    /** E7: a waits-for dependency that cannot be launched fails; the dependent starts. */
    @Test
    void e07_waitsForFailedExecProceeds() {
        Engine e = engine()
                .file("D", "type = internal", "waits-for = F")
                .file("F", "type = process", "command = /svc/missing");
        e.fake.failExec("/svc/missing", ExecStage.DO_EXEC, Errno.ENOENT);
        e.start("D");
        e.expect("D STARTED", "F STOPPED");
        ServiceRecord f = e.rec("F");
        assertThat(f.stopReason()).isEqualTo(StopReason.EXECFAILED);
        assertThat(f.execStage()).isEqualTo(ExecStage.DO_EXEC);
        assertThat(f.execStage().text()).isEqualTo("executing command");
        assertThat(f.execErrno()).isEqualTo(Errno.ENOENT);
        assertThat(e.eventsOf("F")).containsExactly("FAILEDSTART", "STOPPED");
    }

    /** E16: a pinned service's process dies; it stays started until unpinned, then all stop. */
    @Test
    void e16_pinnedServiceSurvivesProcessDeathUntilUnpinned() {
        Engine e = engine()
                .file("S3", "type = internal", "depends-on = S2", "restart = no")
                .file("S2", "type = process", "command = /svc/s2", "depends-on = S1",
                        "restart = no")
                .file("S1", "type = internal", "restart = no");
        e.set().start(e.load("S3"), true);
        assertThat(e.set().stop(e.rec("S2"), false)).isEqualTo(Result.PINNED_STARTED);
        e.proc("S2").exit(WaitStatus.signalled(9));
        e.expect("S3 STARTED", "S2 STARTED", "S1 STARTED");
        assertThat(e.rec("S2").pid()).isEqualTo(-1);
        e.set().unpin(e.rec("S3"));
        e.expect("S3 STOPPED", "S2 STOPPED", "S1 STOPPED");
        assertThat(e.set().activeCount()).isZero();
    }

    /** E18: a process that always exits is restarted 3 times, 0.2 s apart, then given up. */
    @Test
    void e18_restartLimit() {
        Engine e = engine().file("P", "type = process", "command = /svc/crash");
        e.fake.exitAfter("/svc/crash", 10 * MS, WaitStatus.exited(1));
        e.start("P");
        e.advance(5 * SECOND);
        assertThat(launches(e, "/svc/crash")).isEqualTo(4);
        List<FakeProcess> ps = e.fake.processes();
        for (int i = 1; i < ps.size(); i++) {
            assertThat(ps.get(i).launchedAt() - ps.get(i - 1).launchedAt())
                    .isGreaterThanOrEqualTo(200 * MS);
        }
        assertThat(e.events).contains("P restarting too quickly");
        ServiceRecord p = e.rec("P");
        assertThat(p.state()).isEqualTo(ServiceState.STOPPED);
        assertThat(p.target()).isEqualTo(ServiceState.STOPPED);
        assertThat(p.isExplicit()).isFalse();
        e.set().start(p, false);
        e.advance(5 * SECOND);
        assertThat(launches(e, "/svc/crash")).isEqualTo(8);
    }

    /** E19: with restart-limit-count = 0 it restarts for ever, one launch per 0.2 s. */
    @Test
    void e19_noRestartLimit() {
        Engine e = engine().file("P", "type = process", "command = /svc/crash",
                "restart-limit-count = 0");
        e.fake.exitAfter("/svc/crash", 10 * MS, WaitStatus.exited(1));
        e.start("P");
        e.advance(10 * SECOND);
        assertThat(launches(e, "/svc/crash")).isBetween(49L, 51L);
        assertThat(e.events).doesNotContain("P restarting too quickly");
    }

    /** E20: restart = on-failure restarts after exit 3 and SIGKILL, not exit 0 or SIGTERM. */
    @Test
    void e20_restartOnFailure() {
        int[] statuses = {WaitStatus.exited(0), WaitStatus.exited(3), WaitStatus.signalled(15),
            WaitStatus.signalled(9)};
        boolean[] restarts = {false, true, false, true};
        for (int i = 0; i < statuses.length; i++) {
            Engine e = new Engine(dir.resolve("case" + i))
                    .file("P", "type = process", "command = /svc/p", "restart = on-failure");
            e.start("P");
            e.proc("P").exit(statuses[i]);
            e.advance(SECOND);
            assertThat(e.state("P")).as("status %d", i)
                    .isEqualTo(restarts[i] ? ServiceState.STARTED : ServiceState.STOPPED);
            assertThat(launches(e, "/svc/p")).isEqualTo(restarts[i] ? 2 : 1);
        }
    }

    /** E21: smooth recovery relaunches in place; the dependent sees nothing. */
    @Test
    void e21_smoothRecovery() {
        Engine e = engine()
                .file("P", "type = process", "command = /svc/p", "smooth-recovery = yes",
                        "restart = no")
                .file("D", "type = internal", "depends-on = P");
        e.start("D");
        int pid = e.rec("P").pid();
        e.events.clear();
        e.proc("P").exit(WaitStatus.signalled(9));
        e.advance(SECOND);
        e.expect("P STARTED", "D STARTED");
        assertThat(e.rec("P").pid()).isNotEqualTo(pid).isPositive();
        assertThat(e.events).isEmpty();
    }

    /** E22: a scripted start past its timeout is interrupted and cleaned up. */
    @Test
    void e22_scriptedStartTimeout() {
        Engine e = engine().file("S", "type = scripted", "command = /svc/slow",
                "stop-command = /svc/cleanup", "start-timeout = 0.01");
        e.start("S");
        e.advance(SECOND);
        FakeProcess start = e.fake.processes().get(0);
        assertThat(start.signals()).containsExactly(Signal.INT);
        assertThat(e.rec("S").stopReason()).isEqualTo(StopReason.TIMEDOUT);
        assertThat(e.eventsOf("S")).contains("FAILEDSTART");
        // Killed by the signal, so the stop command runs to clean up.
        assertThat(launches(e, "/svc/cleanup")).isEqualTo(1);
        e.fake.latest("S", CommandKind.STOP).exit(WaitStatus.exited(0));
        e.expect("S STOPPED");

        Engine x = new Engine(dir.resolve("exit1")).file("S", "type = scripted",
                "command = /svc/slow", "stop-command = /svc/cleanup", "start-timeout = 0.01");
        x.fake.ignore("/svc/slow", Signal.INT);
        x.start("S");
        x.advance(20 * MS);
        x.fake.processes().get(0).exit(WaitStatus.exited(1));
        x.expect("S STOPPED");
        assertThat(launches(x, "/svc/cleanup")).isZero();
    }

    /** E23: a process that ignores SIGTERM is killed at the stop timeout; 0 waits for ever. */
    @Test
    void e23_stopTimeoutKills() {
        Engine e = engine().file("P", "type = process", "command = /svc/stubborn",
                "stop-timeout = 10");
        e.fake.ignore("/svc/stubborn", Signal.TERM);
        e.start("P");
        e.stop("P");
        e.advance(9 * SECOND);
        e.expect("P STOPPING");
        e.advance(2 * SECOND);
        e.expect("P STOPPED");
        assertThat(e.proc("P").signals()).containsExactly(Signal.TERM, Signal.KILL);

        Engine f = new Engine(dir.resolve("forever")).file("P", "type = process",
                "command = /svc/stubborn", "stop-timeout = 0");
        f.fake.ignore("/svc/stubborn", Signal.TERM);
        f.start("P");
        f.stop("P");
        f.advance(1000 * SECOND);
        f.expect("P STOPPING");
        assertThat(f.proc("P").signals()).containsExactly(Signal.TERM);
    }

    /** E24: term-signal none sends nothing; the stop timeout kills. */
    @Test
    void e24_termSignalNone() {
        Engine e = engine().file("P", "type = process", "command = /svc/p",
                "term-signal = none", "stop-timeout = 5");
        e.start("P");
        e.stop("P");
        e.advance(4 * SECOND);
        e.expect("P STOPPING");
        assertThat(e.proc("P").signals()).isEmpty();
        e.advance(2 * SECOND);
        e.expect("P STOPPED");
        assertThat(e.proc("P").signals()).containsExactly(Signal.KILL);
    }

    /** E25: the stop command replaces SIGTERM; stopped once both it and the process exit. */
    @Test
    void e25_stopCommand() {
        Engine e = engine().file("P", "type = process", "command = /svc/p",
                "stop-command = /svc/p-stop");
        e.start("P");
        e.stop("P");
        FakeProcess main = e.proc("P");
        FakeProcess stopper = e.fake.latest("P", CommandKind.STOP);
        assertThat(stopper).isNotNull();
        assertThat(main.signals()).isEmpty();
        stopper.exit(WaitStatus.exited(7));
        e.expect("P STOPPING");
        main.exit(WaitStatus.exited(0));
        e.expect("P STOPPED");
    }

    /**
     * kill-all-on-stop: before the bring-down, SIGTERM to every process, one second (on a timer,
     * the loop goes on meanwhile), SIGKILL to every process; only then the stop command runs.
     */
    @Test
    void killAllOnStopSignalsEveryProcessBeforeTheStopCommand() {
        Engine e = engine()
                .file("last", "type = scripted", "command = /svc/last-start",
                        "stop-command = /svc/last-stop", "options = kill-all-on-stop")
                .file("other", "type = process", "command = /svc/other", "restart = no")
                .file("stubborn", "type = process", "command = /svc/stubborn", "restart = no");
        e.fake.exitAfter("/svc/last-start", MS, WaitStatus.exited(0));
        e.fake.ignore("/svc/stubborn", Signal.TERM);
        e.start("other");
        e.start("stubborn");
        e.start("last");
        e.advance(MS);
        e.expect("last STARTED", "other STARTED", "stubborn STARTED");
        e.stop("last");
        assertThat(e.fake.sentSignals()).containsExactly(
                new FakePlatform.SentSignal(-1, Signal.TERM));
        e.advance(0);
        e.expect("last STOPPING", "other STOPPED", "stubborn STARTED");
        assertThat(e.fake.latest("last", CommandKind.STOP)).isNull();
        e.advance(KillAllOnStop.GRACE_NANOS - 1);
        e.expect("last STOPPING", "stubborn STARTED");
        assertThat(e.fake.sentSignals()).hasSize(1);
        e.advance(1);
        assertThat(e.fake.sentSignals()).containsExactly(
                new FakePlatform.SentSignal(-1, Signal.TERM),
                new FakePlatform.SentSignal(-1, Signal.KILL));
        e.advance(0);
        e.expect("stubborn STOPPED", "last STOPPING");
        FakeProcess stopper = e.fake.latest("last", CommandKind.STOP);
        assertThat(stopper).isNotNull();
        stopper.exit(WaitStatus.exited(0));
        e.expect("last STOPPED");
    }

    /** E26: chain-to follows clean self-terminations and always-chain, nothing else. */
    @Test
    void e26_chainTo() {
        Engine e = engine()
                .file("part1", "type = process", "command = /svc/part1", "restart = no",
                        "chain-to = part2")
                .file("part2", "type = process", "command = /svc/part2", "restart = no",
                        "chain-to = part3")
                .file("part3", "type = process", "command = /svc/part3", "restart = no",
                        "chain-to = part4", "options = always-chain")
                .file("part4", "type = process", "command = /svc/part4", "restart = no",
                        "chain-to = part5")
                .file("part5", "type = internal");
        e.fake.exitAfter("/svc/part1", MS, WaitStatus.exited(0));
        e.fake.exitAfter("/svc/part2", MS, WaitStatus.exited(0));
        e.fake.exitAfter("/svc/part3", MS, WaitStatus.exited(1));
        e.fake.exitAfter("/svc/part4", MS, WaitStatus.exited(1));
        e.start("part1");
        e.advance(SECOND);
        assertThat(launches(e, "/svc/part4")).isEqualTo(1);
        assertThat(e.set().find("part5")).isNull();

        Engine r = new Engine(dir.resolve("restart"))
                .file("A", "type = process", "command = /svc/a", "chain-to = B")
                .file("B", "type = internal");
        r.fake.exitAfter("/svc/a", 500 * MS, WaitStatus.exited(0));
        r.start("A");
        r.advance(700 * MS);
        assertThat(launches(r, "/svc/a")).isEqualTo(2);
        assertThat(r.set().find("B")).isNull();

        Engine s = new Engine(dir.resolve("explicit"))
                .file("A", "type = process", "command = /svc/a", "chain-to = B",
                        "options = always-chain")
                .file("B", "type = internal");
        s.start("A");
        s.set().stopAll(ShutdownType.HALT);
        s.advance(SECOND);
        s.expect("A STOPPED");
        assertThat(s.set().find("B")).isNull();
    }

    /** E29: a bgprocess launcher that leaves no pid file, or exits 1, fails the start. */
    @Test
    void e29_bgprocessLauncherFailures() {
        Engine e = engine().file("B", "type = bgprocess", "command = /svc/launch",
                "pid-file = /run/b.pid");
        e.fake.exitAfter("/svc/launch", MS, WaitStatus.exited(0));
        e.start("B");
        e.advance(SECOND);
        e.expect("B STOPPED");
        assertThat(e.rec("B").stopReason()).isEqualTo(StopReason.FAILED);

        Engine f = new Engine(dir.resolve("exit1")).file("B", "type = bgprocess",
                "command = /svc/launch", "pid-file = /run/b.pid");
        f.fake.exitAfter("/svc/launch", MS, WaitStatus.exited(1));
        f.start("B");
        f.advance(SECOND);
        f.expect("B STOPPED");
        assertThat(f.rec("B").stopReason()).isEqualTo(StopReason.FAILED);
        assertThat(f.eventsOf("B")).containsExactly("FAILEDSTART", "STOPPED");
    }

    /** E30: a pid that is not our descendant is started unsupervised and stopped at once. */
    @Test
    void e30_bgprocessUnsupervised() {
        Engine e = engine().file("B", "type = bgprocess", "command = /svc/launch",
                "pid-file = /run/b.pid");
        int foreign = e.fake.spawnForeign();
        e.fake.writePidFile("/run/b.pid", foreign);
        e.fake.exitAfter("/svc/launch", MS, WaitStatus.exited(0));
        e.start("B");
        e.advance(SECOND);
        e.expect("B STARTED");
        assertThat(e.fake.messages()).anyMatch(m -> m.contains("unable to supervise"));
        e.stop("B");
        e.expect("B STOPPED");
        assertThat(e.fake.sentSignals()).anyMatch(s -> s.pid() == foreign);
    }

    /** E31: readiness data starts the service; EOF or exit before it fails the start. */
    @Test
    void e31_readinessNotification() {
        Engine e = engine().file("P", "type = process", "command = /svc/p",
                "ready-notification = pipefd:3");
        e.start("P");
        e.expect("P STARTING");
        e.proc("P").ready();
        e.expect("P STARTED");

        Engine c = new Engine(dir.resolve("eof")).file("P", "type = process",
                "command = /svc/p", "ready-notification = pipefd:3");
        c.start("P");
        c.proc("P").closeReadiness();
        c.advance(SECOND);
        c.expect("P STOPPED");
        assertThat(c.rec("P").stopReason()).isEqualTo(StopReason.FAILED);
        assertThat(c.eventsOf("P")).contains("FAILEDSTART");

        Engine x = new Engine(dir.resolve("exit")).file("P", "type = process",
                "command = /svc/p", "ready-notification = pipefd:3");
        x.start("P");
        x.proc("P").exit(WaitStatus.exited(0));
        x.expect("P STOPPED");
        assertThat(x.rec("P").stopReason()).isEqualTo(StopReason.FAILED);
    }

    /** E32 (engine part): a log file that cannot be opened is an exec failure at its stage. */
    @Test
    void e32_logFileFailureIsExecFailure() {
        Engine e = engine().file("P", "type = process", "command = /svc/p",
                "logfile = /nonexistent/dir/p.log");
        e.fake.failExec("/svc/p", ExecStage.OPEN_LOGFILE, Errno.ENOENT);
        e.start("P");
        e.expect("P STOPPED");
        assertThat(e.rec("P").execStage().text()).isEqualTo("opening log file");
    }

    /** E34: prepared-by: the preparing service is restarted before the service relaunches. */
    @Test
    void e34_preparedByRestartsPreparer() {
        Engine e = engine()
                .file("S", "type = process", "command = /svc/s", "prepared-by = P")
                .file("P", "type = scripted", "command = /svc/prep",
                        "stop-command = /svc/unprep");
        e.fake.exitAfter("/svc/prep", MS, WaitStatus.exited(0));
        e.fake.exitAfter("/svc/unprep", MS, WaitStatus.exited(0));
        e.start("S");
        e.advance(10 * MS);
        e.expect("S STARTED", "P STARTED");
        e.proc("S").exit(WaitStatus.signalled(9));
        e.advance(SECOND);
        e.expect("S STARTED", "P STARTED");
        List<String> order = e.fake.processes().stream().map(p -> p.argv().get(0)).toList();
        assertThat(order).containsExactly("/svc/prep", "/svc/s", "/svc/unprep", "/svc/prep",
                "/svc/s");

        Engine m = new Engine(dir.resolve("smooth"))
                .file("S", "type = process", "command = /svc/s", "prepared-by = P",
                        "smooth-recovery = yes")
                .file("P", "type = scripted", "command = /svc/prep",
                        "stop-command = /svc/unprep");
        m.fake.exitAfter("/svc/prep", MS, WaitStatus.exited(0));
        m.start("S");
        m.advance(10 * MS);
        m.proc("S").exit(WaitStatus.signalled(9));
        m.advance(SECOND);
        assertThat(launches(m, "/svc/prep")).isEqualTo(1);
        assertThat(launches(m, "/svc/s")).isEqualTo(2);
    }

    /** E35: a stop while awaiting readiness waits unless the start is interruptible. */
    @Test
    void e35_stopWhileAwaitingReadiness() {
        Engine e = engine().file("P", "type = process", "command = /svc/p",
                "ready-notification = pipefd:3");
        e.start("P");
        assertThat(e.stop("P")).isEqualTo(Result.OK);
        e.expect("P STARTING");
        assertThat(e.proc("P").signals()).isEmpty();
        e.proc("P").ready();
        e.advance(SECOND);
        e.expect("P STOPPED");
        assertThat(e.eventsOf("P")).containsExactly("STARTED", "STOPPED");

        Engine i = new Engine(dir.resolve("interruptible")).file("P", "type = process",
                "command = /svc/p", "ready-notification = pipefd:3",
                "options = start-interruptible");
        i.start("P");
        i.stop("P");
        assertThat(i.proc("P").signals()).containsExactly(Signal.INT);
        i.advance(SECOND);
        i.expect("P STOPPED");
    }

    /** E36: a start during a forced stop lets the stop finish, then starts again. */
    @Test
    void e36_startDuringForcedStop() {
        Engine e = engine().file("P", "type = process", "command = /svc/stubborn");
        e.fake.ignore("/svc/stubborn", Signal.TERM);
        e.start("P");
        e.stop("P");
        e.expect("P STOPPING");
        e.start("P");
        e.expect("P STOPPING");
        e.advance(11 * SECOND);
        e.expect("P STARTED");
        assertThat(launches(e, "/svc/stubborn")).isEqualTo(2);

        // Forced while still waiting for a dependent to stop: the start does not cancel it.
        Engine w = new Engine(dir.resolve("waiting"))
                .file("P", "type = process", "command = /svc/p")
                .file("R", "type = process", "command = /svc/stubborn", "depends-on = P",
                        "restart = no");
        w.fake.ignore("/svc/stubborn", Signal.TERM);
        w.start("R");
        w.stop("P");
        w.expect("P STOPPING", "R STOPPING");
        w.start("P");
        assertThat(w.eventsOf("P")).doesNotContain("STOPCANCELLED");
        w.expect("P STOPPING");
        w.advance(11 * SECOND);
        w.expect("P STARTED", "R STOPPED");
        assertThat(launches(w, "/svc/p")).isEqualTo(2);
    }

    /** E46 (process part): no restart during shutdown; the set empties. */
    @Test
    void e46_noRestartDuringShutdown() {
        Engine e = engine().file("P", "type = process", "command = /svc/p", "restart = yes");
        e.start("P");
        e.set().stopAll(ShutdownType.POWEROFF);
        e.advance(SECOND);
        e.expect("P STOPPED");
        assertThat(launches(e, "/svc/p")).isEqualTo(1);
        assertThat(e.set().activeCount()).isZero();
        assertThat(e.set().start(e.rec("P"), false)).isEqualTo(Result.SHUTTING_DOWN);
    }

    /** E48: argv keeps load-time values; the environment is built from the current one. */
    @Test
    void e48_setenvAffectsEnvironmentNotArgv() {
        Engine e = engine().file("svc", "type = process", "command = /svc/echo $FOO");
        e.env.put("FOO", "old");
        ServiceRecord r = e.load("svc");
        assertThat(r.description().process().command()).containsExactly("/svc/echo", "old");
        java.util.Map<String, String> global = new java.util.HashMap<>(e.env);
        global.put("FOO", "bar");
        assertThat(r.description().environment().resolve(global)).containsEntry("FOO", "bar");
    }

    /** E50, quirk Q2 (decided: fix): a stop command does not run if the start never ran. */
    @Test
    void e50_q2_noStopCommandWithoutStart() {
        Engine e = engine()
                .file("S", "type = scripted", "command = /svc/start",
                        "stop-command = /svc/stop", "depends-on = T")
                .file("T", "type = triggered");
        e.start("S");
        e.expect("S STARTING");
        e.stop("S");
        e.expect("S STOPPED");
        assertThat(launches(e, "/svc/stop")).isZero();
        assertThat(launches(e, "/svc/start")).isZero();
    }
}
