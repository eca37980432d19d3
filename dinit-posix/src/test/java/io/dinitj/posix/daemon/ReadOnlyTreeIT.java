package io.dinitj.posix.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bin/dinit runs from a tree it cannot write: with no class-data archive yet it must not ask
 * the JVM to make one (the JVM then refuses to start). The tree is a copy of the launcher and
 * the built daemon's jar, mounted read-only in a private mount namespace (root, as in CI).
 * Needs the packaged dinit-posix jar, so failsafe runs it after package (./mvnw verify).
 */
class ReadOnlyTreeIT {

    @TempDir
    Path tree;

    @Test
    void daemonStartsFromAReadOnlyTreeWithoutAnArchive() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent(); // the module's parent: the checkout
        Path jar = root.resolve("dinit-posix/target/dinit-posix.jar");
        Path cp = root.resolve("dinit-posix/target/classpath.txt");
        assertThat(jar).as("packaged before integration-test").isRegularFile();
        assertThat(cp).isRegularFile();
        assumeTrue(run("unshare", "-m", "true") == 0, "no private mount namespace here");
        Files.createDirectories(tree.resolve("bin/lib"));
        Files.copy(root.resolve("bin/dinit"), tree.resolve("bin/dinit"));
        Files.copy(root.resolve("bin/lib/build.sh"), tree.resolve("bin/lib/build.sh"));
        Files.copy(root.resolve("bin/lib/launch.sh"), tree.resolve("bin/lib/launch.sh"));
        Files.createDirectories(tree.resolve("target"));
        Path target = Files.createDirectories(tree.resolve("dinit-posix/target"));
        Files.createSymbolicLink(target.resolve("dinit-posix.jar"), jar);
        Files.copy(cp, target.resolve("classpath.txt"));
        String t = tree.toString();
        int status = run("unshare", "-m", "sh", "-c", "mount --bind \"$0\" \"$0\""
                + " && mount -o remount,bind,ro \"$0\" && DINITJ_NO_BUILD=1 \"$0/bin/dinit\""
                + " --version", t);
        assertThat(status).as(out).isZero();
        assertThat(out).startsWith("Dinit version");
        assertThat(tree.resolve("target/dinit.jsa")).doesNotExist();
    }

    private String out = "";

    private int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        out = new String(p.getInputStream().readAllBytes());
        return p.exitValue();
    }
}
