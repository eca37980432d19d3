package io.dinitj.api.description;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a service adds to, removes from and takes from the daemon's environment: the contents of
 * its {@code env-file} (read at load) and the variables of its {@code load-options}. Resolved
 * against the daemon's global environment when a process is launched, by
 * {@link #resolve(Map)}.
 *
 * <p>Priority, high to low: env-file variables; load-option variables; the global environment
 * after the env-file's {@code !clear}, {@code !unset} and {@code !import} are applied.
 *
 * @param clearInherited true if the env-file said {@code !clear}: nothing is inherited except
 *     what it imports
 * @param entries what the env-file did to each name, in file order; the last action per name
 *     wins
 * @param loadOptionVariables variables from {@code export-passwd-vars} and
 *     {@code export-service-name}
 */
public record ServiceEnvironment(boolean clearInherited, Map<String, Entry> entries,
        Map<String, String> loadOptionVariables) {

    /** An environment that changes nothing. */
    public static final ServiceEnvironment NONE =
            new ServiceEnvironment(false, Map.of(), Map.of());

    /**
     * What an env-file line did to one name.
     *
     * @param action set, unset or import
     * @param value the value for {@code SET}, else null
     */
    public record Entry(Action action, String value) {

        /** The three things an env-file can do to a name. */
        public enum Action {
            /** {@code NAME=VALUE}. */
            SET,
            /** {@code !unset NAME}. */
            UNSET,
            /** {@code !import NAME}: take it from the parent environment. */
            IMPORT
        }

        /**
         * Checks that a value goes with {@code SET} only.
         *
         * @param action set, unset or import
         * @param value the value for {@code SET}, else null
         */
        public Entry {
            Objects.requireNonNull(action, "action");
            if ((action == Action.SET) != (value != null)) {
                throw new IllegalArgumentException("a value goes with SET only");
            }
        }
    }

    /**
     * Copies the maps, keeping their order.
     *
     * @param clearInherited true if the env-file said {@code !clear}: nothing is inherited except
     *     what it imports
     * @param entries what the env-file did to each name, in file order; the last action per name
     *     wins
     * @param loadOptionVariables variables from {@code export-passwd-vars} and
     *     {@code export-service-name}
     */
    public ServiceEnvironment {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        loadOptionVariables = Collections.unmodifiableMap(new LinkedHashMap<>(loadOptionVariables));
    }

    /**
     * Computes the environment of a process of this service. O(size of both environments).
     *
     * @param parent the daemon's global environment at launch
     * @return a new, modifiable map
     */
    public Map<String, String> resolve(Map<String, String> parent) {
        Map<String, String> env = clearInherited ? new LinkedHashMap<>() : new LinkedHashMap<>(parent);
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String name = e.getKey();
            switch (e.getValue().action()) {
                case UNSET -> env.remove(name);
                case IMPORT -> {
                    String inherited = parent.get(name);
                    if (inherited == null) {
                        env.remove(name);
                    } else {
                        env.put(name, inherited);
                    }
                }
                case SET -> { }
            }
        }
        env.putAll(loadOptionVariables);
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().action() == Entry.Action.SET) {
                env.put(e.getKey(), e.getValue().value());
            }
        }
        return env;
    }
}
