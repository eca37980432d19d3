package io.dinitj.posix.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential harness's own parts, which run without an upstream build (so CI keeps the
 * harness working): reproducible generation, the scenario text format, the known-difference
 * rules, the comparison's diff and normalisation, and the cleanup of marked processes.
 */
class HarnessTest {

    @Test
    void aSeedAlwaysMakesTheSameScenarioAndSeedsDiffer() {
        assertThat(Scenario.generate(7)).isEqualTo(Scenario.generate(7));
        assertThat(Scenario.generate(7).files()).isNotEqualTo(Scenario.generate(8).files());
        for (long seed = 1; seed <= 30; seed++) {
            Scenario s = Scenario.generate(seed);
            assertThat(s.files()).containsKey(Scenario.HOLD);
            assertThat(s.commands()).hasSizeBetween(7, 12)
                    .allSatisfy(c -> assertThat(c).doesNotContain(Scenario.HOLD));
        }
    }

    @Test
    void scenarioTextReadsBack() {
        for (long seed = 1; seed <= 30; seed++) {
            Scenario s = Scenario.generate(seed);
            Scenario back = Scenario.parse(s.text());
            assertThat(back.files()).isEqualTo(s.files());
            assertThat(back.commands()).isEqualTo(s.commands());
        }
        assertThatThrownBy(() -> Scenario.parse("== services/a\ntype = internal\n"
                + "== commands\nstart a\n")).hasMessageContaining("dinitctl -p socket");
    }

    @Test
    void committedReproductionsAndRulesAreReadable() throws IOException {
        Path compat = Path.of("").toAbsolutePath().getParent().resolve("compat");
        new KnownDifferences(compat.resolve("differential-known.txt"));
        int n = 0;
        try (DirectoryStream<Path> d = Files.newDirectoryStream(compat.resolve("differential"),
                "*.txt")) {
            for (Path p : d) {
                assertThat(Scenario.parse(Files.readString(p)).commands()).as(p.toString())
                        .isNotEmpty();
                n++;
            }
        }
        assertThat(n).isPositive();
    }

    @Test
    void rulesDropAndRewriteOnlyTheirFieldAndSide(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("known.txt");
        Files.writeString(f, "# comment\n\n"
                + "noise log upstream drop dinit: noise .*\n"
                + "word stdout both replace colou?r => COLOUR\n");
        KnownDifferences k = new KnownDifferences(f);
        assertThat(k.apply("log", "upstream", "a\ndinit: noise here\nb")).isEqualTo("a\nb");
        assertThat(k.apply("log", "ours", "dinit: noise here")).isEqualTo("dinit: noise here");
        assertThat(k.apply("stdout", "ours", "red color, blue colour"))
                .isEqualTo("red COLOUR, blue COLOUR");
        assertThat(k.apply("stderr", "ours", "color")).isEqualTo("color");
        assertThat(k.used()).containsExactly("noise", "word");
        Files.writeString(f, "bad log sideways drop x\n");
        assertThatThrownBy(() -> new KnownDifferences(f)).hasMessageContaining("known.txt:1");
        Files.writeString(f, "bad log ours replace x\n");
        assertThatThrownBy(() -> new KnownDifferences(f)).hasMessageContaining("=>");
    }

    @Test
    void lineDiffMarksOnlyWhatDiffers() {
        StringBuilder b = new StringBuilder();
        DifferentialTest.lineDiff(b, new String[] {"a", "b", "c"}, new String[] {"a", "x", "c",
            "d"});
        assertThat(b.toString()).isEqualTo("  a\n- b\n+ x\n  c\n+ d\n");
    }

    @Test
    void normalisingHidesTheWorkDirectoryAndPids() {
        Path w = Path.of("/x/work");
        assertThat(DifferentialTest.normalise("[{+}     ] a (pid: 123) /x/work/services/a\n"
                + "    Process ID: 77\ndinit: Service a with pid 9 exceeded", w))
                .isEqualTo("[{+}     ] a (pid: PID) $W/services/a\n    Process ID: PID\n"
                        + "dinit: Service a with pid PID exceeded");
    }

    @Test
    void seedLists() {
        assertThat(DifferentialTest.seeds(null)).hasSize(30);
        assertThat(DifferentialTest.seeds("3,9-11")).containsExactly(3L, 9L, 10L, 11L);
    }

    @Test
    void killAllKillsEveryMarkedProcessAndNoOther() throws Exception {
        String marker = "harness-test-" + ProcessHandle.current().pid();
        ProcessBuilder marked = new ProcessBuilder("/bin/sh", "-c",
                "sleep 100 & sleep 100 & wait");
        marked.environment().put(ScenarioRun.MARKER, marker);
        Process p = marked.start();
        Process other = new ProcessBuilder("sleep", "100").start();
        try {
            List<ProcessHandle> children;
            long end = System.currentTimeMillis() + 10_000;
            do {
                Thread.sleep(20);
                children = p.descendants().toList();
            } while (children.size() < 2 && System.currentTimeMillis() < end);
            assertThat(children).hasSize(2);
            ScenarioRun.killAll(marker);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle c : children) {
                c.onExit().get(10, TimeUnit.SECONDS);
            }
            assertThat(other.isAlive()).isTrue();
        } finally {
            p.destroyForcibly();
            other.destroyForcibly();
        }
    }
}
