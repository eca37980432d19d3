package io.dinitj.posix.daemon;

import io.dinitj.api.service.ShutdownType;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.core.service.ServiceSet;
import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.util.List;

/**
 * The daemon's exit status, which says why it ended. Upstream exits 0 whenever its services have
 * all stopped, even when the services it was started for failed (docs/cli.md §1.5); a container
 * runtime or a supervising script then cannot tell a failed boot from a clean one. Dinit/J
 * keeps 0 and 1 as upstream uses them and adds two statuses:
 *
 * <table>
 * <caption>Exit statuses</caption>
 * <tr><th>status</th><th>when</th></tr>
 * <tr><td>{@value #OK}</td><td>a shutdown was requested ({@code dinitctl shutdown}, SIGTERM,
 *     SIGINT as a user/container instance; types halt, poweroff, soft-reboot, kexec), or every
 *     service ended by itself and none of the services named on the command line (or
 *     {@code boot}) ended in failure</td></tr>
 * <tr><td>{@value #STARTUP_ERROR}</td><td>start-up errors, as upstream: bad options, control
 *     socket, log file or environment file (the last two not for a system manager)</td></tr>
 * <tr><td>{@value #SERVICE_FAILED}</td><td>no shutdown was requested, no service is left
 *     active, and a service named on the command line (or {@code boot}) could not be loaded,
 *     failed to start (also because a hard dependency failed), or was last stopped by a failure
 *     (its process died with a non-zero exit status or a signal, a timeout, a failed
 *     restart)</td></tr>
 * <tr><td>{@value #REBOOT}</td><td>a reboot was requested ({@code shutdown} type reboot, or
 *     SIGINT to a system manager). As upstream, the daemon then terminates itself with SIGINT
 *     (a parent sees "killed by signal 2", which a shell and container runtimes show as 130);
 *     as PID 1 of a PID namespace it cannot (the kernel drops signals a namespace's init does not
 *     handle), so it exits with status 130 instead.</td></tr>
 * </table>
 *
 * <p>"Critical" is thus decided by the dependency graph, not by a new setting: the services the
 * daemon was started for, and whatever they hard-depend on ({@code depends-on}; a failed
 * {@code waits-for} dependency does not fail its dependent). A service stopped on purpose
 * ({@code dinitctl stop}) is not a failure, and the last outcome counts: a service that failed
 * and was later started again and stopped normally is not one either.
 */
final class DaemonExit {

    /** Shut down on request, or everything ended well. */
    static final int OK = 0;
    /** A start-up error (options, socket, log file, environment file). */
    static final int STARTUP_ERROR = 1;
    /** Everything stopped by itself and a service the daemon was started for failed. */
    static final int SERVICE_FAILED = 2;
    /** A reboot was requested: 128 + SIGINT, what a death by SIGINT shows as. */
    static final int REBOOT = 130;

    private static final int SIGINT = 2;

    private DaemonExit() {
    }

    /**
     * Returns the status for a daemon whose loop has ended (no service active, no
     * {@code remain} shutdown).
     *
     * @param set the services
     * @param initial the services named on the command line (or {@code boot})
     * @param loadFailed true if one of them could not be loaded
     * @return the exit status
     */
    static int atEnd(ServiceSet set, List<String> initial, boolean loadFailed) {
        if (set.isShuttingDown()) {
            return set.shutdownType() == ShutdownType.REBOOT ? REBOOT : OK;
        }
        if (loadFailed) {
            return SERVICE_FAILED;
        }
        for (String name : initial) {
            ServiceRecord r = set.find(name);
            if (r != null && (r.startFailed() || ServiceSet.stoppedByFailure(r))) {
                return SERVICE_FAILED;
            }
        }
        return OK;
    }

    /**
     * Ends the process with a status from {@link #atEnd}: for {@link #REBOOT}, as upstream, by
     * raising SIGINT with its default action (the JVM's handler would run shutdown hooks and
     * exit 130 instead of dying by the signal); if that does not end the process (PID 1), or for
     * any other status, through {@link System#exit}.
     *
     * @param status the status
     */
    static void exit(int status) {
        // libc only when needed: --help and option errors end without loading native code.
        Posix posix = status == REBOOT ? JnrPosix.get() : null;
        if (posix != null && posix.getpid() != 1) {
            System.out.flush();
            System.err.flush();
            posix.resetSignalToDefault(SIGINT);
            posix.kill(posix.getpid(), SIGINT);
            try {
                Thread.sleep(1000); // the signal ends the process meanwhile, unless PID 1
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.exit(status);
    }
}
