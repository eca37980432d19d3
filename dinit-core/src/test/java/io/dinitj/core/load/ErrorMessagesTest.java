package io.dinitj.core.load;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The loader's messages not covered by the per-setting tests, one test each. */
class ErrorMessagesTest {

    @TempDir
    Path dir;
    LoaderFixture fx;

    @BeforeEach
    void setUp() {
        fx = new LoaderFixture(dir);
    }

    private LoadOutcome parse(String... lines) {
        fx.file("s", lines);
        return fx.parseOne("s");
    }

    private String firstError(LoadOutcome o) {
        return o.problems().stream().filter(p -> !p.warning()).findFirst().orElseThrow()
                .forCheck();
    }

    /**
     * '@meta enable-via' takes exactly one simple service name, for the daemon; upstream's
     * dinit-check does not look at @meta lines, so ours does not either.
     */
    @Test
    void metaEnableVia_needsOneName() {
        fx.file("s", "@meta enable-via a b");
        assertThat(firstError(fx.load("s"))).isEqualTo("Service 's' ("
                + dir + "/s:1): '@meta enable-via' requires a single service name");
        assertThat(fx.parseOne("s").problems()).isEmpty();
    }

    /** chain-to and consumer-of names are validated like dependency names. */
    @Test
    void chainTo_invalidName() {
        assertThat(firstError(parse("chain-to = .hidden")))
                .endsWith("s:1): invalid chain-to service name '.hidden'");
    }

    /** export-passwd-vars needs the run-as user in the password database. */
    @Test
    void exportPasswdVars_unknownUser() {
        assertThat(firstError(parse("run-as = 4242", "load-options = export-passwd-vars")))
                .isEqualTo("Service 's': user id '4242' does not exist in system database");
    }

    /** A service file that cannot be read is reported with the reason. */
    @Test
    void unreadableServiceFile() throws Exception {
        Process p = new ProcessBuilder("mkfifo", dir.resolve("s").toString()).start();
        assertThat(p.waitFor()).isZero();
        LoadOutcome o = fx.parseOne("s");
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.DESCRIPTION_ERROR);
        assertThat(firstError(o)).isEqualTo("Service 's', error reading service description:"
                + " not a regular file");
    }

    /** A name the loader cannot use is refused before any lookup. */
    @Test
    void invalidServiceName() {
        assertThat(fx.load(".x").message()).isEqualTo("invalid service name '.x'.");
        assertThat(fx.load("@x").message()).isEqualTo("invalid service name '@x'.");
    }

    /**
     * A name whose file part climbs out of the service directory with a '..' segment is
     * refused, as a request and as a dependency, though the file it would name exists; a name
     * with '/' that stays inside still loads, and the argument after '@' may hold anything.
     */
    @Test
    void nameClimbingOutOfTheServiceDirectory_isRefused() throws Exception {
        Path sd = Files.createDirectories(dir.resolve("sd/a"));
        Files.writeString(dir.resolve("outside"), "type = internal\n");
        LoaderFixture in = new LoaderFixture(sd.getParent());
        in.file("a/b", "type = internal");
        for (String name : new String[] {"a/../../outside", "a/../../outside@x", "a/.."}) {
            LoadOutcome o = in.load(name);
            assertThat(o.succeeded()).as(name).isFalse();
            assertThat(o.message()).isEqualTo("invalid service name '" + name + "'.");
        }
        in.file("s", "type = internal", "depends-on = a/../../outside");
        assertThat(in.load("s").succeeded()).isFalse();
        assertThat(in.set.get("a/../../outside")).isNull();
        assertThat(in.load("a/b").succeeded()).isTrue();
        in.file("t", "type = internal");
        assertThat(in.load("t@../x").succeeded()).isTrue();
    }

    /** '+=' with an unknown setting is an unknown setting, as upstream checks that first. */
    @Test
    void plusAssign_unknownSettingFirst() {
        assertThat(firstError(parse("frob += 1"))).endsWith("s:1): unknown setting: 'frob'.");
        assertThat(firstError(parse("restart += yes")))
                .endsWith("s:1): cannot use '+=' with setting 'restart'");
    }

    /**
     * Ordering a service after itself fails its load in the daemon; dinit-check leaves it to
     * the cycle check, as upstream's does.
     */
    @Test
    void orderedAfterItself() {
        fx.file("s", "after = s");
        // Found by the loader's cycle search, in upstream's words (see LoadLogTest).
        assertThat(firstError(fx.load("s"))).isEqualTo("Service 's': has cyclic dependency.");
        assertThat(fx.parseOne("s").problems()).isEmpty();
    }

    /** dinit-check looks up a name as it is given, as upstream's does. */
    @Test
    void parseOne_looksUpAnyName() {
        fx.file(".x", "type = internal");
        assertThat(fx.parseOne(".x").succeeded()).isTrue();
        assertThat(fx.parseOne("@x").message()).isEqualTo("service description not found.");
    }

    /** A directory error is reported, with its path, when no directory has the file. */
    @Test
    void lookupError_namesThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "");
        LoaderFixture other = new LoaderFixture(file);
        LoadOutcome o = other.load("svc");
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
        assertThat(o.message()).isEqualTo(file.resolve("svc") + ": Not a directory");
    }

    /** A consumer of a service that is not process-based is refused. */
    @Test
    void consumerOf_nonProcessProducer() {
        fx.file("producer", "type = internal").file("c", "type = process", "command = /bin/cat",
                "consumer-of = producer");
        assertThat(fx.load("producer").succeeded()).isTrue();
        assertThat(fx.load("c").message()).isEqualTo("service 'producer' is not a process-based"
                + " service and cannot have a consumer.");
    }

    /** Lint: a logfile without log-type file, and log-type file without a logfile. */
    @Test
    void logfileLint() {
        LoadOutcome o = parse("type = process", "command = /bin/x", "log-type = buffer",
                "logfile = /l");
        assertThat(o.problems()).singleElement().extracting(LoadProblem::forCheck)
                .isEqualTo("Service 's': warning: option 'logfile' was specified, but selected"
                        + " log type is not 'file'");
        o = parse("type = process", "command = /bin/x", "log-type = file");
        assertThat(o.problems()).singleElement().extracting(LoadProblem::message)
                .isEqualTo("option 'logfile' not set, but selected log type is 'file'");
    }

    /**
     * A substitution error in a path after the last line is reported as upstream does: for the
     * service, with the setting's name, and reading goes on.
     */
    @Test
    void postLoadSubstitution_errorInAPath() {
        assertThat(firstError(parse("type = process", "command = /bin/x", "pid-file = ${X")))
                .isEqualTo("Service 's': pid-file: unmatched '{' in variable substitution");
    }

    /** In a command, it stops the load, as upstream's loader throws there. */
    @Test
    void postLoadSubstitution_errorInTheCommandIsFatal() {
        LoadOutcome o = parse("type = process", "command = /bin/x $1", "consumer-of = s2");
        assertThat(o.problems()).extracting(LoadProblem::forCheck).containsExactly(
                "Unable to load service 's': missing value in argument substitution");
    }

    /** A substitution error before load is reported at the setting, without a line. */
    @Test
    void preLoadSubstitution_errorAtTheSetting() {
        assertThat(firstError(parse("depends-on = a$")))
                .isEqualTo("Service 's' setting 'depends-on': invalid/missing variable name"
                        + " after '$'");
    }

    /** An invalid dependency name is reported under that name, as upstream does. */
    @Test
    void invalidDependencyName_isReportedForTheDependency() {
        assertThat(firstError(parse("waits-for = .x"))).isEqualTo("Service '.x' (" + dir
                + "/s:1): invalid dependency name '.x'");
        assertThat(firstError(parse("after = .x"))).isEqualTo("Service 's' (" + dir
                + "/s:1): invalid service name '.x'");
    }

    /** Problems at which upstream stops reading a file are reported as load failures. */
    @Test
    void fatalProblems() {
        for (String line : new String[] {"no operator here", "@frob", "@include missing",
            "@include a b"}) {
            LoadOutcome o = parse("type = internal", line, "restart = x");
            assertThat(o.problems()).as(line).hasSize(2);
            assertThat(o.problems().get(0).severity()).as(line)
                    .isEqualTo(LoadProblem.Severity.FATAL);
            assertThat(o.problems().get(0).forCheck()).as(line)
                    .startsWith("Unable to load service 's': ");
        }
        assertThat(firstError(parse("@include missing"))).isEqualTo("Unable to load service"
                + " 's': missing: cannot open: No such file or directory");
    }

    /** The substitution mark comes where the first variable was substituted. */
    @Test
    void substitutionMark_isWhereFirstUsed() {
        LoadOutcome o = parse("type = process", "restart = x", "command = /bin/x $HOME",
                "depends-on = a$HOME");
        assertThat(o.problems()).extracting(LoadProblem::severity).containsExactly(
                LoadProblem.Severity.ERROR, LoadProblem.Severity.SUBSTITUTED);
        o = parse("depends-on = a$HOME", "restart = x");
        assertThat(o.problems()).extracting(LoadProblem::severity).containsExactly(
                LoadProblem.Severity.SUBSTITUTED, LoadProblem.Severity.ERROR);
    }
}
