package io.dinitj.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bin/dinitctl} starts picks the shell or one command, as its doc says. */
class DinitctlMainTest {

    @TempDir
    Path tmp;

    /** No command, not on a terminal: upstream's one-shot behaviour, which wants a command. */
    @Test
    void noCommandOffATerminal_isAOneShotRun() throws Exception {
        Result r = run(false, "");
        assertThat(r.status).isEqualTo(1);
        assertThat(r.out).contains("dinitctl: Invalid command line.");
        assertThat(r.out).doesNotContain("dinit>");
    }

    /** {@code DINITJ_SHELL=1} with no command opens the interactive shell on standard input. */
    @Test
    void noCommandWithShellVariable_opensTheShell() throws Exception {
        Result r = run(true, "help\n");
        assertThat(r.status).isZero();
        assertThat(r.out).contains("dinit> ").contains("is-started");
    }

    /** A command runs once, even with {@code DINITJ_SHELL=1}. */
    @Test
    void aCommand_isNeverTheShell() throws Exception {
        Result r = run(true, "", "--version");
        assertThat(r.status).isZero();
        assertThat(r.out).startsWith("Dinit version").doesNotContain("dinit>");
    }

    /**
     * The hidden {@code __complete}, first on the line, runs the completer (not a command), and
     * {@code --help} does not name it.
     */
    @Test
    void hiddenComplete_isDispatchedHereAndNotInHelp() throws Exception {
        Result r = exec(false, "", List.of("__complete", "1", "dinitctl", "st"));
        assertThat(r.status).isZero();
        assertThat(r.out).isEqualTo("status\nstart\nstop\n");
        assertThat(run(false, "", "--help").out).doesNotContain("__complete");
    }

    private Result run(boolean shell, String input, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-p", tmp.resolve("none").toString()));
        all.addAll(List.of(args));
        return exec(shell, input, all);
    }

    private Result exec(boolean shell, String input, List<String> args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp",
                System.getProperty("java.class.path"), DinitctlMain.class.getName()));
        cmd.addAll(args);
        Path in = Files.writeString(tmp.resolve("in"), input);
        File out = tmp.resolve("out").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(in.toFile())
                .redirectErrorStream(true).redirectOutput(out);
        pb.environment().remove("DINITJ_SHELL");
        if (shell) {
            pb.environment().put("DINITJ_SHELL", "1");
        }
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("dinitctl ended").isTrue();
            return new Result(p.exitValue(), Files.readString(out.toPath(),
                    StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private record Result(int status, String out) {
    }
}
