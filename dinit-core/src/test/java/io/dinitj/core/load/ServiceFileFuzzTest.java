package io.dinitj.core.load;

import io.dinitj.api.description.ServiceDescription;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds the loader service files made from a grammar of plausible lines (every setting of the
 * format with plausible and implausible values, comments, quotes, backslashes, continuations,
 * includes, substitutions, dependencies on the other generated services, {@code .d}
 * directories, environment files) and then mutated at random, character by character and line
 * by line.
 *
 * <p>Whatever the input, {@link DescriptionLoader#load} must return an outcome that either
 * succeeded with warnings at most or failed with at least one error, and a failed load must
 * leave the {@link DescriptionSet} as it was. Nothing may escape as an exception, and no input
 * may take more than {@value #TIMEOUT_SECONDS} seconds. {@link DescriptionLoader#parseOne} is
 * held to the same rules.
 *
 * <p>The number of inputs comes from the system property {@code dinitj.fuzz.inputs} (default
 * 3,000; the {@code fuzz} Maven profile runs 100,000) and the random seed from
 * {@code dinitj.fuzz.seed}. Every input is made from its own seed, derived from the two, so a
 * failure names the seed and the input number that reproduce it. Each kind of failure is
 * reported once, with the input shrunk to a small one that still fails the same way.
 */
class ServiceFileFuzzTest {

    private static final int INPUTS = Integer.getInteger("dinitj.fuzz.inputs", 3_000);
    private static final long SEED = Long.getLong("dinitj.fuzz.seed", 0x5EEDD1A1L);
    private static final long TIMEOUT_SECONDS = 10;
    private static final int MAX_SHRINK_ATTEMPTS = 4_000;
    /**
     * Stands for the absolute path of the service directory in generated text, so that the
     * text, and the random choices made on it, do not depend on where the directory is.
     */
    private static final String ABSOLUTE = "%SD%";

    /** Every file a case may write, relative to the service directory. */
    private static final List<String> FILES = List.of("boot", "a", "b", "c", "d", "tmpl", "frag",
            "inc/one", "inc/two", "env/e1", "env/e2");
    private static final List<String> SERVICES = List.of("boot", "a", "b", "c", "d", "tmpl",
            "frag");
    private static final List<String> ROOTS = List.of("boot", "boot", "a", "b", "c", "d",
            "tmpl@x", "tmpl@", "tmpl", "frag", "missing", "inc", "inc/one", "boot.d");
    private static final List<String> PARSED = List.of("boot", "a", "b", "c", "d", "tmpl@y",
            "tmpl", "frag", "inc");

    private static final Map<String, String> GLOBAL_ENV = Map.of("X", "x", "EMPTY", "",
            "WS", "   ", "P", " p ", "SVC", "a", "INC", "inc/one", "DDIR", "boot.d",
            "ENVF", "env/e1", "ARGS", "--a --b", "HOME", "/home/test");

    private static final List<String> SETTINGS = List.of("type", "command", "stop-command",
            "working-dir", "run-as", "env-file", "chain-to", "pid-file", "restart",
            "smooth-recovery", "restart-delay", "restart-limit-interval", "restart-limit-count",
            "start-timeout", "stop-timeout", "depends-on", "depends-ms", "waits-for",
            "prepared-by", "before", "after", "depends-on.d", "depends-ms.d", "waits-for.d",
            "log-type", "logfile", "logfile-permissions", "logfile-uid", "logfile-gid",
            "log-buffer-size", "consumer-of", "socket-listen", "socket-permissions", "socket-uid",
            "socket-gid", "ready-notification", "term-signal", "termsignal", "rlimit-nofile",
            "rlimit-core", "rlimit-data", "rlimit-addrspace", "nice", "ioprio", "oom-score-adj",
            "run-in-cgroup", "capabilities", "securebits", "inittab-id", "inittab-line",
            "options", "load-options");
    /** Settings that a clean case leaves out, because they make most services fail. */
    private static final Set<String> NOT_CLEAN = Set.of("type", "consumer-of", "options",
            "ready-notification", "env-file");
    private static final List<String> BOGUS_SETTINGS = List.of("foo", "user", "group",
            "cpu-affinity", "environment", "umask", "Type", "-bad", "9x", ".x", "\u00e9-setting",
            "depends_on", "secure-bits");
    private static final List<String> OPS = List.of("=", " = ", ":", " : ", " += ", "+=",
            "\t=\t", "  :", "= ");
    private static final List<String> ODD_OPS = List.of(" ", " == ", "=:", " + = ", "");
    private static final List<String> COMMENTS = List.of("# a comment", "   # indented",
            "#", "\t# tab \"quoted\" \\", "# ends in a backslash \\", "#!/bin/sh",
            "# $X ${Y} @include x");
    private static final List<String> METAS = List.of("@meta enable-via boot",
            "@meta enable-via", "@meta enable-via a b", "@meta enable-via tmpl@x",
            "@meta other words", "@bogus x", "@ include frag", "@include frag extra",
            "@include", "@", "@include-opt", "@include \"\"");
    private static final List<String> SPECIALS = List.of("\0", "\r", "\"", "#", "\\", "$", "{",
            "}", "@", "=", "\n", " ", "\t", ":", "+", "/", ".", "-", "\u00e9", "\u000b", "\f",
            "a", "1", "\u2028", "\uffff");

    private static final List<String> TIME_OK = List.of("0", "5", "0.5", ".5", "5.", "1,5", "",
            "10.123456789123");
    private static final List<String> TIME_ODD = List.of("-1", "1e3", "99999999999999999999",
            "abc", "1.2.3", " 5", "0x10");
    private static final List<String> UNSIGNED_OK = List.of("0", "3", "0x1F", "010", "+5",
            "4096");
    private static final List<String> UNSIGNED_ODD = List.of("-1", "4294967296", "08", "x",
            "99999999999999999999999", "0x", "");
    private static final List<String> OCTAL_OK = List.of("600", "0640", "666", "0");
    private static final List<String> OCTAL_ODD = List.of("888", "", "7777777777777777777777",
            "rw", "-600");
    private static final List<String> USER_OK = List.of("alice", "root", "0", "1001");
    private static final List<String> USER_ODD = List.of("nobody", "-1", "", "0x", "$X",
            "99999999999999999999");
    private static final List<String> GROUP_OK = List.of("www", "alice", "33", "0");
    private static final List<String> GROUP_ODD = List.of("ghost", "-5", "", "4294967296");
    private static final List<String> NAME_OK = List.of("a", "b", "c", "d", "boot", "tmpl@x",
            "tmpl@", "frag", "$SVC", "${SVC}", "${SVC:-b}", "${UNSET:-c}", "tmpl@$X",
            "tmpl@a@b", "${EMPTY:-d}");
    private static final List<String> NAME_ODD = List.of("missing", "$1", "${1}", "${1:-a}",
            "tmpl@$1", ".hidden", "@x", "", "\"a b\"", "inc", "inc/one", "env/e1", "$", "${SVC",
            "$2", "${SVC:x}", "$$", "\"\"", "boot.d", "../sd/a", "x".repeat(300));
    private static final List<String> DIR_OK = List.of("boot.d", "empty.d", "$DDIR",
            "${DDIR}");
    private static final List<String> DIR_ODD = List.of("missing.d", "inc", "boot", ".", "",
            "${DDIR", "$1", "\"boot.d\"");
    private static final List<String> ENV_OK = List.of("env/e1", "env/e2", "$ENVF",
            "../sd/env/e2");
    private static final List<String> ENV_ODD = List.of("missing", "env", "$", "${1}", "",
            "\"env/e1\" x");
    private static final List<String> PATH_OK = List.of("/var/log/x.log", "${HOME}/x",
            "rel/path", "/run/$X.pid", "\"/tmp/a b\"", "$/ARGS", "/x/${UNSET-y}");
    private static final List<String> PATH_ODD = List.of("$", "${X", "$2", "${X:z}", "$1",
            "${}", "$-");
    private static final List<String> COMMAND_OK = List.of("/bin/true",
            "/bin/sh -c \"echo hi\"", "/usr/bin/foo --a \"b c\" d\\ e",
            "/bin/echo $X ${X} ${UNSET:-dflt} ${X:+alt}", "/bin/echo $/ARGS $/{EMPTY} x$/{P}y",
            "/bin/echo $$HOME", "/bin/echo ${X-d} ${X+w} \"\"", "/bin/echo a\"b c\"d");
    private static final List<String> COMMAND_ODD = List.of("", "\"\"", "/bin/echo $",
            "/bin/echo ${X", "/bin/echo ${X:z}", "/bin/echo $2", "/bin/echo $1 ${1}",
            "/bin/echo ${1:-none}", "/bin/echo ${}", "/bin/echo $-", "a#b", "\"unterminated",
            "x \\", "/bin/echo $/{WS}$/{EMPTY}");
    /**
     * What each file may include. Includes only go down the order services, frag, inc/one,
     * inc/two (the other names miss), so that they form no cycle; see {@link #CYCLIC_INCLUDE}.
     */
    private static final Map<String, List<String>> INCLUDE_OK = Map.of(
            "service", List.of("frag", "inc/one", "inc/two", "one", "two", "../frag", "$INC",
                    "${INC}", "inc/../frag"),
            "frag", List.of("inc/one", "inc/two", "$INC", "${INC}", "one", "two"),
            "inc/one", List.of("two", "../inc/two", "$INC", "frag", "inc/two"),
            "inc/two", List.of("$INC", "frag", "three", "../inc/three"));
    /**
     * Includes that go up the order, so that fragments reach themselves: once a hang (a file
     * holding {@code @include frag} twice was expanded 2^32 times), now an include-loop error.
     */
    private static final Map<String, List<String>> CYCLIC_INCLUDE = Map.of(
            "service", List.of("frag"),
            "frag", List.of("frag", "inc/../frag"),
            "inc/one", List.of("one", "../frag", "../inc/one"),
            "inc/two", List.of("two", "one", "../frag"));
    private static final List<String> INCLUDE_ODD = List.of("missing", "inc", "a b", "$1",
            "${INC", ".", "\"\"", "inc/missing", "$");
    private static final List<String> ENV_LINES = List.of("A=1", "X = y", "!clear", "!unset X",
            "!import HOME", "=bad", "noeq", "!bogus", "# c", "  B=  spaced  ", "PATH=/bin",
            "X=$Y", "WS=   ", "E=", "ARGS=-a -b", "! clear", "!unset", "SVC=b");

    @TempDir
    Path root;

    private Path serviceDir;
    /** Runs each case, so that a hang can be told from a slow input. */
    private ExecutorService worker;
    /** The worker's thread, to show where it is stuck. */
    private volatile Thread workerThread;
    /** How many loads succeeded and failed, to show that both paths are exercised. */
    private int succeeded;
    private int failed;
    /** Set when a case hung: its thread cannot be stopped, so nothing more is run. */
    private boolean hung;
    /** The case that hung, even if it was a candidate while shrinking another failure. */
    private Case hungCase;

    /** One input: the contents of the files it writes, and the services to load in order. */
    record Case(Map<String, String> files, List<String> roots) {
    }

    /** A broken rule: its kind (what makes two findings the same) and the details. */
    record Finding(String kind, String detail) {
    }

    /**
     * Generated and mutated service files never make the loader throw, hang, succeed with
     * errors, fail without one, or change the set when it fails.
     */
    @Test
    void mutatedFiles_alwaysGiveACleanOutcome() throws Exception {
        serviceDir = Files.createDirectories(root.resolve("sd"));
        Files.createDirectories(serviceDir.resolve("inc"));
        Files.createDirectories(serviceDir.resolve("env"));
        Files.createDirectories(serviceDir.resolve("empty.d"));
        Path d = Files.createDirectories(serviceDir.resolve("boot.d"));
        for (String entry : List.of("a", "b", "ghost", ".hidden", "tmpl@x")) {
            Files.writeString(d.resolve(entry), "");
        }
        worker = newWorker();
        Map<String, String> reports = new LinkedHashMap<>();
        long start = System.nanoTime();
        int done = 0;
        try {
            for (int i = 0; i < INPUTS && !hung; i++, done++) {
                Case c = new Generator(new Random(inputSeed(i))).next();
                Finding f = run(c);
                if (f == null || reports.containsKey(f.kind())) {
                    continue;
                }
                // A hang is reported as it is: after one, nothing more can run.
                Case small = hung ? c : shrink(c, f.kind());
                Finding again = small == c ? f : run(small);
                reports.put(f.kind(), report(i, small, small != c,
                        again != null ? again : f));
                if (hung && !reports.containsKey("hang")) {
                    reports.put("hang", report(i, hungCase, true, new Finding("hang",
                            "found while shrinking the case above")));
                }
            }
        } finally {
            worker.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("ServiceFileFuzzTest: %d inputs, seed %d, %d ms; %d loads succeeded,"
                + " %d failed; %d kinds of failure%n",
                done, SEED, millis, succeeded, failed, reports.size());
        if (!reports.isEmpty()) {
            fail("The loader broke its contract (seed " + SEED + ", " + INPUTS + " inputs; rerun"
                    + " with -Ddinitj.fuzz.seed=" + SEED + "):\n\n"
                    + String.join("\n\n", reports.values()));
        }
    }

    /** Each input has its own seed, so that input {@code i} is the same whatever the count. */
    private static long inputSeed(int i) {
        return SEED * 0x9E3779B97F4A7C15L + i;
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            workerThread = t;
            return t;
        });
    }

    /** Runs one case on the worker, with a time limit; after a hang, runs nothing. */
    private Finding run(Case c) throws InterruptedException {
        if (hung) {
            return null;
        }
        Future<Finding> future = worker.submit(() -> check(c));
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            StringBuilder stack = new StringBuilder();
            for (StackTraceElement el : workerThread.getStackTrace()) {
                stack.append("\tat ").append(el).append('\n');
            }
            future.cancel(true);
            hung = true;
            hungCase = c;
            return new Finding("hang", "no outcome after " + TIMEOUT_SECONDS + " s; the worker"
                    + " was at:\n" + stack);
        } catch (ExecutionException e) {
            return new Finding("harness: " + e.getCause(), stackTrace(e.getCause()));
        }
    }

    // -------------------------------------------------------------------------------------------
    // Checking one case

    /** Writes the case, parses each service alone, then loads the roots one after another. */
    private Finding check(Case c) throws IOException {
        write(c);
        LoadContext ctx = new LoadContext(new ServiceDirectories(List.of(serviceDir)),
                GLOBAL_ENV, new LoaderFixture.FakeUsers(), LoaderFixture.DINIT_TYPES, 0, 0);
        DescriptionLoader loader = new DescriptionLoader(ctx);
        DescriptionSet set = new DescriptionSet();
        // Each service alone first, then the roots loaded one after another into one set.
        for (String name : PARSED) {
            LoadOutcome o;
            try {
                o = loader.parseOne(name);
            } catch (Throwable t) {
                return thrown("parseOne", name, t);
            }
            String broken = LoadContract.checkParsed(name, o);
            if (broken != null) {
                return new Finding("parseOne: " + broken, "parseOne('" + name + "'): " + broken
                        + "\noutcome: " + escape(String.valueOf(o)));
            }
        }
        for (String name : c.roots()) {
            Map<String, ServiceDescription> before = LoadContract.loaded(set);
            Set<String> placeholdersBefore = Set.copyOf(set.placeholders());
            LoadOutcome o;
            try {
                o = loader.load(name, set);
            } catch (Throwable t) {
                return thrown("load", name, t);
            }
            if (o.succeeded()) {
                succeeded++;
            } else {
                failed++;
            }
            String broken = o.succeeded() ? LoadContract.checkSuccess(name, o, before, set)
                    : LoadContract.checkFailure(o, before, placeholdersBefore, set);
            if (broken != null) {
                return new Finding("load: " + broken, "load('" + escape(name) + "'): " + broken
                        + "\noutcome: " + escape(String.valueOf(o)));
            }
        }
        return null;
    }

    private Finding thrown(String call, String name, Throwable t) {
        StackTraceElement where = null;
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("io.dinitj.") && !e.getClassName().contains("Fuzz")) {
                where = e;
                break;
            }
        }
        String kind = "threw " + t.getClass().getName() + " at " + (where == null ? null
                : where.getClassName() + "." + where.getMethodName());
        return new Finding(kind, call + "('" + escape(name) + "') threw:\n" + stackTrace(t));
    }

    /**
     * Writes the files of the case and removes those it does not have. Each file is removed
     * and created afresh: on ext4, truncating a file makes the close wait for the disk.
     */
    private void write(Case c) throws IOException {
        for (String f : FILES) {
            Path p = serviceDir.resolve(f);
            Files.deleteIfExists(p);
            String text = c.files().get(f);
            if (text != null) {
                text = text.replace(ABSOLUTE, serviceDir.toAbsolutePath().toString());
                Files.write(p, text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    // -------------------------------------------------------------------------------------------
    // Shrinking and reporting

    /**
     * Makes the case smaller while it fails the same way: drops roots, files, lines and then
     * single characters, until nothing more can go or the attempts run out.
     */
    private Case shrink(Case c, String kind) throws InterruptedException {
        Case best = c;
        int attempts = 0;
        boolean progress = true;
        while (progress && attempts < MAX_SHRINK_ATTEMPTS && !hung) {
            progress = false;
            List<Case> candidates = new ArrayList<>();
            for (int i = 0; i < best.roots().size() && best.roots().size() > 1; i++) {
                List<String> roots = new ArrayList<>(best.roots());
                roots.remove(i);
                candidates.add(new Case(best.files(), roots));
            }
            for (String f : best.files().keySet()) {
                Map<String, String> files = new LinkedHashMap<>(best.files());
                files.remove(f);
                candidates.add(new Case(files, best.roots()));
            }
            for (Map.Entry<String, String> e : best.files().entrySet()) {
                String[] lines = e.getValue().split("\n", -1);
                for (int i = lines.length - 1; i >= 0; i--) {
                    List<String> rest = new ArrayList<>(Arrays.asList(lines));
                    rest.remove(i);
                    candidates.add(with(best, e.getKey(), String.join("\n", rest)));
                }
            }
            for (Map.Entry<String, String> e : best.files().entrySet()) {
                String text = e.getValue();
                for (int i = text.length() - 1; i >= 0 && text.length() < 2_000; i--) {
                    candidates.add(with(best, e.getKey(),
                            text.substring(0, i) + text.substring(i + 1)));
                }
            }
            for (Case candidate : candidates) {
                if (attempts++ >= MAX_SHRINK_ATTEMPTS || hung) {
                    break;
                }
                Finding f = run(candidate);
                if (f != null && f.kind().equals(kind)) {
                    best = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }

    private static Case with(Case c, String file, String text) {
        Map<String, String> files = new LinkedHashMap<>(c.files());
        files.put(file, text);
        return new Case(files, c.roots());
    }

    private static String report(int input, Case c, boolean shrunk, Finding f) {
        StringBuilder sb = new StringBuilder();
        sb.append("=== ").append(f.kind()).append('\n');
        sb.append("input ").append(input).append(" (seed ").append(SEED).append(")")
                .append(shrunk ? ", shrunk;" : ";")
                .append(" loads ").append(c.roots()).append(", files in sd/ (").append(ABSOLUTE)
                .append(" is its absolute path):\n");
        for (Map.Entry<String, String> e : c.files().entrySet()) {
            sb.append("--- ").append(e.getKey()).append(": \"").append(escape(e.getValue()))
                    .append("\"\n");
        }
        sb.append(f.detail());
        return sb.toString();
    }

    /** Shows control characters, quotes and backslashes as Java escapes. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20 || ch >= 0x7f) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    // -------------------------------------------------------------------------------------------
    // Generating

    /** Makes one case from a grammar of service-file lines, then mutates it. */
    static final class Generator {
        private final Random rnd;
        /** A clean case uses plausible values only and is not mutated. */
        private final boolean clean;

        Generator(Random rnd) {
            this.rnd = rnd;
            this.clean = rnd.nextInt(10) < 3;
        }

        Case next() {
            Map<String, String> files = new LinkedHashMap<>();
            for (String s : SERVICES) {
                if (s.equals("boot") || rnd.nextInt(10) < 8) {
                    files.put(s, serviceFile(s));
                }
            }
            for (String f : List.of("inc/one", "inc/two")) {
                if (rnd.nextInt(10) < 6) {
                    files.put(f, lines(rnd.nextInt(6), f));
                }
            }
            for (String f : List.of("env/e1", "env/e2")) {
                if (rnd.nextInt(10) < 6) {
                    files.put(f, envFile());
                }
            }
            if (!clean) {
                for (Map.Entry<String, String> e : files.entrySet()) {
                    if (rnd.nextInt(10) < 6) {
                        e.setValue(mutate(e.getKey(), e.getValue()));
                    }
                }
            }
            List<String> roots = new ArrayList<>();
            roots.add(rnd.nextBoolean() ? "boot" : pick(ROOTS));
            for (int i = rnd.nextInt(3); i > 0; i--) {
                roots.add(pick(ROOTS));
            }
            return new Case(files, roots);
        }

        private String serviceFile(String self) {
            StringBuilder sb = new StringBuilder();
            if (clean) {
                // A service that needs a command always gets one.
                String type = pick(List.of("internal", "internal", "triggered", "process",
                        "scripted"));
                if (!type.equals("internal") || rnd.nextBoolean()) {
                    sb.append("type = ").append(type).append('\n');
                }
                if (!type.equals("internal") && !type.equals("triggered")) {
                    sb.append("command = ").append(pick(COMMAND_OK)).append('\n');
                }
            }
            sb.append(lines(rnd.nextInt(10), self));
            return sb.toString();
        }

        private String lines(int n, String self) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(line(self));
                if (i < n - 1 || rnd.nextInt(8) != 0) {
                    sb.append('\n');
                }
            }
            return sb.toString();
        }

        private String line(String self) {
            int k = rnd.nextInt(100);
            if (k < 6) {
                return pick(COMMENTS);
            }
            if (k < 9) {
                return pick(List.of("", "   ", "\t", "\r"));
            }
            if (k < 20) {
                return meta(self);
            }
            return setting(self);
        }

        private String meta(String self) {
            if (!clean && rnd.nextInt(4) == 0) {
                return pick(METAS);
            }
            String cmd = rnd.nextBoolean() ? "@include " : "@include-opt ";
            String kind = INCLUDE_OK.containsKey(self) ? self : "service";
            int k = rnd.nextInt(20);
            if (k < 2) {
                // An absolute path, but inside the temporary directory.
                String target = switch (kind) {
                    case "service" -> "frag";
                    case "frag" -> "inc/one";
                    case "inc/one" -> "inc/two";
                    default -> "inc/three";
                };
                return cmd + ABSOLUTE + "/" + target;
            }
            if (k == 2) {
                return cmd + pick(CYCLIC_INCLUDE.get(kind));
            }
            return cmd + (clean || k > 5 ? pick(INCLUDE_OK.get(kind)) : pick(INCLUDE_ODD));
        }

        private String setting(String self) {
            String name;
            if (!clean && rnd.nextInt(25) == 0) {
                name = pick(BOGUS_SETTINGS);
            } else {
                do {
                    name = pick(SETTINGS);
                } while (clean && NOT_CLEAN.contains(name));
            }
            String op = !clean && rnd.nextInt(30) == 0 ? pick(ODD_OPS) : pick(OPS);
            if (clean && op.contains("+")) {
                op = " = ";
            }
            boolean odd = !clean && rnd.nextInt(5) == 0;
            String value = value(name, odd, self);
            if (rnd.nextInt(10) == 0 && value.indexOf(' ') > 0) {
                // Continue the value on an indented line, perhaps with a comment between.
                String joint = pick(List.of(" \\\n    ", "\\\n\t", " \\\n  # between \\\n  "));
                if (!clean && rnd.nextInt(4) == 0) {
                    joint = " \\\nunindented ";
                }
                value = value.replaceFirst(" ", Matcher.quoteReplacement(joint));
            }
            if (rnd.nextInt(12) == 0) {
                value += pick(List.of(" # trailing comment", "\t#", " #x \"y"));
            }
            return (rnd.nextInt(10) == 0 ? "  " : "") + name + op + value;
        }

        private String value(String setting, boolean odd, String self) {
            return switch (setting) {
                case "type" -> from(odd, List.of("internal", "process", "scripted", "triggered",
                        "bgprocess"), List.of("bogus", "Process", "", "internal extra"));
                case "command", "stop-command" -> from(odd, COMMAND_OK, COMMAND_ODD);
                case "restart-delay", "restart-limit-interval", "start-timeout",
                        "stop-timeout" -> from(odd, TIME_OK, TIME_ODD);
                case "restart-limit-count", "log-buffer-size" ->
                        from(odd, UNSIGNED_OK, UNSIGNED_ODD);
                case "nice" -> from(odd, List.of("-20", "19", "0", "0x10", "-010"),
                        List.of("-99999999999999999999", "abc", "1073741824", "--1"));
                case "oom-score-adj" -> from(odd, List.of("-1000", "1000", "0"),
                        List.of("1001", "-1001", "x"));
                case "logfile-permissions", "socket-permissions" ->
                        from(odd, OCTAL_OK, OCTAL_ODD);
                case "smooth-recovery" -> from(odd, List.of("yes", "true", "no", "false"),
                        List.of("Yes", "1", ""));
                case "run-as", "logfile-uid", "socket-uid" -> from(odd, USER_OK, USER_ODD);
                case "logfile-gid", "socket-gid" -> from(odd, GROUP_OK, GROUP_ODD);
                case "term-signal", "termsignal" -> from(odd, List.of("HUP", "INT", "QUIT",
                        "KILL", "USR1", "USR2", "TERM", "CONT", "STOP", "none", "NONE"),
                        List.of("SIGTERM", "9", "term", "INFO", ""));
                case "rlimit-nofile", "rlimit-core", "rlimit-data", "rlimit-addrspace" ->
                        from(odd, List.of("1024", "1024:4096", "-:-", ":5", "5:", "-",
                                "0x10:010"), List.of("", "x", "99999999999999999999999:1",
                                "1:2:3", ":", "-1"));
                case "ioprio" -> from(odd, List.of("none", "idle", "realtime:0",
                        "best-effort:7"), List.of("best-effort:8", "realtime:", "foo:1",
                        "idle:1", "realtime:-1"));
                case "ready-notification" -> from(odd, List.of("pipefd:3", "pipevar:READY"),
                        List.of("pipevar:", "pipefd:-1", "pipefd:99999999999", "bogus",
                                "pipefd:"));
                case "restart" -> from(odd, List.of("yes", "no", "on-failure", "true",
                        "false"), List.of("maybe", "always", ""));
                case "log-type" -> from(odd, List.of("file", "buffer", "pipe", "none"),
                        List.of("syslog", ""));
                case "options" -> words(odd, List.of("runs-on-console", "starts-on-console",
                        "shares-console", "unmask-intr", "starts-rwfs", "starts-log",
                        "pass-cs-fd", "start-interruptible", "skippable", "signal-process-only",
                        "always-chain", "kill-all-on-stop", "no-new-privs"),
                        List.of("bogus", "RUNS-ON-CONSOLE", "\"\""));
                case "load-options" -> words(odd, List.of("export-passwd-vars",
                        "export-service-name", "sub-vars"), List.of("no-sub-vars", "bogus"));
                case "securebits" -> words(odd, List.of("keep-caps", "keep-caps-locked",
                        "no-setuid-fixup", "no-setuid-fixup-locked", "noroot", "noroot-locked"),
                        List.of("bogus", "KEEP-CAPS"));
                case "capabilities" -> from(odd, List.of("^cap_net_bind_service",
                        "%cap_chown,!cap_sys_admin", "cap_kill"),
                        List.of("garbage!!", "", ","));
                case "inittab-id" -> from(odd, List.of("ab", "1234"), List.of("abcde"));
                case "inittab-line" -> from(odd, List.of("tty1", "console"),
                        List.of("0123456789012345678901234567890123456789"));
                case "depends-on", "depends-ms", "waits-for", "prepared-by", "before", "after",
                        "chain-to", "consumer-of" -> rnd.nextInt(30) == 0 ? self
                        : from(odd, NAME_OK, NAME_ODD);
                case "depends-on.d", "depends-ms.d", "waits-for.d" -> from(odd, DIR_OK, DIR_ODD);
                case "env-file" -> from(odd, ENV_OK, ENV_ODD);
                case "working-dir", "logfile", "pid-file", "socket-listen", "run-in-cgroup" ->
                        from(odd, PATH_OK, PATH_ODD);
                default -> junk();
            };
        }

        private String from(boolean odd, List<String> plausible, List<String> implausible) {
            if (odd) {
                return rnd.nextInt(4) == 0 ? junk() : pick(implausible);
            }
            return pick(plausible);
        }

        private String words(boolean odd, List<String> plausible, List<String> implausible) {
            StringBuilder sb = new StringBuilder(pick(plausible));
            for (int i = rnd.nextInt(3); i > 0; i--) {
                sb.append(' ').append(odd && rnd.nextBoolean() ? pick(implausible)
                        : pick(plausible));
            }
            return sb.toString();
        }

        /** A value made of random special characters and letters. */
        private String junk() {
            StringBuilder sb = new StringBuilder();
            for (int i = rnd.nextInt(8); i >= 0; i--) {
                String s = pick(SPECIALS);
                sb.append(s.equals("\n") ? " " : s);
            }
            return sb.toString();
        }

        private String envFile() {
            StringBuilder sb = new StringBuilder();
            for (int i = rnd.nextInt(6); i > 0; i--) {
                sb.append(pick(ENV_LINES)).append('\n');
            }
            return sb.toString();
        }

        /** Mutates characters and lines. */
        private String mutate(String file, String text) {
            StringBuilder sb = new StringBuilder(text);
            int rounds = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 12);
            for (int r = 0; r < rounds; r++) {
                int op = rnd.nextInt(10);
                if (op < 3) {
                    sb.insert(rnd.nextInt(sb.length() + 1), pick(SPECIALS));
                } else if (op < 4 && sb.length() > 0) {
                    sb.deleteCharAt(rnd.nextInt(sb.length()));
                } else if (op < 5 && sb.length() > 0) {
                    int at = rnd.nextInt(sb.length());
                    sb.replace(at, at + 1, pick(SPECIALS));
                } else if (op < 6 && sb.length() > 0) {
                    sb.setLength(rnd.nextInt(sb.length()));
                } else {
                    List<String> lines = new ArrayList<>(Arrays.asList(
                            sb.toString().split("\n", -1)));
                    int i = rnd.nextInt(lines.size());
                    int j = rnd.nextInt(lines.size());
                    switch (op) {
                        case 6 -> lines.add(j, lines.get(i));
                        case 7 -> lines.remove(i);
                        case 8 -> {
                            String t = lines.get(i);
                            lines.set(i, lines.get(j));
                            lines.set(j, t);
                        }
                        default -> lines.add(j, line(file));
                    }
                    sb.setLength(0);
                    sb.append(String.join("\n", lines));
                }
            }
            return sb.toString();
        }

        private String pick(List<String> from) {
            return from.get(rnd.nextInt(from.size()));
        }
    }
}
