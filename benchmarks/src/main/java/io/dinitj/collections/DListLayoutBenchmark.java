package io.dinitj.collections;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * Answers DESIGN.md's layout question with numbers: should an intrusive list link nodes that
 * know their owner (what {@link DList} does: the extractor is called once per operation), or
 * link the elements themselves (the extractor is called at every step to reach a neighbour's
 * links)? Both run the same operations on three lists with three different extractors, as the
 * engine's several queues will, so the extractor call sites are megamorphic as they will be in
 * the daemon.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar DListLayoutBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DListLayoutBenchmark {

    private static final int DRAWS = 1 << 16;
    private static final int MASK = DRAWS - 1;

    /** The alternative layout: the links are element references, not node references. */
    static final class Links<E> {
        E prev;
        E next;
        boolean linked;
    }

    /** A minimal element-linked list: enough operations to compare, no misuse checks. */
    static final class ElementLinkedList<E> {
        private final Function<E, Links<E>> links;
        private E first;
        private E last;

        ElementLinkedList(Function<E, Links<E>> links) {
            this.links = links;
        }

        void append(E e) {
            Links<E> l = links.apply(e);
            l.prev = last;
            l.next = null;
            l.linked = true;
            if (last == null) {
                first = e;
            } else {
                links.apply(last).next = e;
            }
            last = e;
        }

        E popFront() {
            E e = first;
            if (e == null) {
                return null;
            }
            remove(e);
            return e;
        }

        boolean remove(E e) {
            Links<E> l = links.apply(e);
            if (!l.linked) {
                return false;
            }
            if (l.prev == null) {
                first = l.next;
            } else {
                links.apply(l.prev).next = l.next;
            }
            if (l.next == null) {
                last = l.prev;
            } else {
                links.apply(l.next).prev = l.prev;
            }
            l.prev = null;
            l.next = null;
            l.linked = false;
            return true;
        }
    }

    /** An element that can be on three lists of each layout. */
    static final class Elem {
        final DList.Node<Elem> n0 = new DList.Node<>(this);
        final DList.Node<Elem> n1 = new DList.Node<>(this);
        final DList.Node<Elem> n2 = new DList.Node<>(this);
        final Links<Elem> l0 = new Links<>();
        final Links<Elem> l1 = new Links<>();
        final Links<Elem> l2 = new Links<>();
    }

    @Param({"1000", "100000"})
    int size;

    private Elem[] elems;
    private int[] picks;
    private int cursor;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final DList<Elem>[] nodeLists = new DList[3];
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ElementLinkedList<Elem>[] elementLists = new ElementLinkedList[3];

    /** Puts every element on all three lists of both layouts. */
    @Setup
    public void setUp() {
        nodeLists[0] = new DList<>(e -> e.n0);
        nodeLists[1] = new DList<>(e -> e.n1);
        nodeLists[2] = new DList<>(e -> e.n2);
        elementLists[0] = new ElementLinkedList<>(e -> e.l0);
        elementLists[1] = new ElementLinkedList<>(e -> e.l1);
        elementLists[2] = new ElementLinkedList<>(e -> e.l2);
        elems = new Elem[size];
        for (int i = 0; i < size; i++) {
            elems[i] = new Elem();
            for (int k = 0; k < 3; k++) {
                nodeLists[k].append(elems[i]);
                elementLists[k].append(elems[i]);
            }
        }
        SplittableRandom random = new SplittableRandom(7);
        picks = new int[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            picks[i] = random.nextInt(size);
        }
    }

    /** Node layout: pop the front of one of three lists and append it again. */
    @Benchmark
    public Object nodesPopAppend() {
        DList<Elem> list = nodeLists[cursor++ % 3];
        Elem e = list.popFront();
        list.append(e);
        return e;
    }

    /** Element layout: the same. */
    @Benchmark
    public Object elementsPopAppend() {
        ElementLinkedList<Elem> list = elementLists[cursor++ % 3];
        Elem e = list.popFront();
        list.append(e);
        return e;
    }

    /** Node layout: remove a random element from one of three lists and append it again. */
    @Benchmark
    public Object nodesRemoveAppend() {
        int c = cursor++;
        DList<Elem> list = nodeLists[c % 3];
        Elem e = elems[picks[c & MASK]];
        list.remove(e);
        list.append(e);
        return e;
    }

    /** Element layout: the same. */
    @Benchmark
    public Object elementsRemoveAppend() {
        int c = cursor++;
        ElementLinkedList<Elem> list = elementLists[c % 3];
        Elem e = elems[picks[c & MASK]];
        list.remove(e);
        list.append(e);
        return e;
    }
}
