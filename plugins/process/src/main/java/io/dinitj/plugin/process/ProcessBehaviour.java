package io.dinitj.plugin.process;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;

/**
 * A {@code process} service (docs/service-semantics.md §7.3): the main command is the
 * service. Up when it has been executed, or, with {@code ready-notification}, when it reports
 * readiness (section 12); an exit before that fails the start, and so does a readiness channel
 * closed without data (the process is then brought down). An exit once up is an unexpected
 * termination, or with {@code smooth-recovery} a relaunch in place.
 */
final class ProcessBehaviour extends BaseProcessBehaviour {

    private final boolean awaitsReadiness;

    ProcessBehaviour(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        super(description, handle, context);
        this.awaitsReadiness = description.process().readyNotification() != null;
    }

    @Override
    void mainExecSucceeded() {
        if (phase == Phase.STARTING && !awaitsReadiness) {
            becameReady();
        }
    }

    @Override
    void mainReady() {
        becameReady();
    }

    /**
     * No readiness: the process is brought down as by a stop (upstream's {@code bring_down}:
     * stop command or term signal, stop timeout), and the start fails once it has exited. In
     * smooth recovery the relaunch failed: the service stops unrecoverably.
     */
    @Override
    void mainReadinessFailed() {
        if (recovering) {
            recoveryFailed(StopReason.TERMINATED);
            return;
        }
        cancelTimer();
        beginStop(true);
        handle.failingToStart(StopReason.FAILED);
    }

    @Override
    void mainExited(int status) {
        handle.exitStatus(status);
        switch (phase) {
            case STARTING -> {
                logUnexpectedExit(status);
                startFailed(StopReason.FAILED);
            }
            case RUNNING -> {
                logUnexpectedExit(status);
                runningProcessExited(status);
            }
            default -> stopIfDone();
        }
    }
}
