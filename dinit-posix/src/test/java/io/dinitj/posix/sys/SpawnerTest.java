package io.dinitj.posix.sys;

import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.WaitStatus;
import io.dinitj.posix.loop.EventLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.dinitj.posix.sys.PosixTesting.ENV;
import static io.dinitj.posix.sys.PosixTesting.NATIVE;
import static io.dinitj.posix.sys.PosixTesting.childFds;
import static io.dinitj.posix.sys.PosixTesting.read;
import static io.dinitj.posix.sys.PosixTesting.request;
import static io.dinitj.posix.sys.PosixTesting.statFields;
import static io.dinitj.posix.sys.PosixTesting.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real children through posix_spawn: what they see, and that nothing leaks. */
@Timeout(30)
class SpawnerTest {

    private static final List<String> LS_FDS = List.of("/bin/ls", "-l", "/proc/self/fd");

    private final Spawner spawner = new Spawner(NATIVE);

    @TempDir
    Path dir;

    /** The exit code reaches the wait status. */
    @Test
    void exitCode_isInTheWaitStatus() {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            int pid = cl.spawn(spawner, request(List.of("/bin/sh", "-c", "exit 3"), -1, null));
            int status = cl.waitFor(pid);
            assertThat(WaitStatus.didExit(status)).isTrue();
            assertThat(WaitStatus.exitCode(status)).isEqualTo(3);
        }
    }

    /** Without extra fds the child has exactly 0, 1 and 2: nothing of the JVM's leaks. */
    @Test
    void child_seesOnlyStdio() {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            Path out = dir.resolve("out");
            int fd = cl.create(out);
            cl.waitFor(cl.spawn(spawner, request(LS_FDS, fd, null)));
            Map<Integer, String> fds = childFds(read(out));
            assertThat(fds).containsOnlyKeys(0, 1, 2);
            assertThat(fds.get(0)).isEqualTo("/dev/null");
            assertThat(fds.get(1)).isEqualTo(out.toString());
            assertThat(fds.get(2)).isEqualTo(out.toString());
        }
    }

    /** A pipe end at fixed number 3, and a descriptor passed at its own (close-on-exec) number. */
    @Test
    void fdMap_fixedNumber_andOwnNumber() {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            Path out = dir.resolve("out");
            int fd = cl.create(out);
            int[] p = cl.pipe();
            int own = cl.create(dir.resolve("own"));
            cl.waitFor(cl.spawn(spawner, request(LS_FDS, fd, new int[] {p[1], 3, own, own})));
            Map<Integer, String> fds = childFds(read(out));
            assertThat(fds).containsOnlyKeys(0, 1, 2, 3, own);
            assertThat(fds.get(3)).isEqualTo(target(p[1]));
            assertThat(fds.get(own)).isEqualTo(dir.resolve("own").toString());
        }
    }

    /**
     * Child numbers that collide with other sources: two descriptors swapped, and standard output
     * taken from a descriptor whose number another entry targets.
     */
    @Test
    void fdMap_collidingNumbers() {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            Path out = dir.resolve("out");
            int o = cl.create(out);
            int a = cl.create(dir.resolve("a"));
            int b = cl.create(dir.resolve("b"));
            // a and b swapped.
            int[] map = {a, b, b, a};
            cl.waitFor(cl.spawn(spawner, request(LS_FDS, o, map)));
            Map<Integer, String> fds = childFds(read(out));
            assertThat(fds).containsOnlyKeys(0, 1, 2, a, b);
            assertThat(fds.get(1)).isEqualTo(out.toString());
            assertThat(fds.get(a)).isEqualTo(dir.resolve("b").toString());
            assertThat(fds.get(b)).isEqualTo(dir.resolve("a").toString());

            // Standard output from o2, while a goes to number o2 and o2 to number a.
            Path out2 = dir.resolve("out2");
            int o2 = cl.create(out2);
            cl.waitFor(cl.spawn(spawner, request(LS_FDS, o2, new int[] {a, o2, o2, a})));
            fds = childFds(read(out2));
            assertThat(fds).containsOnlyKeys(0, 1, 2, a, o2);
            assertThat(fds.get(1)).isEqualTo(out2.toString());
            assertThat(fds.get(o2)).isEqualTo(dir.resolve("a").toString());
            assertThat(fds.get(a)).isEqualTo(out2.toString());
        }
    }

    /** Standard error apart from standard output, and /dev/null for both. */
    @Test
    void stderr_separateOrDevNull() {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            int o = cl.create(out);
            int e = cl.create(err);
            cl.waitFor(cl.spawn(spawner, new SpawnRequest("/bin/sh",
                    List.of("sh", "-c", "echo to-out; echo to-err >&2"), ENV, null, -1, o, e,
                    null, false)));
            assertThat(read(out)).isEqualTo("to-out\n");
            assertThat(read(err)).isEqualTo("to-err\n");

            Path out2 = dir.resolve("out2");
            int o2 = cl.create(out2);
            cl.waitFor(cl.spawn(spawner, new SpawnRequest("/bin/ls", LS_FDS, ENV, null, -1, o2,
                    -1, null, false)));
            assertThat(childFds(read(out2)).get(2)).isEqualTo("/dev/null");
        }
    }

    /** argv[0] is passed as given and the environment is exactly the request's. */
    @Test
    void argvAndEnvironment() {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            Path out = dir.resolve("out");
            int o = cl.create(out);
            cl.waitFor(cl.spawn(spawner, new SpawnRequest("/bin/sh",
                    List.of("sh", "-c", "echo \"$0|$1|$FOO\"", "my-name", "ärg"),
                    List.of("FOO=bar baz"), null, -1, o, -2, null, false)));
            assertThat(read(out)).isEqualTo("my-name|ärg|bar baz\n");

            Path out2 = dir.resolve("out2");
            int o2 = cl.create(out2);
            cl.waitFor(cl.spawn(spawner, new SpawnRequest("/usr/bin/env", List.of("env"),
                    List.of("FOO=bar baz", "X=ü"), null, -1, o2, -2, null, false)));
            assertThat(read(out2)).isEqualTo("FOO=bar baz\nX=ü\n");
        }
    }

    /** The working directory, and a missing one fails with ENOENT. */
    @Test
    void workingDirectory() throws Exception {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            Path out = dir.resolve("out");
            int o = cl.create(out);
            Path work = Files.createDirectory(dir.resolve("wörk"));
            cl.waitFor(cl.spawn(spawner, new SpawnRequest("/bin/pwd", List.of("pwd", "-P"), ENV,
                    work.toString(), -1, o, -2, null, false)));
            assertThat(read(out)).isEqualTo(work.toRealPath() + "\n");

            SpawnResult missing = spawner.spawn(new SpawnRequest("/bin/pwd", List.of("pwd"), ENV,
                    dir.resolve("missing").toString(), -1, -1, -1, null, false));
            assertThat(missing).isEqualTo(new SpawnResult(-1, Errno.ENOENT));
        }
    }

    /** A new session: pid == pgid == sid; without it the child stays in ours. */
    @Test
    void newSession() throws Exception {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            List<String> argv = List.of("/bin/cat", "/proc/self/stat");
            Path out = dir.resolve("out");
            int o = cl.create(out);
            int pid = cl.spawn(spawner,
                    new SpawnRequest("/bin/cat", argv, ENV, null, -1, o, -2, null, true));
            cl.waitFor(pid);
            String[] f = statFields(read(out));
            assertThat(f[2]).as("pgid").isEqualTo(Integer.toString(pid));
            assertThat(f[3]).as("sid").isEqualTo(Integer.toString(pid));

            Path out2 = dir.resolve("out2");
            int o2 = cl.create(out2);
            cl.waitFor(cl.spawn(spawner,
                    new SpawnRequest("/bin/cat", argv, ENV, null, -1, o2, -2, null, false)));
            String[] mine = statFields(Files.readString(Path.of("/proc/self/stat")));
            String[] child = statFields(read(out2));
            assertThat(child[2]).as("pgid").isEqualTo(mine[2]);
            assertThat(child[3]).as("sid").isEqualTo(mine[3]);
        }
    }

    /** A missing program is ENOENT, a non-executable one EACCES. */
    @Test
    void missingOrNotExecutable_isAnErrno() throws Exception {
        SpawnResult missing = spawner.spawn(request(List.of("/no/such/program"), -1, null));
        assertThat(missing).isEqualTo(new SpawnResult(-1, Errno.ENOENT));
        assertThat(missing.ok()).isFalse();
        Path plain = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");
        SpawnResult notExec = spawner.spawn(request(List.of(plain.toString()), -1, null));
        assertThat(notExec).isEqualTo(new SpawnResult(-1, Errno.EACCES));
    }

    /** A source descriptor that is not open fails the spawn with EBADF. */
    @Test
    void closedSource_isEbadf() {
        int[] p = new int[2];
        assertThat(NATIVE.pipe(p)).isZero();
        NATIVE.close(p[0]);
        NATIVE.close(p[1]);
        SpawnResult r = spawner.spawn(request(List.of("/bin/true"), -1, new int[] {p[1], 3}));
        assertThat(r).isEqualTo(new SpawnResult(-1, Errno.EBADF));
    }

    /**
     * The child starts with an empty signal mask and default dispositions: the daemon ignores
     * SIGINT, yet the child dies of it.
     */
    @Test
    void signalMaskAndDispositions_areReset() {
        try (EventLoop loop = new EventLoop(NATIVE);
                PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            loop.ignoreSignal("INT");
            Path out = dir.resolve("out");
            int o = cl.create(out);
            cl.waitFor(cl.spawn(spawner, request(List.of("/bin/cat", "/proc/self/status"), o,
                    null)));
            String status = read(out);
            assertThat(status).contains("SigBlk:\t0000000000000000");
            // glibc leaves its internal signals 32 and 33 alone; 1 to 31 must be default.
            assertThat(mask(status, "SigIgn") & 0x7fffffffL).isZero();

            int pid = cl.spawn(spawner, request(List.of("/bin/sleep", "30"), -1, null));
            assertThat(NATIVE.kill(pid, 2)).isZero();
            int ws = cl.waitFor(pid);
            assertThat(WaitStatus.wasSignalled(ws)).isTrue();
            assertThat(WaitStatus.signal(ws)).isEqualTo(2);
        }
    }

    private static long mask(String procStatus, String field) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseUnsignedLong(line.substring(field.length() + 1).trim(), 16);
            }
        }
        throw new AssertionError("no " + field);
    }

    /** Bad requests are refused before anything is spawned. */
    @Test
    void badRequests_throw() {
        assertThatThrownBy(() -> new SpawnRequest("/bin/true", List.of(), ENV, null, -1, -1, -1,
                null, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request(List.of("/bin/true"), -1, new int[] {5}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request(List.of("/bin/true"), -1, new int[] {5, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request(List.of("/bin/true"), -1, new int[] {5, 3, 6, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request(List.of("/bin/true"), -3, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Many spawns leave no descriptor behind; prints the time per spawn. */
    @Test
    void manySpawns_leakNoFds() {
        int spawns = 300;
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            // Warm up, so the count below is not disturbed by first-use descriptors.
            cl.waitFor(cl.spawn(spawner, request(List.of("/bin/true"), -1, null)));
        }
        int before = NATIVE.openFdCount();
        long elapsed = 0;
        for (int i = 0; i < spawns; i++) {
            try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
                int[] p = cl.pipe();
                long t0 = System.nanoTime();
                int pid = cl.spawn(spawner, new SpawnRequest("/bin/true", List.of("true"), ENV,
                        "/", -1, p[1], -2, new int[] {p[1], 3}, (i & 1) == 0));
                elapsed += System.nanoTime() - t0;
                cl.waitFor(pid);
            }
        }
        assertThat(NATIVE.openFdCount()).isEqualTo(before);
        System.out.printf("SpawnerTest: %d spawns, %.0f us per posix_spawn%n", spawns,
                elapsed / 1000.0 / spawns);
    }
}
