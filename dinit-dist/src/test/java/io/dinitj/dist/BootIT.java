package io.dinitj.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The installed distribution boots a tiny root file system as its init: Dinit/J is PID 1 of new
 * PID, mount, UTS and network namespaces, chrooted into a root that {@code src/test/boot/setup.sh}
 * builds under target/ (Debian's static busybox and its applets, bash and the libraries it and
 * the JVM need, the tarball installed with {@code install.sh --prefix /usr --destdir ROOT
 * --sbin-links} and its class-data archive made in place); the test JVM's own runtime is
 * bind-mounted read-only on {@code /usr/lib/dinitj/runtime} inside the namespace, and the console
 * is the pseudo-terminal of {@code script}, which records it. The service set
 * ({@code src/test/boot/dinit.d}) mounts /proc, /sys, /dev/pts and /run (a tmpfs over the
 * control socket, made again by {@code starts-rwfs}), sets the hostname, runs busybox syslogd
 * (the daemon's log goes to it, {@code starts-log}), a timer that starts a job every second and a
 * shell. From outside: every service is up ({@code dinitctl list} through {@code nsenter}), the
 * namespace has its hostname, syslogd has the daemon's lines, the job ran twice, the mounts are in
 * the namespace's table, no process of the namespace stays a zombie; then a shutdown request stops
 * every service in reverse dependency order on the console and the namespace ends within seconds.
 *
 * <p>Needs root (skipped otherwise, as an assumption says) and installs busybox-static with
 * apt-get if {@code /bin/busybox} is missing; when that fails the test fails, saying why. Every
 * process is killed and the root removed at the end, also on failure; all mounts are made in the
 * namespace's own mount table and end with it.
 */
class BootIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path BOOT = MODULE.resolve("src/test/boot");
    private static final Path WORK = MODULE.resolve("target/boot");
    private static final Path ROOT = WORK.resolve("root");

    /**
     * enter.sh's mode: "boot" leaves /proc to the service set, as a kernel does (the launcher
     * copes without it: docs/cli.md §1.10).
     */
    private static final String BOOT_MODE = "boot";

    /** Whether the shutdown must go through bin/dinit-shutdown (else dinitctl if it is absent). */
    private static final boolean REQUIRE_DINIT_SHUTDOWN = true;

    private static final String HOSTNAME = "dinitj-boot";

    /** The services that stay up once booted (job only runs now and then). */
    private static final List<String> UP = List.of("proc", "sysfs", "devpts", "run", "hostname",
            "syslogd", "syslog-up", "ticker", "shell");

    private static final Pattern STOPPED = Pattern.compile("(?m)^\\[STOPPD\\] (\\S+)$");

    private final List<Process> started = new ArrayList<>();
    private Process script;
    private ProcessHandle unshare;
    private String out = "";

    @AfterEach
    void cleanUp() throws Exception {
        // Killing unshare kills the namespace's init (--kill-child), and with it the namespace.
        if (unshare != null) {
            unshare.destroyForcibly();
            unshare.onExit().get(10, TimeUnit.SECONDS);
        }
        if (script != null) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
            script.waitFor(10, TimeUnit.SECONDS);
        }
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        // Nothing is mounted in this mount table; should something be, it goes first, and
        // the root is never removed through a mount (the runtime would go with it).
        if (!mountsUnder(ROOT).isEmpty()) {
            run(List.of("umount", "-R", "-l", ROOT.toString()), 30);
        }
        assertThat(mountsUnder(ROOT)).as("mounts left under %s", ROOT).isEmpty();
        if (Files.exists(WORK)) {
            run(List.of("rm", "-rf", "--one-file-system", WORK.toString()), 60);
        }
    }

    @Test
    void busyboxRoot_bootsWithDinitjAsPid1_andShutsDownInDependencyOrder() throws Exception {
        assumeTrue(uid() == 0, "BootIT skipped: not root (it mounts, chroots and unshares)");
        for (String tool : List.of("unshare", "nsenter", "script", "chroot", "mount", "file")) {
            assertThat(run(List.of("sh", "-c", "command -v " + tool), 10))
                    .as("%s is needed to build and boot the root (util-linux, coreutils, file)",
                            tool).isZero();
        }
        if (Files.exists(WORK)) {
            cleanUp();
        }
        Path tree = DistTarball.unpack(MODULE, WORK.resolve("unpacked"));
        String javaHome = System.getProperty("java.home");
        long t = System.nanoTime();
        int setup = run(List.of(BOOT.resolve("setup.sh").toString(), ROOT.toString(),
                tree.toString(), javaHome), 600);
        long setupMs = millisSince(t);
        assumeTrue(setup != 77, "BootIT skipped: " + out.strip());
        assertThat(setup).as("setup.sh failed:%n%s", out).isZero();

        // Boot: the whole namespace on script's pseudo-terminal, which it records.
        Path console = WORK.resolve("console.log");
        String inner = String.join(" ", "unshare", "--pid", "--fork", "--mount", "--uts",
                "--net", "--kill-child", "--", quote(BOOT.resolve("enter.sh").toString()),
                quote(ROOT.toString()), quote(javaHome), BOOT_MODE);
        t = System.nanoTime();
        // stdin stays an open pipe: script forwards it to the terminal, and EOF would end it.
        script = new ProcessBuilder("env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "script", "-qfec", inner, console.toString())
                .redirectErrorStream(true).redirectOutput(WORK.resolve("script.out").toFile())
                .start();
        awaitConsole(console, "[  OK  ] boot", 60);
        long bootMs = millisSince(t);
        ProcessHandle init = initOf(script);
        unshare = init.parent().orElseThrow();
        long pid = init.pid();
        String pidNs = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid")).toString();
        assertThat(pidNs).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/pid"))
                .toString());
        assertThat(Files.readString(console)).doesNotContain("[FAILED]");

        // Every service up, as the installed dinitctl in the namespace lists them.
        assertThat(run(inNamespace(pid, "dinitctl", "list"), 60)).as(out).isZero();
        assertThat(out).as("dinitctl list").contains("[[+]     ] boot");
        for (String s : UP) {
            assertThat(out).as("dinitctl list")
                    .containsPattern("(?m)^\\[\\{\\+\\}     \\] " + s + "( \\(pid: \\d+\\))?$");
        }
        // The hostname is the namespace's, not the host's.
        assertThat(run(List.of("nsenter", "-t", Long.toString(pid), "-u", "uname", "-n"), 10))
                .isZero();
        assertThat(out.strip()).isEqualTo(HOSTNAME);
        assertThat(run(List.of("uname", "-n"), 10)).isZero();
        assertThat(out.strip()).isNotEqualTo(HOSTNAME);
        // The job ran (at least) twice; syslogd has the daemon's lines, those kept from before
        // it ran included.
        Path inside = Path.of("/proc/" + pid + "/root");
        Path jobLog = inside.resolve("run/job.log");
        awaitFile(jobLog, s -> s.lines().count() >= 2, 15);
        Path messages = inside.resolve("var/log/messages");
        awaitFile(messages, s -> s.contains("dinit: service boot started."), 10);
        assertThat(Files.readString(messages)).contains("dinit: Starting system")
                .contains("dinit: service syslogd started.");
        // The early mounts are there, in the namespace's own table (points relative to its
        // root); /run is the tmpfs, so the socket dinitctl used was made again on it.
        Map<String, String> mounts = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))) {
            String[] f = line.split(" ");
            mounts.put(f[4], line.substring(line.indexOf(" - ") + 3).split(" ")[0]);
        }
        assertThat(mounts).as("mounts of the namespace").containsEntry("/proc", "proc")
                .containsEntry("/sys", "sysfs").containsEntry("/dev/pts", "devpts")
                .containsEntry("/run", "tmpfs");
        // The daemon mapped the class-data archive make-archive made in the root.
        assertThat(Files.readString(Path.of("/proc/" + pid + "/maps")))
                .contains("/usr/lib/dinitj/dinit.jsa");
        String rss = statusField(pid, "VmRSS");
        // No zombie stays: one seen in two samples in a row was not reaped for 250 ms.
        int processes = assertNoZombieStays(pidNs, 8);

        // Shut down: the namespace ends within seconds.
        long mark = Files.size(console);
        boolean viaShutdown = Files.isExecutable(ROOT.resolve("usr/bin/dinit-shutdown"));
        assertThat(viaShutdown || !REQUIRE_DINIT_SHUTDOWN).as("bin/dinit-shutdown installed")
                .isTrue();
        List<String> shutdown = viaShutdown ? inNamespace(pid, "dinit-shutdown", "-p")
                : inNamespace(pid, "dinitctl", "shutdown");
        t = System.nanoTime();
        // Not waited for: the namespace's end may kill it before it reports.
        started.add(new ProcessBuilder(shutdown).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("shutdown.out").toFile()).start());
        for (int i = 0; i < 1000 && unshare.isAlive(); i++) {
            Thread.sleep(10);
        }
        long shutdownMs = millisSince(t);
        assertThat(unshare.isAlive()).as("unshare still running 10 s after %s; console:%n%s",
                shutdown, Files.readString(console)).isFalse();
        assertThat(processesIn(pidNs)).as("processes left in the namespace").isEmpty();
        assertThat(script.waitFor(10, TimeUnit.SECONDS)).as("script ended").isTrue();

        byte[] bytes = Files.readAllBytes(console);
        String end = new String(bytes, (int) mark, bytes.length - (int) mark,
                StandardCharsets.UTF_8).replace("\r", "");
        assertStopOrder(end);
        if (viaShutdown) {
            // PID 1 became dinit-shutdown --system -p, which ended the namespace as a
            // container's init: every process killed, the host's file systems left alone.
            assertThat(end).as("console after the shutdown request").contains(
                    "dinit: No more active services. Will power down.",
                    "Sending TERM/KILL to all processes...",
                    "Not the host's init (PID namespace pid:[",
                    "Issuing shutdown via kernel...");
        }
        System.out.printf("BootIT: setup (root, install, archive) %d ms; launch -> [  OK  ] boot"
                + " %d ms; %s -> unshare exit %d ms; PID 1 %s; %d processes in the namespace%n",
                setupMs, bootMs, viaShutdown ? "dinit-shutdown -p" : "dinitctl shutdown",
                shutdownMs, rss.replaceAll("\\s+", " "), processes);
    }

    /**
     * Every service up at boot logged {@code [STOPPD]} once after the shutdown request, each
     * after a dependent of it ({@code depends-on} in the service files) that stopped too. For a
     * service kept by one dependent that is its reverse dependency order; one kept by two
     * stops once both released it and one stopped, as upstream Dinit's does (see boot).
     */
    private static void assertStopOrder(String console) throws IOException {
        Map<String, Integer> at = new HashMap<>();
        List<String> order = new ArrayList<>();
        Matcher m = STOPPED.matcher(console);
        while (m.find()) {
            at.put(m.group(1), order.size());
            order.add(m.group(1));
        }
        Set<String> all = new HashSet<>(UP);
        all.add("boot");
        assertThat(at.keySet()).as("[STOPPD] after the shutdown request:%n%s", console)
                .containsAll(all);
        for (String s : all) {
            assertThat(order.stream().filter(s::equals).count()).as("[STOPPD] %s", s)
                    .isEqualTo(1);
        }
        Map<String, List<String>> dependents = new HashMap<>();
        try (Stream<Path> files = Files.list(BOOT.resolve("dinit.d"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                for (String line : Files.readAllLines(f)) {
                    Matcher d = Pattern.compile("^depends-on\\s*=\\s*(\\S+)$").matcher(line);
                    if (d.matches()) {
                        dependents.computeIfAbsent(d.group(1), k -> new ArrayList<>())
                                .add(f.getFileName().toString());
                    }
                }
            }
        }
        for (Map.Entry<String, List<String>> e : dependents.entrySet()) {
            Optional<Integer> first = e.getValue().stream().filter(at::containsKey)
                    .map(at::get).min(Integer::compare);
            if (first.isPresent() && at.containsKey(e.getKey())) {
                assertThat(at.get(e.getKey())).as("%s stopped before its dependents %s: %s",
                        e.getKey(), e.getValue(), order).isGreaterThan(first.get());
            }
        }
    }

    /**
     * Samples every process of the PID namespace {@code pidNs} {@code samples} times, 250 ms
     * apart, failing if one is a zombie in two samples in a row; returns the most processes
     * seen in one sample.
     */
    private static int assertNoZombieStays(String pidNs, int samples) throws Exception {
        Set<Long> before = Set.of();
        int most = 0;
        for (int i = 0; i < samples; i++) {
            Set<Long> zombies = new HashSet<>();
            List<Long> pids = processesIn(pidNs);
            most = Math.max(most, pids.size());
            for (long p : pids) {
                String state = statusField(p, "State");
                if (state.startsWith("Z")) {
                    zombies.add(p);
                    assertThat(before).as("process %d is still a zombie", p).doesNotContain(p);
                }
            }
            before = zombies;
            Thread.sleep(250);
        }
        return most;
    }

    /** The host pids of the processes whose PID namespace is {@code pidNs}. */
    private static List<Long> processesIn(String pidNs) throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.matches("\\d+")) {
                    continue;
                }
                try {
                    if (Files.readSymbolicLink(p.resolve("ns/pid")).toString().equals(pidNs)) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // The process ended while the list was read.
                }
            }
        }
        return found;
    }

    /** A field of /proc/PID/status, or "" if the process is gone. */
    private static String statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).strip();
                }
            }
        } catch (IOException gone) {
            // The process ended.
        }
        return "";
    }

    /** The descendant of {@code script} that is PID 1 of a PID namespace one level down. */
    private static ProcessHandle initOf(Process script) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Optional<ProcessHandle> init = script.descendants()
                    .filter(h -> statusField(h.pid(), "NSpid").matches("\\d+\\s+1")).findFirst();
            if (init.isPresent()) {
                return init.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no PID 1 of a new PID namespace under script");
    }

    /** {@code nsenter} into all of PID's namespaces and root, with a clean environment. */
    private static List<String> inNamespace(long pid, String... command) {
        List<String> c = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-m", "-u",
                "-n", "-p", "-r", "-w", "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin"));
        c.addAll(List.of(command));
        return c;
    }

    private void awaitConsole(Path console, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(console) && Files.readString(console).contains(text)) {
                return;
            }
            if (!script.isAlive()) {
                break;
            }
            Thread.sleep(10);
        }
        fail("no '%s' on the console within %d s (script %s); console:%n%s", text, seconds,
                script.isAlive() ? "running" : "ended " + script.exitValue(),
                Files.exists(console) ? Files.readString(console) : "(none)");
    }

    private static void awaitFile(Path file, Predicate<String> done,
            int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(file) ? Files.readString(file) : "";
            if (done.test(text)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("%s not as expected within %d s:%n%s", file, seconds, text);
    }

    /** The mount points under {@code dir} in this process's mount table. */
    private static List<String> mountsUnder(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = line.split(" ")[4];
            if (point.equals(dir.toString()) || point.startsWith(dir + "/")) {
                found.add(point);
            }
        }
        return found;
    }

    private static long uid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid line in /proc/self/status");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private int run(List<String> command, int seconds) throws IOException, InterruptedException {
        // Output to a file, not a pipe: a full pipe would stop a talkative command.
        Files.createDirectories(MODULE.resolve("target"));
        Path output = MODULE.resolve("target/boot-output.txt");
        Process p = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        started.add(p);
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        out = Files.readString(output);
        assertThat(done).as("%s: %s", command, out).isTrue();
        return p.exitValue();
    }
}
