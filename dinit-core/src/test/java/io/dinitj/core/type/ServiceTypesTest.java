package io.dinitj.core.type;

import io.dinitj.api.spi.ServiceType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceTypesTest {

    private final ServiceTypes types = ServiceTypes.discover(getClass().getClassLoader());

    /** Every provider that loads is found by name, clashing names included. */
    @Test
    void findsTypesByName() {
        // The real plugins are on the test class path too (engine tests use them).
        assertThat(types.names()).contains("alpha", "beta", "internal", "process");
        assertThat(types.get("beta")).isInstanceOf(FakeTypes.Beta.class);
    }

    /** Two providers of one name are refused, naming both, instead of one winning silently. */
    @Test
    void clash_isAClearError() {
        assertThatThrownBy(() -> types.get("alpha"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service type 'alpha' is provided by more than one plugin"
                        + " (io.dinitj.core.type.FakeTypes$Alpha (class path),"
                        + " io.dinitj.core.type.FakeTypes$AlphaAgain (class path)); remove all"
                        + " but one");
        assertThat(types.clashes()).containsOnlyKeys("alpha");
    }

    /** An unknown name lists the types that exist. */
    @Test
    void unknown_listsKnownTypes() {
        assertThatThrownBy(() -> types.get("gamma"))
                .hasMessageStartingWith("no service type 'gamma' (known types: alpha, beta, ")
                .hasMessageContaining("internal");
    }

    /**
     * A broken or missing provider is recorded and skipped; the others still load. The clash
     * is a problem too, so that the daemon's log says so at start-up.
     */
    @Test
    void brokenProviders_areSkippedAndReported() {
        assertThat(types.problems()).hasSize(3);
        assertThat(types.problems()).contains(types.clashes().get("alpha"));
        assertThat(types.problems()).anyMatch(p -> p.contains("FakeTypes$Broken")
                && p.contains("broken on purpose"));
        assertThat(types.problems()).anyMatch(p -> p.contains("NoSuchProvider"));
    }

    /**
     * A provider whose jar lacks its superclass throws NoClassDefFoundError from ServiceLoader's
     * iterator, not a ServiceConfigurationError: it is reported, and the providers listed after
     * it still load (this crashed the daemon at start-up even when no service used the type).
     */
    @Test
    void unlinkableProvider_isReported_andTheRestLoad(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("providers");
        Files.writeString(list, FakeTypes.NeedsMissing.class.getName() + "\n"
                + FakeTypes.Beta.class.getName() + "\n", StandardCharsets.UTF_8);
        URL only = list.toUri().toURL();
        String resource = "META-INF/services/" + ServiceType.class.getName();
        String hidden = FakeTypes.Missing.class.getName();
        String defined = FakeTypes.NeedsMissing.class.getName();
        ClassLoader parent = getClass().getClassLoader();
        ClassLoader jarLackingAClass = new ClassLoader(parent) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(resource) ? Collections.enumeration(List.of(only))
                        : super.getResources(name);
            }

            @Override
            protected Class<?> loadClass(String name, boolean resolve)
                    throws ClassNotFoundException {
                if (name.equals(hidden)) {
                    throw new ClassNotFoundException(name);
                }
                if (!name.equals(defined)) {
                    return super.loadClass(name, resolve);
                }
                // Defined here, so that its superclass is looked up here, and not found.
                try (InputStream in = parent.getResourceAsStream(
                        name.replace('.', '/') + ".class")) {
                    byte[] b = in.readAllBytes();
                    return defineClass(name, b, 0, b.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        };

        ServiceTypes found = ServiceTypes.discover(jarLackingAClass);

        assertThat(found.names()).containsExactly("beta");
        assertThat(found.problems()).singleElement().asString()
                .startsWith("a service type provider could not be linked:")
                .contains(hidden.replace('.', '/'));
    }

    /** Declared settings are asked once at discovery and given by type name. */
    @Test
    void settings_byTypeName(@TempDir Path dir) throws IOException {
        ServiceTypes t = FakeTypes.only(dir, "io.dinitj.core.type.FakeTypes$Clock",
                "io.dinitj.core.type.FakeTypes$Beta");
        assertThat(t.settings("clock")).containsExactly(FakeTypes.Clock.EVERY,
                FakeTypes.Clock.SERVICE, FakeTypes.Clock.NOTE, FakeTypes.Clock.MODE);
        assertThat(t.settings("beta")).isEmpty();
        assertThat(t.settings("nonesuch")).isEmpty();
        assertThat(t.provides("clock")).isTrue();
        assertThat(t.provides("nonesuch")).isFalse();
        assertThat(t.problems()).isEmpty();
    }

    /**
     * A plugin whose settings() throws, or that declares a name twice, is reported naming the
     * type and its class, and is treated as having no settings; the type itself still loads.
     */
    @Test
    void unusableSettings_areReportedAndIgnored(@TempDir Path dir) throws IOException {
        ServiceTypes t = FakeTypes.only(dir, "io.dinitj.core.type.FakeTypes$BadSettings",
                "io.dinitj.core.type.FakeTypes$Twice");
        assertThat(t.settings("bad-settings")).isEmpty();
        assertThat(t.settings("twice")).isEmpty();
        assertThat(t.names()).contains("bad-settings", "twice");
        assertThat(t.problems()).containsExactlyInAnyOrder(
                "service type 'bad-settings' (io.dinitj.core.type.FakeTypes$BadSettings): its"
                        + " settings could not be read: java.lang.IllegalStateException:"
                        + " settings broken on purpose; it is treated as having none",
                "service type 'twice' (io.dinitj.core.type.FakeTypes$Twice) declares setting"
                        + " 'twice.x' twice; it is treated as having none");
    }
}
