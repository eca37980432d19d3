package io.dinitj.core.load;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.spi.TypeCapability;
import io.dinitj.core.type.ServiceTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The services loaded so far, by full name (a hash index: lookups are O(1), so loading N
 * services is O(N)), and the placeholders standing in for {@code before}, {@code after} and
 * {@code consumer-of} targets that are not loaded yet. Changed only by
 * {@link DescriptionLoader}, all at once when a load succeeds.
 *
 * <p>Not thread safe: one thread at a time.
 */
public final class DescriptionSet {

    private final Map<String, ServiceDescription> loaded = new HashMap<>();
    private final Set<String> placeholders = new HashSet<>();
    /** For each service named by a {@code before}: the services that named it. */
    private final Map<String, List<String>> beforeIndex = new HashMap<>();
    /** For each service named by a {@code consumer-of}: its consumer. */
    private final Map<String, String> consumers = new HashMap<>();

    /**
     * Returns a loaded service.
     *
     * @param name the full name
     * @return its description, or null if it is not loaded (or only a placeholder)
     */
    public ServiceDescription get(String name) {
        return loaded.get(name);
    }

    /**
     * Tells whether a placeholder stands for {@code name}.
     *
     * @param name the full name
     * @return true if the name is referred to by an ordering or consumer link but not loaded
     */
    public boolean isPlaceholder(String name) {
        return placeholders.contains(name);
    }

    /**
     * Returns the number of loaded services (placeholders not counted).
     *
     * @return the count
     */
    public int size() {
        return loaded.size();
    }

    /**
     * Returns the loaded descriptions, in no particular order.
     *
     * @return an unmodifiable view
     */
    public Collection<ServiceDescription> descriptions() {
        return Collections.unmodifiableCollection(loaded.values());
    }

    /**
     * Returns the names of the placeholders.
     *
     * @return an unmodifiable view
     */
    public Set<String> placeholders() {
        return Collections.unmodifiableSet(placeholders);
    }

    List<String> namedBefore(String target) {
        return beforeIndex.getOrDefault(target, List.of());
    }

    String consumerOf(String producer) {
        return consumers.get(producer);
    }

    /**
     * Checks the {@code consumer-of} links of a description that is to replace the loaded one
     * of its name (a reload): the producer it consumes, if loaded, must be process-based and
     * log to a pipe and have no other consumer; and if a loaded service consumes it, it must
     * itself be process-based and log to a pipe (docs/service-semantics.md §17). Process-based
     * means that the type declares {@link TypeCapability#RUNS_COMMAND}.
     *
     * @param d the new description
     * @param types the service types, for what each declares
     * @return null if the links hold, else the error
     */
    public String consumerProblem(ServiceDescription d, ServiceTypes types) {
        String producer = d.consumerOf();
        if (producer != null) {
            ServiceDescription p = loaded.get(producer);
            if (p != null && !isProcessBased(p, types)) {
                return "service '" + producer + "' is not a process-based service and cannot"
                        + " have a consumer.";
            }
            if (p != null && p.log().type() != LogType.PIPE) {
                return "service '" + producer + "' has log-type that is not 'pipe'.";
            }
            String other = consumers.get(producer);
            if (other != null && !other.equals(d.name())) {
                return "service '" + producer + "' already has a consumer ('" + other + "').";
            }
        }
        return producerProblem(d, consumers.get(d.name()), types);
    }

    /**
     * The error for a producer that has a loaded consumer but cannot feed it, or null.
     *
     * @param d the producer's description
     * @param consumer its consumer's name, or null
     * @param types the service types, for what each declares
     */
    static String producerProblem(ServiceDescription d, String consumer, ServiceTypes types) {
        if (consumer == null || consumer.equals(d.name())
                || (isProcessBased(d, types) && d.log().type() == LogType.PIPE)) {
            return null;
        }
        return "service '" + d.name() + "' has a consumer ('" + consumer + "'), so it must be a"
                + " process-based service with log-type 'pipe'.";
    }

    /** Whether a service's output can feed a consumer: its type runs the service's command. */
    static boolean isProcessBased(ServiceDescription d, ServiceTypes types) {
        return types.capabilities(d.type()).contains(TypeCapability.RUNS_COMMAND);
    }

    /**
     * Forgets an unloaded service, so that a later load reads its file again.
     *
     * @param name the full name
     * @param keepPlaceholder true if ordering or consumer links still name it
     */
    public void unload(String name, boolean keepPlaceholder) {
        ServiceDescription d = loaded.remove(name);
        if (d == null) {
            return;
        }
        for (Dependency dep : d.dependencies()) {
            if (dep.kind() == DependencyKind.BEFORE) {
                List<String> named = beforeIndex.get(dep.name());
                if (named != null) {
                    named.remove(name);
                    if (named.isEmpty()) {
                        beforeIndex.remove(dep.name());
                    }
                }
            }
        }
        if (d.consumerOf() != null) {
            consumers.remove(d.consumerOf(), name);
        }
        if (keepPlaceholder) {
            placeholders.add(name);
        }
    }

    /**
     * Adds descriptions built in memory rather than read from files (embedding, tests,
     * benchmarks). Ordering and consumer-of targets that are not loaded become placeholders.
     * Every other dependency must be loaded already or be among {@code added}; cycles are not
     * checked.
     *
     * @param added the new descriptions
     * @throws IllegalArgumentException if a name is loaded already or a dependency is missing;
     *     nothing is added then
     */
    public void addAll(Collection<ServiceDescription> added) {
        Set<String> names = new HashSet<>();
        for (ServiceDescription d : added) {
            if (loaded.containsKey(d.name()) || !names.add(d.name())) {
                throw new IllegalArgumentException("service '" + d.name() + "' is loaded twice");
            }
        }
        Set<String> newPlaceholders = new HashSet<>();
        for (ServiceDescription d : added) {
            for (Dependency dep : d.dependencies()) {
                boolean present = loaded.containsKey(dep.name()) || names.contains(dep.name());
                if (dep.kind().isOrdering()) {
                    if (!present) {
                        newPlaceholders.add(dep.name());
                    }
                } else if (!present) {
                    throw new IllegalArgumentException("service '" + d.name()
                            + "' depends on '" + dep.name() + "', which is not loaded");
                }
            }
            if (d.consumerOf() != null && !loaded.containsKey(d.consumerOf())
                    && !names.contains(d.consumerOf())) {
                newPlaceholders.add(d.consumerOf());
            }
        }
        commit(added, newPlaceholders);
    }

    /**
     * Replaces a loaded description with a newly read one of the same name (reload). Ordering
     * and consumer-of targets that are not loaded become placeholders; the caller has made sure
     * every other dependency is loaded.
     *
     * @param d the new description
     */
    public void replace(ServiceDescription d) {
        unload(d.name(), false);
        Set<String> newPlaceholders = new HashSet<>();
        for (Dependency dep : d.dependencies()) {
            if (dep.kind().isOrdering() && !loaded.containsKey(dep.name())) {
                newPlaceholders.add(dep.name());
            }
        }
        if (d.consumerOf() != null && !loaded.containsKey(d.consumerOf())) {
            newPlaceholders.add(d.consumerOf());
        }
        commit(List.of(d), newPlaceholders);
    }

    /** Adds what a successful load produced. Only the loader calls this, once per load. */
    void commit(Collection<ServiceDescription> added, Set<String> newPlaceholders) {
        for (ServiceDescription d : added) {
            loaded.put(d.name(), d);
            placeholders.remove(d.name());
            for (Dependency dep : d.dependencies()) {
                if (dep.kind() == DependencyKind.BEFORE) {
                    beforeIndex.computeIfAbsent(dep.name(), k -> new ArrayList<>()).add(d.name());
                }
            }
            if (d.consumerOf() != null) {
                consumers.put(d.consumerOf(), d.name());
            }
        }
        for (String p : newPlaceholders) {
            if (!loaded.containsKey(p)) {
                placeholders.add(p);
            }
        }
    }
}
