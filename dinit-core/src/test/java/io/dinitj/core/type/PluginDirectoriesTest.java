package io.dinitj.core.type;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugin directories: the distribution's, the user's in user mode, then --plugin-dir. */
class PluginDirectoriesTest {

    @Test
    void systemMode_distributionThenGiven() {
        assertThat(PluginDirectories.of(List.of("/a", "b"), "/usr/lib/dinitj/plugins", false,
                Map.of("HOME", "/home/u", "XDG_DATA_HOME", "/x"), null))
                .containsExactly(Path.of("/usr/lib/dinitj/plugins"), Path.of("/a"), Path.of("b"));
    }

    @Test
    void userMode_xdgDataHome() {
        assertThat(PluginDirectories.of(List.of("/a"), null, true,
                Map.of("HOME", "/home/u", "XDG_DATA_HOME", "/x/data"), null))
                .containsExactly(Path.of("/x/data/dinitj/plugins"), Path.of("/a"));
    }

    /** Unset, empty or relative XDG_DATA_HOME: the specification's default under HOME. */
    @Test
    void userMode_defaultUnderHome() {
        for (Map<String, String> env : List.of(Map.of("HOME", "/home/u"),
                Map.of("HOME", "/home/u", "XDG_DATA_HOME", ""),
                Map.of("HOME", "/home/u", "XDG_DATA_HOME", "rel"))) {
            assertThat(PluginDirectories.of(List.of(), "", true, env, "/pw"))
                    .as("%s", env).containsExactly(Path.of("/home/u/.local/share/dinitj/plugins"));
        }
        assertThat(PluginDirectories.of(List.of(), "", true, Map.of(), "/pw"))
                .containsExactly(Path.of("/pw/.local/share/dinitj/plugins"));
        assertThat(PluginDirectories.of(List.of(), "", true, Map.of(), null)).isEmpty();
    }
}
