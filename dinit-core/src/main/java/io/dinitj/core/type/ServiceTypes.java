package io.dinitj.core.type;

import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.TypeCapability;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service types that exist: every {@link ServiceType} that {@link ServiceLoader} finds,
 * discovered once at start-up.
 *
 * <p>A provider that cannot be loaded or instantiated is skipped and its failure kept in
 * {@link #problems()} for the log; the others still load. Two providers of one name are a
 * clash: that name is kept, so that {@code type = NAME} is recognised, but {@link #get} refuses
 * it with a message naming both providers, rather than picking one silently.
 *
 * <p>Immutable once built; safe to share between threads.
 */
public final class ServiceTypes {

    private static final int MAX_ERRORS = 100;

    private final Map<String, ServiceType> types;
    private final Map<String, String> clashes;
    /** Each type's capabilities, asked once at discovery (a plugin's set may be a new one). */
    private final Map<String, Set<TypeCapability>> capabilitiesOf = new HashMap<>();
    /** Each type's declared settings, asked once at discovery; none if they were unusable. */
    private final Map<String, List<TypeSetting<?>>> settingsOf = new HashMap<>();
    private final List<String> problems;

    private ServiceTypes(Map<String, ServiceType> types, Map<String, String> clashes,
            List<String> problems) {
        this.types = Collections.unmodifiableMap(types);
        this.clashes = Collections.unmodifiableMap(clashes);
        List<String> all = new ArrayList<>(problems);
        types.forEach((name, t) -> {
            capabilitiesOf.put(name, capabilitiesOf(t));
            settingsOf.put(name, settingsOf(name, t, all));
        });
        this.problems = List.copyOf(all);
    }

    /**
     * A type's settings, checked: a plugin whose {@code settings()} throws, returns null or a
     * null element, or declares a name twice is reported and treated as declaring none, so its
     * services load only without settings of their type (a clear error, not a crash).
     */
    private static List<TypeSetting<?>> settingsOf(String name, ServiceType t,
            List<String> problems) {
        String provider = t.getClass().getName();
        List<TypeSetting<?>> declared;
        try {
            declared = t.settings();
        } catch (RuntimeException | LinkageError e) {
            problems.add("service type '" + name + "' (" + provider + "): its settings could not"
                    + " be read: " + e + "; it is treated as having none");
            return List.of();
        }
        if (declared == null || declared.isEmpty()) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (TypeSetting<?> s : declared) {
            if (s == null) {
                problems.add("service type '" + name + "' (" + provider + ") declares a null"
                        + " setting; it is treated as having none");
                return List.of();
            }
            if (!seen.add(s.name())) {
                problems.add("service type '" + name + "' (" + provider + ") declares setting '"
                        + name + "." + s.name() + "' twice; it is treated as having none");
                return List.of();
            }
        }
        return List.copyOf(declared);
    }

    private static Set<TypeCapability> capabilitiesOf(ServiceType t) {
        try {
            Set<TypeCapability> c = t.capabilities();
            return c == null || c.isEmpty() ? Set.of()
                    : Collections.unmodifiableSet(EnumSet.copyOf(c));
        } catch (RuntimeException | LinkageError e) {
            return Set.of();
        }
    }

    /**
     * Finds every service type provider visible to {@code loader}.
     *
     * @param loader the class loader to search, or null for the system class loader
     * @return the registry
     */
    public static ServiceTypes discover(ClassLoader loader) {
        Map<String, ServiceType> types = new LinkedHashMap<>();
        Map<String, String> clashes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> providers = new LinkedHashMap<>();
        ServiceLoader<ServiceType> found = ServiceLoader.load(ServiceType.class, loader);
        for (ServiceLoader.Provider<ServiceType> p : providers(found, problems)) {
            ServiceType type;
            String name;
            try {
                type = p.get();
                name = type.name();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add("service type provider " + p.type().getName()
                        + " could not be loaded: " + describe(e));
                continue;
            }
            if (name == null || name.isEmpty()) {
                problems.add("service type provider " + p.type().getName() + " has no name");
                continue;
            }
            providers.computeIfAbsent(name, k -> new ArrayList<>()).add(p.type().getName());
            types.putIfAbsent(name, type);
        }
        providers.forEach((name, classes) -> {
            if (classes.size() > 1) {
                clashes.put(name, "service type '" + name + "' is provided by more than one"
                        + " plugin (" + String.join(", ", classes) + "); remove all but one");
            }
        });
        return new ServiceTypes(types, clashes, problems);
    }

    /** Lists the providers, skipping (and recording) entries that cannot even be read. */
    private static List<ServiceLoader.Provider<ServiceType>> providers(
            ServiceLoader<ServiceType> loader, List<String> problems) {
        List<ServiceLoader.Provider<ServiceType>> out = new ArrayList<>();
        var it = loader.stream().iterator();
        // ServiceLoader goes on past a bad entry; the bound only guards against one that
        // fails for ever.
        for (int errors = 0; errors < MAX_ERRORS; ) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                errors++;
                problems.add("a service type provider could not be loaded: " + describe(e));
            } catch (LinkageError e) {
                // A provider class that cannot be linked (its jar lacks a class it extends or
                // implements) escapes ServiceLoader's iterator unwrapped; the iterator has
                // moved past it, so the rest still load and the daemon starts.
                errors++;
                problems.add("a service type provider could not be linked: " + e);
            }
        }
        return out;
    }

    /** The error's message and, if any, its cause's: the cause says what really failed. */
    private static String describe(Throwable e) {
        Throwable cause = e.getCause();
        return cause == null ? String.valueOf(e.getMessage())
                : e.getMessage() + ": " + cause;
    }

    /**
     * Returns the names of the types, in name order, clashing ones included.
     *
     * @return the names
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(types.keySet()));
    }

    /**
     * Returns the type of a name.
     *
     * @param name the name from {@code type =}
     * @return the type
     * @throws IllegalArgumentException if no plugin provides the name, or more than one does;
     *     the message says which
     */
    public ServiceType get(String name) {
        String clash = clashes.get(name);
        if (clash != null) {
            throw new IllegalArgumentException(clash);
        }
        ServiceType t = types.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no service type '" + name + "' (known types: "
                    + String.join(", ", names()) + ")");
        }
        return t;
    }

    /**
     * Returns what a type declares it does.
     *
     * @param name the name from {@code type =}
     * @return its capabilities; empty if no plugin (or more than one) provides the name
     */
    public Set<TypeCapability> capabilities(String name) {
        ServiceType t = clashes.containsKey(name) ? null : types.get(name);
        return t == null ? Set.of() : capabilitiesOf.get(name);
    }

    /**
     * Returns the settings a type declares ({@code TYPE.NAME = value} in service files), as
     * asked once at discovery.
     *
     * @param name the name from {@code type =}
     * @return the settings in declaration order; empty if the type declares none, if its
     *     declaration was unusable (see {@link #problems()}), or if no plugin (or more than one)
     *     provides the name
     */
    public List<TypeSetting<?>> settings(String name) {
        ServiceType t = clashes.containsKey(name) ? null : types.get(name);
        return t == null ? List.of() : settingsOf.get(name);
    }

    /**
     * Tells whether exactly one plugin provides a name.
     *
     * @param name a type name
     * @return true if {@code type = name} can be used
     */
    public boolean provides(String name) {
        return types.containsKey(name) && !clashes.containsKey(name);
    }

    /**
     * Returns the clashes: for each name provided more than once, the message saying so.
     *
     * @return name to message
     */
    public Map<String, String> clashes() {
        return clashes;
    }

    /**
     * Returns what went wrong while discovering, one message per provider, for the log.
     *
     * @return the messages, empty if all went well
     */
    public List<String> problems() {
        return problems;
    }
}
