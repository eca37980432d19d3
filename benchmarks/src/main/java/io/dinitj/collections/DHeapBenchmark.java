package io.dinitj.collections;

import java.util.Comparator;
import java.util.PriorityQueue;
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
 * Measures a timer queue of {@code size} timers in a 4-ary {@link DHeap} against
 * {@link PriorityQueue}. Keys behave like deadlines (the "hold" model): a timer that is taken out
 * goes back in at the current minimum plus a random delay, so the key distribution stays steady
 * however long the run. Delays and picks come from precomputed random arrays, so both structures
 * see the same sequence.
 *
 * <ul>
 *   <li>{@code *PollInsert}: fire the earliest timer and re-arm it; this is also the poll
 *       benchmark, since a poll never happens without the heap refilling in a timer queue.</li>
 *   <li>{@code *RemoveInsert}: cancel a random timer and re-arm it; {@code PriorityQueue} must
 *       search for the element, the {@code DHeap} knows its index.</li>
 *   <li>{@code dHeapChangeKey}: re-arm a random timer in place, which {@code PriorityQueue} cannot
 *       do.</li>
 * </ul>
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar DHeapBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DHeapBenchmark {

    private static final int ARITY = 4;
    private static final int DRAWS = 1 << 16;
    private static final int MASK = DRAWS - 1;
    private static final int MAX_DELAY = 1 << 20;

    /**
     * A timer that carries its heap node. The {@link DHeap} keeps its own copy of the key; the
     * {@link PriorityQueue} reads {@code key}, which changes only while the timer is out of it.
     */
    static final class Timer {
        final DHeap.Node<Timer> heapNode = new DHeap.Node<>(this);
        long key;
    }

    @Param({"1000", "100000"})
    int size;

    private Timer[] timers;
    private long[] delays;
    private int[] picks;
    private int cursor;
    private DHeap<Timer> dHeap;
    private PriorityQueue<Timer> priorityQueue;

    /** Fills both queues with the same timers and keys, and draws the random delays and picks. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        timers = new Timer[size];
        dHeap = new DHeap<>(ARITY, size, t -> t.heapNode);
        priorityQueue = new PriorityQueue<>(size, Comparator.comparingLong(t -> t.key));
        for (int i = 0; i < size; i++) {
            Timer t = new Timer();
            t.key = 1 + random.nextInt(MAX_DELAY);
            timers[i] = t;
            dHeap.insert(t, t.key);
            priorityQueue.add(t);
        }
        delays = new long[DRAWS];
        picks = new int[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            delays[i] = 1 + random.nextInt(MAX_DELAY);
            picks[i] = random.nextInt(size);
        }
        cursor = 0;
    }

    /** Polls the earliest timer from the {@link DHeap} and inserts it again, later. */
    @Benchmark
    public Object dHeapPollInsert() {
        int i = cursor++ & MASK;
        long now = dHeap.peekKey(0);
        Timer t = dHeap.poll();
        dHeap.insert(t, now + delays[i]);
        return t;
    }

    /** Polls the earliest timer from the {@link PriorityQueue} and adds it again, later. */
    @Benchmark
    public Object priorityQueuePollInsert() {
        int i = cursor++ & MASK;
        Timer t = priorityQueue.poll();
        t.key += delays[i];
        priorityQueue.add(t);
        return t;
    }

    /** Removes a random timer from the {@link DHeap} and inserts it again. */
    @Benchmark
    public Object dHeapRemoveInsert() {
        int i = cursor++ & MASK;
        Timer t = timers[picks[i]];
        long now = dHeap.peekKey(0);
        dHeap.remove(t);
        dHeap.insert(t, now + delays[i]);
        return t;
    }

    /** Removes a random timer from the {@link PriorityQueue}, a linear search, and re-adds it. */
    @Benchmark
    public Object priorityQueueRemoveInsert() {
        int i = cursor++ & MASK;
        Timer t = timers[picks[i]];
        long now = priorityQueue.peek().key;
        priorityQueue.remove(t);
        t.key = now + delays[i];
        priorityQueue.add(t);
        return t;
    }

    /** Gives a random timer in the {@link DHeap} a new key in place. */
    @Benchmark
    public Object dHeapChangeKey() {
        int i = cursor++ & MASK;
        Timer t = timers[picks[i]];
        dHeap.changeKey(t, dHeap.peekKey(0) + delays[i]);
        return t;
    }
}
