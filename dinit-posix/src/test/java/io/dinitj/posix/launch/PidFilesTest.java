package io.dinitj.posix.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a bgprocess pid file: the pid, 0 for no valid pid, minus errno when unreadable. */
class PidFilesTest {

    @TempDir
    Path dir;

    @Test
    void read_givesThePidNoPidOrTheError() throws IOException {
        Path f = dir.resolve("a.pid");
        assertThat(PidFiles.read(f)).isEqualTo(-2);
        Files.writeString(f, "1234\n");
        assertThat(PidFiles.read(f)).isEqualTo(1234);
        Files.writeString(f, "0x10");
        assertThat(PidFiles.read(f)).isEqualTo(16);
        Files.writeString(f, "junk\n");
        assertThat(PidFiles.read(f)).isZero();
        Files.writeString(f, "99999999999");
        assertThat(PidFiles.read(f)).isZero();
        assertThat(PidFiles.read(dir)).isEqualTo(-5);
    }
}
