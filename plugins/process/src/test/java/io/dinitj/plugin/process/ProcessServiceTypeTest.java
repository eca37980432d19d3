package io.dinitj.plugin.process;

import io.dinitj.api.spi.TypeCapability;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.Signal;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.FakePlatform.FakeProcess;
import io.dinitj.api.spi.RecordingHandle;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.WaitStatus;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.dinitj.plugin.process.Fixture.COMMAND;
import static io.dinitj.plugin.process.Fixture.MS;
import static io.dinitj.plugin.process.Fixture.SECOND;
import static io.dinitj.plugin.process.Fixture.STOP_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessServiceTypeTest {

    private static final int EXIT_3 = WaitStatus.exited(3);
    private static final int TERM = WaitStatus.signalled(15);

    private final Fixture f = Fixture.process();

    /** The three types are registered for ServiceLoader under their names. */
    @Test
    void typesAreFoundByServiceLoader() {
        assertThat(ServiceLoader.load(ServiceType.class).stream().map(p -> p.get().name()))
                .contains("process", "bgprocess", "scripted");
    }

    /** A description without a command cannot be run (the loader refuses it first). */
    @Test
    void create_refusesNoCommand() {
        ServiceDescription d = f.description();
        ServiceDescription noCommand = new ServiceDescription(d.name(), d.type(),
                ProcessSettings.DEFAULT, d.restart(), d.log(), d.socket(), d.dependencies(),
                d.options(), d.loadOptions(), d.environment(), null, null, null, null,
                d.source());
        assertThatThrownBy(() -> new ProcessServiceType().create(noCommand, f.handle,
                f.platform.contextFor(noCommand)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'command' setting not specified");
    }

    /** Without readiness notification the service is up once the command is executed. */
    @Test
    void startedWhenExecuted() {
        f.create();
        assertThat(new ProcessServiceType().capabilities())
                .contains(TypeCapability.SUPERVISES_PROCESS);
        assertThat(f.behaviour.pid()).isEqualTo(-1);
        assertThat(f.behaviour.bringUp()).isTrue();
        assertThat(f.events()).containsExactly("started");
        assertThat(f.main().argv()).containsExactly(COMMAND, "--serve");
        assertThat(f.main().kind()).isEqualTo(CommandKind.START);
        assertThat(f.behaviour.pid()).isEqualTo(f.main().pid());
        assertThat(f.platform.nextDeadline()).as("start timeout cancelled").isEqualTo(-1);
        assertThat(f.log()).isEmpty();
    }

    /** E7: a command that cannot be executed fails the start with stage and errno, unlogged. */
    @Test
    void execFailure_reportsStageAndErrno() {
        f.platform.failExec(COMMAND, ExecStage.DO_EXEC, 2);
        f.create();
        assertThat(f.behaviour.bringUp()).isTrue();
        assertThat(f.events()).containsExactly("execfailed DO_EXEC 2");
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
        assertThat(f.log()).as("the platform logs it, with the error text").isEmpty();
        assertThat(f.behaviour.pid()).isEqualTo(-1);
    }

    /** E31: with readiness notification the service is up when the process says so. */
    @Test
    void readiness_startsOnData() {
        f.readiness().up();
        assertThat(f.events()).isEmpty();
        assertThat(f.platform.nextDeadline()).isEqualTo(60 * SECOND);
        f.main().ready();
        assertThat(f.events()).containsExactly("started");
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
    }

    /** E31: the readiness channel closing without data fails the start; the process is stopped. */
    @Test
    void readiness_eofFailsAndBringsTheProcessDown() {
        f.readiness().up();
        FakeProcess p = f.main();
        p.closeReadiness();
        assertThat(f.events()).containsExactly("failing FAILED");
        assertThat(p.signals()).containsExactly(Signal.TERM);
        f.settle();
        assertThat(f.events()).containsExactly("failing FAILED", "exit " + TERM, "stopped");
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
    }

    /** E31: a process that ignores the term signal after readiness EOF is killed in time. */
    @Test
    void readiness_eofArmsTheStopTimeout() {
        f.platform.ignore(COMMAND, Signal.TERM);
        f.readiness().up();
        f.main().closeReadiness();
        f.settle();
        assertThat(f.platform.nextDeadline()).isEqualTo(10 * SECOND);
        f.platform.advance(10 * SECOND);
        assertThat(f.main().signals()).containsExactly(Signal.TERM, Signal.KILL);
        assertThat(f.events()).containsExactly("failing FAILED", "exit 9", "stopped");
    }

    /** E31: a process that exits before it is ready fails the start (FAILED), logged. */
    @Test
    void readiness_exitFirstFails() {
        f.readiness().up();
        f.main().exit(EXIT_3);
        assertThat(f.events()).containsExactly("exit " + EXIT_3, "failed FAILED");
        assertThat(f.log()).containsExactly("Service svc process terminated with exit code 3");
        assertThat(f.platform.log().get(0).level()).isEqualTo(LogLevel.ERROR);
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
    }

    /** Start timeout: logged, SIGINT, failing (TIMEDOUT), stopped once the process is gone. */
    @Test
    void startTimeout_interruptsAndFails() {
        f.readiness().startTimeout(5 * SECOND).up();
        FakeProcess p = f.main();
        f.platform.advance(5 * SECOND - 1);
        assertThat(f.events()).isEmpty();
        f.platform.advance(1);
        assertThat(f.log()).containsExactly(
                "Service svc with pid " + p.pid() + " exceeded allowed start time; cancelling.",
                "Interrupting start of service svc with pid " + p.pid() + " (with SIGINT).");
        assertThat(p.signals()).containsExactly(Signal.INT);
        // The SIGINT kills the process within the same step of time.
        assertThat(f.events()).containsExactly("failing TIMEDOUT",
                "exit " + WaitStatus.signalled(2), "stopped");
    }

    /** Start timeout: a process that ignores SIGINT is killed at the stop timeout. */
    @Test
    void startTimeout_thenStopTimeoutKills() {
        f.platform.ignore(COMMAND, Signal.INT);
        f.readiness().startTimeout(SECOND).stopTimeout(2 * SECOND).up();
        FakeProcess p = f.main();
        f.platform.advance(SECOND);
        f.platform.advance(2 * SECOND);
        assertThat(p.signals()).containsExactly(Signal.INT, Signal.KILL);
        assertThat(f.log()).last().isEqualTo(
                "Service svc with pid " + p.pid() + " exceeded allowed stop time; killing.");
        assertThat(f.events()).containsExactly("failing TIMEDOUT",
                "exit " + WaitStatus.signalled(9), "stopped");
    }

    /** A start timeout of 0 means none: readiness may take forever. */
    @Test
    void startTimeoutZero_neverFires() {
        f.readiness().startTimeout(0).up();
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
        f.platform.advance(3600 * SECOND);
        assertThat(f.events()).isEmpty();
        f.main().ready();
        assertThat(f.events()).containsExactly("started");
    }

    /** An unexpected non-zero exit is logged and reported as a termination. */
    @Test
    void unexpectedExit_isLoggedAndReported() {
        f.up();
        f.main().exit(EXIT_3);
        assertThat(f.events()).containsExactly("started", "exit " + EXIT_3, "terminated " + EXIT_3);
        assertThat(f.log()).containsExactly("Service svc process terminated with exit code 3");
        assertThat(f.behaviour.pid()).isEqualTo(-1);
        f.behaviour.bringDown();
        assertThat(f.events()).last().isEqualTo("stopped");
    }

    /** A clean exit is reported but not logged; a signal is logged with its number. */
    @Test
    void unexpectedExit_cleanIsQuiet_signalIsLogged() {
        f.up();
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.log()).isEmpty();
        assertThat(f.events()).containsExactly("started", "exit 0", "terminated 0");
        f.behaviour.bringDown();
        f.behaviour.bringUp();
        f.main().exit(WaitStatus.signalled(9));
        assertThat(f.log()).containsExactly("Service svc terminated due to signal 9");
    }

    /** E20: each exit status reaches the engine, which applies the restart policy. */
    @ParameterizedTest
    @ValueSource(ints = {0, 3 << 8, 15, 9})
    void exitStatusIsReported(int status) {
        f.up();
        f.main().exit(status);
        assertThat(f.events()).containsExactly("started", "exit " + status, "terminated " + status);
    }

    /** Stop: the term signal to the process, stopped once it has exited. */
    @Test
    void stop_sendsTermSignal_stoppedAfterExit() {
        f.up();
        FakeProcess p = f.main();
        f.behaviour.bringDown();
        assertThat(p.signals()).containsExactly(Signal.TERM);
        assertThat(f.events()).containsExactly("started");
        f.settle();
        assertThat(f.events()).containsExactly("started", "exit " + TERM, "stopped");
        assertThat(f.log()).as("an exit while stopping is expected").isEmpty();
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
    }

    /** The configured term signal is the one sent. */
    @Test
    void stop_usesConfiguredTermSignal() {
        f.termSignal(Signal.HUP).up();
        f.behaviour.bringDown();
        assertThat(f.main().signals()).containsExactly(Signal.HUP);
    }

    /** E23: a process that ignores SIGTERM is killed at the stop timeout, then stopped. */
    @Test
    void stopTimeout_killsAProcessIgnoringTerm() {
        f.platform.ignore(COMMAND, Signal.TERM);
        f.up();
        FakeProcess p = f.main();
        f.behaviour.bringDown();
        f.platform.advance(10 * SECOND - 1);
        assertThat(p.isRunning()).isTrue();
        f.platform.advance(1);
        assertThat(f.log()).containsExactly(
                "Service svc with pid " + p.pid() + " exceeded allowed stop time; killing.");
        assertThat(p.signals()).containsExactly(Signal.TERM, Signal.KILL);
        f.settle();
        assertThat(f.events()).containsExactly("started", "exit " + WaitStatus.signalled(9),
                "stopped");
    }

    /** E23: with stop-timeout 0 it waits forever. */
    @Test
    void stopTimeoutZero_waitsForever() {
        f.platform.ignore(COMMAND, Signal.TERM);
        f.stopTimeout(0).up();
        f.behaviour.bringDown();
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
        f.platform.advance(3600 * SECOND);
        assertThat(f.main().signals()).containsExactly(Signal.TERM);
        assertThat(f.events()).containsExactly("started");
    }

    /** E24: term-signal none and no stop command: nothing is sent; SIGKILL at the stop timeout. */
    @Test
    void termSignalNone_killsAtStopTimeout() {
        f.termSignal(Signal.NONE).up();
        FakeProcess p = f.main();
        f.behaviour.bringDown();
        assertThat(p.signals()).isEmpty();
        f.platform.advance(10 * SECOND);
        assertThat(p.signals()).containsExactly(Signal.KILL);
        f.settle();
        assertThat(f.events()).last().isEqualTo("stopped");
    }

    /**
     * E25: the stop command runs instead of SIGTERM; stopped only once both it and the main
     * process have exited; its non-zero exit is only logged.
     */
    @Test
    void stopCommand_runsInsteadOfTerm_andBothMustExit() {
        f.stopCommand().up();
        FakeProcess p = f.main();
        f.behaviour.bringDown();
        FakeProcess s = f.stopProcess();
        assertThat(s.argv()).containsExactly(STOP_COMMAND, "now");
        assertThat(p.signals()).isEmpty();
        s.exit(WaitStatus.exited(2));
        assertThat(f.log()).containsExactly("Service svc stop command failed with exit code 2");
        assertThat(f.platform.log().get(0).level()).isEqualTo(LogLevel.WARN);
        assertThat(f.events()).containsExactly("started");
        p.exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("started", "exit 0", "stopped");
    }

    /** E25: the main process may exit first; stopped when the stop command exits too. */
    @Test
    void stopCommand_mainExitsFirst() {
        f.stopCommand().up();
        f.behaviour.bringDown();
        f.main().exit(WaitStatus.exited(0));
        assertThat(f.events()).containsExactly("started", "exit 0");
        f.stopProcess().exit(WaitStatus.signalled(15));
        assertThat(f.log()).containsExactly("Service svc stop command terminated due to signal 15");
        assertThat(f.events()).containsExactly("started", "exit 0", "stopped");
    }

    /** A stop command that cannot be launched falls back to the term signal. */
    @Test
    void stopCommandExecFailure_fallsBackToTerm() {
        f.platform.failExec(STOP_COMMAND, ExecStage.DO_EXEC, 2);
        f.stopCommand().up();
        f.behaviour.bringDown();
        assertThat(f.main().signals()).containsExactly(Signal.TERM);
        f.settle();
        assertThat(f.events()).containsExactly("started", "exit " + TERM, "stopped");
    }

    /** A stop command that cannot be launched, with term-signal none: SIGKILL. */
    @Test
    void stopCommandExecFailure_termNone_kills() {
        f.platform.failExec(STOP_COMMAND, ExecStage.DO_EXEC, 2);
        f.stopCommand().termSignal(Signal.NONE).up();
        f.behaviour.bringDown();
        assertThat(f.main().signals()).containsExactly(Signal.KILL);
    }

    /** At the stop timeout the main process and the stop command are both killed. */
    @Test
    void stopTimeout_killsTheStopCommandToo() {
        f.stopCommand().up();
        FakeProcess p = f.main();
        f.behaviour.bringDown();
        FakeProcess s = f.stopProcess();
        f.platform.advance(10 * SECOND);
        assertThat(p.signals()).containsExactly(Signal.KILL);
        assertThat(s.signals()).containsExactly(Signal.KILL);
        assertThat(f.log()).startsWith(
                "Service svc with pid " + p.pid() + " exceeded allowed stop time; killing.",
                "Service svc stop command, with pid " + s.pid()
                        + ", exceeded allowed stop time; killing.");
        f.settle();
        assertThat(f.events()).last().isEqualTo("stopped");
    }

    /** Restart delay: an automatic restart relaunches no earlier than 0.2 s after the last launch. */
    @Test
    void autoRestart_honoursRestartDelayFromPreviousLaunch() {
        f.up();
        FakeProcess first = f.main();
        f.platform.advance(50 * MS);
        first.exit(WaitStatus.exited(1));
        f.behaviour.bringDown();
        f.handle.autoRestart = true;
        f.behaviour.bringUp();
        assertThat(f.main()).isSameAs(first);
        assertThat(f.behaviour.canInterruptStart()).isTrue();
        f.platform.advance(150 * MS - 1);
        assertThat(f.main()).isSameAs(first);
        f.platform.advance(1);
        FakeProcess second = f.main();
        assertThat(second).isNotSameAs(first);
        assertThat(second.launchedAt()).isEqualTo(200 * MS);
        assertThat(f.events()).containsExactly("started", "exit 256", "terminated 256",
                "stopped", "started");
    }

    /** Restart delay: a process that ran longer than the delay is relaunched at once. */
    @Test
    void autoRestart_immediateAfterALongRun() {
        f.up();
        f.platform.advance(SECOND);
        f.main().exit(WaitStatus.exited(1));
        f.behaviour.bringDown();
        f.handle.autoRestart = true;
        f.behaviour.bringUp();
        assertThat(f.main().launchedAt()).isEqualTo(SECOND);
        assertThat(f.events()).last().isEqualTo("started");
    }

    /** The start timeout is armed again at the relaunch. */
    @Test
    void autoRestart_rearmsStartTimeout() {
        f.readiness().startTimeout(SECOND).up();
        f.main().exit(WaitStatus.exited(1));
        f.handle.autoRestart = true;
        f.behaviour.bringUp();
        f.platform.advance(200 * MS);
        assertThat(f.platform.nextDeadline()).isEqualTo(1200 * MS);
    }

    /** A pending restart can be interrupted at once; the relaunch never happens. */
    @Test
    void interruptStart_cancelsPendingRestart() {
        f.up();
        FakeProcess first = f.main();
        first.exit(WaitStatus.exited(1));
        f.behaviour.bringDown();
        f.handle.autoRestart = true;
        f.behaviour.bringUp();
        assertThat(f.behaviour.canInterruptStart()).isTrue();
        assertThat(f.behaviour.interruptStart()).isTrue();
        f.behaviour.bringDown();
        f.platform.advance(SECOND);
        assertThat(f.main()).isSameAs(first);
        assertThat(f.events()).endsWith("stopped", "stopped");
    }

    /** E35: a process awaiting readiness is not interruptible without start-interruptible. */
    @Test
    void notInterruptibleWhileAwaitingReadiness() {
        f.readiness().up();
        assertThat(f.behaviour.canInterruptStart()).isFalse();
        f.main().ready();
        assertThat(f.events()).containsExactly("started");
    }

    /** start-interruptible: SIGINT at once, logged; stopped when the process exits. */
    @Test
    void interruptStart_sendsSigint() {
        f.readiness().option(ServiceOption.START_INTERRUPTIBLE).up();
        FakeProcess p = f.main();
        assertThat(f.behaviour.canInterruptStart()).isTrue();
        assertThat(f.behaviour.interruptStart()).isFalse();
        assertThat(f.log()).containsExactly(
                "Interrupting start of service svc with pid " + p.pid() + " (with SIGINT).");
        assertThat(p.signals()).containsExactly(Signal.INT);
        f.settle();
        assertThat(f.events()).containsExactly("exit " + WaitStatus.signalled(2), "stopped");
    }

    /** E21: smooth recovery relaunches in place after the restart delay; no new 'started'. */
    @Test
    void smoothRecovery_relaunchesInPlace() {
        f.smoothRecovery().up();
        FakeProcess first = f.main();
        f.platform.advance(50 * MS);
        first.exit(WaitStatus.signalled(9));
        assertThat(f.events()).containsExactly("started", "exit 9", "tryrestart");
        f.platform.advance(150 * MS);
        FakeProcess second = f.main();
        assertThat(second).isNotSameAs(first);
        assertThat(f.behaviour.pid()).isEqualTo(second.pid());
        assertThat(f.events()).containsExactly("started", "exit 9", "tryrestart");
        f.behaviour.bringDown();
        f.settle();
        assertThat(f.events()).endsWith("stopped");
    }

    /** Smooth recovery awaits readiness again, under the start timeout, silently. */
    @Test
    void smoothRecovery_awaitsReadinessAgain() {
        f.smoothRecovery().readiness().startTimeout(SECOND).up();
        f.main().ready();
        f.platform.advance(SECOND);
        f.main().exit(WaitStatus.exited(1));
        FakeProcess second = f.main();
        assertThat(f.platform.nextDeadline()).isEqualTo(2 * SECOND);
        second.ready();
        assertThat(f.platform.nextDeadline()).isEqualTo(-1);
        assertThat(f.events()).containsExactly("started", "exit 256", "tryrestart");
    }

    /** Smooth recovery refused by the rate limiter: an unexpected termination. */
    @Test
    void smoothRecovery_refused_terminates() {
        f.handle.restartsAllowed = 0;
        f.smoothRecovery().up();
        f.main().exit(WaitStatus.exited(1));
        assertThat(f.events()).containsExactly("started", "exit 256", "tryrestart",
                "terminated 256");
    }

    /** Smooth recovery whose relaunch cannot be executed: an unrecoverable stop. */
    @Test
    void smoothRecovery_execFailure_isUnrecoverable() {
        f.smoothRecovery().up();
        f.platform.advance(SECOND);
        f.platform.failExec(COMMAND, ExecStage.DO_EXEC, 2);
        f.main().exit(WaitStatus.exited(1));
        assertThat(f.events()).endsWith("tryrestart", "unrecoverable EXECFAILED");
        f.behaviour.bringDown();
        assertThat(f.events()).last().isEqualTo("stopped");
    }

    /** Smooth recovery whose relaunch dies before readiness: an unrecoverable stop. */
    @Test
    void smoothRecovery_relaunchDiesBeforeReady_isUnrecoverable() {
        f.smoothRecovery().readiness().up();
        f.main().ready();
        f.platform.advance(SECOND);
        f.main().exit(WaitStatus.exited(1));
        f.main().exit(WaitStatus.exited(1));
        assertThat(f.events()).endsWith("tryrestart", "exit 256", "unrecoverable TERMINATED");
    }

    /** Smooth recovery whose relaunch times out: unrecoverable; bring-down stops the process. */
    @Test
    void smoothRecovery_relaunchTimesOut_isUnrecoverable() {
        f.smoothRecovery().readiness().startTimeout(SECOND).up();
        f.main().ready();
        f.platform.advance(SECOND);
        f.main().exit(WaitStatus.exited(1));
        FakeProcess second = f.main();
        f.platform.advance(SECOND);
        assertThat(f.events()).endsWith("tryrestart", "unrecoverable TIMEDOUT");
        f.behaviour.bringDown();
        assertThat(second.signals()).containsExactly(Signal.TERM);
        f.settle();
        assertThat(f.events()).endsWith("exit " + TERM, "stopped");
    }

    /** A stop during the smooth-recovery delay is at once; nothing is relaunched. */
    @Test
    void smoothRecovery_stopDuringDelay() {
        f.smoothRecovery().up();
        FakeProcess first = f.main();
        first.exit(WaitStatus.exited(1));
        f.behaviour.bringDown();
        assertThat(f.events()).last().isEqualTo("stopped");
        f.platform.advance(SECOND);
        assertThat(f.main()).isSameAs(first);
    }

    /** Bring-down without any bring-up (stopped while waiting for dependencies): at once. */
    @Test
    void bringDownWithoutBringUp_stopsAtOnce() {
        f.create();
        f.behaviour.bringDown();
        assertThat(f.events()).containsExactly("stopped");
        assertThat(f.platform.processes()).isEmpty();
    }

    /**
     * An engine that calls back from within a handle call (here: stops the service from within
     * started(), which came from within launch) finds the process known and signals it.
     */
    @Test
    void reentrantEngine_stopFromWithinStarted() {
        ServiceDescription d = f.description();
        ServiceBehaviour[] self = new ServiceBehaviour[1];
        ReentrantHandle handle = new ReentrantHandle(f.handle, () -> self[0].bringDown());
        self[0] = new ProcessServiceType().create(d, handle, f.platform.contextFor(d));
        self[0].bringUp();
        FakeProcess p = f.main();
        assertThat(p.signals()).containsExactly(Signal.TERM);
        f.settle();
        assertThat(f.events()).containsExactly("started", "exit " + TERM, "stopped");
    }

    /** A handle that records, and runs an action from within started(). */
    private static final class ReentrantHandle implements ServiceHandle {
        private final RecordingHandle record;
        private final Runnable onStarted;

        ReentrantHandle(RecordingHandle record, Runnable onStarted) {
            this.record = record;
            this.onStarted = onStarted;
        }

        @Override
        public String name() {
            return record.name();
        }

        @Override
        public void started() {
            record.started();
            onStarted.run();
        }

        @Override
        public void failedToStart(StopReason reason) {
            record.failedToStart(reason);
        }

        @Override
        public void skipped() {
            record.skipped();
        }

        @Override
        public void failingToStart(StopReason reason) {
            record.failingToStart(reason);
        }

        @Override
        public void stopped() {
            record.stopped();
        }

        @Override
        public void terminatedUnexpectedly(int waitStatus) {
            record.terminatedUnexpectedly(waitStatus);
        }

        @Override
        public void execFailed(ExecStage stage, int errno) {
            record.execFailed(stage, errno);
        }

        @Override
        public void exitStatus(int waitStatus) {
            record.exitStatus(waitStatus);
        }

        @Override
        public boolean isAutoRestart() {
            return record.isAutoRestart();
        }

        @Override
        public boolean tryRestart() {
            return record.tryRestart();
        }

        @Override
        public void stopUnrecoverably(StopReason reason) {
            record.stopUnrecoverably(reason);
        }
    }

    /**
     * Q3: brought up again while its process still runs (the stop was cancelled before
     * bring-down): the running process is resumed, no second one is launched.
     */
    @Test
    void q3_bringUpWhileRunning_resumesTheProcess() {
        f.up();
        FakeProcess p = f.main();
        f.behaviour.bringUp();
        assertThat(f.platform.processes()).containsExactly(p);
        assertThat(f.events()).containsExactly("started", "started");
        assertThat(p.signals()).isEmpty();
    }

    /** Q3 during a smooth-recovery relaunch: the relaunch completes this start. */
    @Test
    void q3_bringUpDuringRecovery_completesWithTheRelaunch() {
        f.smoothRecovery().up();
        f.main().exit(WaitStatus.exited(1));
        f.behaviour.bringUp();
        f.platform.advance(SECOND);
        assertThat(f.platform.processes()).hasSize(2);
        assertThat(f.events()).containsExactly("started", "exit 256", "tryrestart", "started");
    }
}
