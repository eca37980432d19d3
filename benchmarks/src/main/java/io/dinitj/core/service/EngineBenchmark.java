package io.dinitj.core.service;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start and stop of a whole graph of internal services through the engine (both phases, every
 * record, every edge), for three shapes and three sizes. Run with {@code -prof gc} to see
 * {@code gc.alloc.rate.norm}, which should be 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {

    @Param({"FAN_OUT", "CHAIN", "LATTICE"})
    public TestGraphs.Shape shape;

    @Param({"1000", "10000", "100000"})
    public int services;

    private ServiceSet set;
    private ServiceRecord root;

    @Setup(Level.Trial)
    public void build() {
        set = TestSets.inMemory(TestGraphs.build(shape, services));
        root = set.find("root");
    }

    /**
     * Starts the root (and so the whole graph), then stops it (and so everything).
     *
     * @return the active count after the start, so the work is not optimised away
     */
    @Benchmark
    public int startAndStop() {
        set.start(root, false);
        int active = set.activeCount();
        set.stop(root, false);
        return active;
    }
}
