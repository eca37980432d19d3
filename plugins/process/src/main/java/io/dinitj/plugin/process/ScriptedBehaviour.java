package io.dinitj.plugin.process;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.Signal;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.WaitStatus;

/**
 * A {@code scripted} service (docs/service-semantics.md §7.5): starting runs the start command
 * and the service is up when it exits 0; stopping runs the stop command, if any. While up nothing
 * runs and nothing is supervised. An interrupted start (stop with {@code start-interruptible},
 * or the start timeout) sends SIGINT to the start command; if it then exits non-zero the start
 * is cancelled without cleanup, else (exit 0, or killed by a signal) the stop command cleans up.
 * An automatic restart honours {@code restart-delay} (0.2 s by default), as the spec recommends
 * where upstream sets none.
 */
final class ScriptedBehaviour extends BaseProcessBehaviour {

    /** The start command of the current start ran, so stopping runs the stop command. */
    private boolean startCommandRan;

    ScriptedBehaviour(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        super(description, handle, context);
    }

    @Override
    public int pid() {
        int pid = super.pid();
        return pid > 0 ? pid : stop.pid();
    }

    @Override
    void prepareStart() {
        startCommandRan = false;
    }

    @Override
    void mainExecSucceeded() {
        startCommandRan = true;
    }

    /**
     * Q2 (docs/service-semantics.md §21): upstream runs the stop command even when the start
     * command never ran (the service was stopped while waiting for its dependencies, or during
     * the restart delay). We do not: there is nothing to undo.
     */
    @Override
    void bringDownIdle() {
        if (startCommandRan) {
            startCommandRan = false;
            beginStop(true);
            return;
        }
        handle.stopped();
    }

    /** A stop while the start command runs interrupts it, as an interrupted start. */
    @Override
    void bringDownStarting() {
        interruptMain();
    }

    @Override
    void mainExited(int status) {
        if (!WaitStatus.isCleanExit(status)) {
            handle.exitStatus(status);
        }
        if (phase == Phase.STARTING) {
            startCommandExited(status);
        } else if (phase == Phase.STOPPING) {
            interruptedStartCommandExited(status);
        }
    }

    private void startCommandExited(int status) {
        if (WaitStatus.isCleanExit(status)) {
            cancelTimer();
            phase = Phase.IDLE;
            handle.started();
            return;
        }
        if (WaitStatus.wasSignalled(status) && WaitStatus.signal(status) == Signal.INT.number()
                && description.options().contains(ServiceOption.SKIPPABLE)) {
            cancelTimer();
            phase = Phase.IDLE;
            handle.skipped();
            return;
        }
        logStatus(LogLevel.ERROR, status, " command failed with exit code ",
                " command terminated due to signal ");
        startFailed(StopReason.FAILED);
    }

    /**
     * The start command exited after SIGINT: a non-zero exit needs no cleanup; an exit 0 or a
     * death by signal has the stop command clean up.
     */
    private void interruptedStartCommandExited(int status) {
        if (WaitStatus.didExit(status) && WaitStatus.exitCode(status) != 0) {
            logStatus(LogLevel.INFO, status, " start cancelled; exit code ", "");
            startCommandRan = false;
            finishStop();
            return;
        }
        if (WaitStatus.wasSignalled(status)) {
            logStatus(LogLevel.INFO, status, "", " start cancelled from signal ");
        }
        startCommandRan = false;
        beginStop(true);
    }
}
