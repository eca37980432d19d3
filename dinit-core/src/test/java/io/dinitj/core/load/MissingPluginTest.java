package io.dinitj.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.core.type.FakeTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon accepts only the types a loaded plugin provides. When one of Dinit's own types is
 * missing (its plugin jar is not on the class path), the message says so before upstream's
 * list of the types there are, so the user does not look for a typo in the service file.
 */
class MissingPluginTest {

    @TempDir
    Path dir;

    private String loadError(String type) throws IOException {
        Path services = Files.createDirectory(dir.resolve("sd-" + type));
        Files.writeString(services.resolve("s"), "type = " + type + "\ncommand = /bin/true\n");
        LoadContext ctx = LoadContext.forDaemon(new ServiceDirectories(List.of(services)),
                Map.of(), FakeTypes.only(dir, "io.dinitj.plugin.internal.InternalServiceType",
                        "io.dinitj.plugin.triggered.TriggeredServiceType"),
                FileUserDatabase.system());
        LoadOutcome o = new DescriptionLoader(ctx).load("s", new DescriptionSet());
        assertThat(o.succeeded()).isFalse();
        return o.problems().get(0).message();
    }

    @Test
    void dinitTypeWithoutItsPlugin_saysThePluginIsMissing() throws IOException {
        assertThat(loadError("process")).isEqualTo("no loaded plugin provides service type"
                + " 'process' (is its plugin jar missing from the class path?); service type"
                + " must be one of: \"internal\" or \"triggered\"");
    }

    @Test
    void unknownType_keepsUpstreamsMessage() throws IOException {
        assertThat(loadError("daemon"))
                .isEqualTo("service type must be one of: \"internal\" or \"triggered\"");
    }
}
