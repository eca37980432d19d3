package io.dinitj.core.load;

import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.core.load.LoadLog.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's log lines for a load, each case as upstream's daemon logs it (measured by
 * running upstream's dinit side by side on the same service files).
 */
class LoadLogTest {

    @TempDir
    Path dir;
    LoaderFixture fx;

    @BeforeEach
    void setUp() {
        fx = new LoaderFixture(dir);
    }

    private List<String> lines(String name, Origin origin) {
        return LoadLog.lines(name, fx.load(name), origin).stream().map(LoadLog.Line::text)
                .toList();
    }

    private List<String> started(String name) {
        return lines(name, Origin.COMMAND_LINE);
    }

    /** upstream suite test no-command-error: an error without line or setting. */
    @Test
    void missingCommand_isAPlainLoadError() {
        fx.file("no-command", "type = process");
        assertThat(started("no-command"))
                .containsExactly("no-command: error loading: 'command' setting not specified.");
        assertThat(lines("no-command", Origin.CONTROL))
                .containsExactly("Could not load service no-command: 'command' setting not"
                        + " specified.");
        assertThat(LoadLog.isDescriptionError(fx.load("no-command"))).isFalse();
        assertThat(fx.load("no-command").failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
    }

    @Test
    void notFound_dependsOnWhoAsked() {
        assertThat(started("ghost")).containsExactly("ghost: could not find service description.");
        assertThat(lines("ghost", Origin.CONTROL))
                .containsExactly("Could not load service ghost: service description not found.");
    }

    /** A located error keeps upstream's description-error form and counts as one. */
    @Test
    void locatedError_isADescriptionError() {
        fx.file("bad", "type = internal", "foo = bar");
        String line = "Error in service description for 'bad' (file " + dir + "/bad, line 2):"
                + " unknown setting: 'foo'.";
        assertThat(started("bad")).containsExactly(line);
        assertThat(lines("bad", Origin.CONTROL)).containsExactly(line);
        assertThat(LoadLog.isDescriptionError(fx.load("bad"))).isTrue();
        assertThat(fx.load("bad").failure()).isEqualTo(LoadOutcome.Failure.DESCRIPTION_ERROR);
    }

    /** The root cause first, then every service that needed it, back to the one asked for. */
    @Test
    void failingDependency_namesTheChain() {
        fx.file("boot", "type = internal", "depends-on = mid")
                .file("mid", "type = internal", "depends-on = no-command")
                .file("no-command", "type = process");
        assertThat(started("boot")).containsExactly(
                "Could not load service no-command: 'command' setting not specified.",
                "Could not load service mid: could not load dependency.",
                "boot: error loading: could not load dependency.");
        assertThat(lines("boot", Origin.CONTROL)).containsExactly(
                "Could not load service no-command: 'command' setting not specified.",
                "Could not load service mid: could not load dependency.",
                "Could not load service boot: could not load dependency.");
    }

    @Test
    void dependencyNotFoundOrInError() {
        fx.file("boot", "type = internal", "depends-on = ghost")
                .file("top", "type = internal", "depends-on = bad")
                .file("bad", "type = internal", "foo = bar");
        assertThat(started("boot")).containsExactly(
                "Could not load service ghost: service description not found.",
                "boot: error loading: could not load dependency.");
        assertThat(started("top")).containsExactly(
                "Error in service description for 'bad' (file " + dir + "/bad, line 2):"
                        + " unknown setting: 'foo'.",
                "top: error loading: could not load dependency.");
        // The dependency's located error is its own; the requested service failed to load.
        assertThat(fx.load("top").failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
        assertThat(LoadLog.isDescriptionError(fx.load("top"))).isFalse();
    }

    /** A dependency cycle: the service met again, then the path that led to it. */
    @Test
    void dependencyCycle_followsTheLoadPath() {
        fx.file("top", "type = internal", "depends-on = c1")
                .file("c1", "type = internal", "depends-on = c2")
                .file("c2", "type = internal", "waits-for = c1")
                .file("self", "type = internal", "depends-on = self");
        assertThat(started("top")).containsExactly(
                "Could not load service c1: has cyclic dependency.",
                "Could not load service c2: could not load dependency.",
                "Could not load service c1: could not load dependency.",
                "top: error loading: could not load dependency.");
        assertThat(started("c1")).containsExactly(
                "Could not load service c1: has cyclic dependency.",
                "Could not load service c2: could not load dependency.",
                "c1: error loading: could not load dependency.");
        assertThat(started("self")).containsExactly(
                "Could not load service self: has cyclic dependency.",
                "self: error loading: could not load dependency.");
    }

    /** A cycle through an ordering is the error of the service that declared the ordering. */
    @Test
    void orderingCycle_blamesItsDeclarer() {
        fx.file("ba1", "type = internal", "before = ba2")
                .file("ba2", "type = internal", "before = ba1", "depends-on = ba1")
                .file("af1", "type = internal", "after = af2", "depends-on = af2")
                .file("af2", "type = internal", "after = af1");
        assertThat(started("ba2")).containsExactly("ba2: error loading: has cyclic dependency.");
        assertThat(started("af1")).containsExactly(
                "Could not load service af2: has cyclic dependency.",
                "af1: error loading: could not load dependency.");
    }

    /**
     * upstream suite test cycles: two declarers on one cycle, the later loaded is blamed; a
     * service ordered before or after itself is a load error, not a description error.
     */
    @Test
    void orderingCycles_ofTheUpstreamSuite() {
        fx.file("ac", "type = internal", "depends-on = ac1", "depends-on = ac2")
                .file("ac1", "type = internal", "after = ac2")
                .file("ac2", "type = internal", "after = ac1")
                .file("before_self", "type = internal", "before = before_self")
                .file("after_self", "type = internal", "after = after_self");
        assertThat(lines("ac", Origin.CONTROL)).containsExactly(
                "Could not load service ac2: has cyclic dependency.",
                "Could not load service ac: could not load dependency.");
        assertThat(lines("before_self", Origin.CONTROL))
                .containsExactly("Could not load service before_self: has cyclic dependency.");
        assertThat(started("after_self"))
                .containsExactly("after_self: error loading: has cyclic dependency.");
        assertThat(LoadLog.isDescriptionError(fx.load("after_self"))).isFalse();
        assertThat(fx.load("after_self").failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
    }

    /** Upstream's daemon notices dependency directories, and lints nothing. */
    @Test
    void notices_areWarnings_lintIsSilent() throws Exception {
        Files.createDirectories(dir.resolve("deps"));
        Files.createSymbolicLink(dir.resolve("deps/ghost"), dir.resolve("ghost"));
        fx.file("a", "type = internal", "waits-for.d = nodir", "waits-for.d = deps")
                .file("linted", "type = internal", "command = /bin/true");
        LoadOutcome o = fx.load("a");
        assertThat(o.succeeded()).isTrue();
        assertThat(LoadLog.lines("a", o, Origin.COMMAND_LINE)).containsExactly(
                new LoadLog.Line(LogLevel.WARN, "Could not open dependency directory '" + dir
                        + "/nodir' for a service."),
                new LoadLog.Line(LogLevel.WARN, "Ignoring unresolved dependency 'ghost' in"
                        + " dependency directory 'deps' for a service."));
        LoadOutcome linted = fx.load("linted");
        assertThat(linted.succeeded()).isTrue();
        assertThat(linted.problems()).isNotEmpty();
        assertThat(LoadLog.lines("linted", linted, Origin.COMMAND_LINE)).isEmpty();
    }
}
