package io.dinitj.posix.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.posix.sys.ConsoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shutdown program run for real: {@code --system} as PID 1 of a fresh PID and mount
 * namespace ({@code unshare}, we run as root), with a file bound over {@code /dev/console} and a
 * process that records the SIGTERM it gets; and {@code --system} refused where it is not an
 * init, before it signals anything.
 */
class ShutdownProgramTest {

    private static final long DEADLINE_S = 30;

    private final Path dir;

    ShutdownProgramTest() throws IOException {
        Path base = Files.createDirectories(Path.of("target", "it").toAbsolutePath());
        dir = Files.createTempDirectory(base, "shutdown-");
    }

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx32m",
                "-cp", System.getProperty("java.class.path"),
                DinitShutdown.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String quoted(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(" '").append(w.replace("'", "'\\''")).append('\'');
        }
        return b.toString();
    }

    /** Runs {@code --system OPTION} as a namespace's init; returns unshare's exit status. */
    private int runAsNamespaceInit(String option) throws Exception {
        Path console = Files.createFile(dir.resolve("console"));
        String script = ConsoleBinding.bindOver("'" + console + "'", dir.resolve("old-dev"))
                + "sh -c 'trap \"echo term > " + dir.resolve("termed")
                + "; exit 0\" TERM; while :; do sleep 0.1; done' &\n"
                + "exec" + quoted(java("--system", option)) + "\n";
        Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--kill-child",
                "--mount-proc", "sh", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output").toFile())
                .start();
        try {
            assertThat(p.waitFor(DEADLINE_S, TimeUnit.SECONDS)).as("ended").isTrue();
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    private List<String> console() throws IOException {
        return Files.readAllLines(dir.resolve("console"));
    }

    @Test
    void halt_asANamespacesInit_termsEveryProcess_skipsTheFileSystems_andEndsTheNamespace()
            throws Exception {
        // The kernel ends a namespace's init that asks to halt or power off with SIGINT.
        assertThat(runAsNamespaceInit("-h")).isEqualTo(128 + 2);
        assertThat(Files.readString(dir.resolve("termed"))).isEqualTo("term\n");
        assertThat(console()).hasSize(3);
        assertThat(console().get(0)).isEqualTo("Sending TERM/KILL to all processes...");
        assertThat(console().get(1)).matches("Not the host's init \\(PID namespace pid:\\[\\d+]\\):"
                + " not turning off swap or unmounting file systems\\.");
        assertThat(console().get(2)).isEqualTo("Issuing shutdown via kernel...");
    }

    @Test
    void reboot_asANamespacesInit_endsItAsTheKernelDoes() throws Exception {
        // ... and one that asks to reboot with SIGHUP.
        assertThat(runAsNamespaceInit("-r")).isEqualTo(128 + 1);
        assertThat(console()).endsWith("Issuing shutdown via kernel...");
    }

    @Test
    void system_whereItIsNoInit_isRefusedBeforeAnySignal() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Process p = new ProcessBuilder(java("--system", "-p"))
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(out).startsWith("shutdown: refusing --system: this process (pid ")
                    .contains("is not the init of its PID namespace");
            assertThat(sleeper.isAlive()).isTrue();
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
