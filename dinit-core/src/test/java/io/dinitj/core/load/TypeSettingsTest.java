package io.dinitj.core.load;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.core.type.FakeTypes.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A type's own settings ({@code TYPE.NAME = value}), checked against what the type declares:
 * the fake third-party type 'clock' (FakeTypes.Clock) declares every, service, note
 * (repeatable) and mode (default 'wall').
 */
class TypeSettingsTest {

    @TempDir
    Path dir;
    LoaderFixture fx;

    @BeforeEach
    void setUp() {
        fx = new LoaderFixture(dir);
        fx.types = LoaderFixture.WITH_FAKES;
    }

    private ServiceDescription ok(String... lines) {
        fx.file("s", lines);
        LoadOutcome o = fx.parseOne("s");
        assertThat(o.problems()).as("problems").noneMatch(p -> !p.warning());
        return o.service();
    }

    /** The errors, as dinit-check prints them. */
    private List<String> errors(String... lines) {
        fx.file("s", lines);
        LoadOutcome o = fx.parseOne("s");
        assertThat(o.service()).as("should fail to load").isNull();
        return o.problems().stream().filter(p -> !p.warning()).map(LoadProblem::forCheck)
                .toList();
    }

    private String at(int line) {
        return "Service 's' (" + dir + "/s:" + line + "): ";
    }

    /** Values are parsed by the setting's parser and handed over typed; defaults apply. */
    @Test
    void values_areParsedAndTyped() {
        ServiceDescription d = ok("type = clock", "clock.every = 1.5", "clock.service = tick");
        assertThat(Clock.EVERY.get(d)).isEqualTo(1_500_000_000L);
        assertThat(Clock.SERVICE.get(d)).isEqualTo("tick");
        assertThat(Clock.MODE.get(d)).isEqualTo("wall");
        assertThat(Clock.NOTE.all(d)).isEmpty();
        assertThat(d.typeSettings().names()).containsExactly("every", "service");
    }

    /** The settings may come before the type line: they are checked after the last line. */
    @Test
    void typeLine_mayComeAfterTheSettings() {
        ServiceDescription d = ok("clock.service = tick", "clock.every = 2", "type = clock");
        assertThat(Clock.EVERY.get(d)).isEqualTo(2_000_000_000L);
    }

    /** A misspelt setting is an error at its line naming it and the type's settings. */
    @Test
    void unknownSetting_namesTheTypesSettings() {
        assertThat(errors("type = clock", "clock.evry = 1", "clock.service = t",
                "clock.every = 1")).containsExactly(at(2) + "unknown setting 'clock.evry' for"
                        + " service type 'clock'; its settings are: clock.every, clock.service,"
                        + " clock.note, clock.mode");
    }

    /** A type without settings says so. */
    @Test
    void unknownSetting_ofATypeWithoutSettings() {
        assertThat(errors("internal.x = 1")).containsExactly(at(1) + "unknown setting"
                + " 'internal.x' for service type 'internal', which has no settings of its own");
    }

    /** Another type's setting is an error, whether that type is loaded or not. */
    @Test
    void otherTypesSetting_isAnError() {
        assertThat(errors("type = process", "command = /bin/true", "clock.every = 1",
                "frob.x = 2")).containsExactly(
                        at(3) + "setting 'clock.every' belongs to service type 'clock', but this"
                                + " service's type is 'process'",
                        at(4) + "setting 'frob.x' belongs to service type 'frob' (which no"
                                + " loaded plugin provides), but this service's type is"
                                + " 'process'");
    }

    /** A required setting left out is reported as a missing command is. */
    @Test
    void requiredMissing_isAnError() {
        assertThat(errors("type = clock", "clock.every = 1"))
                .containsExactly("Service 's': 'clock.service' setting not specified.");
        // Found in the checks after the last line: a load error, as upstream's is.
        fx.file("s", "type = clock");
        assertThat(fx.load("s").failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
    }

    /** A bad value is an error at its line, in the parser's words, naming the setting. */
    @Test
    void badValue_inTheParsersWords() {
        assertThat(errors("type = clock", "clock.every = soon", "clock.service = t"))
                .containsExactly(at(2) + "bad value for clock.every: 'soon' is not a number of"
                        + " seconds");
        assertThat(errors("type = clock", "clock.every = 0.0001", "clock.service = t"))
                .containsExactly(at(2) + "bad value for clock.every: duration must be at least"
                        + " 0.001 seconds");
        assertThat(errors("type = clock", "clock.every = 1", "clock.service = t",
                "clock.mode = sideways")).containsExactly(at(4) + "bad value for clock.mode:"
                        + " 'sideways' is not one of: wall, mono");
        // A bad value is an error in the text, as a bad value of Dinit's settings is.
        fx.file("s", "type = clock", "clock.every = soon", "clock.service = t");
        assertThat(fx.load("s").failure()).isEqualTo(LoadOutcome.Failure.DESCRIPTION_ERROR);
        // Not reported again as missing.
        assertThat(errors("type = clock", "clock.every = soon", "clock.service = t"))
                .hasSize(1);
    }

    /** The daemon's form names the service, file, line and setting. */
    @Test
    void badValue_daemonForm() {
        fx.file("s", "type = clock", "clock.every = soon", "clock.service = t");
        LoadProblem p = fx.parseOne("s").problems().get(0);
        assertThat(p.forDaemon()).isEqualTo("Error in service description for 's' (file "
                + dir + "/s, line 2): bad value for clock.every: 'soon' is not a number of"
                + " seconds");
    }

    /** A parser that fails other than as documented is the plugin's bug: still an error. */
    @Test
    void parserBug_isAnErrorNotACrash() {
        assertThat(errors("type = throwing", "throwing.x = 1")).containsExactly(at(2)
                + "bad value for throwing.x: the type's parser failed:"
                + " java.lang.IllegalStateException: parser bug");
    }

    /** Given twice, the later value replaces the earlier. */
    @Test
    void givenTwice_laterReplaces() {
        ServiceDescription d = ok("type = clock", "clock.every = 1", "clock.service = a",
                "clock.service = b");
        assertThat(Clock.SERVICE.get(d)).isEqualTo("b");
        assertThat(d.typeSettings().values("service")).containsExactly("b");
    }

    /** A repeatable setting adds a value per line, with '=' or '+='. */
    @Test
    void repeatable_eachLineAdds() {
        ServiceDescription d = ok("type = clock", "clock.every = 1", "clock.service = a",
                "clock.note = one", "clock.note += two  words", "clock.note = three");
        assertThat(Clock.NOTE.all(d)).containsExactly("one", "two words", "three");
    }

    /** '+=' on a setting that is not repeatable is Dinit's '+=' error. */
    @Test
    void plusAssign_onANonRepeatableSetting() {
        assertThat(errors("type = clock", "clock.every = 1", "clock.service += a"))
                .containsExactly(at(3) + "cannot use '+=' with setting 'clock.service'");
    }

    /**
     * Values are substituted as working-dir's: after the last line, from the service
     * environment (env-file included) and the argument; '$$' is a dollar.
     */
    @Test
    void substitution_asWorkingDir() throws Exception {
        fx.env.put("TARGET", "from-global");
        Files.writeString(dir.resolve("s.env"), "EVERY=3\n");
        fx.file("s", "env-file = s.env", "type = clock", "clock.every = $EVERY",
                "clock.service = ${TARGET}-$1", "clock.note = $$HOME");
        LoadOutcome o = fx.parseOne("s@x");
        assertThat(o.problems()).noneMatch(p -> !p.warning());
        ServiceDescription d = o.service();
        assertThat(Clock.EVERY.get(d)).isEqualTo(3_000_000_000L);
        assertThat(Clock.SERVICE.get(d)).isEqualTo("from-global-x");
        assertThat(Clock.NOTE.all(d)).containsExactly("$HOME");
        assertThat(o.substituted()).isTrue();
    }

    /** A substitution error is reported as working-dir's is, and the value is not parsed. */
    @Test
    void substitution_errorAsWorkingDir() {
        assertThat(errors("type = clock", "clock.every = 1", "clock.service = ${X"))
                .containsExactly("Service 's': clock.service: unmatched '{' in variable"
                        + " substitution");
    }

    /** After a refused type line the settings are not judged: the type error says enough. */
    @Test
    void badTypeLine_settingsNotJudged() {
        List<String> e = errors("type = nonesuch", "nonesuch.x = 1");
        assertThat(e).hasSize(1);
        assertThat(e.get(0)).startsWith(at(1) + "service type must be one of:");
    }

    /** The whole load fails on a settings error, through the loader too. */
    @Test
    void load_failsOnASettingsError() {
        fx.file("s", "type = clock", "clock.evry = 1");
        LoadOutcome o = fx.load("s");
        assertThat(o.succeeded()).isFalse();
        assertThat(fx.set.get("s")).isNull();
        fx.file("s", "type = clock", "clock.every = 1", "clock.service = t");
        assertThat(fx.load("s").succeeded()).isTrue();
        assertThat(Clock.SERVICE.get(fx.set.get("s"))).isEqualTo("t");
    }

    /** Dinit's dotted settings are still Dinit's, not type settings. */
    @Test
    void dinitsDottedSettings_areNotTypeSettings() throws Exception {
        Files.createDirectory(dir.resolve("d"));
        ServiceDescription d = ok("depends-on.d = d");
        assertThat(d.typeSettings().isEmpty()).isTrue();
    }

    /** A third-party type that runs a command needs one, as process does. */
    @Test
    void runsCommandCapability_requiresACommand() {
        assertThat(errors("type = runner"))
                .containsExactly("Service 's': 'command' setting not specified.");
        assertThat(ok("type = runner", "command = /bin/true").type()).isEqualTo("runner");
    }

    /** A type that runs nothing gets dinit-check's lint for the process settings it ignores. */
    @Test
    void withoutRunsCommand_processSettingsAreLinted() {
        fx.file("s", "type = plain", "command = /bin/true");
        assertThat(fx.parseOne("s").problems()).extracting(LoadProblem::forCheck)
                .containsExactly("Service 's': warning: 'command' specified, but ignored for"
                        + " the specified (or default) service type.");
        fx.file("s", "type = runner", "command = /bin/true");
        assertThat(fx.parseOne("s").problems()).isEmpty();
    }

    /** consumer-of follows LOG_CONSUMER, kill-all-on-stop KILL_ALL_ON_STOP. */
    @Test
    void consumerAndKillAll_followTheCapabilities() {
        fx.file("p", "type = process", "command = /bin/true", "log-type = pipe");
        assertThat(ok("type = runner", "command = /bin/true", "consumer-of = p").consumerOf())
                .isEqualTo("p");
        assertThat(errors("type = plain", "consumer-of = p")).containsExactly("Service 's':"
                + " only a process or bgprocess service can be a log consumer ('consumer-of')"
                + " another service.");
        assertThat(errors("type = runner", "command = /bin/true",
                "options = kill-all-on-stop")).containsExactly("Service 's': kill-all-on-stop"
                        + " can only be set on scripted or internal services.");
    }

    /** A third-party producer that runs a command may feed a consumer. */
    @Test
    void runsCommand_mayBeAProducer() {
        fx.file("p", "type = runner", "command = /bin/true", "log-type = pipe");
        fx.file("c", "type = process", "command = /bin/true", "consumer-of = p");
        assertThat(fx.load("c").succeeded()).isTrue();
        fx.file("q", "type = plain", "log-type = pipe");
        assertThat(fx.load("q").succeeded()).isTrue();
        fx.file("d", "type = process", "command = /bin/true", "consumer-of = q");
        assertThat(fx.load("d").message()).isEqualTo("service 'q' is not a process-based"
                + " service and cannot have a consumer.");
    }
}
