package io.dinitj.posix.launch;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.core.service.ServiceListener;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.posix.daemon.DinitDaemon;
import io.dinitj.posix.log.DaemonLog;
import io.dinitj.posix.sys.Posix;

/**
 * The platform side of the console queue (docs/service-semantics.md §14): the engine's
 * {@link io.dinitj.core.service.ServiceSet} decides who holds the console; this listener keeps
 * the daemon's console lines back while a service holds it, and gives the terminal's foreground
 * back to the daemon when the service releases it. The holder's own process makes itself the
 * foreground process group when it is launched (through the exec helper, {@code -F}), so
 * {@link PosixPlatform} asks {@link #mode} how to launch a console service.
 *
 * <p>The daemon ignores SIGTTOU ({@link DinitDaemon}), so its {@code tcsetpgrp} works from the
 * background. Without a terminal on the daemon's standard input nothing is handed over: console
 * services simply share the daemon's descriptors.
 *
 * <p>When one holder releases the console and the next in the queue is granted it at once, the
 * lines kept back for the first are written (or dropped, {@link DaemonLog#resumeConsole()}) and
 * the log is held again for the next.
 *
 * <p>Event-loop thread only.
 */
final class ConsoleHandover implements ServiceListener {

    private final Posix posix;
    private final DaemonLog log;
    /** The service that holds the console, or null. */
    private String holder;

    /**
     * Creates the hand-over.
     *
     * @param posix libc
     * @param log the daemon's log
     */
    ConsoleHandover(Posix posix, DaemonLog log) {
        this.posix = posix;
        this.log = log;
    }

    /**
     * Returns how to launch a service's main command with respect to the console.
     *
     * @param d the service
     * @return {@code FOREGROUND} for the service that holds the console, {@code GROUP} for any
     *     other console service ({@code shares-console}, or a {@code starts-on-console} service
     *     relaunched after it gave the console back), {@code NONE} otherwise
     */
    ExecHelper.Console mode(ServiceDescription d) {
        boolean exclusive = d.options().contains(ServiceOption.RUNS_ON_CONSOLE)
                || d.options().contains(ServiceOption.STARTS_ON_CONSOLE);
        if (exclusive && d.name().equals(holder)) {
            return ExecHelper.Console.FOREGROUND;
        }
        if (exclusive || d.options().contains(ServiceOption.SHARES_CONSOLE)) {
            return ExecHelper.Console.GROUP;
        }
        return ExecHelper.Console.NONE;
    }

    /**
     * Returns the service that holds the console.
     *
     * @return its name, or null
     */
    String holder() {
        return holder;
    }

    @Override
    public void serviceEvent(ServiceRecord service, ServiceEvent event) {
        // Only the console matters here.
    }

    @Override
    public void consoleAcquired(ServiceRecord service) {
        holder = service.name();
        log.holdConsole();
    }

    @Override
    public void consoleReleased(ServiceRecord service) {
        holder = null;
        if (posix.isatty(0)) {
            int rc = posix.tcsetpgrp(0, posix.getpgrp());
            if (rc < 0) {
                log.log(LogLevel.DEBUG, "cannot take the console back from " + service.name()
                        + ": " + Errno.strerror(-rc));
            }
        }
        log.resumeConsole();
    }
}
