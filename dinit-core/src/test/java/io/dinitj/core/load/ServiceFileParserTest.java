package io.dinitj.core.load;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.IoPriority;
import io.dinitj.api.description.LoadOption;
import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ReadyNotification;
import io.dinitj.api.description.ResourceKind;
import io.dinitj.api.description.ResourceLimit;
import io.dinitj.api.description.RestartPolicy;
import io.dinitj.api.description.SecureBit;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.Signal;
import io.dinitj.api.description.UserSpec;
import io.dinitj.api.service.DependencyKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per setting, per option word, and per error message of the parser. */
class ServiceFileParserTest {

    @TempDir
    Path dir;
    LoaderFixture fx;

    @BeforeEach
    void setUp() {
        fx = new LoaderFixture(dir);
    }

    private ServiceDescription ok(String... lines) {
        return okNamed("s", lines);
    }

    private ServiceDescription okNamed(String name, String... lines) {
        int at = name.indexOf('@');
        fx.file(at < 0 ? name : name.substring(0, at), lines);
        LoadOutcome o = fx.parseOne(name);
        assertThat(o.problems()).as("problems").noneMatch(p -> !p.warning());
        assertThat(o.service()).isNotNull();
        return o.service();
    }

    private LoadProblem err(String... lines) {
        fx.file("s", lines);
        LoadOutcome o = fx.parseOne("s");
        assertThat(o.service()).as("should fail to load").isNull();
        return o.problems().stream().filter(p -> !p.warning()).findFirst().orElseThrow();
    }

    private String errText(String... lines) {
        return err(lines).message();
    }

    // ----- 6.1 core

    /** A file that sets nothing is an internal service with every default. */
    @Test
    void defaults() {
        ServiceDescription d = ok();
        assertThat(d.type()).isEqualTo("internal");
        assertThat(d.restart().restart()).isEqualTo(RestartPolicy.YES);
        assertThat(d.restart().restartDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(d.restart().startTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.restart().stopTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.restart().restartLimitCount()).isEqualTo(3);
        assertThat(d.log().type()).isEqualTo(LogType.NONE);
        assertThat(d.log().bufferSize()).isEqualTo(4096);
        assertThat(d.log().permissions()).isEqualTo(0600);
        assertThat(d.socket().permissions()).isEqualTo(0666);
        assertThat(d.process().termSignal()).isEqualTo(Signal.TERM);
        assertThat(d.source().file()).isEqualTo(dir + "/s");
    }

    /** type: each built-in type; anything else names the types that exist. */
    @Test
    void type() {
        for (String t : List.of("process", "bgprocess", "scripted", "internal", "triggered")) {
            fx.file("s", "type = " + t, "command = /bin/true", "pid-file = /p");
            assertThat(fx.parseOne("s").service().type()).isEqualTo(t);
        }
        assertThat(errText("type = daemon")).isEqualTo("service type must be one of:"
                + " \"scripted\", \"process\", \"bgprocess\", \"internal\" or \"triggered\"");
    }

    /** command and stop-command: tokens; '+=' appends, '=' replaces. */
    @Test
    void command_andStopCommand() {
        ServiceDescription d = ok("type = scripted", "command = /bin/a \"b c\"", "command += d",
                "stop-command = /bin/x", "stop-command = /bin/y", "stop-command += z");
        assertThat(d.process().command()).containsExactly("/bin/a", "b c", "d");
        assertThat(d.process().stopCommand()).containsExactly("/bin/y", "z");
    }

    /** '+=' is only for command, stop-command, capabilities and securebits. */
    @Test
    void appendOperator_elsewhereIsAnError() {
        assertThat(errText("type += process")).isEqualTo("cannot use '+=' with setting 'type'");
    }

    /** working-dir, pid-file, chain-to, env-file, run-as: stored as given. */
    @Test
    void workingDir_pidFile_chainTo_runAs() {
        ServiceDescription d = ok("type = bgprocess", "command = /bin/d", "working-dir = /srv",
                "pid-file = /run/d.pid", "chain-to = next", "run-as = alice");
        assertThat(d.process().workingDir()).isEqualTo("/srv");
        assertThat(d.process().pidFile()).isEqualTo("/run/d.pid");
        assertThat(d.chainTo()).isEqualTo("next");
        assertThat(d.process().runAs()).isEqualTo(new UserSpec(1001, 1001, "alice"));
        assertThat(ok("run-as = 7").process().runAs().uid()).isEqualTo(7);
    }

    /** run-as with an unknown user or a bad number is an error that names the setting. */
    @Test
    void runAs_errors() {
        assertThat(errText("run-as = nobody-here"))
                .contains("\"nobody-here\" does not exist in system database");
        LoadProblem p = err("run-as = 12x");
        assertThat(p.forCheck()).isEqualTo("Service 's' (" + dir + "/s:1): run-as: specified"
                + " user id contains invalid numeric characters or is outside allowed range.");
    }

    // ----- 6.2 restart and timeouts

    /** restart, smooth-recovery, restart-delay, restart-limit-*, start-/stop-timeout. */
    @Test
    void restartSettings() {
        ServiceDescription d = ok("restart = on-failure", "smooth-recovery = true",
                "restart-delay = 1.5", "restart-limit-interval = 20", "restart-limit-count = 0",
                "start-timeout = 0", "stop-timeout = 2,25");
        assertThat(d.restart().restart()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(d.restart().smoothRecovery()).isTrue();
        assertThat(d.restart().restartDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(d.restart().restartLimitInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.restart().restartLimitCount()).isZero();
        assertThat(d.restart().startTimeout()).isZero();
        assertThat(d.restart().stopTimeout()).isEqualTo(Duration.ofMillis(2250));
        assertThat(ok("restart = no").restart().restart()).isEqualTo(RestartPolicy.NO);
        assertThat(ok("restart = true").restart().restart()).isEqualTo(RestartPolicy.YES);
    }

    /** Bad values in upstream's words: times and words name the setting, numbers do not. */
    @Test
    void restartSettings_badValues() {
        assertThat(errText("restart-delay = soon")).isEqualTo("bad value for restart-delay");
        assertThat(errText("restart = maybe")).startsWith("restart must be one of: ");
        assertThat(errText("smooth-recovery = Yes")).startsWith("smooth-recovery must be one of");
        assertThat(errText("restart-limit-count = 3000000000"))
                .isEqualTo(Values.NUMBER_MESSAGE);
    }

    // ----- 6.3 dependencies

    /** Each dependency setting adds one entry of its kind, in file order. */
    @Test
    void dependencies() {
        ServiceDescription d = ok("depends-on = a", "depends-ms = b", "waits-for = c",
                "prepared-by = d", "before = e", "after: f", "depends-on = a b");
        assertThat(d.dependencies()).containsExactly(
                new Dependency("a", DependencyKind.REGULAR),
                new Dependency("b", DependencyKind.MILESTONE),
                new Dependency("c", DependencyKind.WAITS_FOR),
                new Dependency("d", DependencyKind.PREPARED_BY),
                new Dependency("e", DependencyKind.BEFORE),
                new Dependency("f", DependencyKind.AFTER),
                new Dependency("a b", DependencyKind.REGULAR));
    }

    /** A dependency name starting with '.' or '@' is invalid. */
    @Test
    void dependency_invalidName() {
        assertThat(errText("depends-on = .x")).contains("invalid dependency name '.x'");
        assertThat(errText("waits-for = @x")).contains("invalid dependency name '@x'");
    }

    /** Dependency names get pre-load substitution from the global environment and $1. */
    @Test
    void dependency_preLoadSubstitution() {
        fx.env.put("NET", "network");
        assertThat(okNamed("s@eth0", "depends-on = $NET-$1").dependencies())
                .containsExactly(new Dependency("network-eth0", DependencyKind.REGULAR));
    }

    /** The three .d settings add entries of their kinds. */
    @Test
    void dependencyDirectories_ofEachKind() {
        fx.file("x").file("on.d/x").file("ms.d/x").file("wf.d/x");
        assertThat(ok("depends-on.d = on.d", "depends-ms.d = ms.d", "waits-for.d = wf.d")
                .dependencies()).extracting(Dependency::kind).containsExactly(
                        DependencyKind.REGULAR, DependencyKind.MILESTONE, DependencyKind.WAITS_FOR);
    }

    // ----- 6.4 logging

    /** log-type, logfile and its attributes, log-buffer-size. */
    @Test
    void logSettings() {
        ServiceDescription d = ok("type = process", "command = /bin/x", "logfile = /var/log/x",
                "logfile-permissions = 640", "logfile-uid = alice", "log-buffer-size = 0x100");
        assertThat(d.log().type()).isEqualTo(LogType.FILE);
        assertThat(d.log().logfile()).isEqualTo("/var/log/x");
        assertThat(d.log().permissions()).isEqualTo(0640);
        assertThat(d.log().owner().uid()).isEqualTo(1001);
        assertThat(d.log().group()).isEqualTo(1001);
        assertThat(d.log().bufferSize()).isEqualTo(256);
        assertThat(ok("logfile-gid = www").log().group()).isEqualTo(33);
    }

    /** logfile switches log-type to file only if it is none at that line; else it is dropped. */
    @Test
    void logfile_dependsOnLineOrder() {
        ServiceDescription d = ok("type = process", "command = /bin/x", "log-type = buffer",
                "logfile = /l");
        assertThat(d.log().type()).isEqualTo(LogType.BUFFER);
        assertThat(d.log().logfile()).isNull();
        assertThat(ok("log-type = pipe").log().type()).isEqualTo(LogType.PIPE);
        assertThat(errText("log-type = syslog")).startsWith("log type must be one of: ");
    }

    /** consumer-of: stored; naming oneself is an error; only P and B may consume. */
    @Test
    void consumerOf() {
        assertThat(ok("type = process", "command = /bin/cat", "consumer-of = p").consumerOf())
                .isEqualTo("p");
        assertThat(errText("type = process", "command = /bin/cat", "consumer-of = s"))
                .contains("service cannot be its own consumer");
        assertThat(errText("type = internal", "consumer-of = p")).contains("consumer");
    }

    // ----- 6.5 socket

    /** socket-listen and its attributes. */
    @Test
    void socketSettings() {
        ServiceDescription d = ok("type = process", "command = /bin/x",
                "socket-listen = /run/x.sock", "socket-permissions = 0660", "socket-uid = alice",
                "socket-gid = www");
        assertThat(d.socket().path()).isEqualTo("/run/x.sock");
        assertThat(d.socket().permissions()).isEqualTo(0660);
        assertThat(d.socket().owner().uid()).isEqualTo(1001);
        assertThat(d.socket().group()).isEqualTo(33);
        assertThat(errText("socket-permissions = 9")).contains("socket-permissions");
    }

    // ----- 6.6 readiness and termination

    /** ready-notification: pipefd:N and pipevar:VAR. */
    @Test
    void readyNotification() {
        assertThat(ok("ready-notification = pipefd:4").process().readyNotification())
                .isEqualTo(new ReadyNotification(4, null));
        assertThat(ok("ready-notification = pipevar:READY").process().readyNotification())
                .isEqualTo(new ReadyNotification(-1, "READY"));
        assertThat(errText("ready-notification = pipe")).isNotEmpty();
    }

    /** term-signal and its deprecated alias termsignal. */
    @Test
    void termSignal() {
        assertThat(ok("term-signal = HUP").process().termSignal()).isEqualTo(Signal.HUP);
        assertThat(ok("termsignal = none").process().termSignal()).isEqualTo(Signal.NONE);
        assertThat(errText("term-signal = SIGTERM"))
                .isEqualTo("unknown/unsupported termination signal: SIGTERM");
    }

    // ----- 6.7 process attributes

    /** Each rlimit setting. */
    @Test
    void resourceLimits() {
        ServiceDescription d = ok("rlimit-nofile = 512:1024", "rlimit-core = -",
                "rlimit-data = 10:", "rlimit-addrspace = :20");
        assertThat(d.process().limits()).containsEntry(ResourceKind.NOFILE,
                new ResourceLimit(512, 1024));
        assertThat(d.process().limits()).containsEntry(ResourceKind.CORE,
                new ResourceLimit(ResourceLimit.UNLIMITED, ResourceLimit.UNLIMITED));
        assertThat(d.process().limits()).containsEntry(ResourceKind.DATA,
                new ResourceLimit(10, ResourceLimit.KEEP));
        assertThat(d.process().limits()).containsEntry(ResourceKind.ADDRSPACE,
                new ResourceLimit(ResourceLimit.KEEP, 20));
        assertThat(errText("rlimit-nofile = lots")).contains("rlimit-nofile");
    }

    /** nice, ioprio, oom-score-adj, run-in-cgroup, capabilities, securebits. */
    @Test
    void processAttributes() {
        ServiceDescription d = ok("nice = -5", "ioprio = best-effort:3", "oom-score-adj = -1000",
                "run-in-cgroup = /app", "capabilities = ^cap_net_bind_service",
                "capabilities += cap_sys_nice", "securebits = keep-caps noroot-locked");
        assertThat(d.process().nice()).isEqualTo(-5);
        assertThat(d.process().ioPriority())
                .isEqualTo(new IoPriority(IoPriority.IoClass.BEST_EFFORT, 3));
        assertThat(d.process().oomScoreAdj()).isEqualTo(-1000);
        assertThat(d.process().cgroup()).isEqualTo("/app");
        assertThat(d.process().capabilities()).isEqualTo("^cap_net_bind_service,cap_sys_nice");
        assertThat(d.process().secureBits())
                .containsExactlyInAnyOrder(SecureBit.KEEP_CAPS, SecureBit.NOROOT_LOCKED);
        assertThat(ok("securebits = keep-caps", "securebits += noroot").process().secureBits())
                .containsExactlyInAnyOrder(SecureBit.KEEP_CAPS, SecureBit.NOROOT);
        assertThat(ok("securebits = keep-caps", "securebits = noroot").process().secureBits())
                .containsExactly(SecureBit.NOROOT);
        assertThat(errText("oom-score-adj = 1001")).isEqualTo(Values.NUMBER_MESSAGE);
        assertThat(errText("securebits = sticky")).contains("sticky");
        assertThat(errText("capabilities = ^cap_net_bind_service,cap_bogus"))
                .isEqualTo("invalid capabilities: ^cap_net_bind_service,cap_bogus");
        assertThat(errText("capabilities = ^cap_kill", "capabilities += !"))
                .isEqualTo("invalid capabilities: !");
    }

    // ----- 6.8 utmp

    /** inittab-id (at most 4 characters) and inittab-line (at most 32). */
    @Test
    void inittab() {
        ServiceDescription d = ok("inittab-id = c1", "inittab-line = tty1");
        assertThat(d.process().inittabId()).isEqualTo("c1");
        assertThat(d.process().inittabLine()).isEqualTo("tty1");
        assertThat(errText("inittab-id = 12345")).contains("inittab-id");
    }

    // ----- 6.9 and 6.10 options

    /** Every option word is accepted and recorded. */
    @ParameterizedTest
    @EnumSource(ServiceOption.class)
    void optionWord(ServiceOption option) {
        String type = option == ServiceOption.KILL_ALL_ON_STOP ? "internal" : "scripted";
        ServiceDescription d = ok("type = " + type, "command = /bin/x",
                "options: " + option.word());
        assertThat(d.options()).contains(option);
    }

    /** Every load-options word is accepted and recorded. */
    @ParameterizedTest
    @EnumSource(LoadOption.class)
    void loadOptionWord(LoadOption option) {
        assertThat(ok("load-options = " + option.word()).loadOptions()).contains(option);
    }

    /** Unknown option words are errors naming the word. */
    @Test
    void unknownOptionWords() {
        assertThat(errText("options = fast")).isEqualTo("unknown option: fast");
        assertThat(errText("load-options = no-sub-vars")).contains("no-sub-vars");
    }

    /** E40: console options override each other in line order. */
    @Test
    void consoleOptions_overrideInOrder() {
        assertThat(ok("options: runs-on-console shares-console").options())
                .containsExactly(ServiceOption.SHARES_CONSOLE);
        assertThat(ok("options: shares-console", "options: runs-on-console").options())
                .containsExactlyInAnyOrder(ServiceOption.RUNS_ON_CONSOLE,
                        ServiceOption.STARTS_ON_CONSOLE);
    }

    /** export-service-name gives DINIT_SERVICE, the base name, to substitution. */
    @Test
    void exportServiceName() {
        ServiceDescription d = okNamed("web@eu", "type = process",
                "load-options = export-service-name", "command = /bin/x $DINIT_SERVICE");
        assertThat(d.process().command()).containsExactly("/bin/x", "web");
        assertThat(d.environment().loadOptionVariables()).containsEntry("DINIT_SERVICE", "web");
    }

    /** export-passwd-vars gives the run-as user's passwd fields. */
    @Test
    void exportPasswdVars() {
        ServiceDescription d = ok("run-as = alice", "load-options = export-passwd-vars");
        assertThat(d.environment().loadOptionVariables()).containsEntry("USER", "alice")
                .containsEntry("LOGNAME", "alice").containsEntry("HOME", "/home/alice")
                .containsEntry("SHELL", "/bin/sh").containsEntry("UID", "1001")
                .containsEntry("GID", "1001");
    }

    // ----- meta-commands and env-file

    /** @include reads a file as if inserted; @include-opt skips a missing one. */
    @Test
    void include() {
        fx.file("common.conf", "type = process", "command = /bin/shared");
        ServiceDescription d = ok("@include common.conf", "@include-opt missing.conf",
                "restart = no");
        assertThat(d.type()).isEqualTo("process");
        assertThat(d.process().command()).containsExactly("/bin/shared");
        assertThat(errText("@include missing.conf")).startsWith("missing.conf: cannot open: No"
                + " such file or directory");
        assertThat(errText("@include a b")).isEqualTo("'@include' requires a single argument");
        assertThat(errText("@frobnicate x")).isEqualTo("bad meta command");
    }

    /** A file that includes itself stops at the nesting limit with an error, not a crash. */
    @Test
    void selfInclude_isAnError() {
        assertThat(errText("@include s")).isEqualTo("s: '@include' of a file that is already"
                + " being read (an include loop)");
    }

    /** Includes that do not loop but multiply are stopped by a total, not expanded 2^32 times. */
    @Test
    void multiplyingIncludes_stopAtATotal() {
        for (int i = 0; i < 31; i++) {
            fx.file("inc" + i, "@include inc" + (i + 1), "@include inc" + (i + 1));
        }
        fx.file("inc31");
        assertThat(errText("@include inc0")).contains("more than 1000 '@include' directives");
    }

    /** Includes nested deeper than 32 files are an error. */
    @Test
    void deepIncludes_areAnError() {
        for (int i = 0; i < 40; i++) {
            fx.file("deep" + i, "@include deep" + (i + 1));
        }
        fx.file("deep40");
        assertThat(errText("@include deep0")).contains("nested more than 32 deep");
    }

    /** A NUL in a name or a path is an error, not an exception. */
    @Test
    void nulCharacters_areErrors() {
        assertThat(errText("depends-on = a\0b"))
                .contains("invalid dependency name");
        assertThat(errText("waits-for.d = x\0y")).contains("invalid path");
        assertThat(errText("env-file = x\0y")).contains("invalid path");
        assertThat(errText("@include-opt x\0y"))
                .contains("invalid path");
    }

    /** A dependency named with a leading '/' is looked up inside the service directory. */
    @Test
    void absoluteDependencyName_staysInTheDirectory() {
        fx.file("s", "depends-on = /etc/passwd");
        LoadOutcome o = fx.load("s");
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
        assertThat(o.problems().get(0).message()).isEqualTo("service description not found.");
    }

    /** A device or a FIFO is refused at once instead of blocking or filling memory. */
    @Test
    void include_ofNonRegularFiles_isRefused() throws Exception {
        assertThat(errText("@include /dev/zero")).isEqualTo("/dev/zero: cannot open: not a"
                + " regular file");
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThat(errText("env-file = fifo")).contains("not a regular file");
        fx.file("big", "# " + "x".repeat(TextFiles.MAX_BYTES));
        assertThat(errText("@include big")).contains("larger than 4 MiB");
    }

    /** @meta enable-via is recorded; other @meta lines are ignored. */
    @Test
    void metaEnableVia() {
        assertThat(ok("@meta enable-via multi-user", "@meta anything").enableVia())
                .isEqualTo("multi-user");
    }

    /** env-file values override the global environment in post-load substitution. */
    @Test
    void envFile_feedsSubstitution() {
        fx.env.put("GREETING", "global");
        fx.env.put("OTHER", "o");
        fx.file("s.env", "GREETING=local", "!unset OTHER");
        ServiceDescription d = ok("type = process", "env-file = s.env",
                "command = /bin/echo $GREETING ${OTHER:-none}");
        assertThat(d.process().command()).containsExactly("/bin/echo", "local", "none");
        assertThat(d.envFile()).isEqualTo("s.env");
    }

    /** A missing env-file is a load error. */
    @Test
    void envFile_missingIsAnError() {
        assertThat(errText("env-file = nope.env"))
                .isEqualTo("could not load environment file: No such file or directory");
    }

    // ----- 9. after the last line, and the edge cases of the semantics spec

    /** P/B/S need a command. */
    @Test
    void command_required() {
        LoadProblem p = err("type = process");
        assertThat(p.forCheck()).isEqualTo("Service 's': 'command' setting not specified.");
    }

    /** E47: kill-all-on-stop on process, ready-notification on bgprocess, no pid-file. */
    @Test
    void e47_typeRestrictions() {
        assertThat(errText("type = process", "command = /bin/x", "options = kill-all-on-stop"))
                .contains("kill-all-on-stop");
        assertThat(errText("type = bgprocess", "command = /bin/x", "pid-file = /p",
                "ready-notification = pipefd:3")).contains("ready-notification");
        assertThat(errText("type = bgprocess", "command = /bin/x"))
                .contains("process ID file ('pid-file') not specified for bgprocess service");
    }

    /** E27: $1 without an argument is an error; ${1:-x} defaults; name@ gives empty $1. */
    @Test
    void e27_argumentSubstitution() {
        assertThat(errText("type = process", "command = /bin/x $1"))
                .contains("missing value in argument substitution");
        assertThat(ok("type = process", "command = /bin/x ${1:-x}").process().command())
                .containsExactly("/bin/x", "x");
        assertThat(okNamed("s@", "type = process", "command = /bin/x $1").process().command())
                .containsExactly("/bin/x", "");
    }

    /** E41: a setting upstream does not have is an unknown setting. */
    @Test
    void e41_unknownSetting() {
        LoadProblem p = err("cpu-affinity = 1");
        assertThat(p.message()).isEqualTo("unknown setting: 'cpu-affinity'.");
        assertThat(p.line()).isEqualTo(1);
    }

    /** E40: the parsing cases, as load results. */
    @Test
    void e40_parsing() {
        assertThat(ok("type = process # c", "command = /bin/x").type()).isEqualTo("process");
        assertThat(errText("type=process#c")).isEqualTo(ServiceFileLexer.HASH_NOT_SEPARATED);
        assertThat(errText("type = #c")).isEqualTo(ServiceFileLexer.HASH_NOT_SEPARATED);
        assertThat(ok("type = process", "command = a \"\" b").process().command())
                .containsExactly("a", "", "b");
        assertThat(errText("command = a \\", "b")).isEqualTo(ServiceFileLexer.BAD_CONTINUATION);
    }

    /** Every problem of a file is reported, each with its own line. */
    @Test
    void allProblems_areReported() {
        fx.file("boot", "type = process", "command = \"x", "not-valid = 1", "run-as = 99999999999");
        LoadOutcome o = fx.parseOne("boot");
        // The broken command line also leaves the service without a command.
        assertThat(o.problems()).extracting(LoadProblem::line).containsExactly(2, 3, 4, 0);
        assertThat(o.problems().get(3).message()).isEqualTo("'command' setting not specified.");
    }

    /** Settings that the type ignores are lint warnings in upstream's words. */
    @Test
    void ignoredSettings_areWarnings() {
        fx.file("s", "command = /bin/x", "nice = 3", "options = skippable signal-process-only",
                "log-type = buffer", "inittab-id = a");
        LoadOutcome o = fx.parseOne("s");
        assertThat(o.succeeded()).isTrue();
        assertThat(o.problems()).allMatch(LoadProblem::warning).extracting(LoadProblem::forCheck)
                .containsExactly(
                        "Service 's': warning: 'command' " + ServiceFileParser.IGNORED_FOR_TYPE,
                        "Service 's': warning: 'inittab_line' or 'inittab_id' "
                                + ServiceFileParser.IGNORED_FOR_TYPE,
                        "Service 's': warning: signal options were "
                                + ServiceFileParser.IGNORED_FOR_TYPE,
                        "Service 's': warning: option 'skippable' was "
                                + ServiceFileParser.IGNORED_FOR_TYPE,
                        "Service 's': warning: option 'log_type' was "
                                + ServiceFileParser.IGNORED_FOR_TYPE,
                        "Service 's': warning: option 'nice' was "
                                + ServiceFileParser.IGNORED_FOR_TYPE);
    }

    /**
     * A service's own env-file lines that the daemon skips are notices for the daemon's log, and
     * are skipped silently by dinit-check, as upstream's does.
     */
    @Test
    void envFile_badLines() {
        fx.file("s.env", "GOOD=1", "=bad", "!frob");
        fx.file("s", "env-file = s.env");
        LoadOutcome o = fx.parseOne("s");
        assertThat(o.succeeded()).isTrue();
        assertThat(o.problems()).isEmpty();
        o = fx.load("s");
        assertThat(o.succeeded()).isTrue();
        assertThat(o.problems()).extracting(LoadProblem::forCheck).containsExactly(
                "Service 's': invalid environment variable setting in environment file s.env"
                        + " (line 2)",
                "Service 's': bad command in environment file s.env (line 3)");
    }

    /** Daemon-form messages name the service, file and line. */
    @Test
    void daemonMessageForm() {
        assertThat(err("bogus = 1").forDaemon()).isEqualTo("Error in service description for"
                + " 's' (file " + dir + "/s, line 1): unknown setting: 'bogus'.");
        // A bad time names its setting in the message, so not again (upstream's form); other
        // bad values keep the setting part, as upstream's do.
        assertThat(err("stop-timeout = soon").forDaemon()).isEqualTo("Error in service"
                + " description for 's' (file " + dir + "/s, line 1): bad value for"
                + " stop-timeout");
        assertThat(err("restart = maybe").forDaemon()).startsWith("Error in service"
                + " description for 's': setting 'restart' (file " + dir + "/s, line 1): ");
    }

    static Stream<String> garbage() {
        return Stream.of("\u0000\u0001", "=", "a =", "\"", "\\", "@", "@include", "$",
                "command = ${", "type = process\ncommand = $/{", "depends-on = ", "nice = -");
    }

    /** Garbage never escapes as an exception: it is a load result or a load error. */
    @ParameterizedTest
    @MethodSource("garbage")
    void garbage_isHandled(String text) {
        fx.file("s", text);
        LoadOutcome o = fx.parseOne("s");
        assertThat(o.succeeded() || !o.problems().isEmpty()).isTrue();
    }
}
