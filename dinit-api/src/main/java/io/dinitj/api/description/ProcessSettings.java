package io.dinitj.api.description;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a service's processes are launched. Applies to process, bgprocess and scripted services.
 *
 * @param command the command, after substitution; empty if none
 * @param stopCommand the stop command, after substitution; empty if none
 * @param workingDir the working directory, or null for the service description directory
 * @param runAs the user to run as, or null for the daemon's
 * @param pidFile the bgprocess pid file, or null
 * @param readyNotification how the process reports readiness, or null
 * @param termSignal the signal that asks it to stop (default TERM)
 * @param limits resource limits by kind; absent kinds are inherited
 * @param nice the nice value, or null to leave it
 * @param ioPriority the I/O priority, or null to leave it
 * @param oomScoreAdj the OOM score adjustment, or null to leave it
 * @param cgroup the cgroup to join, or null
 * @param capabilities the capabilities (IAB text), or null to leave them
 * @param secureBits the securebits to set; empty to leave them
 * @param inittabId the utmp id, or null
 * @param inittabLine the utmp line, or null
 */
public record ProcessSettings(List<String> command, List<String> stopCommand, String workingDir,
        UserSpec runAs, String pidFile, ReadyNotification readyNotification, Signal termSignal,
        Map<ResourceKind, ResourceLimit> limits, Integer nice, IoPriority ioPriority,
        Integer oomScoreAdj, String cgroup, String capabilities, Set<SecureBit> secureBits,
        String inittabId, String inittabLine) {

    /** Nothing set. */
    public static final ProcessSettings DEFAULT = new ProcessSettings(List.of(), List.of(), null,
            null, null, null, Signal.TERM, Map.of(), null, null, null, null, null, Set.of(), null,
            null);

    /**
     * Copies the collections.
     *
     * @param command the command, after substitution; empty if none
     * @param stopCommand the stop command, after substitution; empty if none
     * @param workingDir the working directory, or null for the service description directory
     * @param runAs the user to run as, or null for the daemon's
     * @param pidFile the bgprocess pid file, or null
     * @param readyNotification how the process reports readiness, or null
     * @param termSignal the signal that asks it to stop (default TERM)
     * @param limits resource limits by kind; absent kinds are inherited
     * @param nice the nice value, or null to leave it
     * @param ioPriority the I/O priority, or null to leave it
     * @param oomScoreAdj the OOM score adjustment, or null to leave it
     * @param cgroup the cgroup to join, or null
     * @param capabilities the capabilities (IAB text), or null to leave them
     * @param secureBits the securebits to set; empty to leave them
     * @param inittabId the utmp id, or null
     * @param inittabLine the utmp line, or null
     */
    public ProcessSettings {
        command = List.copyOf(command);
        stopCommand = List.copyOf(stopCommand);
        Objects.requireNonNull(termSignal, "termSignal");
        limits = limits.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(limits));
        secureBits = secureBits.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(secureBits));
    }
}
