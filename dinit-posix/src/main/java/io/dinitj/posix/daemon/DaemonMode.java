package io.dinitj.posix.daemon;

/**
 * The daemon's two independent modes (docs/cli.md §1.2), decided once at start-up.
 *
 * <p><b>System instance</b> ({@code --system}/{@code -s}, the default for uid 0) or <b>user
 * instance</b> ({@code --user}/{@code -u}): only where things are found by default, the control
 * socket ({@code /run/dinitctl}, or {@code $XDG_RUNTIME_DIR/dinitctl} / {@code $HOME/.dinitctl})
 * and the service directories.
 *
 * <p><b>System manager</b> (the default when the daemon is PID 1; forced on by
 * {@code --system-mgr}/{@code -m}, off by {@code --container}/{@code -o}): the daemon reads the
 * default environment file {@code /etc/dinit/environment}, logs {@code Starting system}, survives
 * a log file or environment file it cannot read (only logging the error), treats SIGINT as a
 * reboot request, and logs {@code No more active services. Will ...} when everything has
 * stopped; after a boot failure (everything stopped, no shutdown requested) with
 * {@code --auto-recovery} it starts the {@code recovery} service once and runs on, else it asks
 * on the console what to do. Then, as upstream, it becomes the shutdown program
 * ({@code dinit-shutdown --system}), which halts, reboots or powers off (docs/cli.md §1.8).
 *
 * <p><b>Container mode</b> ({@code -o}), also what every daemon that is neither PID 1 nor
 * started with {@code -m} is: no system management at all. The daemon stops its services and
 * exits when asked to shut down (SIGTERM, SIGINT, {@code dinitctl shutdown}, any shutdown type
 * but {@code remain}), or when no service is left active; the exit status says why
 * ({@link DaemonExit}). Whatever the mode, the daemon is a child subreaper (and, as PID 1, the
 * reaper of its PID namespace anyway), so orphaned descendants are re-parented to it and reaped.
 */
final class DaemonMode {

    /** The environment file a system manager reads when no {@code -e} is given. */
    static final String DEFAULT_ENV_FILE = "/etc/dinit/environment";

    /** True for a system instance, false for a user instance. */
    final boolean systemInstance;
    /** True if the daemon manages the system (see the class comment). */
    final boolean systemManager;
    /** True if the daemon is PID 1 of its PID namespace. */
    final boolean pid1;

    DaemonMode(boolean systemInstance, boolean systemManager, boolean pid1) {
        this.systemInstance = systemInstance;
        this.systemManager = systemManager;
        this.pid1 = pid1;
    }

    /**
     * Decides the modes from the options and the process's identity (docs/cli.md §1.2): system
     * instance if uid 0 unless {@code -u}/{@code -s} said otherwise; system manager if PID 1
     * unless {@code -m}/{@code -o} said otherwise (the last of them wins).
     *
     * @param o the options
     * @param pid the daemon's pid
     * @param euid its effective uid
     * @return the modes
     */
    static DaemonMode of(DaemonOptions o, int pid, int euid) {
        boolean system = o.system != null ? o.system : euid == 0;
        boolean manager = o.systemManager != null ? o.systemManager : pid == 1;
        return new DaemonMode(system, manager, pid == 1);
    }

    @Override
    public String toString() {
        return (systemInstance ? "system" : "user") + " instance, "
                + (systemManager ? "system manager" : "container mode") + (pid1 ? ", PID 1" : "");
    }
}
