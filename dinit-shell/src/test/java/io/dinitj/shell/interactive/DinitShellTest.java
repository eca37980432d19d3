package io.dinitj.shell.interactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.shell.ctl.Dinitctl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell driven through a JLine dumb terminal over piped streams: completion,
 * help, history, and commands giving exactly the one-shot output.
 */
class DinitShellTest {

    private static final Path SOCKETS = Path.of("target", "ctl-sockets");

    @TempDir
    Path tmp;

    private Map<String, String> env() {
        return Map.of("DINITJ_HISTORY", tmp.resolve("history").toString(),
                "HOME", tmp.toString());
    }

    private List<String> noDaemon() {
        return List.of("-p", tmp.resolve("none.sock").toString());
    }

    /** Tab after a prefix lists the command names that start with it. */
    @Test
    void tab_completesCommandNames() throws Exception {
        ShellRun r = ShellRun.of(env(), noDaemon(), "st\t\n");
        assertThat(r.screen()).contains("start", "status", "stop");
        assertThat(r.screen()).doesNotContain("list");
        assertThat(r.err()).isEqualTo("dinitctl: unrecognized command: st (use --help for help)\n");
    }

    /** Tab on a word starting with a dash completes the command's options from the table. */
    @Test
    void tab_completesCommandOption() throws Exception {
        ShellRun r = ShellRun.of(env(), noDaemon(), "stop --fo\t\n");
        assertThat(r.screen()).contains("stop --force ");
    }

    /** After signal, Tab completes signal names; after -p, paths. */
    @Test
    void tab_completesSignalNamesAndPaths() throws Exception {
        ShellRun sig = ShellRun.of(env(), noDaemon(), "signal US\t\n");
        String plain = sig.screen().replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
        assertThat(plain).contains("dinit> signal USR", "USR1", "USR2").doesNotContain("TERM");
        ShellRun path = ShellRun.of(env(), List.of(), "-p target/ctl-sock\t\n");
        assertThat(path.screen()).contains("-p target/ctl-sockets/");
    }

    /** Path completion lists a directory's entries under the typed prefix. */
    @Test
    void paths_listEntriesOfThePrefixDirectory() throws Exception {
        java.nio.file.Path dir = SOCKETS.resolve("paths");
        java.nio.file.Files.createDirectories(dir.resolve("sub"));
        java.nio.file.Files.writeString(dir.resolve("sock"), "");
        java.nio.file.Files.writeString(dir.resolve(".hidden"), "");
        String p = dir + "/";
        assertThat(ShellCompleter.paths(p)).containsExactly(p + "sock", p + "sub/");
        assertThat(ShellCompleter.paths(p + "so")).containsExactly(p + "sock");
        assertThat(ShellCompleter.paths(p + ".h")).containsExactly(p + ".hidden");
        assertThat(ShellCompleter.paths("/nonexistent/dir/x")).isEmpty();
    }

    /** Tab after a command completes the names of the services the daemon has loaded. */
    @Test
    void tab_completesLoadedServiceNames() throws Exception {
        try (FakeDaemon d = new FakeDaemon(SOCKETS, List.of("boot", "mysvc"))) {
            ShellRun r = ShellRun.of(env(), List.of("-p", d.path()), "status my\t\n");
            assertThat(r.screen()).contains("status mysvc ");
        }
    }

    /** For start, Tab also offers the description files in the -d service directories. */
    @Test
    void tab_startCompletesLoadableServiceNames() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sd"));
        Files.writeString(dir.resolve("webserver"), "type = internal\n");
        try (FakeDaemon d = new FakeDaemon(SOCKETS, List.of("boot"))) {
            List<String> opts = List.of("-p", d.path(), "-d", dir.toString());
            assertThat(ShellRun.of(env(), opts, "start web\t\n").screen())
                    .contains("start webserver ");
            assertThat(ShellRun.of(env(), opts, "status web\t\n").screen())
                    .doesNotContain("webserver");
        }
    }

    /** Without a daemon, completing a service name offers nothing and breaks nothing. */
    @Test
    void tab_withoutDaemon_offersNoNames() throws Exception {
        ShellRun r = ShellRun.of(env(), noDaemon(), "status my\t\nhelp status\n");
        assertThat(r.screen()).contains("status my");
        assertThat(r.out()).contains("Usage: status <service-name>");
        assertThat(r.err()).startsWith("dinitctl: connecting to socket: ");
    }

    /** help lists every command of the table; help COMMAND gives its usage and options. */
    @Test
    void help_listsCommandsAndUsage() throws Exception {
        ShellRun r = ShellRun.of(env(), noDaemon(), "help\nhelp 'stop'\nhelp nosuch\n");
        assertThat(r.out()).contains("  start        start a service (mark it active)\n",
                "  signal       send a signal to a service's process\n",
                "  exit, quit",
                "Usage: stop [options] <service-name>\n  stop a service\n",
                "--force");
        assertThat(r.err()).isEqualTo(
                "dinit-shell: no command named 'nosuch' (type help for a list)\n");
    }

    /**
     * {@code > FILE} and {@code >> FILE} at the end of a line send the command's standard output
     * to a file (the README's {@code graph > deps.dot}); errors stay on stderr.
     */
    @Test
    void redirection_writesOutputToAFile() throws Exception {
        Path file = tmp.resolve("out.txt");
        try (FakeDaemon d = new FakeDaemon(SOCKETS, List.of("boot", "mysvc"))) {
            String f = file.toString();
            ShellRun r = ShellRun.of(env(), List.of("-p", d.path()),
                    "list > " + f + "\nlist >>" + f + "\nhelp stop >> '" + f + "'\n");
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEmpty();
            String list = "[[+]     ] boot\n[[+]     ] mysvc\n";
            assertThat(Files.readString(file)).isEqualTo(list + list
                    + "Usage: stop [options] <service-name>\n  stop a service\n"
                    + "Options: --force --ignore-unstarted --no-wait --pin --quiet -f\n");
            ShellRun again = ShellRun.of(env(), List.of("-p", d.path()), "list >" + f + "\n");
            assertThat(again.err()).isEmpty();
            assertThat(Files.readString(file)).isEqualTo(list);
        }
        ShellRun bad = ShellRun.of(env(), noDaemon(), "list >\nlist > a b\nlist > "
                + tmp.resolve("no/such/dir") + "\nstatus x > " + tmp.resolve("e.txt") + "\n");
        assertThat(bad.err()).startsWith("dinit-shell: missing file name after >\n"
                + "dinit-shell: > FILE must end the line\n"
                + "dinit-shell: cannot write " + tmp.resolve("no/such/dir")
                + ": No such file or directory\n"
                + "dinitctl: connecting to socket: ");
        assertThat(Files.readString(tmp.resolve("e.txt"))).isEmpty();
    }

    /** A quoted or escaped {@code >} is an ordinary character, not a redirection. */
    @Test
    void redirection_notWhenQuoted() {
        assertThat(DinitShell.redirect("setenv 'A=>b'")).isNull();
        assertThat(DinitShell.redirect("setenv \"A=>b\" C=\\>")).isNull();
        assertThat(DinitShell.redirect("graph web >> 'my file.dot'"))
                .isEqualTo(new DinitShell.Redirect("graph web ", "my file.dot", true));
        assertThat(DinitShell.redirect("graph>x"))
                .isEqualTo(new DinitShell.Redirect("graph", "x", false));
    }

    /** A second session reads the history the first one saved (Ctrl-P recalls it). */
    @Test
    void history_persistsAcrossSessions() throws Exception {
        ShellRun first = ShellRun.of(env(), noDaemon(), "help unload\n");
        assertThat(first.out()).contains("Usage: unload");
        assertThat(Files.readString(tmp.resolve("history"))).contains("help unload");
        ShellRun second = ShellRun.of(env(), noDaemon(), "\u0010\n");
        assertThat(second.out()).isEqualTo(first.out());
    }

    /** A command's output in the shell is the one-shot dinitctl output, byte for byte. */
    @Test
    void command_outputEqualsOneShot() throws Exception {
        try (FakeDaemon d = new FakeDaemon(SOCKETS, List.of("boot", "mysvc"))) {
            ShellRun r = ShellRun.of(env(), List.of("-p", d.path()), "list\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Dinitctl.run(new String[] {"-p", d.path(), "list"},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), env());
            assertThat(status).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("[[+]     ] boot\n[[+]     ] mysvc\n");
            assertThat(r.out()).isEqualTo(out.toString(StandardCharsets.UTF_8));
            assertThat(r.err()).isEmpty();
        }
    }

    /** Each command connects anew, so one daemon restart costs at most the failed command. */
    @Test
    void commands_connectAnew() throws Exception {
        try (FakeDaemon d = new FakeDaemon(SOCKETS, List.of("boot"))) {
            ShellRun r = ShellRun.of(env(), List.of("-p", d.path()), "list\nlist\n");
            assertThat(r.out()).isEqualTo("[[+]     ] boot\n[[+]     ] boot\n");
            assertThat(d.connections.get()).isEqualTo(2);
        }
    }

    /** A lost daemon is reported by the command, and the shell carries on. */
    @Test
    void lostDaemon_reportedAndShellContinues() throws Exception {
        ShellRun r = ShellRun.of(env(), noDaemon(), "list\nhelp list\n");
        assertThat(r.err()).isEqualTo("dinitctl: connecting to socket: "
                + tmp.resolve("none.sock") + ": No such file or directory\n");
        assertThat(r.out()).contains("Usage: list");
    }

    /** exit and quit end the session; later lines are not run. */
    @Test
    void exit_endsSession() throws Exception {
        assertThat(ShellRun.of(env(), noDaemon(), "exit\nhelp\n").out()).isEmpty();
        assertThat(ShellRun.of(env(), noDaemon(), "quit\nhelp\n").out()).isEmpty();
    }

    /** Only general options make a shell; a command or --help makes a one-shot run. */
    @Test
    void hasCommand_distinguishesShellFromOneShot() {
        assertThat(Dinitctl.hasCommand(new String[0])).isFalse();
        assertThat(Dinitctl.hasCommand(new String[] {"-p", "list", "-u"})).isFalse();
        assertThat(Dinitctl.hasCommand(new String[] {"-d", "dir", "--quiet"})).isFalse();
        assertThat(Dinitctl.hasCommand(new String[] {"-u", "list"})).isTrue();
        assertThat(Dinitctl.hasCommand(new String[] {"--help"})).isTrue();
    }

    /** The history file: DINITJ_HISTORY, else XDG_STATE_HOME/dinitj/history, else ~. */
    @Test
    void historyFile_followsEnvironment() {
        assertThat(DinitShell.historyFile(Map.of("DINITJ_HISTORY", "/x/h", "HOME", "/h")))
                .isEqualTo(Path.of("/x/h"));
        assertThat(DinitShell.historyFile(Map.of("XDG_STATE_HOME", tmp.toString(),
                "HOME", "/h"))).isEqualTo(tmp.resolve("dinitj/history"));
        assertThat(DinitShell.historyFile(Map.of("HOME", "/h")))
                .isEqualTo(Path.of("/h/.dinitj_history"));
    }
}
