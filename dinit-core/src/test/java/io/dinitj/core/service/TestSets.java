package io.dinitj.core.service;

import io.dinitj.api.description.LogSettings;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.RestartSettings;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.description.TypeSettings;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.core.graph.ServiceGraph;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.DescriptionSet;
import io.dinitj.core.load.FileUserDatabase;
import io.dinitj.core.load.LoadContext;
import io.dinitj.core.load.ServiceDirectories;
import io.dinitj.core.type.ServiceTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What engine-level test fixtures share: service files in a directory and a set over them. */
public final class TestSets {

    private TestSets() {
    }

    /**
     * Writes a service file; lines are joined with newlines.
     *
     * @param dir the service directory
     * @param name the file name (may contain a subdirectory)
     * @param lines the file's lines
     */
    public static void write(Path dir, String name, String... lines) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a set that loads from {@code dir} with the plugins on the class path, on the fake
     * platform, which runs the engine's queues after each event it delivers.
     *
     * @param dir the service directory
     * @param env the global environment
     * @param fake the platform
     * @return the graph that loads into the set; {@link ServiceGraph#set()} is the set
     */
    public static ServiceGraph create(Path dir, Map<String, String> env, FakePlatform fake) {
        return create(List.of(dir), env, fake);
    }

    /**
     * Creates a set of services described in memory (no service directory), on a fresh fake
     * platform: the graphs of engine tests and benchmarks.
     *
     * @param descriptions the services, installed at once
     * @return the set
     */
    public static ServiceSet inMemory(List<ServiceDescription> descriptions) {
        return inMemory(descriptions, new FakePlatform());
    }

    /**
     * Creates a set of services described in memory on a given fake platform, whose clock the
     * test then moves.
     *
     * @param descriptions the services, installed at once
     * @param fake the platform
     * @return the set
     */
    public static ServiceSet inMemory(List<ServiceDescription> descriptions, FakePlatform fake) {
        ServiceGraph graph = create(List.of(), Map.of(), fake);
        graph.install(descriptions);
        return graph.set();
    }

    /**
     * Describes a service in memory: the given type and type settings, defaults for the rest.
     *
     * @param name the name
     * @param type the type's name
     * @param settings its type settings, already parsed
     * @return the description
     */
    public static ServiceDescription described(String name, String type, TypeSettings settings) {
        return new ServiceDescription(name, type, ProcessSettings.DEFAULT,
                RestartSettings.DEFAULT, LogSettings.DEFAULT, SocketSettings.DEFAULT, List.of(),
                Set.of(), Set.of(), ServiceEnvironment.NONE, null, null, null, null,
                new ServiceDescription.Source("(memory)", "(memory)", FileTime.fromMillis(0)),
                settings);
    }

    /**
     * Describes a timer in memory (the timer plugin's settings, already parsed).
     *
     * @param name the timer's name
     * @param target its {@code timer.service}
     * @param every its {@code timer.every}, in nanoseconds
     * @return the description
     */
    public static ServiceDescription timer(String name, String target, long every) {
        return described(name, "timer",
                TypeSettings.of(Map.of("service", List.of(target), "every", List.of(every))));
    }

    /**
     * Creates a set as {@link #create(Path, Map, FakePlatform)} does, with given types: for
     * fuzzers that make a set per input and discover the plugins once.
     *
     * @param dir the service directory
     * @param env the global environment
     * @param fake the platform
     * @param types the service types
     * @return the graph that loads into the set
     */
    public static ServiceGraph create(Path dir, Map<String, String> env, FakePlatform fake,
            ServiceTypes types) {
        return create(List.of(dir), env, fake, types);
    }

    /**
     * Discovers the service types on the class path, as every set made here does.
     *
     * @return the types
     */
    public static ServiceTypes discoverTypes() {
        return ServiceTypes.discover(TestSets.class.getClassLoader());
    }

    private static ServiceGraph create(List<Path> dirs, Map<String, String> env,
            FakePlatform fake) {
        return create(dirs, env, fake, discoverTypes());
    }

    private static ServiceGraph create(List<Path> dirs, Map<String, String> env,
            FakePlatform fake, ServiceTypes types) {
        LoadContext ctx = LoadContext.forDaemon(new ServiceDirectories(dirs), env, types,
                FileUserDatabase.system());
        ServiceSet set = new ServiceSet(types, fake::contextFor);
        fake.afterEachEvent(set::processQueues);
        return new ServiceGraph(set, new DescriptionLoader(ctx), new DescriptionSet());
    }
}
