package io.dinitj.core.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loader accepts the types of the plugins on the class path. This module's test class path
 * registers fake providers (src/test/resources/META-INF/services): 'beta' once and 'alpha'
 * twice.
 */
class PluginTypesTest {

    @TempDir
    Path dir;

    private LoadOutcome load(String type) throws IOException {
        Files.writeString(dir.resolve("s"), "type = " + type + "\n");
        LoadContext ctx = LoadContext.forThisProcess(new ServiceDirectories(List.of(dir)),
                Map.of());
        return new DescriptionLoader(ctx).parseOne("s");
    }

    /** A plugin's type name is accepted in 'type ='. */
    @Test
    void pluginType_isAccepted() throws IOException {
        assertThat(load("beta").service().type()).isEqualTo("beta");
    }

    /** A name two plugins provide is a load error naming both. */
    @Test
    void clashingType_isALoadError() throws IOException {
        assertThat(load("alpha").problems().get(0).message())
                .startsWith("service type 'alpha' is provided by more than one plugin");
    }

    /** An unknown type's message lists the plugin types after the built-in ones. */
    @Test
    void unknownType_listsPluginTypes() throws IOException {
        assertThat(load("gamma").problems().get(0).message()).isEqualTo("service type must be"
                + " one of: \"scripted\", \"process\", \"bgprocess\", \"internal\","
                + " \"triggered\", \"alpha\", \"beta\", \"describing\" or \"timer\"");
    }
}
