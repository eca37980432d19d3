package io.dinitj.core.type;

import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.TypeCapability;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service types that exist: every {@link ServiceType} provider on the daemon's class path
 * and in the plugin directories ({@link PluginLoader}: each jar, or subdirectory of jars, in
 * its own class loader that sees dinit-api and the JDK only), discovered once at start-up.
 *
 * <p>A plugin or provider that cannot be read, loaded, linked or instantiated is skipped and its
 * failure kept in {@link #problems()} for the log, naming its jar; the others still load. Two
 * providers of one name are a clash: that name is kept, so that {@code type = NAME} is
 * recognised, but {@link #get} refuses it with a message naming both providers and where each
 * came from, rather than picking one silently. Each type remembers where it came from
 * ({@link #origin}): a jar or subdirectory path, or {@link #CLASS_PATH}.
 *
 * <p>Immutable once built; safe to share between threads.
 */
public final class ServiceTypes {

    /** The {@link #origin} of a type found on the daemon's own class path. */
    public static final String CLASS_PATH = "class path";

    private static final int MAX_ERRORS = 100;

    private final Map<String, ServiceType> types;
    private final Map<String, String> clashes;
    /** Where each name's provider came from; for a clash, every provider's origin. */
    private final Map<String, String> origins;
    /** Each type's capabilities, asked once at discovery (a plugin's set may be a new one). */
    private final Map<String, Set<TypeCapability>> capabilitiesOf = new HashMap<>();
    /** Each type's declared settings, asked once at discovery; none if they were unusable. */
    private final Map<String, List<TypeSetting<?>>> settingsOf = new HashMap<>();
    private final List<String> problems;
    private final List<Plugin> plugins;

    /**
     * One place providers were found in, for the start-up log.
     *
     * @param origin a jar or subdirectory path, or {@link #CLASS_PATH}
     * @param types the names of the types its providers gave, in the order found
     */
    public record Plugin(String origin, List<String> types) {
        /**
         * Copies the list.
         *
         * @param origin where
         * @param types the names
         */
        public Plugin {
            types = List.copyOf(types);
        }
    }

    private ServiceTypes(Discovery d) {
        this.types = Collections.unmodifiableMap(d.types);
        this.clashes = Collections.unmodifiableMap(d.clashes);
        this.origins = Collections.unmodifiableMap(d.origins);
        this.plugins = List.copyOf(d.plugins);
        List<String> found = new ArrayList<>(d.problems);
        types.forEach((name, t) -> {
            capabilitiesOf.put(name, capabilitiesOf(t));
            settingsOf.put(name, settingsOf(name, t, found));
        });
        found.addAll(clashes.values());
        this.problems = List.copyOf(found);
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
        return discover(loader, List.of());
    }

    /**
     * Finds every service type provider visible to {@code loader} (origin {@link #CLASS_PATH}),
     * then those of the plugin directories, in order, each plugin in its own class loader.
     * Never throws for a bad plugin: what went wrong is in {@link #problems()}.
     *
     * @param loader the class loader to search, or null for the system class loader
     * @param pluginDirs the plugin directories; missing ones are passed over
     * @return the registry
     */
    public static ServiceTypes discover(ClassLoader loader, List<Path> pluginDirs) {
        Discovery d = new Discovery();
        d.scan(ServiceLoader.load(ServiceType.class, loader), CLASS_PATH, "");
        ClassLoader api = ServiceType.class.getClassLoader();
        for (PluginLoader.Plugin p : PluginLoader.find(pluginDirs, d.problems)) {
            URLClassLoader cl = PluginLoader.open(p, api, d.problems);
            if (cl == null) {
                continue;
            }
            String origin = p.origin().toString();
            int problemsBefore = d.problems.size();
            int found = d.scan(ServiceLoader.load(ServiceType.class, cl), origin,
                    "plugin " + origin + ": ");
            if (found == 0) {
                if (d.problems.size() == problemsBefore) {
                    d.problems.add("plugin " + origin + " provides no service type (it has no"
                            + " META-INF/services/" + ServiceType.class.getName() + " entry)");
                }
                close(cl);
            }
        }
        d.findClashes();
        return new ServiceTypes(d);
    }

    private static void close(URLClassLoader cl) {
        try {
            cl.close();
        } catch (IOException e) {
            // Only open jar files are released; nothing of the plugin is in use.
        }
    }

    /** What discovery collects, in the order found. */
    private static final class Discovery {
        final Map<String, ServiceType> types = new LinkedHashMap<>();
        final Map<String, String> clashes = new LinkedHashMap<>();
        final Map<String, String> origins = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        final List<Plugin> plugins = new ArrayList<>();
        /** Each name's providers, as "CLASS (ORIGIN)". */
        final Map<String, List<String>> providers = new LinkedHashMap<>();
        final Map<String, List<String>> originsOf = new LinkedHashMap<>();

        /**
         * Instantiates the providers one loader lists.
         *
         * @return how many types were found
         */
        int scan(ServiceLoader<ServiceType> found, String origin, String prefix) {
            List<String> names = new ArrayList<>();
            for (ServiceLoader.Provider<ServiceType> p : providers(found, problems, prefix)) {
                ServiceType type;
                String name;
                try {
                    type = p.get();
                    name = type.name();
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    problems.add(prefix + "service type provider " + p.type().getName()
                            + " could not be loaded: " + describe(e));
                    continue;
                }
                if (name == null || name.isEmpty()) {
                    problems.add(prefix + "service type provider " + p.type().getName()
                            + " has no name");
                    continue;
                }
                providers.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(p.type().getName() + " (" + origin + ")");
                originsOf.computeIfAbsent(name, k -> new ArrayList<>()).add(origin);
                types.putIfAbsent(name, type);
                names.add(name);
            }
            if (!names.isEmpty()) {
                plugins.add(new Plugin(origin, names));
            }
            return names.size();
        }

        void findClashes() {
            providers.forEach((name, classes) -> {
                if (classes.size() > 1) {
                    clashes.put(name, "service type '" + name + "' is provided by more than"
                            + " one plugin (" + String.join(", ", classes)
                            + "); remove all but one");
                }
                origins.put(name, String.join(", ", new LinkedHashSet<>(originsOf.get(name))));
            });
        }
    }

    /** Lists the providers, skipping (and recording) entries that cannot even be read. */
    private static List<ServiceLoader.Provider<ServiceType>> providers(
            ServiceLoader<ServiceType> loader, List<String> problems, String prefix) {
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
                problems.add(prefix + "a service type provider could not be loaded: "
                        + describe(e));
            } catch (LinkageError e) {
                // A provider class that cannot be linked (its jar lacks a class it extends or
                // implements) escapes ServiceLoader's iterator unwrapped; the iterator has
                // moved past it, so the rest still load and the daemon starts.
                errors++;
                problems.add(prefix + "a service type provider could not be linked: " + e);
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
     * Returns where a type came from.
     *
     * @param name the name from {@code type =}
     * @return the path of its plugin (a jar, or a subdirectory of jars), or {@link #CLASS_PATH};
     *     for a clash, every provider's origin, comma-separated; null if no plugin provides it
     */
    public String origin(String name) {
        return origins.get(name);
    }

    /**
     * Tells whether more than one plugin provides a name, so that {@link #get} refuses it.
     *
     * @param name the name
     * @return true for a clash
     */
    public boolean isClash(String name) {
        return clashes.containsKey(name);
    }

    /**
     * Returns where providers were found, with the types each gave, for the start-up log: the
     * class path first (if it had any), then each plugin, in discovery order.
     *
     * @return the plugins that gave at least one type
     */
    public List<Plugin> plugins() {
        return plugins;
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
     * Returns what went wrong while discovering, for the log: one message per plugin directory,
     * jar or provider that failed (naming it), per type whose settings could not be asked, and
     * per clash.
     *
     * @return the messages, empty if all went well
     */
    public List<String> problems() {
        return problems;
    }
}
