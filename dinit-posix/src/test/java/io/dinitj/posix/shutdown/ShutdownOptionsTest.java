package io.dinitj.posix.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.ShutdownType;
import org.junit.jupiter.api.Test;

/** The shutdown program's command line, read as upstream's {@code shutdown} reads it. */
class ShutdownOptionsTest {

    private static ShutdownOptions parse(String name, String... args) {
        return ShutdownOptions.parse(name, args);
    }

    @Test
    void theNameChoosesTheDefaultAction() {
        assertThat(parse("dinit-shutdown").type).isEqualTo(ShutdownType.POWEROFF);
        assertThat(parse("shutdown").type).isEqualTo(ShutdownType.POWEROFF);
        assertThat(parse("halt").type).isEqualTo(ShutdownType.POWEROFF);
        assertThat(parse("poweroff").type).isEqualTo(ShutdownType.POWEROFF);
        assertThat(parse("reboot").type).isEqualTo(ShutdownType.REBOOT);
        assertThat(parse("soft-reboot").type).isEqualTo(ShutdownType.SOFTREBOOT);
    }

    @Test
    void eachOptionChoosesItsAction_theLastWins() {
        assertThat(parse("shutdown", "-r").type).isEqualTo(ShutdownType.REBOOT);
        assertThat(parse("shutdown", "-h").type).isEqualTo(ShutdownType.HALT);
        assertThat(parse("reboot", "-p").type).isEqualTo(ShutdownType.POWEROFF);
        assertThat(parse("shutdown", "-s").type).isEqualTo(ShutdownType.SOFTREBOOT);
        assertThat(parse("shutdown", "-k").type).isEqualTo(ShutdownType.KEXEC);
        assertThat(parse("shutdown", "-r", "-h", "-k", "-p").type)
                .isEqualTo(ShutdownType.POWEROFF);
        ShutdownOptions o = parse("shutdown", "--system", "-h", "--use-passed-cfd");
        assertThat(o.system).isTrue();
        assertThat(o.usePassedCfd).isTrue();
        assertThat(o.help).isFalse();
        assertThat(o.badOption).isNull();
    }

    @Test
    void aWordNotUnderstoodEndsTheRun_evenBeforeALaterHelp() {
        ShutdownOptions o = parse("shutdown", "-r", "-x", "--help");
        assertThat(o.badOption).isEqualTo("-x");
        assertThat(o.badOptionText()).isEqualTo("Unrecognized command-line parameter: -x");
        assertThat(parse("shutdown", "--reboot").badOption).isEqualTo("--reboot");
        assertThat(parse("shutdown", "-rh").badOption).isEqualTo("-rh");
    }

    @Test
    void helpStopsTheScan_andAWordWithoutDashAsksForIt() {
        assertThat(parse("shutdown", "--help", "-x").help).isTrue();
        assertThat(parse("shutdown", "--help", "-x").badOption).isNull();
        assertThat(parse("shutdown", "now").help).isTrue();
        assertThat(parse("shutdown", "now", "-x").badOption).isEqualTo("-x");
    }

    @Test
    void theHelpNamesTheProgramAsItWasRun() {
        String help = ShutdownOptions.helpText("reboot");
        assertThat(help).startsWith("reboot :   shutdown the system\n");
        assertThat(help.lines()).hasSize(11);
        assertThat(help).contains("  -k               : execute kernel loaded via kexec.\n",
                "  --system         : perform shutdown immediately, instead of issuing shutdown\n");
    }
}
