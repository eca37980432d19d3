package io.dinitj.api.protocol;

import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.service.StopReason;

/**
 * The one place where the protocol's one-byte codes turn into the api's enums (states, stop
 * reasons, exec stages, events, dependency kinds, shutdown types; docs/control-protocol.md
 * §4.4). Each enum's {@code code()} goes the other way. Lookups use arrays made once, so they
 * allocate nothing (an enum's {@code values()} copies its array on every call).
 *
 * <p>Stateless and thread safe.
 */
public final class EnumCodes {

    private static final ServiceState[] STATES = ServiceState.values();
    private static final StopReason[] REASONS = StopReason.values();
    private static final ServiceEvent[] EVENTS = ServiceEvent.values();
    private static final ShutdownType[] SHUTDOWNS = ShutdownType.values();
    private static final DependencyKind[] KINDS = DependencyKind.values();
    private static final ExecStage[] STAGES = ExecStage.values();

    private EnumCodes() {
    }

    /**
     * The state with this code.
     *
     * @param code the code
     * @return the state, or null if none has it
     */
    public static ServiceState state(int code) {
        return code >= 0 && code < STATES.length ? STATES[code] : null;
    }

    /**
     * The stop reason with this code.
     *
     * @param code the code
     * @return the reason, or null if none has it
     */
    public static StopReason stopReason(int code) {
        return code >= 0 && code < REASONS.length ? REASONS[code] : null;
    }

    /**
     * The service event with this code.
     *
     * @param code the code
     * @return the event, or null if none has it
     */
    public static ServiceEvent event(int code) {
        return code >= 0 && code < EVENTS.length ? EVENTS[code] : null;
    }

    /**
     * The shutdown type with this code.
     *
     * @param code the code
     * @return the type, or null if none has it
     */
    public static ShutdownType shutdownType(int code) {
        return code >= 0 && code < SHUTDOWNS.length ? SHUTDOWNS[code] : null;
    }

    /**
     * The dependency kind with this code.
     *
     * @param code the code
     * @return the kind, or null if none has it
     */
    public static DependencyKind dependencyKind(int code) {
        for (DependencyKind k : KINDS) {
            if (k.code() == code) {
                return k;
            }
        }
        return null;
    }

    /**
     * The dependency kind with this code if ADD_DEP, REM_DEP and ENABLESERVICE accept it
     * (regular, waits-for, milestone; section 4.4).
     *
     * @param code the code
     * @return the kind, or null if the commands refuse the code
     */
    public static DependencyKind linkableKind(int code) {
        DependencyKind k = dependencyKind(code);
        return k == DependencyKind.REGULAR || k == DependencyKind.WAITS_FOR
                || k == DependencyKind.MILESTONE ? k : null;
    }

    /**
     * The exec stage with this code (codes 13-17 are spare and have none).
     *
     * @param code the code
     * @return the stage, or null if none has it
     */
    public static ExecStage execStage(int code) {
        for (ExecStage s : STAGES) {
            if (s.code() == code) {
                return s;
            }
        }
        return null;
    }
}
