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

    /** '@meta enable-via' takes exactly one simple service name. */
    @Test
    void metaEnableVia_needsOneName() {
        assertThat(firstError(parse("@meta enable-via a b"))).isEqualTo("Service 's' ("
                + dir + "/s:1): '@meta enable-via' requires a single service name");
    }

    /** chain-to and consumer-of names are validated like dependency names. */
    @Test
    void chainTo_invalidName() {
        assertThat(firstError(parse("chain-to = .hidden")))
                .endsWith("s:1): invalid chain-to name '.hidden'");
    }

    /** export-passwd-vars needs the run-as user in the password database. */
    @Test
    void exportPasswdVars_unknownUser() {
        assertThat(firstError(parse("run-as = 4242", "load-options = export-passwd-vars")))
                .isEqualTo("Service 's' setting 'load-options': cannot export passwd variables:"
                        + " user id 4242 is not in the system database");
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
        assertThat(fx.parseOne("@x").message()).isEqualTo("invalid service name '@x'.");
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

    /** A substitution error after the last line is placed at the setting's line. */
    @Test
    void postLoadSubstitution_errorAtItsLine() {
        assertThat(firstError(parse("type = process", "command = /bin/x", "pid-file = ${X")))
                .isEqualTo("Service 's' (" + dir + "/s:3): pid-file: unmatched '{'");
    }
}
