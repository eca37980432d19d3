package io.dinitj.posix.daemon;

import io.dinitj.posix.sys.ConsoleBinding;
import io.dinitj.posix.sys.ProcessTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real daemon in its own JVM, on a private service directory and socket under
 * {@code target/}, with its console captured line by line. Waits poll for a condition with a
 * generous deadline (never a fixed sleep). {@link #close()} stops the daemon and kills every
 * process it left behind, even when a test failed.
 */
final class DaemonHarness implements AutoCloseable {

    private static final long DEADLINE_MS = 20_000;

    final Path dir;
    final Path services;
    final Path socket;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> beforeShutdown = new ArrayList<>();
    private final List<String> options = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> wrapper = new ArrayList<>();
    /** The file bound over /dev/console ({@link #consoleInFile()}), or null. */
    private Path consoleFile;
    /** The console's line being written (not ended yet), as the reader last saw it. */
    private volatile String partialLine = "";
    private boolean terminal;
    private long daemonPid;
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;
    private Thread reader;

    DaemonHarness(String name) throws IOException {
        Path base = Path.of("target", "it").toAbsolutePath();
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, name + "-");
        services = Files.createDirectories(dir.resolve("services"));
        socket = dir.resolve("socket");
    }

    /** Writes a service file. */
    DaemonHarness service(String name, String... settings) throws IOException {
        Files.writeString(services.resolve(name), String.join("\n", settings) + "\n");
        return this;
    }

    /** Adds daemon options (such as {@code -e FILE}) for {@link #start}. */
    DaemonHarness options(String... more) {
        options.addAll(Arrays.asList(more));
        return this;
    }

    /** Sets a variable in the daemon's own environment for {@link #start}. */
    DaemonHarness environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * Runs the daemon under a wrapper command, such as
     * {@code unshare --pid --fork --kill-child --mount-proc} to make it PID 1 of a new PID
     * namespace. The wrapper must run the daemon as its only child.
     */
    DaemonHarness wrappedIn(String... command) {
        wrapper.addAll(Arrays.asList(command));
        return this;
    }

    /**
     * Runs the daemon on a pseudo-terminal of its own, under util-linux {@code script}: the
     * terminal is the daemon's standard input, output and error and its controlling terminal
     * (the daemon leads a new session), and what is written to it reaches {@link #lines()}.
     */
    DaemonHarness onTerminal() {
        terminal = true;
        return this;
    }

    /**
     * For a daemon that is PID 1 of a mount namespace (a system manager, which reopens its
     * standard descriptors on {@code /dev/console}): binds a file of the harness over
     * {@code /dev/console} inside the namespace, and reads what is written there into
     * {@link #lines()} too. Call after {@link #wrappedIn} with an {@code unshare} that makes a
     * mount namespace.
     */
    DaemonHarness consoleInFile() throws IOException {
        consoleFile = Files.createFile(dir.resolve("console"));
        wrapper.addAll(List.of("sh", "-c", ConsoleBinding.bindOver("\"$0\"",
                dir.resolve("old-dev")) + "exec \"$@\"", consoleFile.toString()));
        return this;
    }

    /**
     * With {@link #onTerminal()}, for a daemon that is PID 1 of a mount namespace: binds the
     * terminal over {@code /dev/console} inside the namespace, so the console it reopens is the
     * terminal. Call after {@link #wrappedIn} with an {@code unshare} that makes a mount
     * namespace (and, to test a daemon without a controlling terminal, {@code setsid}).
     */
    DaemonHarness consoleOnTerminal() {
        wrapper.addAll(List.of("sh", "-c", ConsoleBinding.bindOver("\"$(tty)\"",
                dir.resolve("old-dev")) + "exec \"$@\"", "sh"));
        return this;
    }

    /** The console's last line while it is being written (no newline yet), else "". */
    String partialLine() {
        return partialLine;
    }

    /** Types keys on the daemon's terminal ({@link #onTerminal()}) or its standard input. */
    void type(String keys) throws IOException {
        process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** The pid of the daemon's JVM wherever it is under its wrappers, once it runs. */
    long javaPid() {
        long[] found = new long[1];
        await(() -> {
            for (String entry : descendants(pid(), true)) {
                long pid = Long.parseLong(entry.split(" ")[0]);
                if (runsDaemon(pid)) {
                    found[0] = pid;
                    return true;
                }
            }
            return runsDaemon(pid()) && (found[0] = pid()) > 0;
        }, "the daemon's JVM");
        return found[0];
    }

    /**
     * Makes the daemon's shutdown program ({@code -Ddinitj.shutdown}) a script that writes its
     * arguments to a file and exits 0, so a system manager's end can be watched and ends
     * nothing but the daemon's own process (or, as PID 1, its namespace). Before start.
     *
     * @return the file the arguments will be in, one line
     */
    Path recordShutdown() throws IOException {
        Path script = dir.resolve("fake-shutdown");
        Path args = dir.resolve("shutdown-args");
        // Written aside and renamed, so a test that sees the file sees all of it.
        Files.writeString(script, "#!/bin/sh\necho \"$*\" > '" + args + ".part' && mv '" + args
                + ".part' '" + args + "'\n");
        Files.setPosixFilePermissions(script,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        jvmOption("-Ddinitj.shutdown=" + script);
        return args;
    }

    /** Adds a JVM option (such as a system property) to the daemon; before start. */
    DaemonHarness jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Starts the daemon on the given services (user mode, private dirs). */
    DaemonHarness start(String... names) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xss256k", "-Xmx64m", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                DinitDaemon.class.getName(), "--user", "-d", services.toString(),
                "-p", socket.toString()));
        cmd.addAll(options);
        cmd.addAll(Arrays.asList(names));
        if (terminal) {
            StringBuilder line = new StringBuilder("exec");
            for (String arg : cmd) {
                line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
            }
            cmd = List.of("script", "-qfec", line.toString(), "/dev/null");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .directory(dir.toFile());
        pb.environment().put("_JAVA_SR_SIGNUM", "44");
        pb.environment().putAll(environment);
        process = pb.start();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8))) {
                // Line by line as readLine would ('\n', '\r\n' or '\r'), keeping the line
                // being written visible (a question waits for its answer on its own line).
                StringBuilder line = new StringBuilder();
                int c;
                boolean afterCr = false;
                while ((c = r.read()) >= 0) {
                    if (c == '\n' && afterCr) {
                        afterCr = false;
                        continue;
                    }
                    afterCr = c == '\r';
                    if (c == '\n' || c == '\r') {
                        lines.add(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                    partialLine = line.toString();
                }
                if (line.length() > 0) {
                    lines.add(line.toString());
                }
                partialLine = "";
            } catch (IOException e) {
                lines.add("(reader: " + e + ")");
            }
        }, "daemon-console");
        reader.setDaemon(true);
        reader.start();
        if (consoleFile != null) {
            Thread tail = new Thread(this::tailConsoleFile, "daemon-console-file");
            tail.setDaemon(true);
            tail.start();
        }
        return this;
    }

    /** Copies complete lines of {@link #consoleFile} into the lines, until the process ends. */
    private void tailConsoleFile() {
        long done = 0;
        StringBuilder partial = new StringBuilder();
        while (true) {
            boolean alive = process.isAlive();
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(consoleFile.toFile(),
                    "r")) {
                f.seek(done);
                byte[] buf = new byte[(int) Math.max(0, f.length() - done)];
                f.readFully(buf);
                done += buf.length;
                for (char c : new String(buf, StandardCharsets.UTF_8).toCharArray()) {
                    if (c == '\n') {
                        lines.add(partial.toString());
                        partial.setLength(0);
                    } else if (c != '\r') {
                        partial.append(c);
                    }
                }
            } catch (IOException e) {
                lines.add("(console file: " + e + ")");
                return;
            }
            if (!alive) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The process the harness started (the daemon or its wrapper) as a handle. */
    Process process() {
        return process;
    }

    /** The process the harness started: the daemon, or its wrapper. */
    long pid() {
        return process.pid();
    }

    /**
     * The daemon's pid (as this test sees it): the started process itself, unless a wrapper
     * that forks (such as {@code unshare --fork}, or {@code script} for {@link #onTerminal()})
     * runs it as its child. A wrapper that execs
     * (such as {@code setpriv}) leaves the daemon at the started pid.
     */
    long daemonPid() {
        if ((wrapper.isEmpty() && !terminal) || runsDaemon(pid())) {
            return pid();
        }
        if (daemonPid != 0) {
            return daemonPid;
        }
        long[] child = new long[1];
        await(() -> {
            List<String> c = descendants(pid(), false);
            if (c.size() != 1) {
                return false;
            }
            child[0] = Long.parseLong(c.get(0).split(" ")[0]);
            return true;
        }, "the daemon under its wrapper");
        daemonPid = child[0];
        return daemonPid;
    }

    /** True if the process is the daemon's JVM (its program is java, not a wrapper). */
    private static boolean runsDaemon(long pid) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc/" + pid
                    + "/cmdline")), StandardCharsets.UTF_8);
            return cmdline.split("\0", 2)[0].endsWith("/java")
                    && cmdline.contains(DinitDaemon.class.getName());
        } catch (IOException e) {
            return false;
        }
    }

    List<String> lines() {
        return lines;
    }

    /** Waits until the console has shown {@code line} at least {@code times} times. */
    void awaitLine(String line, int times) {
        await(() -> count(line) >= times, "console line '" + line + "' x" + times);
    }

    void awaitLine(String line) {
        awaitLine(line, 1);
    }

    /** Waits until some console line contains the text. */
    void awaitContaining(String text) {
        await(() -> lines.stream().anyMatch(l -> l.contains(text)), "console text '" + text + "'");
    }

    long count(String line) {
        return lines.stream().filter(line::equals).count();
    }

    void await(BooleanSupplier condition, String what) {
        await(condition, () -> what);
    }

    /** As {@link #await(BooleanSupplier, String)}, the description made only on a time-out. */
    void await(BooleanSupplier condition, Supplier<String> what) {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError(
                        "timed out waiting for " + what.get() + "; console: " + lines);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Sends a signal to the daemon; for TERM and INT, remembers its processes to check later. */
    void signal(String name) throws IOException, InterruptedException {
        if (name.equals("TERM") || name.equals("INT")) {
            beforeShutdown.addAll(descendants(pid(), true));
        }
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(daemonPid())).start();
        assertThat(k.waitFor()).isZero();
    }

    /** Waits for the daemon to exit and returns its status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("daemon did not exit; console: " + lines);
        }
        reader.join(DEADLINE_MS);
        for (String entry : beforeShutdown) {
            long pid = Long.parseLong(entry.split(" ")[0]);
            // A grandchild killed with its group may still be dying when the daemon exits.
            await(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "process " + entry + " of the daemon to be gone after it exited");
        }
        return process.exitValue();
    }

    /** The daemon's open file descriptors, by number. */
    List<String> fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(daemonPid()), "fd"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The daemon's fds with what each refers to ("3 -> pipe:[123]"), for failure messages. */
    List<String> fdTargets() {
        List<String> out = new ArrayList<>();
        try {
            for (String fd : fds()) {
                Path link = Path.of("/proc", Long.toString(daemonPid()), "fd", fd);
                try {
                    out.add(fd + " -> " + Files.readSymbolicLink(link));
                } catch (IOException e) {
                    out.add(fd + " -> (closed)");
                }
            }
        } catch (IOException e) {
            out.add("(cannot list: " + e.getMessage() + ")");
        }
        return out;
    }

    /** The daemon's children (pid and state letter), from /proc. */
    List<String> children() {
        return descendants(daemonPid(), false);
    }

    /** Every descendant of the daemon: "pid state" entries. */
    private static List<String> descendants(long root, boolean deep) {
        List<String> out = new ArrayList<>();
        List<Long> frontier = new ArrayList<>(List.of(root));
        List<int[]> all = ProcessTable.all(); // one snapshot: a daemon may have 1,000 children
        while (!frontier.isEmpty()) {
            long parent = frontier.remove(frontier.size() - 1);
            for (int[] p : all) {
                if (p[1] == parent) {
                    out.add(p[0] + " " + (char) p[2]);
                    if (deep) {
                        frontier.add((long) p[0]);
                    }
                }
            }
        }
        return out;
    }

    /** Asserts that the daemon has no child at all (no process left, no zombie). */
    void assertNoChildren() {
        await(() -> children().isEmpty(), "no children; have " + children());
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<String> left = descendants(pid(), true);
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (String entry : left) {
                long pid = Long.parseLong(entry.split(" ")[0]);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
