package io.dinitj.posix.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's main job: the daemon on examples/services starts everything, restarts the
 * crashing service, and stops it all cleanly on SIGINT (Ctrl-C).
 */
class ExamplesTest {

    @Test
    void bundledExamplesStartRestartAndStop() throws Exception {
        try (DaemonHarness d = new DaemonHarness("examples")) {
            try (Stream<Path> files = Files.list(Path.of("..", "examples", "services"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, d.services.resolve(f.getFileName()));
                }
            }
            d.start();
            d.awaitLine("[  OK  ] boot");
            for (String s : new String[] {"setup", "database", "web", "cache", "flaky"}) {
                assertThat(d.lines()).contains("[  OK  ] " + s);
            }
            d.awaitLine("[  OK  ] flaky", 2);
            assertThat(d.lines()).contains("dinit: Service flaky process terminated with exit code 1");
            d.signal("INT");
            d.awaitLine("[STOPPD] setup");
            assertThat(d.awaitExit()).isZero();
            for (String s : new String[] {"boot", "web", "database", "cache", "flaky"}) {
                assertThat(d.lines()).contains("[STOPPD] " + s);
            }
        }
    }
}
