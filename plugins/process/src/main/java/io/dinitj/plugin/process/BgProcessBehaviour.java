package io.dinitj.plugin.process;

import io.dinitj.api.spi.Errno;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.WaitStatus;

/**
 * A {@code bgprocess} service (docs/service-semantics.md §7.4): the main command is a launcher
 * that forks the daemon, writes its pid to {@code pid-file} and exits. The service is starting
 * while the launcher runs; a clean exit has the pid read and the daemon supervised (adopted),
 * or, when it lives but is not a child of the daemon, signalled but not watched. Once up it
 * behaves as a {@code process} service, the daemon being its process; smooth recovery re-runs
 * the launcher.
 */
final class BgProcessBehaviour extends BaseProcessBehaviour {

    private final String pidFile;
    /** The main slot holds the daemon, not the launcher. */
    private boolean daemon;

    BgProcessBehaviour(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        super(description, handle, context);
        if (description.process().pidFile() == null) {
            throw new IllegalArgumentException("bgprocess requires 'pid-file'");
        }
        this.pidFile = description.process().pidFile();
    }

    /** An executed launcher means nothing yet: it has to exit. */
    @Override
    void mainExecSucceeded() {
        daemon = false;
    }

    @Override
    void mainExited(int status) {
        boolean wasDaemon = daemon;
        daemon = false;
        if (wasDaemon || !WaitStatus.isCleanExit(status)) {
            // A launcher's clean exit is not an exit of the service.
            handle.exitStatus(status);
        }
        switch (phase) {
            case STARTING -> {
                logUnexpectedExit(status);
                if (WaitStatus.isCleanExit(status)) {
                    superviseDaemon();
                } else {
                    startFailed(StopReason.FAILED);
                }
            }
            case RUNNING -> {
                logUnexpectedExit(status);
                runningProcessExited(status);
            }
            default -> stopIfDone();
        }
    }

    /** The launcher exited cleanly: read the pid file and watch the daemon. */
    private void superviseDaemon() {
        int pid = context.readPidFile(pidFile);
        if (pid < 0) {
            // Upstream's words, for a file that could not be read...
            context.log(LogLevel.ERROR, handle.name() + ": read pid file: "
                    + Errno.strerror(-pid));
            startFailed(StopReason.FAILED);
            return;
        }
        if (pid == 0) {
            // ...and for one that holds no pid (upstream shows its parse result, -1).
            context.log(LogLevel.ERROR, handle.name() + ": pid read from pidfile (-1) is not valid");
            startFailed(StopReason.FAILED);
            return;
        }
        if (main.adopt(pid)) {
            // Up, even if it has died already: that exit is then reported as a termination.
            daemon = true;
            becameReady();
            return;
        }
        if (context.processExists(pid)) {
            context.log(LogLevel.WARN, handle.name()
                    + ": unable to supervise process with pid " + pid);
            unsupervisedPid = pid;
            becameReady();
            return;
        }
        context.log(LogLevel.ERROR, handle.name() + ": pid read from pidfile (" + pid
                + ") is not valid");
        startFailed(StopReason.FAILED);
    }
}
