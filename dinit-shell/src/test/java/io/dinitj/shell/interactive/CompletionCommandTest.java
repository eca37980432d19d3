package io.dinitj.shell.interactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.shell.ctl.Command;
import io.dinitj.shell.ctl.Dinitctl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hidden {@code dinitctl __complete CWORD WORD0 ...}: it prints, one per line, what Tab
 * offers in the shell for the same words, filtered by the typed prefix, with the general options
 * of a one-shot line and the service names of the daemon the line's options select.
 */
class CompletionCommandTest {

    private static final Path SOCKETS = Path.of("target", "ctl-sockets");

    @TempDir
    Path tmp;

    private Map<String, String> env() {
        return Map.of("HOME", tmp.toString(), "DINIT_SOCKET_PATH",
                tmp.resolve("none.sock").toString());
    }

    private record Result(int status, List<String> lines, String err) {
    }

    private Result complete(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CompletionCommand.run(args, env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n", -1))
                .subList(0, text.split("\n", -1).length - 1);
        return new Result(status, lines, err.toString(StandardCharsets.UTF_8));
    }

    /** The command word completes from the command table, by prefix, in the table's order. */
    @Test
    void commandWord_completesCommandNamesByPrefix() {
        Result r = complete(env(), "1", "dinitctl", "st");
        assertThat(r.status()).isZero();
        assertThat(r.lines()).containsExactly("status", "start", "stop");
        List<String> all = new ArrayList<>();
        for (Command c : Command.values()) {
            all.add(c.word());
        }
        assertThat(complete(env(), "1", "dinitctl").lines()).isEqualTo(all);
    }

    /** The shell's own words (help, exit, quit) are not dinitctl commands and are not offered. */
    @Test
    void commandWord_offersNoShellWords() {
        assertThat(complete(env(), "1", "dinitctl", "").lines())
                .doesNotContain("help", "exit", "quit");
        assertThat(complete(env(), "2", "dinitctl", "help", "").lines()).isEmpty();
    }

    /** Before the command, a dash completes the general options of --help. */
    @Test
    void dashBeforeCommand_completesGeneralOptions() {
        assertThat(complete(env(), "1", "dinitctl", "--s").lines())
                .containsExactly("--system", "--socket-path", "--services-dir");
        assertThat(complete(env(), "1", "dinitctl", "-").lines())
                .isEqualTo(Dinitctl.generalOptions());
        assertThat(Dinitctl.generalOptions()).contains("-p", "--socket-path", "-u", "--user",
                "-s", "--system", "-d", "--services-dir", "--quiet", "--help")
                .doesNotContain("--no-wait", "--force");
    }

    /** After a command, a dash completes its options, as in the shell. */
    @Test
    void dashAfterCommand_completesCommandOptions() {
        assertThat(complete(env(), "3", "dinitctl", "-u", "stop", "--f").lines())
                .containsExactly("--force");
        assertThat(complete(env(), "2", "dinitctl", "start", "--").lines())
                .containsExactlyElementsOf(ShellCompleter.optionsOf(Command.START));
    }

    /** After signal, signal names; after -p, paths, a directory ending in a slash. */
    @Test
    void signalAndPath_complete() throws Exception {
        assertThat(complete(env(), "2", "dinitctl", "signal", "US").lines())
                .containsExactly("USR1", "USR2");
        Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(tmp.resolve("sock"), "");
        String p = tmp + "/";
        assertThat(complete(env(), "2", "dinitctl", "-p", p).lines())
                .containsExactly(p + "sock", p + "sub/");
    }

    /** Service names come from the daemon of -p, the line's own option. */
    @Test
    void serviceWord_completesLiveNamesOfTheDaemonOfDashP() throws Exception {
        try (FakeDaemon d = new FakeDaemon(SOCKETS, List.of("boot", "mysvc", "myother"))) {
            Result r = complete(env(), "4", "dinitctl", "-p", d.path(), "status", "my");
            assertThat(r.lines()).containsExactly("mysvc", "myother");
            assertThat(complete(env(), "4", "dinitctl", "-p", d.path(), "status").lines())
                    .containsExactly("boot", "mysvc", "myother");
        }
    }

    /** Without -p, the daemon is the one of $DINIT_SOCKET_PATH, as for a command. */
    @Test
    void serviceWord_usesDinitSocketPath() throws Exception {
        try (FakeDaemon d = new FakeDaemon(SOCKETS, List.of("alpha", "beta"))) {
            Map<String, String> env = Map.of("HOME", tmp.toString(), "DINIT_SOCKET_PATH",
                    d.path());
            assertThat(complete(env, "2", "dinitctl", "stop", "").lines())
                    .containsExactly("alpha", "beta");
        }
    }

    /** For start, the files of the -d directories are offered beside the loaded services. */
    @Test
    void start_alsoOffersFilesOfDashD() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sd"));
        Files.writeString(dir.resolve("webserver"), "type = internal\n");
        try (FakeDaemon d = new FakeDaemon(SOCKETS, List.of("boot"))) {
            assertThat(complete(env(), "6", "dinitctl", "-p", d.path(), "-d", dir.toString(),
                    "start", "").lines()).containsExactly("boot", "webserver");
        }
    }

    /** With no daemon, service names are simply absent: nothing on stderr, status 0. */
    @Test
    void noDaemon_isQuiet() {
        Result r = complete(env(), "2", "dinitctl", "status", "");
        assertThat(r.status()).isZero();
        assertThat(r.lines()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    /** A missing current word is an empty one; the program name itself completes nothing. */
    @Test
    void missingWordAndWordZero() {
        assertThat(complete(env(), "2", "dinitctl", "signal").lines()).contains("HUP", "TERM");
        assertThat(complete(env(), "0", "dinit").lines()).isEmpty();
    }

    /** --describe adds the command's help after a tab, for fish and zsh. */
    @Test
    void describe_addsHelpAfterATab() {
        assertThat(complete(env(), "--describe", "1", "dinitctl", "stat").lines())
                .containsExactly("status\t" + Command.STATUS.help());
    }

    /** A request without a number is a usage error on stderr, status 2. */
    @Test
    void malformedRequest_isAUsageError() {
        Result r = complete(env(), "x", "dinitctl");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("dinitctl: usage: dinitctl __complete");
        assertThat(complete(env()).status()).isEqualTo(2);
    }
}
