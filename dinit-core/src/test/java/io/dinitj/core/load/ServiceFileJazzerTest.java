package io.dinitj.core.load;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dinitj.api.description.ServiceDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (Jazzer) of the service-file loader: the input is the bytes of up to
 * four files, separated by the byte {@code 0x1E}: the service {@code boot}, the service
 * {@code dep}, the fragment {@code inc/frag} and the environment file {@code env/vars}, which
 * the inputs may name (a {@code depends-on = dep}, an {@code @include inc/frag}, an
 * {@code env-file = env/vars}); beside them lie a plain service {@code a}, a template
 * {@code tmpl} and a dependency directory {@code deps.d}.
 *
 * <p>Each input is parsed alone ({@link DescriptionLoader#parseOne}), then {@code boot} and
 * {@code dep} are loaded one after the other into a set that already holds {@code a}. Whatever
 * the bytes: nothing throws; a load either succeeds without an error and adds exactly what it
 * names, or fails with error problems that each name a service or a file and line
 * ({@link LoadContract#checkReported}) and leaves the set as it was ({@link LoadContract});
 * and no input takes more than {@value #TIMEOUT_SECONDS} seconds.
 *
 * <p>Without {@code JAZZER_FUZZ} (or {@code jazzer.fuzz=true}) this runs the inputs in
 * {@code ServiceFileJazzerTestInputs/anyServiceFiles} as a regression test; the build's
 * {@code fuzz-loader} execution and the {@code fuzz} profile fuzz it (README, "Fuzzing").
 */
class ServiceFileJazzerTest {

    static final long TIMEOUT_SECONDS = 10;
    private static final byte SEPARATOR = 0x1E;
    private static final List<String> FILES = List.of("boot", "dep", "inc/frag", "env/vars");
    private static final Map<String, String> GLOBAL_ENV = Map.of("X", "x", "SVC", "a",
            "INC", "inc/frag", "EMPTY", "");

    private static Path root;
    private static Path sd;
    private static ExecutorService worker;

    @BeforeAll
    static void directory() throws IOException {
        root = Files.createTempDirectory("loader-jazzer");
        sd = Files.createDirectories(root.resolve("sd"));
        Files.createDirectories(sd.resolve("inc"));
        Files.createDirectories(sd.resolve("env"));
        Path deps = Files.createDirectories(sd.resolve("deps.d"));
        Files.writeString(deps.resolve("a"), "");
        Files.writeString(deps.resolve("dep"), "");
        Files.writeString(sd.resolve("a"), "type = internal\n");
        Files.writeString(sd.resolve("tmpl"), "type = internal\nwaits-for = $1\n");
        worker = newWorker();
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        worker.shutdownNow();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted((x, y) -> y.compareTo(x)).toList()) {
                Files.delete(p);
            }
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "loader-jazzer");
            t.setDaemon(true);
            return t;
        });
    }

    @FuzzTest(maxDuration = "30s")
    void anyServiceFiles(byte[] input) throws Exception {
        write(input);
        Future<String> result = worker.submit(ServiceFileJazzerTest::loadAll);
        String broken;
        try {
            broken = result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the stuck thread cannot be reused
            throw new AssertionError("hang: no outcome after " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new AssertionError("the loader threw", e.getCause());
        }
        if (broken != null) {
            throw new AssertionError(broken);
        }
    }

    /** Writes each part of the input to its file; a file the input has no part for is gone. */
    private static void write(byte[] input) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length && parts.size() < FILES.size(); i++) {
            if (i == input.length || input[i] == SEPARATOR) {
                parts.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        for (int i = 0; i < FILES.size(); i++) {
            Path p = sd.resolve(FILES.get(i));
            Files.deleteIfExists(p);
            if (i < parts.size()) {
                Files.write(p, parts.get(i));
            }
        }
    }

    /** Parses and loads; returns what broke the contract, or null. */
    private static String loadAll() {
        LoadContext ctx = new LoadContext(new ServiceDirectories(List.of(sd)), GLOBAL_ENV,
                new LoaderFixture.FakeUsers(), LoaderFixture.DINIT_TYPES, 0, 0);
        DescriptionLoader loader = new DescriptionLoader(ctx);
        for (String name : List.of("boot", "dep")) {
            LoadOutcome o = loader.parseOne(name);
            String broken = first(LoadContract.checkParsed(name, o), LoadContract.checkReported(o));
            if (broken != null) {
                return "parseOne(" + name + "): " + broken + "\noutcome: " + o;
            }
        }
        DescriptionSet set = new DescriptionSet();
        LoadOutcome first = loader.load("a", set);
        if (!first.succeeded()) {
            return "the fixed service a did not load: " + first;
        }
        for (String name : List.of("boot", "dep")) {
            Map<String, ServiceDescription> before = LoadContract.loaded(set);
            Set<String> placeholdersBefore = Set.copyOf(set.placeholders());
            LoadOutcome o = loader.load(name, set);
            String broken = o.succeeded() ? LoadContract.checkSuccess(name, o, before, set)
                    : first(LoadContract.checkFailure(o, before, placeholdersBefore, set),
                            LoadContract.checkReported(o));
            if (broken != null) {
                return "load(" + name + "): " + broken + "\noutcome: " + o;
            }
        }
        return null;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
