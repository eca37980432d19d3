package io.dinitj.core.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dinitj.api.service.ServiceState;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.api.spi.PluginJars;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.TypeCapability;
import io.dinitj.core.graph.ServiceGraph;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.DescriptionSet;
import io.dinitj.core.load.FileUserDatabase;
import io.dinitj.core.load.LoadContext;
import io.dinitj.core.load.ServiceDirectories;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.core.service.ServiceSet;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin directories with real jars, compiled and packed at test time ({@link PluginJars}):
 * each plugin in its own class loader that sees dinit-api and the JDK only; every broken jar is
 * a problem naming it, and the rest load.
 */
class PluginLoadingTest {

    /** One compile for every test: javac is the slow part. */
    private static Path classes;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() throws IOException {
        Map<String, String> sources = new HashMap<>();
        sources.putAll(PluginJars.simpleType("good.GoodType", "good"));
        sources.putAll(PluginJars.simpleType("dupa.DupA", "dup"));
        sources.putAll(PluginJars.simpleType("dupb.DupB", "dup"));
        sources.putAll(PluginJars.simpleType("other.OtherType", "other"));
        sources.putAll(PluginJars.simpleType("again.Internal", "internal"));
        sources.put("broken.lib.Missing", """
                package broken.lib;
                public abstract class Missing implements io.dinitj.api.spi.ServiceType {
                    public String name() { return "needs-missing"; }
                }
                """);
        sources.put("broken.NeedsMissing", """
                package broken;
                public final class NeedsMissing extends broken.lib.Missing {
                    public io.dinitj.api.spi.ServiceBehaviour create(
                            io.dinitj.api.description.ServiceDescription d,
                            io.dinitj.api.spi.ServiceHandle h, io.dinitj.api.spi.ServiceContext c) {
                        return null;
                    }
                }
                """);
        sources.put("throwing.Throwing", """
                package throwing;
                public final class Throwing extends broken.lib.Missing {
                    public Throwing() { throw new IllegalStateException("broken on purpose"); }
                    public io.dinitj.api.spi.ServiceBehaviour create(
                            io.dinitj.api.description.ServiceDescription d,
                            io.dinitj.api.spi.ServiceHandle h, io.dinitj.api.spi.ServiceContext c) {
                        return null;
                    }
                }
                """);
        sources.put("sub.SubType", """
                package sub;
                public final class SubType extends sublib.Base {
                    public String name() { return "sub"; }
                }
                """);
        sources.put("sublib.Base", PluginJars.SIMPLE_TYPE.formatted("sublib", "Base", "x")
                .replace("public final class Base", "public abstract class Base")
                .replace("public String name() { return \"x\"; }", ""));
        classes = PluginJars.compile(shared, sources);
    }

    private Path jar(String name, List<String> packages, String... providers)
            throws IOException {
        return PluginJars.jar(dir.resolve("plugins").resolve(name), classes, packages,
                providers);
    }

    /** The class path's providers: 'internal' only (not the registry test's broken ones). */
    private ClassLoader classPath() throws IOException {
        return FakeTypes.loader(Files.createDirectories(dir.resolve("cp")),
                "io.dinitj.plugin.internal.InternalServiceType");
    }

    private ServiceTypes discover() throws IOException {
        return discover(dir.resolve("plugins"));
    }

    private ServiceTypes discover(Path... dirs) throws IOException {
        return ServiceTypes.discover(classPath(), List.of(dirs));
    }

    /** A type from a jar is known by name, with its origin, capabilities and settings. */
    @Test
    void goodJar_providesItsType() throws IOException {
        Path jar = jar("good.jar", List.of("good"), "good.GoodType");

        ServiceTypes t = discover();

        assertThat(t.get("good").getClass().getName()).isEqualTo("good.GoodType");
        assertThat(t.origin("good")).isEqualTo(jar.toString());
        assertThat(t.origin("internal")).isEqualTo(ServiceTypes.CLASS_PATH);
        assertThat(t.capabilities("good")).containsExactly(TypeCapability.KILL_ALL_ON_STOP);
        assertThat(t.settings("good")).extracting(s -> s.name()).containsExactly("greeting");
        assertThat(t.plugins()).last().isEqualTo(new ServiceTypes.Plugin(jar.toString(),
                List.of("good")));
        assertThat(t.plugins().get(0).origin()).isEqualTo(ServiceTypes.CLASS_PATH);
        assertThat(t.problems()).noneMatch(p -> p.contains("good"));
    }

    /** The type of a jar runs in the engine: a service of it loads, starts and stops. */
    @Test
    void goodJar_typeRunsInTheEngine() throws IOException {
        jar("good.jar", List.of("good"), "good.GoodType");
        ServiceTypes t = discover();
        Path services = Files.createDirectories(dir.resolve("sd"));
        Files.writeString(services.resolve("hello"), "type = good\n");
        LoadContext ctx = LoadContext.forDaemon(new ServiceDirectories(List.of(services)),
                Map.of(), t, FileUserDatabase.system());
        FakePlatform fake = new FakePlatform();
        ServiceSet set = new ServiceSet(t, fake::contextFor);
        fake.afterEachEvent(set::processQueues);
        ServiceGraph graph = new ServiceGraph(set, new DescriptionLoader(ctx),
                new DescriptionSet());

        assertThat(graph.load("hello").succeeded()).isTrue();
        ServiceRecord r = set.find("hello");
        assertThat(set.start(r, false)).isEqualTo(ServiceSet.Result.OK);
        set.processQueues();
        assertThat(r.state()).isEqualTo(ServiceState.STARTED);
        assertThat(set.stop(r, false)).isEqualTo(ServiceSet.Result.OK);
        set.processQueues();
        assertThat(r.state()).isEqualTo(ServiceState.STOPPED);
    }

    /**
     * A plugin sees dinit-api and the JDK, and nothing else: not the engine, not the class
     * path's providers list, not another plugin.
     */
    @Test
    void plugin_seesOnlyTheApiAndTheJdk() throws Exception {
        jar("good.jar", List.of("good"), "good.GoodType");
        jar("other.jar", List.of("other"), "other.OtherType");
        ServiceTypes t = discover();
        ClassLoader plugin = t.get("good").getClass().getClassLoader();

        assertThat(plugin.loadClass(ServiceType.class.getName())).isSameAs(ServiceType.class);
        assertThat(plugin.loadClass("java.util.List")).isSameAs(List.class);
        for (String hidden : List.of(ServiceTypes.class.getName(),
                "io.dinitj.collections.HotPath", "io.dinitj.plugin.internal.InternalServiceType",
                "org.junit.jupiter.api.Test", "other.OtherType")) {
            assertThatThrownBy(() -> plugin.loadClass(hidden)).as(hidden)
                    .isInstanceOf(ClassNotFoundException.class);
        }
        List<URL> lists = Collections.list(plugin.getResources("META-INF/services/"
                + ServiceType.class.getName()));
        assertThat(lists).singleElement().asString().contains("good.jar");
        assertThat(plugin.getResource("io/dinitj/api/spi/ServiceType.class")).isNotNull();
        assertThat(plugin.getResource("io/dinitj/core/type/ServiceTypes.class")).isNull();
    }

    /** A file that is no zip is reported by its path; the other jars load. */
    @Test
    void notAZip_isReported_andTheRestLoad() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("plugins")).resolve("bad.jar");
        Files.writeString(bad, "not a jar\n");
        jar("good.jar", List.of("good"), "good.GoodType");

        ServiceTypes t = discover();

        assertThat(t.names()).contains("good");
        assertThat(t.problems()).singleElement().asString()
                .startsWith("plugin jar " + bad + " cannot be opened: ");
    }

    /** A provider whose superclass is not in its jar cannot be linked: named, and skipped. */
    @Test
    void missingSuperclass_isReportedNamingTheJar() throws IOException {
        Path jar = jar("broken.jar", List.of("broken"), "broken.NeedsMissing");
        jar("good.jar", List.of("good"), "good.GoodType");

        ServiceTypes t = discover();

        assertThat(t.names()).contains("good").doesNotContain("needs-missing");
        assertThat(t.problems()).singleElement().asString()
                .startsWith("plugin " + jar + ": a service type provider could not be linked:")
                .contains("broken/lib/Missing");
    }

    /** A provider whose constructor throws is named with the jar and the exception. */
    @Test
    void throwingConstructor_isReportedNamingTheJar() throws IOException {
        Path jar = jar("throwing.jar", List.of("throwing", "broken.lib"), "throwing.Throwing");

        ServiceTypes t = discover();

        assertThat(t.problems()).singleElement().asString()
                .startsWith("plugin " + jar + ": service type provider throwing.Throwing could"
                        + " not be loaded: ")
                .contains("broken on purpose");
    }

    /** A jar without a provider list is no plugin: said, naming it. */
    @Test
    void jarWithoutProvider_isReported() throws IOException {
        Path jar = jar("empty.jar", List.of("good"));

        ServiceTypes t = discover();

        assertThat(t.problems()).singleElement().asString().isEqualTo("plugin " + jar
                + " provides no service type (it has no META-INF/services/"
                + ServiceType.class.getName() + " entry)");
    }

    /** One name from two jars is refused, naming both jars; the other types load. */
    @Test
    void duplicateType_isRefused_namingBothJars() throws IOException {
        Path a = jar("a.jar", List.of("dupa"), "dupa.DupA");
        Path b = jar("b.jar", List.of("dupb"), "dupb.DupB");
        jar("good.jar", List.of("good"), "good.GoodType");

        ServiceTypes t = discover();

        String message = "service type 'dup' is provided by more than one plugin (dupa.DupA ("
                + a + "), dupb.DupB (" + b + ")); remove all but one";
        assertThatThrownBy(() -> t.get("dup")).hasMessage(message);
        assertThat(t.isClash("dup")).isTrue();
        assertThat(t.origin("dup")).isEqualTo(a + ", " + b);
        assertThat(t.problems()).containsExactly(message);
        assertThat(t.get("good")).isNotNull();
    }

    /** A name on the class path and in a jar is a clash too, naming "class path". */
    @Test
    void typeOnClassPathAndInAJar_isRefused() throws IOException {
        Path jar = jar("internal.jar", List.of("again"), "again.Internal");

        ServiceTypes t = discover();

        assertThatThrownBy(() -> t.get("internal")).hasMessage("service type 'internal' is"
                + " provided by more than one plugin (io.dinitj.plugin.internal"
                + ".InternalServiceType (class path), again.Internal (" + jar + ")); remove all"
                + " but one");
    }

    /** A subdirectory is one plugin of all its jars, in one loader. */
    @Test
    void subdirectory_isOnePluginOfItsJars() throws IOException {
        jar("sub/main.jar", List.of("sub"), "sub.SubType");
        jar("sub/lib.jar", List.of("sublib"));

        ServiceTypes t = discover();

        Path sub = dir.resolve("plugins/sub");
        assertThat(t.problems()).isEmpty();
        assertThat(t.get("sub").getClass().getSuperclass().getName()).isEqualTo("sublib.Base");
        assertThat(t.origin("sub")).isEqualTo(sub.toString());
    }

    /** A subdirectory without jars is mentioned; a missing directory is not. */
    @Test
    void emptySubdirectory_isReported_missingDirectoryIsFine() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("plugins/nothing"));

        ServiceTypes t = discover(dir.resolve("plugins"), dir.resolve("absent"));

        assertThat(t.problems()).containsExactly("plugin " + empty + " holds no .jar file;"
                + " ignored");
    }

    /** A directory that cannot be read is reported; a directory given twice is read once. */
    @Test
    void unreadableDirectory_isReported_repeatedDirectoryReadOnce() throws IOException {
        jar("good.jar", List.of("good"), "good.GoodType");
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            ServiceTypes t = discover(dir.resolve("plugins"), locked,
                    dir.resolve("plugins/../plugins"));

            assertThat(t.get("good")).isNotNull();
            if (Files.isReadable(locked)) {
                return; // root reads everything: nothing more to see
            }
            assertThat(t.problems()).containsExactly("plugin directory " + locked
                    + " cannot be read: Permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Jars load in name order whatever the directory's order: the outcome is the same. */
    @Test
    void order_isByName() throws IOException {
        jar("z.jar", List.of("other"), "other.OtherType");
        jar("a.jar", List.of("good"), "good.GoodType");

        ServiceTypes t = discover();

        List<ServiceTypes.Plugin> p = t.plugins();
        assertThat(p.get(p.size() - 2).types()).containsExactly("good");
        assertThat(p.get(p.size() - 1).types()).containsExactly("other");
    }
}
