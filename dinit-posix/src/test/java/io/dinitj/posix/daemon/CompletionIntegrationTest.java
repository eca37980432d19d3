package io.dinitj.posix.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dinitj.shell.DinitctlMain;
import io.dinitj.shell.check.DinitCheck;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shell completion scripts of the distribution ({@code dinit-dist/src/completions/}) against
 * the real daemon: bash sources a script on its own (no bash-completion package), the words
 * of a line are set as bash sets them for Tab, the completion function runs, and its
 * {@code COMPREPLY} must hold the daemon's live service names, the commands and the options. The
 * programs on {@code PATH} are small wrappers under {@code target/} running this test's class
 * path, as the installed launchers run the installed jars. zsh and fish are checked for syntax
 * where they are installed.
 */
class CompletionIntegrationTest {

    /** The scripts, in the checkout (the working directory is this module's). */
    private static final Path SCRIPTS = Path.of("..", "dinit-dist", "src", "completions")
            .toAbsolutePath().normalize();

    private static Path bin;

    /** Writes the dinitctl, dinit, dinit-check and dinit-shutdown wrappers once. */
    @BeforeAll
    static void wrappers() throws IOException {
        bin = Files.createDirectories(Path.of("target", "it", "completion-bin").toAbsolutePath());
        wrapper("dinitctl", DinitctlMain.class.getName());
        wrapper("dinit", DinitDaemon.class.getName());
        wrapper("dinit-check", DinitCheck.class.getName());
        wrapper("dinit-shutdown", "io.dinitj.posix.shutdown.DinitShutdown");
    }

    private static void wrapper(String name, String mainClass) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\nexec " + quote(java)
                + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "
                + quote(System.getProperty("java.class.path")) + " " + mainClass + " \"$@\"\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A word for a POSIX shell, in single quotes. */
    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static DaemonHarness daemon(String name) throws Exception {
        DaemonHarness d = new DaemonHarness(name);
        d.service("boot", "type = internal", "depends-on = web-front", "waits-for = web-back");
        d.service("web-front", "type = internal");
        d.service("web-back", "type = internal");
        d.service("spare", "type = internal");
        return d;
    }

    /**
     * Runs a bash completion function the way Tab does: the script sourced alone, the words of
     * {@code line} (the word being completed is its last, empty after a trailing space) in
     * {@code COMP_WORDS}, {@code COMP_CWORD}, {@code COMP_LINE} and {@code COMP_POINT}.
     *
     * @return {@code COMPREPLY}, one entry per element
     */
    private static List<String> bash(Path home, String script, String function, String line)
            throws Exception {
        List<String> words = new ArrayList<>(List.of(line.split(" ", -1)));
        StringBuilder compWords = new StringBuilder();
        for (String w : words) {
            compWords.append(' ').append(quote(w));
        }
        String program = "PATH=" + quote(bin.toString()) + ":$PATH\n"
                + ". " + quote(SCRIPTS.resolve("bash").resolve(script).toString()) + "\n"
                + "COMP_WORDS=(" + compWords + ")\n"
                + "COMP_CWORD=" + (words.size() - 1) + "\n"
                + "COMP_LINE=" + quote(line) + "\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + function + "\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program)
                .redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("DINIT_SOCKET_PATH");
        pb.environment().remove("XDG_CONFIG_HOME");
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bash ended").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("bash status; output: " + out).isZero();
        List<String> reply = new ArrayList<>(List.of(out.split("\n", -1)));
        reply.remove(reply.size() - 1);
        if (reply.size() == 1 && reply.get(0).isEmpty()) {
            reply.clear();
        }
        return reply;
    }

    /** {@code dinitctl -p SOCK start web} completes the web services the daemon has loaded. */
    @Test
    void bash_dinitctl_completesLiveServiceNamesCommandsAndOptions() throws Exception {
        try (DaemonHarness d = daemon("complete-bash")) {
            d.start("boot");
            d.awaitLine("[  OK  ] boot");
            String sock = d.socket.toString();
            assertThat(bash(d.dir, "dinitctl", "_dinitctl", "dinitctl -p " + sock + " start web"))
                    .containsExactlyInAnyOrder("web-front", "web-back");
            // Live, not files: spare has a file but is not loaded.
            assertThat(bash(d.dir, "dinitctl", "_dinitctl", "dinitctl -p " + sock + " status "))
                    .containsExactlyInAnyOrder("boot", "web-front", "web-back");
            assertThat(bash(d.dir, "dinitctl", "_dinitctl", "dinitctl st"))
                    .containsExactly("status", "start", "stop");
            assertThat(bash(d.dir, "dinitctl", "_dinitctl", "dinitctl -p " + sock + " stop --f"))
                    .containsExactly("--force");
            assertThat(bash(d.dir, "dinitctl", "_dinitctl", "dinitctl --socket"))
                    .containsExactly("--socket-path");
        }
    }

    /** With no daemon, commands still complete and service names are quietly absent. */
    @Test
    void bash_dinitctl_withoutDaemon_completesWhatNeedsNone() throws Exception {
        Path home = Files.createDirectories(Path.of("target", "it").toAbsolutePath())
                .resolve("complete-none");
        Files.createDirectories(home);
        String sock = home.resolve("no-such-socket").toString();
        assertThat(bash(home, "dinitctl", "_dinitctl", "dinitctl -p " + sock + " status "))
                .isEmpty();
        assertThat(bash(home, "dinitctl", "_dinitctl", "dinitctl -p " + sock + " is-"))
                .containsExactly("is-started", "is-failed");
    }

    /** dinit's options come from its --help; its service names from the -d directory's files. */
    @Test
    void bash_dinit_completesOptionsFromHelpAndServiceFiles() throws Exception {
        try (DaemonHarness d = daemon("complete-dinit")) {
            String dir = d.services.toString();
            assertThat(bash(d.dir, "dinit", "_dinitj_complete_by_help", "dinit --soc"))
                    .containsExactly("--socket-path");
            assertThat(bash(d.dir, "dinit", "_dinitj_complete_by_help", "dinit -"))
                    .contains("--services-dir", "-d", "--user", "-u", "--log-file", "--quiet");
            assertThat(bash(d.dir, "dinit", "_dinitj_complete_by_help",
                    "dinit -d " + dir + " web")).containsExactlyInAnyOrder("web-front", "web-back");
            assertThat(bash(d.dir, "dinit", "_dinitj_complete_by_help",
                    "dinit -d " + dir + " -t sp")).containsExactly("spare");
            // --plugin-dir completes directories, and its directory holds no service names.
            assertThat(bash(d.dir, "dinit", "_dinitj_complete_by_help", "dinit --plugin-dir "
                    + d.dir.resolve("serv"))).containsExactly(dir);
            assertThat(bash(d.dir, "dinit", "_dinitj_complete_by_help", "dinit --plugin-dir "
                    + dir + " web")).isEmpty();
        }
    }

    /** dinit-check: options from its --help, service names from the -d directory's files. */
    @Test
    void bash_dinitCheck_completesOptionsAndServiceFiles() throws Exception {
        try (DaemonHarness d = daemon("complete-check")) {
            String dir = d.services.toString();
            assertThat(bash(d.dir, "dinit-check", "_dinitj_complete_by_help",
                    "dinit-check --on")).containsExactly("--online");
            assertThat(bash(d.dir, "dinit-check", "_dinitj_complete_by_help",
                    "dinit-check -d " + dir + " "))
                    .containsExactlyInAnyOrder("boot", "web-front", "web-back", "spare");
        }
    }

    /** dinit-shutdown: the options of its --help (which exits 1, as upstream's), no words. */
    @Test
    void bash_dinitShutdown_completesItsOptions() throws Exception {
        try (DaemonHarness d = daemon("complete-shutdown")) {
            assertThat(bash(d.dir, "dinit-shutdown", "_dinitj_complete_by_help",
                    "dinit-shutdown --"))
                    .containsExactlyInAnyOrder("--help", "--use-passed-cfd", "--system");
            assertThat(bash(d.dir, "dinit-shutdown", "_dinitj_complete_by_help",
                    "dinit-shutdown -")).contains("-r", "-h", "-p", "-s", "-k");
            assertThat(bash(d.dir, "dinit-shutdown", "_dinitj_complete_by_help",
                    "dinit-shutdown -r ")).isEmpty();
        }
    }

    /** The bash scripts register their functions with complete -F for their programs. */
    @Test
    void bash_scriptsRegisterTheirPrograms() throws Exception {
        String program = "PATH=" + quote(bin.toString()) + ":$PATH\n"
                + ". " + quote(SCRIPTS.resolve("bash/dinit-check").toString()) + "\n"
                + ". " + quote(SCRIPTS.resolve("bash/dinit-shutdown").toString()) + "\n"
                + "complete -p\n";
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("complete -F _dinitctl dinitctl",
                "complete -F _dinitj_complete_by_help dinit-check",
                "complete -F _dinitj_complete_by_help dinit-shutdown",
                "complete -F _dinitj_complete_by_help dinit");
    }

    /** The zsh function parses (zsh -n), where zsh is installed. */
    @Test
    void zsh_scriptParses() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed here: the zsh script's syntax is not"
                + " checked (assumed right; bash and the __complete it calls are tested)");
        assertThat(syntax("zsh", "-n", SCRIPTS.resolve("zsh/_dinitctl"))).isEmpty();
    }

    /** The fish script parses (fish -n), where fish is installed. */
    @Test
    void fish_scriptParses() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed here: the fish script's syntax is not"
                + " checked (assumed right; bash and the __complete it calls are tested)");
        assertThat(syntax("fish", "-n", SCRIPTS.resolve("fish/dinitctl.fish"))).isEmpty();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a syntax check and returns what it printed (nothing when the file parses). */
    private static String syntax(String shell, String flag, Path file) throws Exception {
        Process p = new ProcessBuilder(shell, flag, file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
