package io.dinitj.core.load;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.DependencyKind;
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
