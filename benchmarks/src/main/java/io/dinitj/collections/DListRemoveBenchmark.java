package io.dinitj.collections;

import java.util.LinkedHashSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures removing an element from anywhere in an ordered collection and appending it again, as
 * the engine does when a queued service changes its mind, in a {@link DList} against a
 * {@link LinkedHashSet} (the JDK's ordered collection with O(1) removal by element). The element
 * is picked at random from a precomputed index array, so both see the same sequence.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar DListRemoveBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DListRemoveBenchmark {

    private static final int PICKS = 1 << 16;
    private static final int MASK = PICKS - 1;

    /** An element that carries its own list node; it keeps identity equality and hash code. */
    static final class Item {
        final DList.Node<Item> node = new DList.Node<>(this);
        final int id;

        Item(int id) {
            this.id = id;
        }
    }

    @Param({"1000", "100000"})
    int size;

    private Item[] items;
    private int[] picks;
    private int cursor;
    private DList<Item> dList;
    private LinkedHashSet<Item> linkedHashSet;

    /** Fills both collections with the same elements and draws the random picks. */
    @Setup
    public void setUp() {
        items = new Item[size];
        dList = new DList<>(e -> e.node);
        linkedHashSet = new LinkedHashSet<>(size * 2);
        for (int i = 0; i < size; i++) {
            Item e = new Item(i);
            items[i] = e;
            dList.append(e);
            linkedHashSet.add(e);
        }
        SplittableRandom random = new SplittableRandom(42);
        picks = new int[PICKS];
        for (int i = 0; i < PICKS; i++) {
            picks[i] = random.nextInt(size);
        }
        cursor = 0;
    }

    /** Removes a random element from the {@link DList} and appends it again. */
    @Benchmark
    public Object dList() {
        Item e = items[picks[cursor++ & MASK]];
        dList.remove(e);
        dList.append(e);
        return e;
    }

    /** Removes a random element from the {@link LinkedHashSet} and adds it again at the end. */
    @Benchmark
    public Object linkedHashSet() {
        Item e = items[picks[cursor++ & MASK]];
        linkedHashSet.remove(e);
        linkedHashSet.add(e);
        return e;
    }
}
