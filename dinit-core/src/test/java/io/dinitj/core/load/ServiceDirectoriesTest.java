package io.dinitj.core.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceDirectoriesTest {

    @TempDir
    Path tmp;

    private static List<String> dirs(ServiceDirectories d) {
        return d.dirs().stream().map(Path::toString).toList();
    }

    /** System mode searches the four system directories in upstream's order. */
    @Test
    void system_order() {
        assertThat(dirs(ServiceDirectories.system())).containsExactly("/etc/dinit.d",
                "/run/dinit.d", "/usr/local/lib/dinit.d", "/lib/dinit.d");
    }

    /** User mode: XDG_CONFIG_HOME (one trailing slash stripped), HOME, then the shared dirs. */
    @Test
    void user_order() {
        assertThat(dirs(ServiceDirectories.user(Map.of("XDG_CONFIG_HOME", "/x/cfg/",
                "HOME", "/home/u"), null))).containsExactly("/x/cfg/dinit.d",
                "/home/u/.config/dinit.d", "/etc/dinit.d/user", "/usr/lib/dinit.d/user",
                "/usr/local/lib/dinit.d/user");
    }

    /** HOME's directory is skipped when it is the XDG one; HOME falls back to passwd. */
    @Test
    void user_homeRules() {
        assertThat(dirs(ServiceDirectories.user(Map.of("XDG_CONFIG_HOME", "/home/u/.config",
                "HOME", "/home/u"), null))).startsWith("/home/u/.config/dinit.d",
                "/etc/dinit.d/user");
        assertThat(dirs(ServiceDirectories.user(Map.of("XDG_CONFIG_HOME", ""), "/home/pw")))
                .startsWith("/home/pw/.config/dinit.d");
    }

    /** With neither XDG_CONFIG_HOME nor a home directory, user mode uses the system dirs. */
    @Test
    void user_withoutHome_fallsBackToSystem() {
        assertThat(dirs(ServiceDirectories.user(Map.of(), null)))
                .isEqualTo(dirs(ServiceDirectories.system()));
    }

    /** The first directory holding the file wins. */
    @Test
    void find_firstDirectoryWins() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(b.resolve("svc"), "");
        Files.writeString(a.resolve("svc"), "");
        ServiceDirectories d = new ServiceDirectories(List.of(a, b));
        assertThat(d.find("svc")).isEqualTo(new ServiceDirectories.Found(a.resolve("svc"), a));
        assertThat(d.find("none")).isInstanceOf(ServiceDirectories.NotFound.class);
    }

    /** An error in one directory is reported only if no later directory has the file. */
    @Test
    void find_errorsReportedOnlyWhenNotFound() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("plain-file"), "");
        Path good = Files.createDirectories(tmp.resolve("good"));
        Files.writeString(good.resolve("svc"), "");
        ServiceDirectories d = new ServiceDirectories(List.of(notADir, good));
        assertThat(d.find("svc")).isInstanceOf(ServiceDirectories.Found.class);
        ServiceDirectories.Lookup missing = d.find("other");
        assertThat(missing).isEqualTo(new ServiceDirectories.Failed(notADir.resolve("other"),
                "Not a directory"));
    }

    /** A directory with the service's name is not a service file. */
    @Test
    void find_directoryIsNotAFile() throws IOException {
        Files.createDirectories(tmp.resolve("svc"));
        assertThat(new ServiceDirectories(List.of(tmp)).find("svc"))
                .isEqualTo(new ServiceDirectories.Failed(tmp.resolve("svc"), "Is a directory"));
    }
}
