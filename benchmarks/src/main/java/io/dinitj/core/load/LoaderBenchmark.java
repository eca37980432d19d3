package io.dinitj.core.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures one full load of a service and everything it depends on, from files in a
 * temporary service directory into a fresh {@link DescriptionSet}: the whole of what dinit does
 * at boot, file reads included (the files stay in the page cache). Two shapes of
 * {@code size} services:
 *
 * <ul>
 *   <li>{@code chain}: {@code s0} depends on {@code s1}, which depends on {@code s2}, and so
 *       on; the deepest graph, which a recursive loader could not load at all;</li>
 *   <li>{@code fanout}: {@code boot} depends on each of {@code size} leaves; the widest
 *       graph, and one very long file.</li>
 * </ul>
 *
 * <p>Loading is meant to be linear: the time per service should not grow with {@code size}.
 * The loader takes several seconds to reach its compiled speed, hence the long warm-up; the
 * fixed heap keeps heap resizing out of the 100,000-service runs.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar LoaderBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class LoaderBenchmark {

    @Param({"1000", "10000", "100000"})
    int size;

    @Param({"chain", "fanout"})
    String shape;

    private Path dir;
    private DescriptionLoader loader;
    private String root;

    /** Writes the service files of the shape into a new temporary directory. */
    @Setup(Level.Trial)
    public void writeFiles() throws IOException {
        dir = Files.createTempDirectory("dinitj-loader-bench");
        if (shape.equals("chain")) {
            for (int i = 0; i < size - 1; i++) {
                Files.writeString(dir.resolve("s" + i), "depends-on = s" + (i + 1) + "\n");
            }
            Files.writeString(dir.resolve("s" + (size - 1)), "type = internal\n");
            root = "s0";
        } else if (shape.equals("fanout")) {
            StringBuilder boot = new StringBuilder("type = internal\n");
            for (int i = 0; i < size; i++) {
                boot.append("depends-on = leaf").append(i).append('\n');
                Files.writeString(dir.resolve("leaf" + i), "type = internal\n");
            }
            Files.writeString(dir.resolve("boot"), boot);
            root = "boot";
        } else {
            throw new IllegalArgumentException("unknown shape: " + shape);
        }
        loader = new DescriptionLoader(LoadContext.forThisProcess(
                new ServiceDirectories(List.of(dir)), Map.of()));
    }

    /** Removes the temporary directory and its files. */
    @TearDown(Level.Trial)
    public void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /**
     * Loads the root and all its dependencies into a fresh set.
     *
     * @return the set, so that the work is not optimised away
     */
    @Benchmark
    public DescriptionSet load() {
        DescriptionSet set = new DescriptionSet();
        LoadOutcome o = loader.load(root, set);
        if (!o.succeeded() || set.size() != (shape.equals("chain") ? size : size + 1)) {
            throw new IllegalStateException("load failed: " + o.message());
        }
        return set;
    }
}
