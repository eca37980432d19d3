package io.dinitj.shell.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.spi.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dinit-check finds service types where the daemon does: {@code --plugin-dir}, and in user mode
 * {@code $XDG_DATA_HOME/dinitj/plugins}; a broken plugin is a warning naming its jar.
 */
class PluginDirCheckTest {

    @TempDir
    static Path shared;

    /** A real plugin jar providing type 'greeter'. */
    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void plugin() throws IOException {
        jar = PluginJars.simplePlugin(shared.resolve("work"), shared.resolve("greeter.jar"),
                "greeter.Greeter", "greeter");
    }

    private Path services() throws IOException {
        Path sd = Files.createDirectories(dir.resolve("sd"));
        Files.writeString(sd.resolve("boot"), "type = greeter\n");
        return sd;
    }

    private Path pluginDir(Path where) throws IOException {
        Files.createDirectories(where);
        Files.copy(jar, where.resolve("greeter.jar"));
        return where;
    }

    /** With --plugin-dir the plugin's type is known; without it, it is not. */
    @Test
    void pluginDir_providesTheType() throws IOException {
        Path sd = services();
        Path plugins = pluginDir(dir.resolve("plugins"));

        CheckRun with = CheckRun.of("-d", sd.toString(), "--plugin-dir", plugins.toString());
        CheckRun without = CheckRun.of("-d", sd.toString());

        assertThat(with.status()).as(with.all()).isZero();
        assertThat(with.out()).endsWith("No problems found.\n");
        assertThat(without.status()).isEqualTo(1);
        assertThat(without.err()).startsWith("Service 'boot' (").contains("service type");
    }

    /** A jar that is no zip is a warning naming it (exit 1); the good plugin still counts. */
    @Test
    void brokenJar_isAWarningNamingIt() throws IOException {
        Path sd = services();
        Path plugins = pluginDir(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("bad.jar"), "no zip");

        CheckRun r = CheckRun.of("-d", sd.toString(), "--plugin-dir", plugins.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("dinit-check: warning: plugin jar "
                + plugins.resolve("bad.jar") + " cannot be opened: ");
        assertThat(r.err()).doesNotContain("Service 'boot'");
    }

    /** User mode reads $XDG_DATA_HOME/dinitj/plugins; system mode does not. */
    @Test
    void userMode_readsTheXdgDataDirectory() throws IOException {
        Path sd = services();
        Path data = dir.resolve("data");
        pluginDir(data.resolve("dinitj/plugins"));
        Map<String, String> env = Map.of("XDG_DATA_HOME", data.toString(), "HOME",
                dir.toString());

        CheckRun user = CheckRun.of(env, CheckRun.USER, "-d", sd.toString());
        CheckRun system = CheckRun.of(env, CheckRun.USER, "-s", "-e", "/dev/null", "-d",
                sd.toString());

        assertThat(user.status()).as(user.all()).isZero();
        assertThat(system.status()).isEqualTo(1);
    }

    /** --plugin-dir needs a value. */
    @Test
    void pluginDir_needsAValue() {
        for (String[] args : new String[][] {{"--plugin-dir"}, {"--plugin-dir", ""}}) {
            CheckRun r = CheckRun.of(args);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.all()).isEqualTo("dinit-check: '--plugin-dir' requires an argument\n");
        }
    }
}
