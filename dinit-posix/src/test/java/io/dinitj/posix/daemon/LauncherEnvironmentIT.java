package io.dinitj.posix.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the checkout's bin/dinit sets for the JVM does not reach services (docs/cli.md §1.10):
 * a service prints its environment, and neither {@code _JAVA_SR_SIGNUM}, nor the launcher's
 * {@code LD_LIBRARY_PATH} (set when /proc is not mounted, as for PID 1 at boot), nor the
 * launcher's bookkeeping is in it, while what the user set on purpose is, unchanged. Runs the
 * real launcher on the packaged jars, so failsafe runs it after package.
 */
class LauncherEnvironmentIT {

    @TempDir
    Path dir;

    private final Path root = Path.of("").toAbsolutePath().getParent();

    @Test
    void aServiceGetsTheUsersEnvironment_notTheLaunchers() throws Exception {
        Map<String, String> env = run(Map.of("JAVA_TOOL_OPTIONS", "-Dchosen.on.purpose=1"),
                List.of());
        assertThat(env).doesNotContainKeys("_JAVA_SR_SIGNUM", "DINITJ_LAUNCHER_ENV",
                "LD_LIBRARY_PATH");
        assertThat(env.keySet()).noneMatch(k -> k.startsWith("DINITJ_SAVED_"));
        assertThat(env).containsEntry("JAVA_TOOL_OPTIONS", "-Dchosen.on.purpose=1")
                .containsEntry("FROM_THE_USER", "yes");
    }

    /** No /proc: the launcher needs LD_LIBRARY_PATH for the JVM; the service gets the user's. */
    @Test
    void withoutProc_theLaunchersLibraryPathStaysTheJvms() throws Exception {
        assumeTrue(new ProcessBuilder("unshare", "-m", "true").start().waitFor() == 0,
                "no private mount namespace here");
        Map<String, String> env = run(Map.of("LD_LIBRARY_PATH", "/opt/the-users-own",
                "_JAVA_SR_SIGNUM", "44"), List.of("unshare", "-m", "sh", "-c",
                "umount -l /proc && exec \"$0\" \"$@\""));
        assertThat(env).containsEntry("LD_LIBRARY_PATH", "/opt/the-users-own")
                .containsEntry("_JAVA_SR_SIGNUM", "44")
                .doesNotContainKey("DINITJ_LAUNCHER_ENV");
        assertThat(env.keySet()).noneMatch(k -> k.startsWith("DINITJ_SAVED_"));
        // The unset case without /proc: the variable is the JVM's alone.
        Map<String, String> bare = run(Map.of(), List.of("unshare", "-m", "sh", "-c",
                "umount -l /proc && exec \"$0\" \"$@\""));
        assertThat(bare).doesNotContainKeys("LD_LIBRARY_PATH", "_JAVA_SR_SIGNUM");
    }

    private Map<String, String> run(Map<String, String> extra, List<String> wrapper)
            throws IOException, InterruptedException {
        Path services = Files.createDirectories(dir.resolve("sd" + extra.size() + wrapper.size()));
        Path out = services.resolve("env.out");
        Files.writeString(services.resolve("boot"), "type = process\n"
                + "command = /bin/sh -c \"env > " + out + "\"\nrestart = false\n");
        List<String> cmd = new java.util.ArrayList<>(wrapper);
        cmd.addAll(List.of(root.resolve("bin/dinit").toString(), "-u", "-q", "-d",
                services.toString(), "-p", services.resolve("socket").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("LD_LIBRARY_PATH");
        pb.environment().remove("_JAVA_SR_SIGNUM");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("DINITJ_NO_BUILD", "1");
        pb.environment().put("FROM_THE_USER", "yes");
        pb.environment().putAll(extra);
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("daemon ended").isTrue();
            String console = new String(p.getInputStream().readAllBytes());
            assertThat(p.exitValue()).as(console).isZero();
            assertThat(out).as(console).isRegularFile();
        } finally {
            p.destroyForcibly();
        }
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                Map.Entry::getValue));
    }
}
