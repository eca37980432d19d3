package io.dinitj.shell.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** dinit-check's options, messages, lint, secondary checks and exit status (docs/cli.md §3). */
class DinitCheckTest {

    /** No service of this name exists in any default directory. */
    private static final String NOWHERE = "dinitj-check-test-no-such-service";

    @TempDir
    Path dir;

    private String sd() {
        return dir.toString();
    }

    private void svc(String name, String... lines) throws IOException {
        svcIn(dir, name, lines);
    }

    private static void svcIn(Path d, String name, String... lines) throws IOException {
        Files.createDirectories(d);
        Files.writeString(d.resolve(name), String.join("\n", lines) + "\n");
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** What a run that finds nothing to report prints around the services it checks. */
    private static String clean(String... services) {
        StringBuilder b = new StringBuilder();
        for (String s : services) {
            b.append("Checking service: ").append(s).append("...\n");
        }
        return b + "Performing secondary checks...\nSecondary checks complete.\n"
                + "No problems found.\n";
    }

    private static String issued(String... lines) {
        return lines(lines) + "Performing secondary checks...\nSecondary checks complete.\n"
                + "One or more errors/warnings issued.\n";
    }

    // ---------------------------------------------------------------------------------------
    // Options

    /** --help prints upstream's text and Dinit/J's --plugin-dir on stdout, exactly; exit 0. */
    @Test
    void help_printsExactText() {
        CheckRun r = CheckRun.of("--help");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(lines(
                "dinit-check: check dinit service descriptions",
                " --help                       display help",
                " --services-dir <dir>, -d <dir>",
                "                              set base directory for service description",
                "                              files, can be specified multiple times",
                " --plugin-dir <directory>",
                "                              (Dinit/J) load service type plugins from the",
                "                              directory, can be specified multiple times",
                " --online, -n                 use service dirs and environment from running",
                "                              dinit instance",
                " --socket-path <path>, -p <path>",
                "                              use specified socket to connect to daemon (online",
                "                              mode)",
                " --env-file, -e <file>        read environment from specified file",
                " --system, -s                 use defaults for system manager mode",
                " --user, -u                   use defaults for user mode",
                " <service-name>               check service with name <service-name>"));
    }

    /** Parsing stops at --help, so a bad option after it is not seen; one before it is. */
    @Test
    void help_stopsParsing() {
        assertThat(CheckRun.of("-d", sd(), "--help", "--bogus").status()).isZero();
        CheckRun r = CheckRun.of("--bogus", "--help");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
    }

    /** Anything starting with '-' that is not an option is refused, forms like --x=y too. */
    @Test
    void unknownOption() {
        for (String bad : List.of("-x", "--services-dir=sd", "-", "--HELP", "-sd", "--")) {
            CheckRun r = CheckRun.of("-d", sd(), bad);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("dinit-check: unrecognized option: '" + bad
                    + "' (use '--help' for help)\n");
        }
    }

    /** -d, -p and -e need a value, and an empty one does not count. */
    @Test
    void missingArguments() {
        String d = "dinit-check: '--services-dir' (-d) requires an argument\n";
        String p = "dinit-check: --socket-path/-p should be followed by socket path\n";
        String e = "dinit-check: --env-file/-e should be followed by environment file path\n";
        Map<List<String>, String> cases = Map.of(
                List.of("-d"), d, List.of("--services-dir"), d, List.of("-d", ""), d,
                List.of("-p"), p, List.of("--socket-path", ""), p,
                List.of("-e"), e, List.of("--env-file"), e, List.of("-e", ""), e);
        cases.forEach((args, message) -> {
            CheckRun r = CheckRun.of(args.toArray(new String[0]));
            assertThat(r.status()).as("%s", args).isEqualTo(1);
            assertThat(r.all()).as("%s", args).isEqualTo(message);
        });
    }

    /** --online needs the control protocol, which does not exist yet: a clear error. */
    @Test
    void online_isNotAvailable() {
        for (String opt : List.of("--online", "-n")) {
            CheckRun r = CheckRun.of("-d", sd(), opt, "-p", "/run/dinitctl");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.all()).isEqualTo("dinit-check: --online is not available yet: this"
                    + " version has no control protocol client\n");
        }
    }

    /** Without a service name, boot is checked; -p is accepted and unused offline. */
    @Test
    void defaultService_isBoot() throws IOException {
        svc("boot", "type = internal");
        CheckRun r = CheckRun.of("--services-dir", sd(), "--socket-path", "/nowhere");
        assertThat(r.status()).isZero();
        assertThat(r.all()).isEqualTo(clean("boot"));
    }

    /** Named services are checked in order, each once, instead of boot. */
    @Test
    void namedServices_inOrder() throws IOException {
        svc("x", "type = internal");
        svc("y", "type = internal", "depends-on = x");
        CheckRun r = CheckRun.of("-d", sd(), "y", "x");
        assertThat(r.all()).isEqualTo(clean("y", "x"));
    }

    /** Several -d directories are searched in command-line order. */
    @Test
    void servicesDir_repeatable() throws IOException {
        svcIn(dir.resolve("one"), "a", "type = internal", "depends-on = b");
        svcIn(dir.resolve("two"), "b", "type = internal");
        svcIn(dir.resolve("two"), "a", "this file is never read");
        CheckRun r = CheckRun.of("-d", dir.resolve("one").toString(), "-d",
                dir.resolve("two").toString(), "a");
        assertThat(r.status()).isZero();
        assertThat(r.all()).isEqualTo(clean("a", "b"));
    }

    /** A non-root user gets the user directories: XDG_CONFIG_HOME, then HOME. */
    @Test
    void userMode_isTheDefaultForNonRoot() throws IOException {
        svcIn(dir.resolve("xdg/dinit.d"), "x", "type = internal");
        svcIn(dir.resolve("home/.config/dinit.d"), "h", "type = internal");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString(),
                "HOME", dir.resolve("home").toString());
        assertThat(CheckRun.of(env, CheckRun.USER, "x", "h").all()).isEqualTo(clean("x", "h"));
        assertThat(CheckRun.of(Map.of("HOME", dir.resolve("home").toString()), CheckRun.USER,
                "h").all()).isEqualTo(clean("h"));
    }

    /** Root gets the system directories unless -u; -s gives them to anyone. */
    @Test
    void systemMode_forRootOrWithSystemOption() throws IOException {
        assumeFalse(Files.exists(Path.of(DinitCheck.SYSTEM_ENV_FILE)), "no system env file");
        svcIn(dir.resolve("xdg/dinit.d"), NOWHERE, "type = internal");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        String notFound = issued("Checking service: " + NOWHERE + "...",
                "Unable to load service '" + NOWHERE + "': service description not found.");
        assertThat(CheckRun.of(env, 0, NOWHERE).all()).isEqualTo(notFound);
        assertThat(CheckRun.of(env, CheckRun.USER, "-s", NOWHERE).all()).isEqualTo(notFound);
        assertThat(CheckRun.of(env, 0, "--user", NOWHERE).all()).isEqualTo(clean(NOWHERE));
        assertThat(CheckRun.of(env, 0, "-s", "-u", NOWHERE).status()).isZero();
        assertThat(CheckRun.of(env, CheckRun.USER, "-u", "--system", NOWHERE).status())
                .isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------
    // Environment file

    /** Skipped lines of the -e file are warned about, with their line, and not recorded. */
    @Test
    void envFile_warnings() throws IOException {
        svc("boot", "type = internal");
        Path env = Files.writeString(dir.resolve("env"),
                "# comment\nA=1\n=nope\n!bogus x\nNOEQUALS\n!clear\n");
        CheckRun r = CheckRun.of("-d", sd(), "-e", env.toString());
        assertThat(r.status()).isZero();
        assertThat(r.all()).isEqualTo("dinit-check: warning: invalid environment variable"
                + " setting in environment file " + env + " (line 3)\n"
                + "dinit-check: warning: bad command in environment file " + env + " (line 4)\n"
                + "dinit-check: warning: invalid environment variable setting in environment"
                + " file " + env + " (line 5)\n" + clean("boot"));
        assertThat(r.err()).doesNotContain("Checking");
    }

    /** An -e file that cannot be read is fatal, with the glibc text. */
    @Test
    void envFile_unreadable() {
        String missing = dir.resolve("missing").toString();
        CheckRun r = CheckRun.of("-d", sd(), "-e", missing);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.all()).isEqualTo("dinit-check: error reading environment file " + missing
                + ": No such file or directory\n");
        CheckRun d = CheckRun.of("-d", sd(), "--env-file", sd());
        assertThat(d.all()).isEqualTo("dinit-check: error reading environment file " + sd()
                + ": Is a directory\n");
    }

    /**
     * The -e file changes what descriptions substitute; substitution gives a one-time warning
     * per service that does not count as a problem.
     */
    @Test
    void envFile_appliesToSubstitution() throws IOException {
        svc("boot", "type = internal", "depends-on = $DEP", "waits-for = ${DEP}2");
        svc("fromfile", "type = internal");
        svc("fromfile2", "type = internal");
        svc("fromenv", "type = internal");
        Path env = Files.writeString(dir.resolve("env"), "DEP=fromfile\n");
        String warning = "dinit-check: warning: variable substitution performed by dinit-check"
                + " for file paths may not match dinit daemon (environment may differ); use"
                + " --online to avoid this warning";
        CheckRun r = CheckRun.of(Map.of("DEP", "fromenv"), CheckRun.USER, "-d", sd(), "-e",
                env.toString());
        assertThat(r.status()).isZero();
        assertThat(r.all()).isEqualTo(lines("Checking service: boot...", warning)
                + clean("fromfile", "fromfile2"));
        CheckRun plain = CheckRun.of(Map.of("DEP", "fromenv"), CheckRun.USER, "-d", sd());
        assertThat(plain.out()).contains("Checking service: fromenv...\n");
        Path cleared = Files.writeString(dir.resolve("cleared"), "!clear\nDEP=fromfile\n");
        assertThat(CheckRun.of(Map.of("DEP", "fromenv"), CheckRun.USER, "-d", sd(), "-e",
                cleared.toString()).out()).contains("Checking service: fromfile...\n");
    }

    // ---------------------------------------------------------------------------------------
    // Loading and per-service problems

    /** Problems print as the loader words them; a missing dependency cannot be loaded. */
    @Test
    void problems_andUnloadableDependency() throws IOException {
        svc("boot", "type = process", "depends-on = gone", "bogus = 1");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.all()).isEqualTo(issued("Checking service: boot...",
                "Service 'boot' (" + sd() + "/boot:3): unknown setting: 'bogus'.",
                "Service 'boot': 'command' setting not specified.",
                "Checking service: gone...",
                "Unable to load service 'gone': service description not found."));
        assertThat(r.out()).isEqualTo(lines("Checking service: boot...",
                "Checking service: gone...", "Performing secondary checks...",
                "One or more errors/warnings issued."));
    }

    /** Settings the type ignores are the loader's lint: printed, and recorded. */
    @Test
    void ignoredSettings_areRecorded() throws IOException {
        svc("boot", "type = internal", "nice = 5");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("Service 'boot': warning: option 'nice' was specified, but"
                + " ignored for the specified (or default) service type.\n");
    }

    /** The names a service gives are queued as upstream does: dependencies first, then before,
     *  after and consumer-of, each once; not chain-to, which upstream does not visit. */
    @Test
    void queue_order() throws IOException {
        svc("boot", "type = process", "command = /bin/sh", "after = f", "before = e",
                "consumer-of = g", "chain-to = d", "waits-for = c", "depends-on = b",
                "depends-ms = b", "log-type = pipe");
        for (String s : List.of("b", "c", "d", "e", "f")) {
            svc(s, "type = internal");
        }
        svc("g", "type = process", "command = /bin/sh", "log-type = pipe");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.all()).isEqualTo(clean("boot", "c", "b", "e", "f", "g"));
    }

    /** A service named twice is checked twice; only a failure is reported again. */
    @Test
    void namedTwice() throws IOException {
        svc("a", "type = internal");
        assertThat(CheckRun.of("-d", sd(), "a", "a").all()).isEqualTo(clean("a", "a"));
        assertThat(CheckRun.of("-d", sd(), "z", "z").all()).isEqualTo(issued(
                "Checking service: z...",
                "Unable to load service 'z': service description not found.",
                "Checking service: z...",
                "Unable to load service 'z': service description not found."));
    }

    /** An invalid name and a directory in place of a file cannot be loaded. */
    @Test
    void loadErrors() throws IOException {
        Files.createDirectories(dir.resolve("adir"));
        svc(".hidden", "type = internal");
        CheckRun r = CheckRun.of("-d", sd(), ".hidden", "@x", "adir");
        // As upstream: a name given on the command line is looked up as it is; a directory in
        // place of the file is opened and fails to be read.
        assertThat(r.all()).isEqualTo(issued("Checking service: .hidden...",
                "Checking service: @x...",
                "Unable to load service '@x': service description not found.",
                "Checking service: adir...",
                "Service 'adir', error reading service description: Is a directory",
                "Unable to load service 'adir': " + sd() + "/adir: error while reading service"
                        + " description"));
    }

    /** A read error and an unreadable .d directory use upstream's comma form. */
    @Test
    void ioErrors_commaForm() throws Exception {
        Process p = new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start();
        assertThat(p.waitFor()).isZero();
        svc("boot", "type = internal", "waits-for.d = nodir");
        CheckRun r = CheckRun.of("-d", sd(), "fifo", "boot");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.all()).isEqualTo(issued("Checking service: fifo...",
                "Service 'fifo', error reading service description: not a regular file",
                "Unable to load service 'fifo': " + sd() + "/fifo: error while reading service"
                        + " description",
                "Checking service: boot...",
                "Service 'boot', error reading dependencies from directory nodir:"
                        + " No such file or directory"));
    }

    // ---------------------------------------------------------------------------------------
    // File-system lint

    private CheckRun lint(String... lines) throws IOException {
        svc("s", lines);
        return CheckRun.of("-d", sd(), "s");
    }

    private String lintLine(String desc) {
        return issued("Checking service: s...", "Service 's': warning: " + desc);
    }

    /** A command that is not an absolute path. */
    @Test
    void lint_commandNotAbsolute() throws IOException {
        CheckRun r = lint("type = process", "command = sleep 10");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.all()).isEqualTo(lintLine("command executable 'sleep' is not an absolute"
                + " path"));
    }

    /** A command that does not exist, or whose path goes through a file. */
    @Test
    void lint_commandCannotBeStatted() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "");
        assertThat(lint("type = process", "command = /nonexistent/dinitj/x").all())
                .isEqualTo(lintLine("could not stat command executable '/nonexistent/dinitj/x':"
                        + " No such file or directory"));
        assertThat(lint("type = process", "command = " + file + "/x").all())
                .isEqualTo(lintLine("could not stat command executable '" + file + "/x': Not a"
                        + " directory"));
        assertThat(lint("type = process", "command = " + file + "/").all())
                .isEqualTo(lintLine("could not stat command executable '" + file + "/': Not a"
                        + " directory"));
    }

    /** A command that is a directory. */
    @Test
    void lint_commandNotRegular() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        assertThat(lint("type = process", "command = " + sub).all())
                .isEqualTo(lintLine("command executable '" + sub + "' is not a regular file."));
    }

    /** A command without the owner's execute bit; checked through a symbolic link too. */
    @Test
    void lint_commandNotExecutable() throws IOException {
        Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r-xr-x"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), script);
        assertThat(lint("type = process", "command = " + link + " arg").all())
                .isEqualTo(lintLine("command executable '" + link + "' is not executable by"
                        + " owner."));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r-x------"));
        assertThat(lint("type = process", "command = " + link).all())
                .isEqualTo(clean("s"));
    }

    /** The stop command is checked the same way, named "stop command". */
    @Test
    void lint_stopCommand() throws IOException {
        CheckRun r = lint("type = scripted", "command = /bin/sh", "stop-command = stop now");
        assertThat(r.all()).isEqualTo(lintLine("stop command executable 'stop' is not an"
                + " absolute path"));
        assertThat(lint("type = scripted", "command = /bin/sh",
                "stop-command = /nonexistent/stop").all())
                .isEqualTo(lintLine("could not stat stop command executable '/nonexistent/stop':"
                        + " No such file or directory"));
    }

    /** The working directory must open; by default it is the service's directory. */
    @Test
    void lint_workingDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "");
        assertThat(lint("type = process", "command = /bin/sh", "working-dir = /nonexistent/d")
                .all()).isEqualTo(lintLine("could not open service working directory: No such"
                        + " file or directory"));
        assertThat(lint("type = process", "command = /bin/sh", "working-dir = " + file).all())
                .isEqualTo(lintLine("could not open service working directory: Not a"
                        + " directory"));
        assertThat(lint("type = process", "command = /bin/sh").all()).isEqualTo(clean("s"));
        assertThat(lint("type = process", "command = /bin/sh", "working-dir = " + dir).all())
                .isEqualTo(clean("s"));
    }

    /** The logfile's directory must exist and be a directory. */
    @Test
    void lint_logfileDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "");
        assertThat(lint("type = process", "command = /bin/sh",
                "logfile = /nonexistent/dinitj/log").all())
                .isEqualTo(lintLine("could not access logfile directory '/nonexistent/dinitj':"
                        + " No such file or directory"));
        // As upstream's (its parent_path drops the slash), a file in its place is named so.
        assertThat(lint("type = process", "command = /bin/sh", "logfile = " + file + "/log")
                .all()).isEqualTo(lintLine("logfile directory '" + file
                        + "' exists but is not a directory."));
        assertThat(lint("type = process", "command = /bin/sh",
                "logfile = /nonexistent//l/f").all())
                .isEqualTo(lintLine("could not access logfile directory '/nonexistent//l': No"
                        + " such file or directory"));
        assertThat(lint("type = process", "command = /bin/sh", "logfile = /f").all())
                .isEqualTo(clean("s"));
        assertThat(lint("type = process", "command = /bin/sh", "logfile = " + dir + "/log")
                .all()).isEqualTo(clean("s"));
        assertThat(lint("type = process", "command = /bin/sh", "logfile = log").all())
                .isEqualTo(clean("s"));
    }

    /** A relative logfile is relative to the working directory. */
    @Test
    void lint_relativeLogfile() throws IOException {
        Files.createDirectories(dir.resolve("work/logs"));
        assertThat(lint("type = process", "command = /bin/sh", "working-dir = " + dir
                + "/work", "logfile = logs/out").all()).isEqualTo(clean("s"));
        assertThat(lint("type = process", "command = /bin/sh", "working-dir = " + dir
                + "/work", "logfile = nologs/out").all())
                .isEqualTo(lintLine("could not access logfile directory 'nologs': No such file"
                        + " or directory"));
    }

    /** Lint comes after the loader's problems, in upstream's order. */
    @Test
    void lint_order() throws IOException {
        CheckRun r = lint("type = process", "command = a", "stop-command = b",
                "working-dir = /nonexistent/w", "logfile = /nonexistent/l/f");
        assertThat(r.all()).isEqualTo(issued("Checking service: s...",
                "Service 's': warning: could not open service working directory: No such file or"
                        + " directory",
                "Service 's': warning: command executable 'a' is not an absolute path",
                "Service 's': warning: stop command executable 'b' is not an absolute path",
                "Service 's': warning: could not access logfile directory '/nonexistent/l': No"
                        + " such file or directory"));
    }

    // ---------------------------------------------------------------------------------------
    // Secondary checks

    /** A consumer's producer must log to a pipe and be process-based. */
    @Test
    void consumers() throws IOException {
        svc("boot", "type = internal", "waits-for = c1", "waits-for = c2", "waits-for = c3");
        svc("c1", "type = process", "command = /bin/cat", "consumer-of = nopipe");
        svc("nopipe", "type = process", "command = /bin/sh");
        svc("c2", "type = process", "command = /bin/cat", "consumer-of = good");
        svc("good", "type = process", "command = /bin/sh", "log-type = pipe");
        svc("c3", "type = process", "command = /bin/cat", "consumer-of = inner");
        svc("inner", "type = triggered", "log-type = pipe");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.all()).endsWith(lines("Performing secondary checks...",
                "Service 'c1': specified as consumer of service 'nopipe' which has log-type that"
                        + " is not 'pipe'.",
                "Service 'c3': specified as consumer of service 'inner' which is not a"
                        + " process-based service.",
                "Secondary checks complete.", "One or more errors/warnings issued."));
    }

    /** A producer that was not found is only a warning (its own load failure is the error). */
    @Test
    void consumerOfMissingService() throws IOException {
        svc("boot", "type = process", "command = /bin/cat", "consumer-of = ghost");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.all()).isEqualTo(lines("Checking service: boot...",
                "Checking service: ghost...",
                "Unable to load service 'ghost': service description not found.",
                "Performing secondary checks...",
                "Warning: Service 'boot' specified as consumer of service 'ghost' which was not"
                        + " found.",
                "Secondary checks complete.", "One or more errors/warnings issued."));
    }

    /** A producer with errors is still judged, as upstream does, on what could be read. */
    @Test
    void consumerOfBrokenProducer_isJudgedOnWhatWasRead() throws IOException {
        svc("boot", "type = process", "command = /bin/cat", "consumer-of = broken");
        svc("broken", "type = process");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.all()).isEqualTo(lines("Checking service: boot...",
                "Checking service: broken...",
                "Service 'broken': 'command' setting not specified.",
                "Performing secondary checks...",
                "Service 'boot': specified as consumer of service 'broken' which has log-type"
                        + " that is not 'pipe'.",
                "Secondary checks complete.", "One or more errors/warnings issued."));
    }

    /** A file with errors is still linted, like upstream, with what could be read of it. */
    @Test
    void fileWithErrors_isStillLinted() throws IOException {
        svc("boot", "type = process", "command = relative/tool", "bogus = 1");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("unknown setting: 'bogus'.")
                .contains("warning: command executable 'relative/tool' is not an absolute path");
    }

    /** Notes (such as the consumer-not-found warning) do not change the exit status. */
    @Test
    void notes_areNotRecorded() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, false, StandardCharsets.UTF_8);
        Reporter rep = new Reporter(ps, ps);
        rep.note("Warning: x");
        assertThat(rep.errorsRecorded()).isFalse();
        rep.lint("s", "y");
        assertThat(rep.errorsRecorded()).isTrue();
        ps.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8))
                .isEqualTo("Warning: x\nService 's': warning: y\n");
    }

    /** The upstream check-cycle example: one cycle, printed from where it was entered. */
    @Test
    void cycle_ofDependencies() throws IOException {
        svc("boot", "type = internal", "depends-on = a", "depends-on = b", "depends-on = c");
        svc("a", "type = internal");
        svc("b", "type = internal", "depends-on = d");
        svc("c", "type = internal", "depends-on = b");
        svc("d", "type = internal", "depends-on = e");
        svc("e", "type = internal", "depends-on = b  # cycle!");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.all()).isEqualTo(lines("Checking service: boot...",
                "Checking service: a...", "Checking service: b...", "Checking service: c...",
                "Checking service: d...", "Checking service: e...",
                "Performing secondary checks...", "Found dependency cycle:", "    b ->",
                "    d ->", "    e ->", "    b.", "Secondary checks complete.",
                "One or more errors/warnings issued."));
    }

    /** 'before = a' in c is a link from a to c, marked as such (upstream check-cycle2). */
    @Test
    void cycle_viaBefore() throws IOException {
        svc("boot", "type = internal", "depends-on = c");
        svc("a", "type = internal");
        svc("b", "type = internal", "depends-on = a");
        svc("c", "type = internal", "depends-on = b", "before = a");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.all()).contains(lines("Found dependency cycle:", "    c ->", "    b ->",
                "    a -> (via 'before')", "    c."));
    }

    /** 'after = b' in a is a link from a to b, marked as such. */
    @Test
    void cycle_viaAfter() throws IOException {
        svc("a", "type = internal", "after = b");
        svc("b", "type = internal", "waits-for = a");
        CheckRun r = CheckRun.of("-d", sd(), "a");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.all()).isEqualTo(lines("Checking service: a...",
                "Checking service: b...", "Performing secondary checks...",
                "Found dependency cycle:", "    b ->", "    a -> (via 'after')", "    b.",
                "Secondary checks complete.", "One or more errors/warnings issued."));
    }

    /**
     * A cycle through a named service is printed as upstream prints it: the search does not
     * mark the service it starts from, so it goes round once more and starts the cycle at the
     * next service.
     */
    @Test
    void cycle_throughNamedService() throws IOException {
        svc("a", "type = internal", "depends-on = b");
        svc("b", "type = internal", "depends-on = a");
        assertThat(CheckRun.of("-d", sd(), "a").all()).contains(lines("Found dependency cycle:",
                "    b ->", "    a ->", "    b."));
        assertThat(CheckRun.of("-d", sd(), "b").all()).contains(lines("Found dependency cycle:",
                "    a ->", "    b ->", "    a."));
    }

    /** A service depending on itself prints three lines, as upstream's. */
    @Test
    void cycle_selfDependency() throws IOException {
        svc("boot", "type = internal", "depends-on = boot");
        assertThat(CheckRun.of("-d", sd()).all()).contains(lines("Found dependency cycle:",
                "    boot ->", "    boot ->", "    boot."));
    }

    /** Ordering that agrees with the dependencies is no cycle. */
    @Test
    void ordering_withoutCycle() throws IOException {
        svc("boot", "type = internal", "depends-on = a", "after = a", "before = z");
        svc("a", "type = internal", "before = boot");
        svc("z", "type = internal", "after = boot");
        assertThat(CheckRun.of("-d", sd()).all()).isEqualTo(clean("boot", "a", "z"));
    }

    /** Only one cycle is reported, even when there are several. */
    @Test
    void cycle_onlyOne() throws IOException {
        svc("boot", "type = internal", "depends-on = a", "depends-on = c");
        svc("a", "type = internal", "depends-on = b");
        svc("b", "type = internal", "depends-on = a");
        svc("c", "type = internal", "depends-on = d");
        svc("d", "type = internal", "depends-on = c");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.all()).contains(lines("Found dependency cycle:", "    a ->", "    b ->",
                "    a."));
        assertThat(r.all()).containsOnlyOnce("Found dependency cycle:");
    }

    /** There is no depth limit: a 40-deep chain is fine and no depth message is printed. */
    @Test
    void noDepthLimit_40() throws IOException {
        chain(40, false);
        CheckRun r = CheckRun.of("-d", sd(), "s0");
        assertThat(r.status()).isZero();
        assertThat(r.all()).doesNotContain("depth").endsWith("No problems found.\n");
        assertThat(r.out()).contains("Checking service: s40...\n");
    }

    /** The cycle search is iterative: a cycle 3000 services long is found on any stack. */
    @Test
    void deepCycle_isFound() throws IOException {
        chain(3000, true);
        CheckRun r = CheckRun.of("-d", sd(), "s0");
        assertThat(r.all()).contains("Found dependency cycle:\n    s1 ->\n    s2 ->\n")
                .contains("    s3000 ->\n    s0 ->\n    s1.\n");
    }

    private void chain(int n, boolean closed) throws IOException {
        for (int i = 0; i < n; i++) {
            svc("s" + i, "type = internal", "depends-on = s" + (i + 1));
        }
        svc("s" + n, "type = internal", closed ? "waits-for = s0" : "");
    }

    // ---------------------------------------------------------------------------------------
    // Robustness and ordering

    /** An unexpected failure is reported as one line, never thrown. */
    @Test
    void unexpectedFailure_isOneLine() {
        CheckRun r = CheckRun.of("-d", "bad\0dir");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.all()).startsWith("dinit-check: ").doesNotContain("\tat ")
                .endsWith("\n").hasLineCount(1);
    }

    /** Stdout is flushed before each stderr write, so one pipe gets program order. */
    @Test
    void outputOrder() throws IOException {
        svc("boot", "type = process", "depends-on = x");
        svc("x", "type = internal");
        CheckRun r = CheckRun.of("-d", sd());
        assertThat(r.all()).isEqualTo(issued("Checking service: boot...",
                "Service 'boot': 'command' setting not specified.", "Checking service: x..."));
    }

    /** Names sort as upstream's map does, by code point. */
    @Test
    void nameOrder() {
        List<String> names = new ArrayList<>(List.of("b", "a\uD83D\uDE00", "a\uFFFD",
                "a", "B", "ab"));
        names.sort(Checker.NAME_ORDER);
        assertThat(names).containsExactly("B", "a", "ab", "a\uFFFD", "a\uD83D\uDE00", "b");
    }

    /** The environment given is not changed by an env file. */
    @Test
    void environment_isNotModified() throws IOException {
        svc("boot", "type = internal");
        Path env = Files.writeString(dir.resolve("env"), "!clear\nA=1\n");
        Map<String, String> e = new HashMap<>(Map.of("B", "2"));
        CheckRun.of(e, CheckRun.USER, "-d", sd(), "-e", env.toString());
        assertThat(e).containsExactly(Map.entry("B", "2"));
    }
}
