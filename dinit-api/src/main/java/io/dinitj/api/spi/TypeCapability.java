package io.dinitj.api.spi;

/**
 * What the loader, the engine and the platform need to know about a service type, declared by
 * the type ({@link ServiceType#capabilities()}) rather than guessed from its name. A type that
 * declares none is like {@code internal} without {@code kill-all-on-stop}: it runs no command of
 * the service's, and the process settings are ignored (dinit-check says so).
 */
public enum TypeCapability {

    /**
     * Runs the service's {@code command} (so it is required) with the process settings
     * ({@code run-as}, {@code working-dir}, limits, ...). Such a service's output can be piped to
     * a {@code consumer-of} service ({@code log-type = pipe}).
     */
    RUNS_COMMAND,

    /**
     * Supervises one long-running process: {@code restart = on-failure} and the restart rate
     * limit ({@code restart-limit-interval}, {@code restart-limit-count}) apply.
     */
    SUPERVISES_PROCESS,

    /**
     * Its {@code stop-command} writes where {@code log-type} says, as the start command does
     * (without it, a stop command writes only to a {@code logfile}, or nowhere).
     */
    STOP_COMMAND_LOGGED,

    /** It may read another service's output: {@code consumer-of} is allowed. */
    LOG_CONSUMER,

    /** It may set {@code options = kill-all-on-stop}. */
    KILL_ALL_ON_STOP,

    /**
     * Its process is found through {@code pid-file}, which is then required; it has no
     * readiness notification ({@code ready-notification} is an error).
     */
    PID_FILE
}
