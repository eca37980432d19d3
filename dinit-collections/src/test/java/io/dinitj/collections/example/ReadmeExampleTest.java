package io.dinitj.collections.example;

import io.dinitj.collections.DHeap;
import io.dinitj.collections.DList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's library example compiling and true: the code between the markers below is
 * the README's example, character for character, and this test runs it.
 */
class ReadmeExampleTest {

    // README-EXAMPLE-START
    static final class Job {
        final String name;
        final DList.Node<Job> readyNode = new DList.Node<>(this);   // links for "ready"
        final DList.Node<Job> allNode = new DList.Node<>(this);     // links for "all"
        final DHeap.Node<Job> timerNode = new DHeap.Node<>(this);   // position in the timers

        Job(String name) {
            this.name = name;
        }
    }

    static String run() {
        DList<Job> all = new DList<>(j -> j.allNode);
        DList<Job> ready = new DList<>(j -> j.readyNode);
        DHeap<Job> timers = new DHeap<>(4, 16, j -> j.timerNode);  // sized once, never grows

        Job web = new Job("web");
        Job db = new Job("db");
        all.append(web);
        all.append(db);
        ready.append(db);                 // db is on two lists at once
        timers.insert(web, 5_000);        // fire at t = 5000
        timers.insert(db, 1_000);

        StringBuilder out = new StringBuilder();
        for (Job j = all.first(); j != null; j = all.next(j)) {   // no Iterator object
            out.append(j.name).append(ready.isQueued(j) ? " ready" : " waiting").append('\n');
        }
        out.append("first timer: ").append(timers.poll().name);
        return out.toString();            // "web waiting\ndb ready\nfirst timer: db"
    }
    // README-EXAMPLE-END

    /** The example does what its comments say. */
    @Test
    void example_runs() {
        assertThat(run()).isEqualTo("web waiting\ndb ready\nfirst timer: db");
    }

    /** The README shows exactly the example above. */
    @Test
    void readme_shows_this_example() throws IOException {
        String source = Files.readString(Path.of(
                "src/test/java/io/dinitj/collections/example/ReadmeExampleTest.java"));
        String example = source.substring(
                source.indexOf('\n', source.indexOf("// README-EXAMPLE-START")) + 1,
                source.indexOf("    // README-EXAMPLE-END"));
        // The README shows the class members unindented.
        String unindented = example.lines()
                .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n", "", "\n"));
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).contains(unindented);
    }
}
