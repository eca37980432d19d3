package io.dinitj.shell.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dinitctl's command-line handling and connection failures, which need no daemon. */
class CommandLineTest {

    private static final Path SOCKETS = Path.of("target", "ctl-sockets");
    private static final Map<String, String> NO_DAEMON =
            Map.of("DINIT_SOCKET_PATH", "target/ctl-sockets/none");

    private static CtlRun run(String... args) {
        return CtlRun.of(NO_DAEMON, args);
    }

    /** --version prints the upstream version line and exits 0. */
    @Test
    void version_printsUpstreamLine() {
        CtlRun r = run("--version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("Dinit version 0.23.0pre.\n");
    }

    /** --help (or no argument at all) prints upstream's help, built from the command table. */
    @Test
    void help_printsUsageFromTheCommandTable() {
        CtlRun r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("dinitctl:   control Dinit services\n\nUsage:\n"
                + "    dinitctl [options] status <service-name>\n");
        assertThat(r.out()).contains("    dinitctl [options] signal <signal> <service-name>\n\n"
                + "Note: An activated service continues running when its dependents stop.\n");
        assertThat(r.out()).contains("  -l, --list       : (signal) list supported signals\n"
                + "\nDinit/J additions:\n"
                + "    dinitctl [options] tree [--reverse] <service-name>\n"
                + "    dinitctl [options] graph [<service-name>]\n"
                + "    dinitctl [options] watch\n");
        assertThat(run().out()).isEqualTo(r.out());
    }

    /** A word that names no command is refused with upstream's message. */
    @Test
    void unknownCommand_isRefused() {
        CtlRun r = run("frobnicate");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(
                "dinitctl: unrecognized command: frobnicate (use --help for help)\n");
    }

    /** An unknown option is refused before any connection. */
    @Test
    void unknownOption_isRefused() {
        CtlRun r = run("--bogus", "start", "x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(
                "dinitctl: unrecognized/invalid option: --bogus (use --help for help)\n");
    }

    /** Missing or extra arguments give "Invalid command line" and exit 1. */
    @Test
    void missingServiceName_isInvalidCommandLine() {
        for (String cmd : new String[] {"start", "stop", "status", "unpin", "catlog"}) {
            CtlRun r = run(cmd);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("dinitctl: Invalid command line.\n"
                    + "Try 'dinitctl --help' for more information.\n");
        }
        assertThat(run("start", "a", "b").status()).isEqualTo(1);
        assertThat(run("list", "a").err()).startsWith("dinitctl: Invalid command line.");
        assertThat(run("setenv").err()).startsWith("dinitctl: Invalid command line.");
        assertThat(run("enable").err()).startsWith("dinitctl: Invalid command line.");
        assertThat(run("add-dep", "need", "a").err()).startsWith("dinitctl: Invalid command");
        assertThat(run("add-dep", "soft", "a", "b").err()).startsWith("dinitctl: Invalid");
        assertThat(run("--quiet").err()).startsWith("dinitctl: Invalid command line.");
    }

    /** Command options are valid only after their command. */
    @Test
    void commandOptionBeforeItsCommand_isInvalid() {
        assertThat(run("--force", "stop", "x").err()).startsWith("dinitctl: Invalid command");
        assertThat(run("start", "--force", "x").err()).startsWith("dinitctl: Invalid command");
        assertThat(run("--clear", "catlog", "x").err()).startsWith("dinitctl: Invalid");
        assertThat(run("--from", "a", "enable", "x").err()).startsWith("dinitctl: Invalid");
    }

    /** Options that take a value refuse a missing or empty one; empty arguments are refused. */
    @Test
    void optionValues_areRequired() {
        assertThat(run("-p").err()).isEqualTo(
                "dinitctl: --socket-path/-p should be followed by socket path\n");
        assertThat(run("--socket-path", "").status()).isEqualTo(1);
        assertThat(run("-d").err()).isEqualTo(
                "dinitctl: '--services-dir' (-d) requires an argument\n");
        assertThat(run("enable", "--from").err()).isEqualTo(
                "dinitctl: --from should be followed by a service name\n");
        assertThat(run("start", "").err()).isEqualTo("dinitctl: Invalid empty argument\n");
    }

    /** signal needs a valid signal and a service; numbers parse as C stoi does. */
    @Test
    void signal_argumentsAreChecked() {
        assertThat(run("signal").err()).isEqualTo(
                "dinitctl: signal number/name must be specified\n");
        assertThat(run("signal", "HUP").err()).isEqualTo(
                "dinitctl: service name must be specified\n");
        assertThat(run("signal", "BOGUS", "x").err()).isEqualTo(
                "dinitctl: 'BOGUS' is not a valid signal name/number\n");
        assertThat(run("signal", "--list", "HUP").err()).startsWith("dinitctl: Invalid");
        assertThat(Signals.parse(" +12")).isEqualTo(12);
        assertThat(Signals.parse("0")).isZero();
        assertThat(Signals.parse("12x")).isEqualTo(Integer.MIN_VALUE);
        assertThat(Signals.parse("99999999999")).isEqualTo(Integer.MIN_VALUE);
    }

    /**
     * A misplaced option stops the scan, but signal's own checks still run first, in upstream's
     * order (checked against upstream's dinitctl): a missing signal, then a missing service,
     * then a bad signal name; only then "Invalid command line". They run before --help too.
     */
    @Test
    void signal_checksRunBeforeInvalidCommandLine() {
        String noSignal = "dinitctl: signal number/name must be specified\n";
        String noService = "dinitctl: service name must be specified\n";
        for (String[] line : new String[][] {{"signal", "--force", "HUP", "a"},
            {"signal", "-f", "HUP", "a"}, {"signal", "--clear", "HUP", "a"},
            {"signal", "--from", "x", "HUP", "a"}, {"signal", "--force", "-l"},
            {"signal", "--force"}, {"signal", "--help"}}) {
            CtlRun r = run(line);
            assertThat(r.status()).as(String.join(" ", line)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", line)).isEqualTo(noSignal);
            assertThat(r.out()).isEmpty();
        }
        assertThat(run("signal", "HUP", "--force", "a").err()).isEqualTo(noService);
        assertThat(run("signal", "BOGUS", "--force").err()).isEqualTo(noService);
        assertThat(run("signal", "HUP", "--help").err()).isEqualTo(noService);
        assertThat(run("signal", "BOGUS", "a", "--force").err()).isEqualTo(
                "dinitctl: 'BOGUS' is not a valid signal name/number\n");
        assertThat(run("signal", "BOGUS", "a", "b").err()).isEqualTo(
                "dinitctl: 'BOGUS' is not a valid signal name/number\n");
        assertThat(run("signal", "HUP", "a", "--force").err()).isEqualTo(CtlOptions.INVALID + "\n");
        assertThat(run("signal", "HUP", "a", "b").err()).isEqualTo(CtlOptions.INVALID + "\n");
        assertThat(run("signal", "-l", "--force").err()).isEqualTo(CtlOptions.INVALID + "\n");
        assertThat(run("signal", "-l", "--help").status()).isZero();
        // Other commands' checks leave an earlier "Invalid command line" standing.
        assertThat(run("add-dep", "need", "--force", "a", "b").err())
                .isEqualTo(CtlOptions.INVALID + "\n");
        assertThat(run("enable", "--force", "a").err()).isEqualTo(CtlOptions.INVALID + "\n");
        assertThat(run("setenv", "A=1", "--force").err()).isEqualTo(CtlOptions.INVALID + "\n");
    }

    /** signal --list prints the table without connecting. */
    @Test
    void signalList_needsNoDaemon() {
        CtlRun r = run("signal", "--list");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("dinitctl: The following signal names are supported:\n"
                + "dinitctl: HUP  -> 1\n");
        assertThat(r.out()).endsWith("dinitctl: STOP -> 19\n");
        assertThat(run("signal", "-l").out()).isEqualTo(r.out());
    }

    /** --offline is refused for commands other than enable and disable. */
    @Test
    void offline_onlyForEnableAndDisable() {
        CtlRun r = run("--offline", "start", "x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(
                "dinitctl: offline mode (--offline/-o) not supported for this command\n");
    }

    /** --json is refused for commands that have no JSON form. */
    @Test
    void json_onlyForStatusAndList() {
        CtlRun r = run("--json", "start", "x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("--json is only supported");
    }

    /** A missing user socket gives the connect error and the "no user instance" hint. */
    @Test
    void missingSocket_suggestsNoUserInstance() {
        CtlRun r = run("status", "x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: connecting to socket: target/ctl-sockets/none:"
                + " No such file or directory\n"
                + "dinitctl: perhaps no user instance is running?\n");
    }

    /** The hint is left out for -p paths and in system mode. */
    @Test
    void missingSocketGivenByOption_hasNoHint() {
        CtlRun r = CtlRun.of(Map.of(), "-p", "target/ctl-sockets/none", "list");
        assertThat(r.err()).isEqualTo("dinitctl: connecting to socket: target/ctl-sockets/none:"
                + " No such file or directory\n");
        CtlRun sys = CtlRun.of(NO_DAEMON, true, "list");
        assertThat(sys.err()).doesNotContain("perhaps");
    }

    /** A socket file nobody listens on gives "Connection refused". */
    @Test
    void socketWithNoListener_isConnectionRefused() throws IOException {
        Files.createDirectories(SOCKETS);
        Path p = SOCKETS.resolve("refused.sock");
        Files.deleteIfExists(p);
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(p));
        }
        CtlRun r = CtlRun.of(Map.of(), "-p", p.toString(), "list");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: connecting to socket: " + p
                + ": Connection refused\n");
        Files.deleteIfExists(p);
    }

    /** Without -p or DINIT_SOCKET_PATH: XDG_RUNTIME_DIR, else HOME, else /run/dinitctl for -s. */
    @Test
    void socketPath_defaultsFromXdgRuntimeDirThenHome() {
        CtlRun xdg = CtlRun.of(Map.of("XDG_RUNTIME_DIR", "target/ctl-sockets/x",
                "HOME", "/nonexistent"), "list");
        assertThat(xdg.err()).startsWith(
                "dinitctl: connecting to socket: target/ctl-sockets/x/dinitctl: ");
        CtlRun home = CtlRun.of(Map.of("HOME", "target/ctl-sockets/h"), "list");
        assertThat(home.err()).startsWith(
                "dinitctl: connecting to socket: target/ctl-sockets/h/.dinitctl: ");
        CtlRun system = CtlRun.of(Map.of("HOME", "target/ctl-sockets/h"), "-s", "list");
        assertThat(system.err()).startsWith("dinitctl: connecting to socket: /run/dinitctl: ");
    }

    /** -p wins over DINIT_SOCKET_PATH. */
    @Test
    void socketPath_optionBeatsEnvironment() {
        CtlRun r = CtlRun.of(Map.of("DINIT_SOCKET_PATH", "target/ctl-sockets/env"), "-p",
                "target/ctl-sockets/opt", "list");
        assertThat(r.err()).startsWith("dinitctl: connecting to socket: target/ctl-sockets/opt:");
    }

    /** The table holds exactly upstream's commands (no getallenv) and Dinit/J's three. */
    @Test
    void commandTable_namesEveryUpstreamCommandOnce() {
        assertThat(Command.values()).extracting(Command::word).containsExactlyInAnyOrder(
                "start", "wake", "stop", "restart", "release", "unpin", "unload", "reload",
                "list", "status", "is-started", "is-failed", "shutdown", "add-dep", "rm-dep",
                "enable", "disable", "setenv", "unsetenv", "trigger", "untrigger", "catlog",
                "signal", "tree", "graph", "watch", "list-types");
        assertThat(Command.byWord("getallenv")).isNull();
    }

    /** JSON strings escape quotes, backslashes, control characters and line separators. */
    @Test
    void jsonStrings_areEscaped() {
        StringBuilder b = new StringBuilder();
        Json.string(b, "a\"b\\c\nd\u0001\u2028é");
        assertThat(b.toString()).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\\u2028é\"");
    }

    /** The additions' options belong to their commands; graph takes at most one name. */
    @Test
    void additions_checkTheirOptionsAndArguments() {
        // Outside tree, --reverse is an option upstream does not know: its text, as --follow's.
        assertThat(run("status", "--reverse", "x").err()).isEqualTo(
                "dinitctl: unrecognized/invalid option: --reverse (use --help for help)\n");
        assertThat(run("stop", "-r", "x").err()).isEqualTo(
                "dinitctl: unrecognized/invalid option: -r (use --help for help)\n");
        assertThat(run("stop", "--follow", "x").err()).isEqualTo(
                "dinitctl: unrecognized/invalid option: --follow (use --help for help)\n");
        assertThat(run("graph", "a", "b").err()).isEqualTo(CtlOptions.INVALID + "\n");
        assertThat(run("tree").err()).isEqualTo(CtlOptions.INVALID + "\n");
        assertThat(run("watch", "x").err()).isEqualTo(CtlOptions.INVALID + "\n");
        assertThat(run("status", "-f", "x").err()).isEqualTo(CtlOptions.INVALID + "\n");
    }

    /** -f means --follow after catlog and --force after stop. */
    @Test
    void dashF_dependsOnTheCommand() throws CtlException {
        CtlOptions c = CtlOptions.parse(new String[] {"catlog", "-f", "x"});
        assertThat(c.follow).isTrue();
        assertThat(c.force).isFalse();
        CtlOptions s = CtlOptions.parse(new String[] {"stop", "-f", "x"});
        assertThat(s.force).isTrue();
        assertThat(s.follow).isFalse();
        assertThat(CtlOptions.parse(new String[] {"tree", "-r", "x"}).reverse).isTrue();
        assertThat(CtlOptions.parse(new String[] {"graph"}).invalid).isFalse();
    }
}
