package io.dinitj.posix.differential;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dinitj.posix.differential.ScenarioRun.Flavour;
import io.dinitj.posix.differential.ScenarioRun.Result;
import io.dinitj.posix.differential.ScenarioRun.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential test against upstream Dinit (issue 13): generated, seeded service sets and
 * dinitctl command sequences ({@link Scenario}), run on upstream's daemon with upstream's
 * dinitctl, on our daemon with our dinitctl, and on our daemon with upstream's dinitctl, each
 * on its own socket and service directory under {@code target/differential/}; then dinit-check
 * (ours and upstream's) on the same files. Every step's outputs are normalised (work
 * directory, pids), the deliberate differences of {@code compat/differential-known.txt} are
 * applied, and anything else that differs from upstream fails the scenario.
 *
 * <p>Runs only when {@code DINITJ_UPSTREAM} names an upstream checkout whose programs are
 * built ({@code src/dinit}, {@code src/dinitctl}, {@code src/dinit-check}); otherwise it is
 * skipped. {@code DINITJ_DIFF_SEEDS} chooses the seeds ({@code 1-30} by default; {@code 7} or
 * {@code 3,9-12}). Each scenario's files, commands, transcripts and differences are written
 * to {@code target/differential/seed-N/}, and a summary of all to
 * {@code target/differential/report.md}. {@code compat/differential.sh} runs it.
 */
class DifferentialTest {

    private static final Path BASE = Path.of("target", "differential").toAbsolutePath();
    private static final String PREFIX = ProcessHandle.current().pid() + "-";
    private static final Map<String, List<String>> SUMMARY = new TreeMap<>();
    private static final List<Flavour> FLAVOURS = "1".equals(System.getenv(
            "DINITJ_DIFF_SELFCHECK")) ? List.of(Flavour.values())
            : List.of(Flavour.UPSTREAM, Flavour.OURS, Flavour.MIX);
    private static KnownDifferences known;

    static {
        // However the JVM ends, kill whatever a run left behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ScenarioRun.killAll(PREFIX)));
    }

    @TestFactory
    Stream<DynamicTest> againstUpstream() throws IOException {
        String up = System.getenv("DINITJ_UPSTREAM");
        if (up == null || up.isEmpty()) {
            // One skipped test, so that the report shows the skip and says why.
            return Stream.of(DynamicTest.dynamicTest("against upstream", () -> assumeTrue(false,
                    "DINITJ_UPSTREAM is not set: the differential test against upstream Dinit"
                    + " is skipped (set it to an upstream Dinit checkout with src/dinit,"
                    + " src/dinitctl and src/dinit-check built, or run compat/differential.sh;"
                    + " see README, 'Differential test against upstream')")));
        }
        Path upstream = Path.of(up).toAbsolutePath();
        for (String p : List.of("src/dinit", "src/dinitctl", "src/dinit-check")) {
            if (!Files.isExecutable(upstream.resolve(p))) {
                throw new IllegalStateException("DINITJ_UPSTREAM=" + up + " has no built " + p);
            }
        }
        known = new KnownDifferences(projectRoot().resolve("compat/differential-known.txt"));
        Files.createDirectories(BASE);
        String files = System.getenv("DINITJ_DIFF_FILES");
        if (files != null && !files.isBlank()) {
            List<DynamicTest> tests = new ArrayList<>();
            for (String f : files.split(",")) {
                Path file = Path.of(f.strip()).toAbsolutePath();
                String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
                tests.add(DynamicTest.dynamicTest(name, () -> scenario(upstream,
                        Scenario.parse(Files.readString(file)), name)));
            }
            return tests.stream();
        }
        return seeds(System.getenv("DINITJ_DIFF_SEEDS")).stream().map(seed -> DynamicTest
                .dynamicTest("seed " + seed, () -> scenario(upstream, Scenario.generate(seed),
                        "seed-" + seed)));
    }

    @AfterAll
    static void summary() throws IOException {
        if (known == null) {
            return;
        }
        StringBuilder b = new StringBuilder("# Differential test against upstream Dinit\n\n");
        int total = 0;
        for (Map.Entry<String, List<String>> e : SUMMARY.entrySet()) {
            total += e.getValue().size();
            b.append("- ").append(e.getKey()).append(": ").append(e.getValue().size())
                    .append(" difference(s)").append(e.getValue().isEmpty() ? ""
                            : " (" + e.getKey() + "/differences.md)").append('\n');
        }
        b.append("\n").append(total).append(" difference(s) in ").append(SUMMARY.size())
                .append(" scenario(s).\nKnown-difference rules used: ").append(known.used())
                .append("\nRules not used by this run: ");
        Set<String> unused = known.ids();
        unused.removeAll(known.used());
        b.append(unused).append('\n');
        Files.writeString(BASE.resolve("report.md"), b);
    }

    private static void scenario(Path upstream, Scenario s, String name) throws Exception {
        Path dir = BASE.resolve(name);
        ScenarioRun.deleteTree(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("scenario.txt"), s.text());

        Map<Flavour, Path> works = new EnumMap<>(Flavour.class);
        Map<Flavour, Future<List<Step>>> runs = new EnumMap<>(Flavour.class);
        ExecutorService pool = Executors.newFixedThreadPool(FLAVOURS.size());
        try {
            for (Flavour f : FLAVOURS) {
                Path work = dir.resolve(f.name().toLowerCase());
                works.put(f, work);
                ScenarioRun run = new ScenarioRun(s, f, upstream, work, PREFIX + name + "-"
                        + f.name().toLowerCase());
                runs.put(f, pool.submit(run::run));
            }
            Map<Flavour, List<Step>> steps = new EnumMap<>(Flavour.class);
            for (Flavour f : FLAVOURS) {
                steps.put(f, runs.get(f).get());
            }
            List<String> diffs = new ArrayList<>();
            Map<Flavour, List<Map<String, String>>> norm = new EnumMap<>(Flavour.class);
            for (Flavour f : FLAVOURS) {
                String side = f.upstreamDaemon ? "upstream" : "ours";
                List<Map<String, String>> n = new ArrayList<>();
                for (Step st : steps.get(f)) {
                    Map<String, String> m = new LinkedHashMap<>();
                    st.fields().forEach((k, v) -> m.put(k, known.apply(k, side,
                            normalise(v, works.get(f)))));
                    n.add(m);
                }
                norm.put(f, n);
                Files.writeString(works.get(f).resolveSibling(f.name().toLowerCase()
                        + "-transcript.txt"), transcript(steps.get(f), n));
            }
            List<Step> ref = steps.get(Flavour.UPSTREAM);
            for (Flavour f : FLAVOURS.subList(1, FLAVOURS.size())) {
                for (int i = 0; i < ref.size(); i++) {
                    Map<String, String> a = norm.get(Flavour.UPSTREAM).get(i);
                    Map<String, String> b = norm.get(f).get(i);
                    Set<String> fields = new LinkedHashSet<>(a.keySet());
                    fields.addAll(b.keySet());
                    for (String field : fields) {
                        String x = a.getOrDefault(field, "");
                        String y = b.getOrDefault(field, "");
                        if (!x.equals(y)) {
                            diffs.add(difference(f.name(), i, ref.get(i).label(), field, x, y));
                        }
                    }
                }
            }
            diffs.addAll(check(upstream, s, dir));
            synchronized (SUMMARY) {
                SUMMARY.put(name, diffs);
            }
            if (!diffs.isEmpty()) {
                Files.writeString(dir.resolve("differences.md"), "# " + name + "\n\n```\n"
                        + s.text() + "```\n\n" + String.join("\n", diffs));
                throw new AssertionError(diffs.size() + " difference(s) from upstream in "
                        + name + " (" + dir.resolve("differences.md") + "):\n\n"
                        + String.join("\n", diffs.subList(0, Math.min(3, diffs.size()))));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** dinit-check, ours and upstream's, on the scenario's files. */
    private static List<String> check(Path upstream, Scenario s, Path dir) throws Exception {
        Path work = dir.resolve("check");
        Path services = work.resolve("services");
        ScenarioRun.writeServices(s, work, services);
        List<String> args = new ArrayList<>(List.of("-d", services.toString()));
        args.addAll(s.files().keySet());
        args.add("ghost");
        List<String> up = new ArrayList<>(List.of(upstream.resolve("src/dinit-check")
                .toString()));
        up.addAll(args);
        List<String> ours = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "io.dinitj.shell.check.DinitCheck"));
        ours.addAll(args);
        java.util.function.Consumer<Map<String, String>> env = e -> {
            e.clear();
            e.put("PATH", "/usr/bin:/bin");
            e.put("HOME", work.toString());
        };
        Result a = ScenarioRun.external(up, work, env, 30_000);
        Result b = ScenarioRun.external(ours, work, env, 60_000);
        List<String> diffs = new ArrayList<>();
        String[][] fields = {{"check-status", Integer.toString(a.status()),
            Integer.toString(b.status())}, {"check-out", a.out(), b.out()},
            {"check-err", a.err(), b.err()}};
        for (String[] f : fields) {
            String x = known.apply(f[0], "upstream", normalise(f[1], work));
            String y = known.apply(f[0], "ours", normalise(f[2], work));
            if (!x.equals(y)) {
                diffs.add(difference("dinit-check", -1, "dinit-check -d $W/services "
                        + String.join(" ", args.subList(2, args.size())), f[0], x, y));
            }
        }
        return diffs;
    }

    /** Work directory and pids, which differ between any two runs. */
    static String normalise(String text, Path work) {
        if (text == null) {
            return null;
        }
        return text.replace(work.toString(), "$W")
                .replaceAll("\\(pid: \\d+\\)", "(pid: PID)")
                .replaceAll("Process ID: \\d+", "Process ID: PID")
                .replaceAll("with pid \\d+", "with pid PID");
    }

    private static String difference(String who, int step, String label, String field,
            String upstream, String ours) {
        StringBuilder b = new StringBuilder("### ").append(who);
        if (step >= 0) {
            b.append(", step ").append(step);
        }
        b.append(": `").append(label).append("`, ").append(field).append("\n```\n");
        lineDiff(b, upstream.split("\n", -1), ours.split("\n", -1));
        return b.append("```\n(- upstream only, + ").append(who.equals("MIX")
                ? "our daemon with upstream's dinitctl" : who.equals("UPSTREAM_AGAIN")
                ? "upstream's second run" : "ours").append(" only)\n").toString();
    }

    /** A line diff (longest common subsequence): {@code "  "} both, {@code "- "}, {@code "+ "}. */
    static void lineDiff(StringBuilder b, String[] x, String[] y) {
        int[][] lcs = new int[x.length + 1][y.length + 1];
        for (int i = x.length - 1; i >= 0; i--) {
            for (int j = y.length - 1; j >= 0; j--) {
                lcs[i][j] = x[i].equals(y[j]) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < x.length || j < y.length) {
            if (i < x.length && j < y.length && x[i].equals(y[j])) {
                b.append("  ").append(x[i++]).append('\n');
                j++;
            } else if (j >= y.length || (i < x.length && lcs[i + 1][j] >= lcs[i][j + 1])) {
                b.append("- ").append(x[i++]).append('\n');
            } else {
                b.append("+ ").append(y[j++]).append('\n');
            }
        }
    }

    private static String transcript(List<Step> raw, List<Map<String, String>> norm) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < raw.size(); i++) {
            b.append("## step ").append(i).append(": ").append(raw.get(i).label()).append('\n');
            norm.get(i).forEach((k, v) -> b.append("-- ").append(k).append(":\n").append(v)
                    .append(v.isEmpty() || v.endsWith("\n") ? "" : "\n"));
        }
        return b.toString();
    }

    static List<Long> seeds(String spec) {
        List<Long> out = new ArrayList<>();
        for (String part : (spec == null || spec.isBlank() ? "1-30" : spec).split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            if (dash > 0) {
                long from = Long.parseLong(p.substring(0, dash));
                long to = Long.parseLong(p.substring(dash + 1));
                for (long x = from; x <= to; x++) {
                    out.add(x);
                }
            } else {
                out.add(Long.parseLong(p));
            }
        }
        return out;
    }

    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("compat/differential-known.txt"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no compat/differential-known.txt above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
