package io.dinitj.plugin.process;

import io.dinitj.api.spi.TypeCapability;
import io.dinitj.api.description.Signal;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.FakePlatform.FakeProcess;
import io.dinitj.api.spi.FakePlatform.SentSignal;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.WaitStatus;
import org.junit.jupiter.api.Test;

import static io.dinitj.plugin.process.Fixture.COMMAND;
import static io.dinitj.plugin.process.Fixture.PID_FILE;
import static io.dinitj.plugin.process.Fixture.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BgProcessServiceTypeTest {

    private final Fixture f = Fixture.bgprocess();

    /** The launcher daemonizes: write the pid file, exit 0. */
    private FakeProcess launcherForks() {
        FakeProcess daemon = f.platform.spawnDaemon("/sbin/daemon");
        f.platform.writePidFile(PID_FILE, daemon.pid());
        f.main().exit(WaitStatus.exited(0));
        return daemon;
    }

    /** A bgprocess needs a pid file (the loader refuses it first). */
    @Test
    void create_refusesNoPidFile() {
        f.pidFile(null);
        assertThatThrownBy(f::create).isInstanceOf(IllegalArgumentException.class);
    }

    /** Starting lasts while the launcher runs; its clean exit has the daemon adopted, started. */
    @Test
    void launcherExit0_supervisesTheDaemon() {
        f.up();
        assertThat(new BgProcessServiceType().capabilities())
                .contains(TypeCapability.SUPERVISES_PROCESS);
        assertThat(f.events()).as("exec success means nothing yet").isEmpty();
        assertThat(f.behaviour.pid()).isEqualTo(f.main().pid());
        FakeProcess daemon = launcherForks();
        assertThat(f.events()).containsExactly("started");
        assertThat(f.behaviour.pid()).isEqualTo(daemon.pid());
        assertThat(daemon.service()).isEqualTo(Fixture.NAME);
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
        assertThat(f.log()).isEmpty();
    }

    /** The daemon's exit is an unexpected termination, logged. */
    @Test
    void daemonExit_terminates() {
        f.up();
        FakeProcess daemon = launcherForks();
        daemon.exit(WaitStatus.exited(2));
        assertThat(f.events()).containsExactly("started", "exit 512", "terminated 512");
        assertThat(f.log()).containsExactly("Service svc process terminated with exit code 2");
        f.behaviour.bringDown();
        assertThat(f.events()).last().isEqualTo("stopped");
    }

    /** Stop signals the daemon, stopped when it has exited. */
    @Test
    void stop_signalsTheDaemon() {
        f.up();
        FakeProcess daemon = launcherForks();
        f.behaviour.bringDown();
        assertThat(daemon.signals()).containsExactly(Signal.TERM);
        f.settle();
        assertThat(f.events()).containsExactly("started", "exit 15", "stopped");
    }

    /** E29: the launcher exits 0 without writing a pid file: the start fails (FAILED). */
    @Test
    void noPidFile_fails() {
        f.up();
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("failed FAILED");
        assertThat(f.platform.log().get(0).level()).isEqualTo(LogLevel.ERROR);
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
    }

    /** E29: the launcher exits 1: the start fails (FAILED), its status kept and logged. */
    @Test
    void launcherFailure_fails() {
        f.up();
        f.main().exit(WaitStatus.exited(1));
        assertThat(f.events()).containsExactly("exit 256", "failed FAILED");
        assertThat(f.log()).containsExactly("Service svc process terminated with exit code 1");
    }

    /** The launcher cannot be executed: exec failure. */
    @Test
    void launcherExecFailure() {
        f.platform.failExec(COMMAND, ExecStage.CHDIR, 2);
        f.up();
        assertThat(f.events()).containsExactly("execfailed CHDIR 2");
    }

    /** A pid that names no process: the start fails. */
    @Test
    void deadPid_fails() {
        f.up();
        f.platform.writePidFile(PID_FILE, 4_000_000);
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("failed FAILED");
        assertThat(f.log()).containsExactly("svc: pid read from pidfile (4000000) is not valid");
    }

    /** No pid file after the launcher's clean exit: upstream's "read pid file" line. */
    @Test
    void missingPidFile_failsWithTheReadError() {
        f.up();
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("failed FAILED");
        assertThat(f.log()).containsExactly("svc: read pid file: No such file or directory");
    }

    /** A pid file that holds no number: upstream's line, with its parse result. */
    @Test
    void pidFileWithoutPid_fails() {
        f.up();
        f.platform.writePidFile(PID_FILE, 0);
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("failed FAILED");
        assertThat(f.log()).containsExactly("svc: pid read from pidfile (-1) is not valid");
    }

    /**
     * E30: a live process that is not a child: warning "unable to supervise", started; stop
     * signals it and is stopped at once.
     */
    @Test
    void foreignPid_startedUnsupervised_stopSignalsAndStopsAtOnce() {
        f.up();
        int pid = f.platform.spawnForeign();
        f.platform.writePidFile(PID_FILE, pid);
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("started");
        assertThat(f.log()).containsExactly("svc: unable to supervise process with pid " + pid);
        assertThat(f.platform.log().get(0).level()).isEqualTo(LogLevel.WARN);
        assertThat(f.behaviour.pid()).isEqualTo(pid);
        f.behaviour.bringDown();
        assertThat(f.platform.sentSignals()).containsExactly(new SentSignal(pid, Signal.TERM));
        assertThat(f.events()).containsExactly("started", "stopped");
        assertThat(f.behaviour.pid()).isEqualTo(-1);
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
    }

    /** An unsupervised daemon with a stop command: stopped when the stop command has exited. */
    @Test
    void foreignPid_withStopCommand_waitsForIt() {
        f.stopCommand().up();
        int pid = f.platform.spawnForeign();
        f.platform.writePidFile(PID_FILE, pid);
        f.main().exit(WaitStatus.exited(0));
        f.behaviour.bringDown();
        assertThat(f.platform.sentSignals()).isEmpty();
        assertThat(f.events()).containsExactly("started");
        f.stopProcess().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("started", "stopped");
    }

    /** A daemon already dead when adopted: started, then handled as a termination. */
    @Test
    void daemonDeadAtAdoption_startedThenTerminated() {
        f.up();
        FakeProcess daemon = f.platform.spawnDaemon("/sbin/daemon");
        daemon.exit(WaitStatus.signalled(11));
        f.platform.writePidFile(PID_FILE, daemon.pid());
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("started");
        f.settle();
        assertThat(f.events()).containsExactly("started", "exit 11", "terminated 11");
        assertThat(f.log()).containsExactly("Service svc terminated due to signal 11");
    }

    /** The start timeout covers the launcher. */
    @Test
    void startTimeout_interruptsTheLauncher() {
        f.startTimeout(SECOND).up();
        FakeProcess launcher = f.main();
        f.platform.advance(SECOND);
        assertThat(launcher.signals()).containsExactly(Signal.INT);
        assertThat(f.events()).containsExactly("failing TIMEDOUT", "exit 2", "stopped");
    }

    /** Smooth recovery re-runs the launcher and re-reads the pid file; no new 'started'. */
    @Test
    void smoothRecovery_rerunsTheLauncher() {
        f.smoothRecovery().up();
        FakeProcess first = launcherForks();
        f.platform.advance(SECOND);
        first.exit(WaitStatus.exited(1));
        FakeProcess relauncher = f.main();
        assertThat(relauncher.launchedAt()).isEqualTo(SECOND);
        FakeProcess second = launcherForks();
        assertThat(f.events()).containsExactly("started", "exit 256", "tryrestart");
        assertThat(f.behaviour.pid()).isEqualTo(second.pid());
    }

    /** Smooth recovery whose launcher fails: an unrecoverable stop. */
    @Test
    void smoothRecovery_launcherFailure_isUnrecoverable() {
        f.smoothRecovery().up();
        FakeProcess first = launcherForks();
        f.platform.advance(SECOND);
        first.exit(WaitStatus.exited(1));
        f.main().exit(WaitStatus.exited(1));
        assertThat(f.events()).endsWith("tryrestart", "exit 256", "unrecoverable TERMINATED");
        f.behaviour.bringDown();
        assertThat(f.events()).last().isEqualTo("stopped");
    }
}
