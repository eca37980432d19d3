package io.dinitj.shell.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one "is the build current" rule of the launchers (bin/lib/build.sh), run by bash on a
 * small made-up checkout: a module is current when its target/.built stamp, which the Maven
 * build writes, is newer than its sources, its POM and the parent POMs.
 */
class BuildRuleTest {

    private static final Path LIB = root().resolve("bin/lib/build.sh");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tree;

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("bin/lib/build.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no bin/lib/build.sh above the working directory");
        }
        return p;
    }

    @BeforeEach
    void lay() throws IOException {
        file("pom.xml", 0);
        file("plugins/pom.xml", 0);
        file("core/pom.xml", 0);
        file("core/src/main/java/A.java", 0);
        file("core/src/test/java/ATest.java", 0);
        file("core/target/.built", 10);
        file("plugins/p/pom.xml", 0);
        file("plugins/p/src/main/java/P.java", 0);
        file("plugins/p/target/.built", 10);
    }

    private void file(String name, long seconds) throws IOException {
        Path p = tree.resolve(name);
        Files.createDirectories(p.getParent());
        if (!Files.exists(p)) {
            Files.createFile(p);
        }
        Files.setLastModifiedTime(p, FileTime.from(T0.plusSeconds(seconds)));
        // Directories count too (a deleted source changes its directory): old, like the files.
        for (Path d = p.getParent(); !d.equals(tree); d = d.getParent()) {
            Files.setLastModifiedTime(d, FileTime.from(T0));
        }
    }

    private boolean stale(String... modules) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(modules)).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(out).isEmpty();
        return p.exitValue() == 0;
    }

    private String[] command(String... modules) {
        String[] c = new String[5 + modules.length];
        c[0] = "bash";
        c[1] = "-c";
        c[2] = ". \"$0\"; dinitj_stale \"$@\"";
        c[3] = LIB.toString();
        c[4] = tree.toString();
        System.arraycopy(modules, 0, c, 5, modules.length);
        return c;
    }

    @Test
    void builtModules_areCurrent() throws Exception {
        assertThat(stale("core", "plugins/p")).isFalse();
    }

    @Test
    void aModuleWithoutStamp_isStale() throws Exception {
        Files.delete(tree.resolve("core/target/.built"));
        assertThat(stale("core")).isTrue();
        assertThat(stale("plugins/p")).isFalse();
    }

    @Test
    void aNewerMainSource_makesOnlyItsModuleStale() throws Exception {
        file("core/src/main/java/A.java", 20);
        assertThat(stale("core")).isTrue();
        assertThat(stale("plugins/p")).isFalse();
    }

    @Test
    void aNewerTestSource_doesNotCount() throws Exception {
        file("core/src/test/java/ATest.java", 20);
        assertThat(stale("core")).isFalse();
    }

    @Test
    void aDeletedMainSource_makesItsModuleStale() throws Exception {
        Files.delete(tree.resolve("core/src/main/java/A.java"));
        assertThat(stale("core")).isTrue();
    }

    @Test
    void newerPoms_count() throws Exception {
        file("core/pom.xml", 20);
        assertThat(stale("core")).isTrue();
        lay();
        file("plugins/pom.xml", 20);
        assertThat(stale("plugins/p")).isTrue();
        assertThat(stale("core")).isFalse();
        lay();
        file("pom.xml", 20);
        assertThat(stale("core")).isTrue();
    }
}
