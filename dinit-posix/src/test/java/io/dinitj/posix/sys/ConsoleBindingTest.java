package io.dinitj.posix.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tests' console binding works both where {@code /dev/console} exists and where it does
 * not (simulated: a mount namespace whose {@code /dev} is a tmpfs with a few devices and no
 * console, as a container without a terminal has), and leaves the devices usable.
 */
class ConsoleBindingTest {

    private static String run(Path dir, String setup) throws Exception {
        Path console = Files.writeString(dir.resolve("console"), "");
        String script = setup + ConsoleBinding.bindOver("'" + console + "'",
                dir.resolve("old-dev"))
                + "echo on-the-console > /dev/console && echo x > /dev/null"
                + " && head -c 4 /dev/urandom > /dev/null && echo devices-ok\n";
        Process p = new ProcessBuilder("unshare", "--mount", "sh", "-c", script)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("devices-ok");
        return Files.readString(console);
    }

    private static Path dir(String name) throws Exception {
        Path base = Files.createDirectories(Path.of("target", "it").toAbsolutePath());
        return Files.createTempDirectory(base, name + "-");
    }

    @Test
    void bindsOverAnExistingConsole() throws Exception {
        assertThat(run(dir("console-bind"), "")).isEqualTo("on-the-console\n");
    }

    @Test
    void makesAConsoleWhereThereIsNone() throws Exception {
        Path dir = dir("console-none");
        Path fake = Files.createDirectories(dir.resolve("fake-dev"));
        String noConsole = "mount -t tmpfs fake '" + fake + "' || exit 8\n"
                + "for n in null zero urandom; do touch '" + fake + "'/$n"
                + " && mount --bind /dev/$n '" + fake + "'/$n || exit 8; done\n"
                + "ln -s /proc/self/fd '" + fake + "'/fd\n"
                + "mount --rbind '" + fake + "' /dev || exit 8\n"
                + "[ ! -e /dev/console ] || exit 7\n";
        assertThat(run(dir, noConsole)).isEqualTo("on-the-console\n");
    }
}
