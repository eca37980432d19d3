package io.dinitj.shell.check;

import io.dinitj.api.spi.ServiceType;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.LoadContext;
import io.dinitj.core.load.ServiceDirectories;
import io.dinitj.core.type.ServiceTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dinit-check reports a type's own settings as the daemon's loader does, naming file, line and
 * setting, with exit status 1: the checker with a registry of the built-in plugins and the fake
 * third-party 'clock' type (as a plugin directory gives it).
 */
class TypeSettingsCheckTest {

    @TempDir
    Path dir;

    /** What one check printed, and its exit status. */
    private record Run(int status, String out, String err) {
    }

    /** The built-in types of the test class path and ClockType, as a plugin jar adds it. */
    private ServiceTypes types() throws IOException {
        Path list = dir.resolve("providers");
        Files.writeString(list, String.join("\n", "io.dinitj.plugin.process.ProcessServiceType",
                "io.dinitj.plugin.internal.InternalServiceType", ClockType.class.getName()));
        URL only = list.toUri().toURL();
        String resource = "META-INF/services/" + ServiceType.class.getName();
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(resource) ? Collections.enumeration(List.of(only))
                        : super.getResources(name);
            }
        };
        return ServiceTypes.discover(loader);
    }

    private Run check(String... lines) throws IOException {
        Path sd = Files.createDirectories(dir.resolve("sd"));
        Files.writeString(sd.resolve("s"), String.join("\n", lines) + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Reporter report = new Reporter(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        DescriptionLoader loader = new DescriptionLoader(LoadContext.forCheck(
                new ServiceDirectories(List.of(sd)), Map.of(), types(),
                GetentUserDatabase.system()));
        int status = new Checker(loader, report).run(List.of("s"));
        report.flush();
        return new Run(status, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /** A misspelt setting names the file, the line, the setting and the type's settings. */
    @Test
    void misspeltSetting_isReportedWithFileLineAndSetting() throws IOException {
        Run r = check("type = clock", "clock.service = tick", "clock.evry = 30");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("Service 's' (" + dir + "/sd/s:3): unknown setting"
                + " 'clock.evry' for service type 'clock'; its settings are: clock.every,"
                + " clock.service");
    }

    /** A bad value is reported in the parser's words, a missing required setting by name. */
    @Test
    void badValueAndMissingSetting() throws IOException {
        Run r = check("type = clock", "clock.every = soon");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("Service 's' (" + dir + "/sd/s:2): bad value for"
                + " clock.every: 'soon' is not a number of seconds",
                "Service 's': 'clock.service' setting not specified.");
    }

    /** Good settings check clean, exit 0. */
    @Test
    void goodSettings_checkClean() throws IOException {
        Run r = check("type = clock", "clock.every = 30", "clock.service = tick");
        assertThat(r.out() + r.err()).doesNotContain("Service 's'");
        assertThat(r.status()).isZero();
    }

    /** Dinit's own type whose plugin is missing says so, before upstream's list. */
    @Test
    void dinitTypeWithoutPlugin_saysThePluginIsMissing() throws IOException {
        Run r = check("type = scripted", "command = /bin/true");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("no loaded plugin provides service type"
                + " 'scripted' (is its plugin jar missing from the class path?); service type"
                + " must be one of: \"process\", \"internal\" or \"clock\"");
    }

    /** A process-based check follows the capability: the built-in process type is one. */
    @Test
    void processType_fromItsPlugin() throws IOException {
        Run r = check("type = process");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("Service 's': 'command' setting not specified.");
    }
}
