package io.dinitj.core.load;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.service.DependencyKind;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DescriptionLoaderTest {

    @TempDir
    Path dir;
    LoaderFixture fx;

    @BeforeEach
    void setUp() {
        fx = new LoaderFixture(dir);
    }

    /** Loading a service loads its dependencies of every loading kind, in one call. */
    @Test
    void load_bringsDependencies() {
        fx.file("boot", "depends-on = a", "waits-for = b", "depends-ms = c", "prepared-by = d")
                .file("a").file("b").file("c").file("d");
        LoadOutcome o = fx.load("boot");
        assertThat(o.succeeded()).isTrue();
        assertThat(o.loaded()).containsExactly("boot", "a", "b", "c", "d");
        assertThat(fx.set.size()).isEqualTo(5);
        assertThat(fx.load("boot").loaded()).isEmpty();
    }

    /**
     * readSettings gives the dependency lines as written after @include and substitution, the
     * .d directory where loading reads it (an included fragment's own directory), and the
     * enable-via, even when another setting of the file is in error.
     */
    @Test
    void readSettings_keepsDependencyLinesAsWritten() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("inc"));
        fx.env.put("D", "b");
        fx.file("svc", "restart = bogus", "depends-on = a", "@include inc/deps",
                "@meta enable-via boot").file("a").file("b")
                .file("inc/deps", "waits-for = $D", "waits-for.d = w.d");
        SettingsReading r = new DescriptionLoader(fx.context()).readSettings("svc");
        assertThat(r.outcome().succeeded()).isFalse();
        assertThat(r.enableVia()).isEqualTo("boot");
        assertThat(r.dependencySettings()).extracting(DependencySetting::setting,
                DependencySetting::value, DependencySetting::directory)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("depends-on", "a", null),
                        org.assertj.core.groups.Tuple.tuple("waits-for", "b", null),
                        org.assertj.core.groups.Tuple.tuple("waits-for.d", "w.d",
                                dir.resolve("inc").resolve("w.d")));
        assertThat(r.dependencySettings().get(2).line()).isEqualTo(2);
    }

    /** A missing service is NOT_FOUND with upstream's text; nothing is added. */
    @Test
    void missing_isNotFound() {
        LoadOutcome o = fx.load("ghost");
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.NOT_FOUND);
        assertThat(o.message()).isEqualTo("service description not found.");
        assertThat(fx.set.size()).isZero();
    }

    /** A dependency that fails makes every service that needs it fail; the set is unchanged. */
    @Test
    void failingDependency_changesNothing() {
        fx.file("boot", "depends-on = mid").file("mid", "depends-on = leaf")
                .file("leaf", "type = bogus");
        LoadOutcome o = fx.load("boot");
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
        assertThat(o.message()).isEqualTo("could not load dependency.");
        assertThat(o.problems()).extracting(LoadProblem::service)
                .containsExactly("leaf", "mid", "boot");
        assertThat(fx.set.size()).isZero();
        assertThat(fx.set.placeholders()).isEmpty();
    }

    /** E14: a dependency cycle fails to load, naming the services on it. */
    @Test
    void cycle_isReportedByName() {
        fx.file("a", "depends-on = b").file("b", "depends-on = a");
        LoadOutcome o = fx.load("a");
        assertThat(o.succeeded()).isFalse();
        assertThat(o.message()).contains("cyclic dependency").contains("a -> b -> a");
        assertThat(fx.set.size()).isZero();
    }

    /** A missing dependency behind a cycle back to the root fails cleanly (it once hung). */
    @Test
    void missingDependencyBehindACycle_fails() {
        fx.file("a", "depends-on = b").file("b", "depends-on = a", "depends-on = c");
        LoadOutcome o = fx.load("a");
        assertThat(o.succeeded()).isFalse();
        assertThat(o.problems()).extracting(LoadProblem::service).containsExactly("c", "b", "a");
        assertThat(fx.set.size()).isZero();
    }

    /**
     * E13: 'before' a service one depends on is a cycle; 'after' oneself is one too: a load
     * error, as upstream (not a description error).
     */
    @Test
    void orderingCycles_areErrors() {
        fx.file("s", "before = b", "depends-on = b").file("b");
        assertThat(fx.load("s").message()).contains("cyclic dependency");
        fx.file("self", "after = self");
        LoadOutcome o = fx.load("self");
        // A load error, as upstream (its SERVICE_LOAD_ERR), not a description error.
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
        assertThat(o.message()).contains("cyclic dependency");
    }

    /**
     * As upstream: services ordered only by 'before' in a ring load (upstream checks a
     * 'before' only against the declared dependencies of the service naming it); a ring with
     * any other link is still refused.
     */
    @Test
    void ringOfBeforesOnly_loads() {
        fx.file("boot", "depends-on = a", "depends-on = b").file("a", "before = b")
                .file("b", "before = a");
        assertThat(fx.load("boot").succeeded()).isTrue();
        fx.file("x", "before = y").file("y", "after = x");
        assertThat(fx.load("x").succeeded()).isTrue();
        fx.file("r", "depends-on = p", "depends-on = q").file("p")
                .file("q", "before = p", "after = p");
        assertThat(fx.load("r").message()).contains("cyclic dependency");
    }

    /** E13: boot -> middle -> svc with svc 'before: boot' is not a cycle. */
    @Test
    void beforeTheRoot_isNotACycle() {
        fx.file("boot", "depends-on = middle").file("middle", "depends-on = svc")
                .file("svc", "before = boot");
        assertThat(fx.load("boot").succeeded()).isTrue();
    }

    /** 'before' naming an already loaded service that it depends on is still caught. */
    @Test
    void beforeALoadedDependency_isACycle() {
        fx.file("b").file("s", "depends-on = b", "before = b");
        assertThat(fx.load("b").succeeded()).isTrue();
        assertThat(fx.load("s").message()).contains("cyclic dependency");
        assertThat(fx.set.get("s")).isNull();
    }

    /** Ordering targets are not loaded: they become placeholders, replaced when they load. */
    @Test
    void orderingTargets_becomePlaceholders() {
        fx.file("a", "after = x", "before = y").file("x").file("y");
        assertThat(fx.load("a").loaded()).containsExactly("a");
        assertThat(fx.set.placeholders()).containsExactlyInAnyOrder("x", "y");
        assertThat(fx.load("x").succeeded()).isTrue();
        assertThat(fx.set.placeholders()).containsExactly("y");
        assertThat(fx.set.get("x")).isNotNull();
    }

    /** A replaced placeholder that closes an ordering cycle is refused; nothing changes. */
    @Test
    void placeholderClosingACycle_isRefused() {
        fx.file("a", "after = x").file("x", "depends-on = a");
        assertThat(fx.load("a").succeeded()).isTrue();
        LoadOutcome o = fx.load("x");
        assertThat(o.message()).contains("cyclic dependency");
        assertThat(fx.set.isPlaceholder("x")).isTrue();
    }

    /** E42: a .d directory adds valid names that exist; missing ones warn; hidden are skipped. */
    @Test
    void dependencyDirectory_addsWhatExists() {
        fx.file("boot", "depends-on.d = boot.d", "waits-for.d = nowhere")
                .file("boot.d/.hidden").file("boot.d/ghost").file("boot.d/real").file("real");
        LoadOutcome o = fx.load("boot");
        assertThat(o.succeeded()).isTrue();
        assertThat(o.service().dependencies())
                .containsExactly(new Dependency("real", DependencyKind.REGULAR));
        assertThat(o.problems()).allMatch(LoadProblem::warning);
        assertThat(o.problems()).extracting(LoadProblem::message)
                .anyMatch(m -> m.contains("'ghost'") && m.contains("not found"))
                .anyMatch(m -> m.startsWith("error reading dependencies from directory"));
    }

    /** consumer-of: the producer must log to a pipe and have one consumer only. */
    @Test
    void consumerOf_checksTheProducer() {
        fx.file("producer", "type = process", "command = /bin/true")
                .file("consumer", "type = process", "command = /bin/cat",
                        "consumer-of = producer");
        assertThat(fx.load("producer").succeeded()).isTrue();
        assertThat(fx.load("consumer").message()).contains("log-type that is not 'pipe'");
        fx.file("piped", "type = process", "command = /bin/true", "log-type = pipe")
                .file("c1", "type = process", "command = /bin/cat", "consumer-of = piped")
                .file("c2", "type = process", "command = /bin/cat", "consumer-of = piped");
        assertThat(fx.load("piped").succeeded()).isTrue();
        assertThat(fx.load("c1").succeeded()).isTrue();
        assertThat(fx.load("c2").message()).contains("already has a consumer ('c1')");
    }

    /**
     * A producer loaded after its consumer (which made a placeholder for it) must be able to
     * feed it: process-based, with log-type pipe; else nothing is loaded.
     */
    @Test
    void consumerOf_producerLoadedLaterIsChecked() {
        fx.file("consumer", "type = process", "command = /bin/cat", "consumer-of = producer")
                .file("producer", "type = process", "command = /bin/true");
        assertThat(fx.load("consumer").succeeded()).isTrue();
        assertThat(fx.set.isPlaceholder("producer")).isTrue();
        LoadOutcome o = fx.load("producer");
        assertThat(o.message()).isEqualTo("service 'producer' has a consumer ('consumer'), so it"
                + " must be a process-based service with log-type 'pipe'.");
        assertThat(fx.set.get("producer")).isNull();
        assertThat(fx.set.isPlaceholder("producer")).isTrue();
        fx.file("producer", "type = process", "command = /bin/true", "log-type = pipe");
        assertThat(fx.load("producer").succeeded()).isTrue();
    }

    /** Each instance of a service with an argument is its own service, from one file. */
    @Test
    void arguments_makeSeparateInstances() {
        fx.file("getty", "type = process", "command = /sbin/agetty $1");
        assertThat(fx.load("getty@tty1").service().process().command())
                .containsExactly("/sbin/agetty", "tty1");
        assertThat(fx.load("getty@tty2").service().process().command())
                .containsExactly("/sbin/agetty", "tty2");
        assertThat(fx.set.size()).isEqualTo(2);
    }

    /** parseOne reads one file only and still names what it depends on when it has errors. */
    @Test
    void parseOne_namesDependenciesOfABrokenFile() {
        fx.file("boot", "depends-on = a", "bogus = 1", "chain-to = c");
        LoadOutcome o = fx.parseOne("boot");
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.DESCRIPTION_ERROR);
        assertThat(o.named()).containsExactly("a", "c");
        assertThat(fx.set.size()).isZero();
    }
}
