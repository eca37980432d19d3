package io.dinitj.collections;

import java.util.ArrayDeque;
import java.util.LinkedList;
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
 * Measures a FIFO that cycles its elements, one {@code popFront} and one {@code append} per
 * operation, in a {@link DList} against {@link ArrayDeque} and {@link LinkedList}. The queue
 * always holds {@code size} elements, so every structure stays at its steady-state size.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar DListBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DListBenchmark {

    /** An element that carries its own list node. */
    static final class Item {
        final DList.Node<Item> node = new DList.Node<>(this);
        final int id;

        Item(int id) {
            this.id = id;
        }
    }

    @Param({"16", "10000"})
    int size;

    private DList<Item> dList;
    private ArrayDeque<Item> arrayDeque;
    private LinkedList<Item> linkedList;

    /** Fills each structure with the same {@code size} elements, in the same order. */
    @Setup
    public void setUp() {
        dList = new DList<>(e -> e.node);
        arrayDeque = new ArrayDeque<>(size);
        linkedList = new LinkedList<>();
        for (int i = 0; i < size; i++) {
            Item e = new Item(i);
            dList.append(e);
            arrayDeque.addLast(e);
            linkedList.addLast(e);
        }
    }

    /** Moves the first element of the {@link DList} to its end. */
    @Benchmark
    public Object dList() {
        Item e = dList.popFront();
        dList.append(e);
        return e;
    }

    /** Moves the first element of the {@link ArrayDeque} to its end. */
    @Benchmark
    public Object arrayDeque() {
        Item e = arrayDeque.pollFirst();
        arrayDeque.addLast(e);
        return e;
    }

    /** Moves the first element of the {@link LinkedList} to its end; each add allocates a node. */
    @Benchmark
    public Object linkedList() {
        Item e = linkedList.pollFirst();
        linkedList.addLast(e);
        return e;
    }
}
