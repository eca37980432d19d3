package io.dinitj.api.description;

import java.time.Duration;
import java.util.Objects;

/**
 * Restart policy and timeouts.
 *
 * @param restart when to restart automatically ({@code restart}, default yes)
 * @param smoothRecovery restart the process in place ({@code smooth-recovery}, default no)
 * @param restartDelay minimum time between a start and an automatic restart (default 0.2 s)
 * @param restartLimitInterval window for counting restarts (default 10 s)
 * @param restartLimitCount restarts allowed per window, 0 for no limit (default 3)
 * @param startTimeout time allowed to start, zero for none (default 60 s)
 * @param stopTimeout time allowed to stop before SIGKILL, zero for none (default 10 s)
 */
public record RestartSettings(RestartPolicy restart, boolean smoothRecovery, Duration restartDelay,
        Duration restartLimitInterval, int restartLimitCount, Duration startTimeout,
        Duration stopTimeout) {

    /** The defaults of a service file that sets none of these. */
    public static final RestartSettings DEFAULT = new RestartSettings(RestartPolicy.YES, false,
            Duration.ofMillis(200), Duration.ofSeconds(10), 3, Duration.ofSeconds(60),
            Duration.ofSeconds(10));

    /**
     * Checks the values.
     *
     * @param restart when to restart automatically ({@code restart}, default yes)
     * @param smoothRecovery restart the process in place ({@code smooth-recovery}, default no)
     * @param restartDelay minimum time between a start and an automatic restart (default 0.2 s)
     * @param restartLimitInterval window for counting restarts (default 10 s)
     * @param restartLimitCount restarts allowed per window, 0 for no limit (default 3)
     * @param startTimeout time allowed to start, zero for none (default 60 s)
     * @param stopTimeout time allowed to stop before SIGKILL, zero for none (default 10 s)
     */
    public RestartSettings {
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(restartDelay, "restartDelay");
        Objects.requireNonNull(restartLimitInterval, "restartLimitInterval");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (restartLimitCount < 0) {
            throw new IllegalArgumentException("negative restart-limit-count");
        }
    }
}
