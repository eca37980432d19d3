package io.dinitj.posix.differential;

import io.dinitj.shell.ctl.Dinitctl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@link Scenario} against one {@link Flavour} (a daemon and a dinitctl) in a private
 * work directory, and records what a user would see at each step: dinitctl's exit status,
 * stdout and stderr, then, once the services have settled, {@code list} and the daemon's
 * console lines of that step.
 *
 * <p>Settled means: for {@link #QUIET_MS} no service was starting or stopping ({@code <<} or
 * {@code >>} in {@code list}), and neither {@code list} nor the console changed. Every
 * process the run starts carries {@code DINITJ_DIFF_RUN=<id>} in its environment (daemons
 * pass their environment on), so {@link #killAll} finds and kills them all, double-forked
 * bgprocess daemons included, however the run ended.
 */
final class ScenarioRun {

    /** A daemon and a dinitctl. */
    enum Flavour {
        /** upstream's daemon and upstream's dinitctl: the reference. */
        UPSTREAM(true, true),
        /** our daemon and our dinitctl. */
        OURS(false, false),
        /** our daemon driven by upstream's dinitctl. */
        MIX(false, true),
        /** upstream again ({@code DINITJ_DIFF_SELFCHECK=1}): shows whether the harness is deterministic. */
        UPSTREAM_AGAIN(true, true);

        final boolean upstreamDaemon;
        final boolean upstreamCtl;

        Flavour(boolean upstreamDaemon, boolean upstreamCtl) {
            this.upstreamDaemon = upstreamDaemon;
            this.upstreamCtl = upstreamCtl;
        }
    }

    /** The variable that marks every process of a run. */
    static final String MARKER = "DINITJ_DIFF_RUN";
    static final long QUIET_MS = 700;
    private static final long SETTLE_MAX_MS = 20_000;
    private static final long CTL_TIMEOUT_MS = 5_000;
    private static final long READY_MAX_MS = 30_000;
    private static final long EXIT_MAX_MS = 5_000;

    /**
     * One recorded step.
     *
     * @param label what was done
     * @param fields field name to text, in order
     */
    record Step(String label, Map<String, String> fields) {
    }

    /** The result of one dinitctl (or dinit-check) run. */
    record Result(int status, String out, String err) {
    }

    private final Scenario scenario;
    private final Flavour flavour;
    private final Path upstream;
    private final Path work;
    private final String marker;
    private final Path services;
    private final Path socket;
    private final Path log;
    private long logOffset;
    private final StringBuilder logTail = new StringBuilder();

    ScenarioRun(Scenario scenario, Flavour flavour, Path upstream, Path work, String marker) {
        this.scenario = scenario;
        this.flavour = flavour;
        this.upstream = upstream;
        this.work = work;
        this.marker = marker;
        this.services = work.resolve("services");
        this.socket = work.resolve("socket");
        this.log = work.resolve("daemon.log");
    }

    /** Writes the scenario's files into a directory, with {@code @W@} as {@code work}. */
    static void writeServices(Scenario s, Path work, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.createDirectories(work.resolve("run"));
        Files.writeString(work.resolve("bg.sh"), Scenario.BG_SCRIPT);
        for (Map.Entry<String, String> e : s.files().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()),
                    e.getValue().replace("@W@", work.toString()));
            for (String line : e.getValue().split("\n")) {
                if (line.startsWith("waits-for.d = ")) {
                    Files.createDirectories(dir.resolve(line.substring(14)));
                }
            }
        }
    }

    /** Runs the whole scenario; always stops the daemon and kills what it left. */
    List<Step> run() throws IOException, InterruptedException {
        deleteTree(work);
        writeServices(scenario, work, services);
        Files.createFile(log);
        List<Step> steps = new ArrayList<>();
        Process daemon = null;
        try {
            daemon = startDaemon();
            long end = System.currentTimeMillis() + READY_MAX_MS;
            Result ready;
            do {
                Thread.sleep(50);
                ready = ctl(List.of("list"));
            } while (ready.status != 0 && daemon.isAlive() && System.currentTimeMillis() < end);
            steps.add(settled("daemon started on " + Scenario.HOLD, null));
            for (List<String> c : scenario.commands()) {
                steps.add(settled("dinitctl " + String.join(" ", c), ctl(c)));
            }
            daemon.destroy(); // SIGTERM: stop everything and exit
            Map<String, String> f = new LinkedHashMap<>();
            boolean exited = daemon.waitFor(EXIT_MAX_MS, TimeUnit.MILLISECONDS);
            f.put("exit", exited ? Integer.toString(daemon.exitValue()) : "(still running)");
            Thread.sleep(100);
            f.put("log", String.join("\n", sorted(newLogLines())));
            steps.add(new Step("SIGTERM to the daemon", f));
            return steps;
        } finally {
            if (daemon != null && daemon.isAlive()) {
                daemon.destroyForcibly();
            }
            killAll(marker);
            Files.deleteIfExists(socket);
        }
    }

    private Process startDaemon() throws IOException {
        List<String> cmd = new ArrayList<>();
        if (flavour.upstreamDaemon) {
            cmd.add(upstream.resolve("src/dinit").toString());
        } else {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xss256k", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), "io.dinitj.posix.daemon.DinitDaemon"));
        }
        cmd.addAll(List.of("-u", "-d", services.toString(), "-p", socket.toString(),
                Scenario.HOLD));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        log.toFile())).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile()));
        environment(pb.environment());
        if (!flavour.upstreamDaemon) {
            pb.environment().put("_JAVA_SR_SIGNUM", "44");
        }
        return pb.start();
    }

    private void environment(Map<String, String> env) {
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", work.toString());
        env.put("LANG", "C");
        env.put(MARKER, marker);
    }

    /** Waits until the services settle, then records the step. */
    private Step settled(String label, Result r) throws InterruptedException {
        Map<String, String> f = new LinkedHashMap<>();
        if (r != null) {
            f.put("status", Integer.toString(r.status));
            f.put("stdout", r.out);
            f.put("stderr", r.err);
        }
        List<String> logLines = new ArrayList<>();
        String list = null;
        long start = System.currentTimeMillis();
        long quietSince = start;
        while (true) {
            Result l = ctl(List.of("list"));
            String now = l.status + "\n" + l.out + l.err;
            List<String> more = newLogLines();
            long t = System.currentTimeMillis();
            if (!now.equals(list) || !more.isEmpty() || transitional(l.out)) {
                quietSince = t;
            }
            list = now;
            logLines.addAll(more);
            if (t - quietSince >= QUIET_MS) {
                break;
            }
            if (t - start > SETTLE_MAX_MS) {
                f.put("settle", "(did not settle within " + SETTLE_MAX_MS + " ms)");
                break;
            }
            Thread.sleep(100);
        }
        f.put("list", list);
        f.put("log", String.join("\n", sorted(logLines)));
        return new Step(label, f);
    }

    private static boolean transitional(String list) {
        for (String line : list.split("\n")) {
            String head = line.length() > 10 ? line.substring(0, 10) : line;
            if (head.contains("<<") || head.contains(">>")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Console lines are compared as a sorted set per step: two services that start together
     * may be logged in either order by either daemon.
     */
    private static List<String> sorted(List<String> lines) {
        List<String> s = new ArrayList<>(lines);
        s.sort(null);
        return s;
    }

    /** The daemon's complete console lines written since the last call. */
    private List<String> newLogLines() {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (len > logOffset) {
                byte[] b = new byte[(int) (len - logOffset)];
                f.seek(logOffset);
                f.readFully(b);
                logOffset = len;
                logTail.append(new String(b, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        int nl;
        while ((nl = logTail.indexOf("\n")) >= 0) {
            out.add(logTail.substring(0, nl));
            logTail.delete(0, nl + 1);
        }
        return out;
    }

    /** Runs this flavour's dinitctl on the run's socket. */
    Result ctl(List<String> args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("-p", socket.toString()));
        all.addAll(args);
        if (flavour.upstreamCtl) {
            List<String> cmd = new ArrayList<>(List.of(upstream.resolve("src/dinitctl")
                    .toString()));
            cmd.addAll(all);
            return external(cmd, work, this::environment, CTL_TIMEOUT_MS);
        }
        return inProcessCtl(all, Map.of("HOME", work.toString()));
    }

    private static Result inProcessCtl(List<String> args, Map<String, String> env)
            throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> Dinitctl.run(
                args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env));
        try {
            int status = f.get(CTL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return new Result(status, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            // The thread stays blocked until the daemon closes the connection at the end.
            return new Result(-1, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8) + "(no reply within "
                            + CTL_TIMEOUT_MS + " ms)\n");
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** Runs an external program with a fresh environment; kills it after the timeout. */
    static Result external(List<String> cmd, Path dir,
            java.util.function.Consumer<Map<String, String>> env, long timeoutMs)
            throws InterruptedException {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            env.accept(pb.environment());
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            boolean done = p.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String e = err.get(5, TimeUnit.SECONDS);
            return new Result(done ? p.exitValue() : -1, out.get(5, TimeUnit.SECONDS),
                    done ? e : e + "(no reply within " + timeoutMs + " ms)\n");
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError("running " + cmd + ": " + e, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(read failed: " + e + ")";
            }
        });
    }

    /**
     * Kills (SIGKILL) every process whose environment holds {@code DINITJ_DIFF_RUN=<marker>},
     * or, with a marker ending in {@code -}, any marker starting with it; repeats until none is
     * left, so a process forked meanwhile is caught too.
     */
    static void killAll(String marker) {
        byte[] exact = (MARKER + "=" + marker + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (MARKER + "=" + marker).getBytes(StandardCharsets.UTF_8);
        boolean byPrefix = marker.endsWith("-");
        long self = ProcessHandle.current().pid();
        for (int round = 0; round < 50; round++) {
            int found = 0;
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                    p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
                for (Path p : procs) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (pid == self) {
                        continue;
                    }
                    byte[] env;
                    try {
                        env = Files.readAllBytes(p.resolve("environ"));
                    } catch (IOException e) {
                        continue;
                    }
                    if (indexOf(env, byPrefix ? prefix : exact) >= 0) {
                        found++;
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (found == 0) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) {
                continue; // variables start after a NUL
            }
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(p)) {
                for (Path c : d) {
                    deleteTree(c);
                }
            }
        }
        Files.delete(p);
    }
}
