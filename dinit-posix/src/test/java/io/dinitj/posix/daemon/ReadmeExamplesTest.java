package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's dinitctl examples work as written, against the daemon on the bundled example
 * services: each {@code bin/dinitctl} line of the block under {@code ## dinitctl} is run (with
 * the harness's socket, and the copied service directory for {@code examples/services}) and
 * must succeed.
 */
class ReadmeExamplesTest {

    /** The command lines of the README's dinitctl example block, without the program. */
    private static List<List<String>> dinitctlExamples() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        int start = readme.indexOf("## dinitctl");
        assertThat(start).as("README has a dinitctl section").isNotNegative();
        List<List<String>> lines = new ArrayList<>();
        int i = readme.subList(start, readme.size()).indexOf("```sh") + start + 1;
        for (; !readme.get(i).equals("```"); i++) {
            String line = readme.get(i);
            int hash = line.indexOf(" #");
            String cmd = (hash < 0 ? line : line.substring(0, hash)).strip();
            assertThat(cmd).startsWith("bin/dinitctl ");
            lines.add(Arrays.asList(cmd.substring("bin/dinitctl ".length()).split(" +")));
        }
        return lines;
    }

    @Test
    void dinitctlExamples_succeed() throws Exception {
        List<List<String>> examples = dinitctlExamples();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
        try (DaemonHarness d = new DaemonHarness("readme")) {
            try (Stream<Path> files = Files.list(Path.of("..", "examples", "services"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, d.services.resolve(f.getFileName()));
                }
            }
            d.start();
            d.awaitLine("[  OK  ] boot");
            for (List<String> example : examples) {
                List<String> args = new ArrayList<>();
                for (String a : example) {
                    args.add(a.equals("examples/services") ? d.services.toString() : a);
                }
                Ctl c = ctl(d, args.toArray(new String[0]));
                assertThat(c.status()).as(String.join(" ", example) + ": " + c.out() + c.err())
                        .isZero();
            }
            // enable linked extra into boot.d; the offline disable removed the link again.
            assertThat(Files.exists(d.services.resolve("boot.d/extra"),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }
}
