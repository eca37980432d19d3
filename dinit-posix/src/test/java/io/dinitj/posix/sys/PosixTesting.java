package io.dinitj.posix.sys;

import io.dinitj.api.spi.Errno;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the platform tests share: spawning real children and always cleaning up after them, and
 * reading what a child saw.
 */
public final class PosixTesting {

    public static final Posix NATIVE = JnrPosix.get();
    public static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "LC_ALL=C");

    private PosixTesting() {
    }

    /**
     * Descriptors and children a test opened. Closing it kills (SIGKILL) and reaps every child
     * not yet marked reaped and closes every descriptor, so a failing test leaks nothing.
     */
    public static final class Cleanup implements AutoCloseable {
        private final List<Integer> fds = new ArrayList<>();
        private final List<Integer> pids = new ArrayList<>();

        /** Remembers an fd to close; returns it. Negative values (errors) are not remembered. */
        public int fd(int fd) {
            if (fd >= 0) {
                fds.add(fd);
            }
            return fd;
        }

        /** Closes an fd now. */
        public void close(int fd) {
            if (fds.remove((Integer) fd)) {
                NATIVE.close(fd);
            }
        }

        /** A pipe whose two ends are closed at the end; [read, write]. */
        public int[] pipe() {
            int[] p = new int[2];
            int r = NATIVE.pipe(p);
            if (r != 0) {
                throw new IllegalStateException("pipe: " + r);
            }
            fd(p[0]);
            fd(p[1]);
            return p;
        }

        /** Opens a file for writing (created, truncated), closed at the end. */
        public int create(Path file) {
            int fd = NATIVE.open(file.toString(),
                    Posix.O_WRONLY | Posix.O_CREAT | Posix.O_TRUNC, 0644);
            if (fd < 0) {
                throw new IllegalStateException("open " + file + ": " + fd);
            }
            return fd(fd);
        }

        /** Spawns, remembering the child to kill at the end; the result must be a success. */
        public int spawn(Spawner s, SpawnRequest r) {
            SpawnResult res = s.spawn(r);
            if (!res.ok()) {
                throw new IllegalStateException("spawn " + r.argv() + ": errno " + res.errno());
            }
            pids.add(res.pid());
            return res.pid();
        }

        /** Marks a child as reaped by someone else (the event loop), so it is not killed. */
        public void reaped(int pid) {
            synchronized (pids) {
                pids.remove((Integer) pid);
            }
        }

        /** Waits for a child this test spawned and returns its wait status. */
        public int waitFor(int pid) {
            int status = PosixTesting.waitFor(pid);
            reaped(pid);
            return status;
        }

        @Override
        public void close() {
            List<Integer> left;
            synchronized (pids) {
                left = new ArrayList<>(pids);
                pids.clear();
            }
            for (int pid : left) {
                NATIVE.kill(pid, 9);
                PosixTesting.waitFor(pid);
            }
            for (int fd : fds) {
                NATIVE.close(fd);
            }
            fds.clear();
        }
    }

    /** Blocks until the child exits and returns its wait status, or -errno (ECHILD if reaped). */
    public static int waitFor(int pid) {
        int[] status = new int[1];
        while (true) {
            int r = NATIVE.waitpid(pid, status, 0);
            if (r == pid) {
                return status[0];
            }
            if (r != -Errno.EINTR) {
                return r;
            }
        }
    }

    /** A request with the usual defaults: no directory, /dev/null input, stdout/err as given. */
    public static SpawnRequest request(List<String> argv, int stdout, int[] fdMap) {
        return new SpawnRequest(argv.get(0), argv, ENV, null, -1, stdout,
                SpawnRequest.SAME_AS_STDOUT, fdMap, false);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses {@code ls -l /proc/self/fd} output into fd number to link target, leaving out the
     * directory ls itself opened to list them.
     */
    public static Map<Integer, String> childFds(String lsOutput) {
        Map<Integer, String> out = new TreeMap<>();
        for (String line : lsOutput.split("\n")) {
            int arrow = line.indexOf(" -> ");
            if (arrow < 0) {
                continue;
            }
            String target = line.substring(arrow + 4).trim();
            String left = line.substring(0, arrow).trim();
            int fd = Integer.parseInt(left.substring(left.lastIndexOf(' ') + 1));
            if (target.matches("/proc/\\d+/fd")) {
                continue;
            }
            out.put(fd, target);
        }
        return out;
    }

    /** What this process's {@code fd} refers to, as {@code /proc/self/fd} shows it. */
    public static String target(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fields of {@code /proc/<pid>/stat} after the command name: [0] is field 3 (state). */
    public static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }
}
