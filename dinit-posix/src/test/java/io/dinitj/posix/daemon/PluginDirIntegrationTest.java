package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.spi.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon loads service types from plugin directories: a jar given with
 * {@code --plugin-dir} (or found in the user's {@code $XDG_DATA_HOME/dinitj/plugins}) provides
 * a type whose service runs, {@code dinitctl list-types} names the jar, the start-up log says
 * which plugin gave which type, and a broken jar is a warning while the daemon runs on.
 */
class PluginDirIntegrationTest {

    @TempDir
    static Path shared;

    /** A real plugin jar providing type 'greeter'. */
    private static Path jar;

    @BeforeAll
    static void plugin() throws IOException {
        jar = PluginJars.simplePlugin(shared.resolve("work"), shared.resolve("greeter.jar"),
                "greeter.Greeter", "greeter");
    }

    private static Path pluginDir(Path where) throws IOException {
        Files.createDirectories(where);
        return Files.copy(jar, where.resolve("greeter.jar"));
    }

    @Test
    void pluginDir_typeRuns_andListTypesNamesTheJar() throws Exception {
        try (DaemonHarness d = new DaemonHarness("plugin-dir")) {
            Path plugins = d.dir.resolve("plugins");
            Path installed = pluginDir(plugins);
            Files.writeString(plugins.resolve("broken.jar"), "no zip");
            d.service("hello", "type = greeter");
            d.service("boot", "type = internal");
            d.environment("XDG_DATA_HOME", d.dir.resolve("no-data").toString());
            d.options("--plugin-dir", plugins.toString(), "--console-level", "info").start();
            d.awaitLine("[  OK  ] boot");
            d.awaitContaining("service type greeter from plugin " + installed);
            d.awaitContaining("plugin jar " + plugins.resolve("broken.jar")
                    + " cannot be opened: ");

            assertThat(ctl(d, "start", "hello")).isEqualTo(new Ctl(0,
                    "Service started.\n", ""));
            Ctl types = ctl(d, "list-types");
            assertThat(types.status()).as(types.err()).isZero();
            assertThat(types.out()).contains("greeter (" + installed + ")\n"
                    + "    capabilities: kill-all-on-stop\n"
                    + "    greeter.greeting: what it says\n")
                    .contains("internal (class path)\n").contains("process (class path)\n");
            Ctl json = ctl(d, "--json", "list-types");
            assertThat(json.out()).contains("{\"name\":\"greeter\",\"origin\":\"" + installed
                    + "\",\"refused\":false,");
        }
    }

    /** A user instance reads $XDG_DATA_HOME/dinitj/plugins without any option. */
    @Test
    void userInstance_readsTheXdgDataDirectory() throws Exception {
        try (DaemonHarness d = new DaemonHarness("plugin-xdg")) {
            Path installed = pluginDir(d.dir.resolve("data/dinitj/plugins"));
            d.service("boot", "type = greeter");
            d.environment("XDG_DATA_HOME", d.dir.resolve("data").toString()).start();
            d.awaitLine("[  OK  ] boot");
            assertThat(ctl(d, "list-types").out()).contains("greeter (" + installed + ")\n");
        }
    }
}
