package io.dinitj.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.DependencyKind;
import io.dinitj.core.load.LoadOutcome;
import io.dinitj.core.load.LoadProblem;
import io.dinitj.core.service.Engine;
import io.dinitj.core.service.ServiceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge cases of docs/service-semantics.md §22 decided at load time, through the engine's
 * load (so nothing of a failed load reaches the set). Each test is named after its case.
 */
class LoadCasesTest {

    @TempDir
    Path dir;

    private static String errors(LoadOutcome o) {
        StringBuilder b = new StringBuilder(String.valueOf(o.message()));
        for (LoadProblem p : o.problems()) {
            b.append('\n').append(p.message());
        }
        return b.toString();
    }

    /** E13: before plus depends-on, or after: self, is a cycle; a before up the tree is not. */
    @Test
    void e13_orderingCycles() {
        Engine e = new Engine(dir)
                .file("S", "type = internal", "before = B", "depends-on = B")
                .file("B", "type = internal")
                .file("self", "type = internal", "after = self")
                .file("boot", "type = internal", "depends-on = middle")
                .file("middle", "type = internal", "depends-on = svc")
                .file("svc", "type = internal", "before = boot");
        LoadOutcome o = e.tryLoad("S");
        assertThat(o.succeeded()).isFalse();
        assertThat(errors(o)).contains("cyclic dependency");
        assertThat(e.set().find("S")).isNull();
        LoadOutcome self = e.tryLoad("self");
        assertThat(self.succeeded()).isFalse();
        assertThat(errors(self)).contains("cyclic dependency");
        assertThat(e.tryLoad("boot").succeeded()).isTrue();
        e.start("boot");
        e.expect("boot STARTED", "middle STARTED", "svc STARTED");
    }

    /** E14: a dependency cycle fails to load, and nothing of it is loaded. */
    @Test
    void e14_dependencyCycle() {
        Engine e = new Engine(dir)
                .file("A", "type = internal", "depends-on = B")
                .file("B", "type = internal", "depends-on = A");
        LoadOutcome o = e.tryLoad("A");
        assertThat(o.succeeded()).isFalse();
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
        assertThat(errors(o)).contains("cyclic dependency");
        assertThat(e.set().find("A")).isNull();
        assertThat(e.set().find("B")).isNull();
    }

    /**
     * E15 (deliberate difference): upstream refuses chains deeper than 32; we load and run any
     * depth (DESIGN.md, "Where we differ from upstream").
     */
    @Test
    void e15_deepChainLoadsHere() {
        Engine e = new Engine(dir);
        for (int i = 0; i < 33; i++) {
            e.file("c" + i, "type = internal", "depends-on = c" + (i + 1));
        }
        e.file("c33", "type = internal");
        e.start("c0");
        e.expect("c0 STARTED", "c33 STARTED");
    }

    /** E27: $1 needs an argument; a default covers it; "svc@" gives an empty one. */
    @Test
    void e27_argumentSubstitution() {
        Engine e = new Engine(dir)
                .file("svc", "type = process", "command = /svc/run $1")
                .file("dflt", "type = process", "command = /svc/run ${1:-x}");
        LoadOutcome o = e.tryLoad("svc");
        assertThat(o.succeeded()).isFalse();
        assertThat(errors(o)).contains("missing value in argument substitution");
        assertThat(e.load("dflt").description().process().command())
                .containsExactly("/svc/run", "x");
        assertThat(e.load("svc@").description().process().command()).containsExactly("/svc/run",
                "");
    }

    /** E40: comments, empty arguments, continuation lines and console option words. */
    @Test
    void e40_parsing() {
        Engine e = new Engine(dir)
                .file("ok", "type = internal # c")
                .file("glued", "type=internal#c")
                .file("empty", "type = #c")
                .file("args", "type = process", "command = /svc/a \"\" b")
                .file("cont", "type = process", "command = /svc/a \\", "b")
                .file("console", "type = process", "command = /svc/a",
                        "options = runs-on-console shares-console");
        assertThat(e.tryLoad("ok").succeeded()).isTrue();
        assertThat(e.tryLoad("glued").succeeded()).isFalse();
        assertThat(e.tryLoad("empty").succeeded()).isFalse();
        assertThat(e.load("args").description().process().command())
                .containsExactly("/svc/a", "", "b");
        assertThat(e.tryLoad("cont").succeeded()).isFalse();
        assertThat(e.load("console").description().options()).extracting(Enum::name)
                .containsExactly("SHARES_CONSOLE");
    }

    /** E41: an unknown setting is a load error. */
    @Test
    void e41_unknownSetting() {
        Engine e = new Engine(dir).file("x", "type = internal", "cpu-affinity = 1");
        LoadOutcome o = e.tryLoad("x");
        assertThat(o.succeeded()).isFalse();
        assertThat(errors(o)).contains("unknown setting");
    }

    /** E42: a .d directory adds only real services; ghosts warn, dot files are ignored. */
    @Test
    void e42_dependencyDirectory() throws Exception {
        Path d = Files.createDirectories(dir.resolve("boot.d"));
        Files.createFile(d.resolve(".hidden"));
        Files.createFile(d.resolve("ghost"));
        Files.createFile(d.resolve("real"));
        Engine e = new Engine(dir)
                .file("boot", "type = internal", "waits-for.d = boot.d")
                .file("real", "type = internal")
                .file(".hidden", "type = internal")
                .file("nodir", "type = internal", "waits-for.d = missing.d");
        LoadOutcome o = e.tryLoad("boot");
        assertThat(o.succeeded()).isTrue();
        ServiceRecord boot = e.rec("boot");
        assertThat(boot.dependencyCount()).isEqualTo(1);
        assertThat(boot.dependency(0).to().name()).isEqualTo("real");
        assertThat(boot.dependency(0).kind()).isEqualTo(DependencyKind.WAITS_FOR);
        assertThat(o.problems()).anyMatch(p -> p.warning() && p.message().contains("ghost"));
        LoadOutcome n = e.tryLoad("nodir");
        assertThat(n.succeeded()).isTrue();
        assertThat(n.problems()).anyMatch(LoadProblem::warning);
    }

    /** E43 (load part): consumer-of a service whose output is not a pipe is a load error. */
    @Test
    void e43_consumerOfNonPipe() {
        Engine e = new Engine(dir)
                .file("producer", "type = process", "command = /svc/p")
                .file("consumer", "type = process", "command = /svc/c",
                        "consumer-of = producer");
        e.load("producer");
        LoadOutcome o = e.tryLoad("consumer");
        assertThat(o.succeeded()).isFalse();
        assertThat(e.set().find("consumer")).isNull();
    }

    /** E47: settings that do not fit the type are load errors. */
    @Test
    void e47_settingsThatDoNotFitTheType() {
        Engine e = new Engine(dir)
                .file("p", "type = process", "command = /svc/p", "options = kill-all-on-stop")
                .file("b", "type = bgprocess", "command = /svc/b", "pid-file = /run/b",
                        "ready-notification = pipefd:3")
                .file("nopid", "type = bgprocess", "command = /svc/b");
        assertThat(e.tryLoad("p").succeeded()).isFalse();
        assertThat(e.tryLoad("b").succeeded()).isFalse();
        assertThat(e.tryLoad("nopid").succeeded()).isFalse();
    }
}
