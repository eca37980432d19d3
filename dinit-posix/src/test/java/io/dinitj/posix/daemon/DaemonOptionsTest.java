package io.dinitj.posix.daemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as the kernel gives it to PID 1 (docs/cli.md §1.4), and as a user does. */
class DaemonOptionsTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private DaemonOptions.Parsed parse(boolean kernel, String... args) {
        return DaemonOptions.parse(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), kernel);
    }

    @Test
    void kernelWords_areIgnored_exceptSingle_soAStrayWordStillBootsBoot() {
        DaemonOptions.Parsed p = parse(true, "ro", "quiet", "splash", "BOOT_IMAGE=/vmlinuz");
        assertThat(p.options).isNotNull();
        assertThat(p.options.services).isEmpty();
        assertThat(parse(true, "quiet", "single").options.services).containsExactly("single");
    }

    @Test
    void kernelMode_unknownOptionsAreIgnoredSilently_knownOnesWork() {
        DaemonOptions.Parsed p = parse(true, "--no-such", "-z", "-t", "web", "-d", "/etc/sd");
        assertThat(p.options).isNotNull();
        assertThat(p.options.services).containsExactly("web");
        assertThat(p.options.dirs).containsExactly("/etc/sd");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void afterMOrO_wordsAreServicesAndBadOptionsErrorsAgain() {
        assertThat(parse(true, "quiet", "-m", "web", "db").options.services)
                .containsExactly("web", "db");
        assertThat(parse(true, "quiet", "-o", "web").options.services).containsExactly("web");
        DaemonOptions.Parsed bad = parse(true, "-m", "--no-such");
        assertThat(bad.options).isNull();
        assertThat(bad.exitStatus).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("dinit: unrecognized option: --no-such");
    }

    @Test
    void notTheKernels_wordsAreServicesAndBadOptionsAreErrors() {
        assertThat(parse(false, "quiet", "single").options.services)
                .containsExactly("quiet", "single");
        assertThat(parse(false, "-z").options).isNull();
    }
}
