package io.dinitj.posix.launch;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** When the daemon makes and closes a producer's log pipe, with real pipes. */
class LogPipesTest {

    @TempDir
    Path dir;

    private final Posix posix = JnrPosix.get();
    private final LogPipes pipes = new LogPipes(posix);

    @AfterEach
    void closeLeftovers() {
        for (String name : List.of("producer", "consumer", "other")) {
            pipes.unloaded(name);
        }
    }

    private ServiceDescription describe(String name, String... lines) throws Exception {
        return TestServices.describe(dir, name, lines);
    }

    private static String flags(int fd) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd)).stream()
                .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
    }

    /** Both ends are one pipe, made once, blocking (the children's stdin and stdout). */
    @Test
    void oneBlockingPipePerProducerMadeOnce() throws Exception {
        pipes.described(describe("producer", "type = process", "command = /bin/true",
                "log-type = pipe"));
        assertThat(pipes.isOpen("producer")).isFalse();
        int w = pipes.writeEnd("producer");
        int r = pipes.readEnd("producer");
        assertThat(w).isPositive();
        assertThat(r).isPositive().isNotEqualTo(w);
        assertThat(pipes.writeEnd("producer")).isEqualTo(w);
        assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + w)))
                .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/fd/" + r)));
        // O_NONBLOCK is octal 04000 in the fdinfo flags; O_CLOEXEC 02000000 is set.
        for (int fd : new int[] {r, w}) {
            long f = Long.parseLong(flags(fd).substring("flags:".length()).trim(), 8);
            assertThat(f & 04000).as("O_NONBLOCK on %d", fd).isZero();
            assertThat(f & 02000000).as("O_CLOEXEC on %d", fd).isNotZero();
        }
        byte[] data = "line\n".getBytes();
        assertThat(posix.write(w, data, 0, data.length)).isEqualTo(data.length);
        byte[] got = new byte[16];
        assertThat(posix.read(r, got, 0, got.length)).isEqualTo(data.length);
        assertThat(pipes.openCount()).isEqualTo(1);
    }

    /** The pipe lives while the producer or its consumer is loaded, and no longer. */
    @Test
    void closedWhenNeitherSideIsLoaded() throws Exception {
        pipes.described(describe("producer", "type = process", "command = /bin/true",
                "log-type = pipe"));
        pipes.described(describe("consumer", "type = process", "command = /bin/cat",
                "consumer-of = producer"));
        pipes.described(describe("other", "type = process", "command = /bin/true"));
        pipes.writeEnd("producer");
        pipes.unloaded("producer");
        assertThat(pipes.isOpen("producer")).as("consumer still loaded").isTrue();
        pipes.unloaded("other");
        assertThat(pipes.isOpen("producer")).isTrue();
        pipes.unloaded("consumer");
        assertThat(pipes.isOpen("producer")).isFalse();
        assertThat(pipes.openCount()).isZero();
    }

    /** A consumer may make the pipe before its producer is loaded at all (a placeholder). */
    @Test
    void consumerFirstThenProducerUnloadedKeepsIt() throws Exception {
        pipes.described(describe("consumer", "type = process", "command = /bin/cat",
                "consumer-of = producer"));
        int r = pipes.readEnd("producer");
        pipes.described(describe("producer", "type = process", "command = /bin/true",
                "log-type = pipe"));
        int w = pipes.writeEnd("producer");
        assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + w)))
                .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/fd/" + r)));
        pipes.unloaded("consumer");
        assertThat(pipes.isOpen("producer")).as("producer still logs to it").isTrue();
        // Reloaded to log elsewhere with no consumer: nothing refers to the pipe.
        pipes.described(describe("producer", "type = process", "command = /bin/true",
                "log-type = buffer"));
        assertThat(pipes.isOpen("producer")).isFalse();
    }

    /** A consumer reloaded to consume another service lets go of the old producer's pipe. */
    @Test
    void consumerReloadedElsewhereReleasesOldPipe() throws Exception {
        pipes.described(describe("consumer", "type = process", "command = /bin/cat",
                "consumer-of = producer"));
        pipes.readEnd("producer");
        pipes.described(describe("consumer", "type = process", "command = /bin/cat",
                "consumer-of = other"));
        assertThat(pipes.isOpen("producer")).isFalse();
    }
}
