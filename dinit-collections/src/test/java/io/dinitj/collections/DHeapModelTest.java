package io.dinitj.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.function.Executable;

/**
 * Model-based test of {@link DHeap}: random operation sequences run against three heaps and a
 * model per heap (each element's key and the sequence number at which it was given that key,
 * ordered by key, then sequence), and every invariant is checked after every step. Heaps A and A2
 * share the elements' node {@code a}; heap B uses node {@code b}, so an element can be in B and in
 * A (or A2) at once.
 */
class DHeapModelTest {

    private static final int POOL = 24;
    private static final int HEAPS = 3;
    /** What {@code peekKey} is asked to return for an empty heap; no generated key equals it. */
    private static final long IF_EMPTY = 0x5EED_0000_0000_0001L;

    /** A pool element with two nodes, so it can be in two heaps at once. */
    private static final class Elem {
        final int id;
        final DHeap.Node<Elem> a;
        final DHeap.Node<Elem> b;

        Elem(int id) {
            this.id = id;
            this.a = new DHeap.Node<>(this);
            this.b = new DHeap.Node<>(this);
        }

        @Override
        public String toString() {
            return "e" + id;
        }
    }

    /** The model's entry for an element: its key and when it was given that key. */
    record Entry(Elem elem, long key, long seq) {
    }

    private static final Comparator<Entry> ORDER =
            Comparator.comparingLong(Entry::key).thenComparingLong(Entry::seq);

    private enum Op {
        INSERT, REMOVE, CHANGE_KEY, CHANGE_SAME_KEY, POLL, KEY_OF, CLEAR, ENSURE_CAPACITY,
        NULLS, FOREIGN
    }

    /** One action: {@code op} on heap number {@code heap}, element {@code x}, with {@code key}. */
    record Step(Op op, int heap, int x, long key) {
    }

    /** The system under test and its model, rebuilt for every try. */
    private static final class World {
        final Elem[] pool = new Elem[POOL];
        final int[] arity = new int[HEAPS];
        final List<DHeap<Elem>> heaps = new ArrayList<>();
        final List<Map<Elem, Entry>> models = new ArrayList<>();
        final long[] nextSeq = new long[HEAPS];
        final int[] lastCapacity = new int[HEAPS];
        /** Node group of each heap: heaps in the same group share a node. */
        final int[] group = {0, 0, 1};
        /** A heap whose extractor hands out the next element's node: always misuse. */
        final DHeap<Elem> foreign;

        World(int arityA, int arityB, int capacity) {
            for (int i = 0; i < POOL; i++) {
                pool[i] = new Elem(i);
            }
            arity[0] = arityA;
            arity[1] = arityB;
            arity[2] = arityB;
            heaps.add(new DHeap<>(arity[0], capacity, e -> e.a));
            heaps.add(new DHeap<>(arity[1], capacity, e -> e.a));
            heaps.add(new DHeap<>(arity[2], capacity, e -> e.b));
            for (int i = 0; i < HEAPS; i++) {
                models.add(new HashMap<>());
                lastCapacity[i] = capacity;
            }
            foreign = new DHeap<>(2, 1, e -> pool[(e.id + 1) % POOL].b);
        }

        boolean onSibling(int h, Elem e) {
            for (int i = 0; i < HEAPS; i++) {
                if (i != h && group[i] == group[h] && models.get(i).containsKey(e)) {
                    return true;
                }
            }
            return false;
        }

        Entry min(int h) {
            Entry best = null;
            for (Entry en : models.get(h).values()) {
                if (best == null || ORDER.compare(en, best) < 0) {
                    best = en;
                }
            }
            return best;
        }
    }

    /** Every sequence of heap operations matches the (key, insertion order) model. */
    @Property(tries = 1000)
    void behavesLikeKeySequenceModel(@ForAll("steps") List<Step> steps,
            @ForAll("arities") int arityA,
            @ForAll("arities") int arityB,
            @ForAll @IntRange(min = 1, max = 4) int capacity) {
        World w = new World(arityA, arityB, capacity);
        checkInvariants(w);
        for (Step s : steps) {
            apply(w, s);
            checkInvariants(w);
        }
        for (int h = 0; h < HEAPS; h++) {
            DHeap<Elem> heap = w.heaps.get(h);
            List<Entry> sorted = new ArrayList<>(w.models.get(h).values());
            sorted.sort(ORDER);
            for (Entry en : sorted) {
                assertEquals(en.key(), heap.peekKey(IF_EMPTY), "drain peekKey");
                assertSame(en.elem(), heap.poll(), "drain order");
                w.models.get(h).remove(en.elem());
                checkInvariants(w);
            }
            assertNull(heap.poll(), "drained heap polls null");
        }
    }

    /** Re-giving an element its own key puts it behind the others with that key. */
    @Example
    void changeKeyToTheSameKeyMakesTheElementTheNewestOfItsKey() {
        World w = new World(2, 4, 1);
        List<Step> steps = List.of(
                new Step(Op.INSERT, 0, 1, -2),
                new Step(Op.INSERT, 0, 0, -2),
                new Step(Op.CHANGE_SAME_KEY, 0, 1, 0),
                new Step(Op.POLL, 0, 0, 0),
                new Step(Op.POLL, 0, 0, 0));
        for (Step s : steps) {
            apply(w, s);
            checkInvariants(w);
        }
    }

    /** The arities DHeap accepts (powers of two), the small ones most often. */
    @Provide
    Arbitrary<Integer> arities() {
        return Arbitraries.frequency(Tuple.of(4, 2), Tuple.of(4, 4), Tuple.of(3, 8),
                Tuple.of(1, 16), Tuple.of(1, 64));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Op> ops = Arbitraries.frequency(
                Tuple.of(14, Op.INSERT),
                Tuple.of(7, Op.REMOVE),
                Tuple.of(6, Op.CHANGE_KEY),
                Tuple.of(2, Op.CHANGE_SAME_KEY),
                Tuple.of(3, Op.POLL),
                Tuple.of(2, Op.KEY_OF),
                Tuple.of(1, Op.CLEAR),
                Tuple.of(1, Op.ENSURE_CAPACITY),
                Tuple.of(1, Op.NULLS),
                Tuple.of(1, Op.FOREIGN));
        // Heap A2 is there mostly to be refused elements that are in A, so it gets fewer steps.
        Arbitrary<Integer> heaps = Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(1, 1),
                Tuple.of(5, 2));
        Arbitrary<Integer> elems = Arbitraries.integers().between(0, POOL - 1)
                .withDistribution(RandomDistribution.uniform());
        // Many keys from a tiny range, so that ties (and FIFO order among them) are common.
        Arbitrary<Long> keys = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(-3, 3)),
                Tuple.of(6, Arbitraries.longs().between(-100, 100)),
                Tuple.of(1, Arbitraries.longs()),
                Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE)));
        return Combinators.combine(ops, heaps, elems, keys).as(Step::new)
                .list().ofMaxSize(200).withSizeDistribution(RandomDistribution.uniform());
    }

    private static void apply(World w, Step s) {
        int h = s.heap();
        DHeap<Elem> heap = w.heaps.get(h);
        Map<Elem, Entry> model = w.models.get(h);
        Elem x = w.pool[s.x()];
        switch (s.op()) {
            case INSERT:
                if (model.containsKey(x)) {
                    expectIse(() -> heap.insert(x, s.key()), "DHeap.insert", x,
                            "is already on this collection");
                } else if (w.onSibling(h, x)) {
                    expectIse(() -> heap.insert(x, s.key()), "DHeap.insert", x,
                            "is on another collection");
                } else {
                    heap.insert(x, s.key());
                    model.put(x, new Entry(x, s.key(), w.nextSeq[h]++));
                }
                break;
            case REMOVE:
                if (w.onSibling(h, x)) {
                    expectIse(() -> heap.remove(x), "DHeap.remove", x, "another collection");
                } else {
                    assertEquals(model.remove(x) != null, heap.remove(x), "remove result");
                }
                break;
            case CHANGE_KEY:
            case CHANGE_SAME_KEY:
                if (!model.containsKey(x)) {
                    expectIse(() -> heap.changeKey(x, s.key()), "DHeap.changeKey", x,
                            "is not on this collection");
                } else {
                    long key = s.op() == Op.CHANGE_KEY ? s.key() : model.get(x).key();
                    heap.changeKey(x, key);
                    model.put(x, new Entry(x, key, w.nextSeq[h]++));
                }
                break;
            case POLL: {
                Entry min = w.min(h);
                assertSame(min == null ? null : min.elem(), heap.poll(), "poll");
                if (min != null) {
                    model.remove(min.elem());
                }
                break;
            }
            case KEY_OF:
                if (!model.containsKey(x)) {
                    expectIse(() -> heap.keyOf(x), "DHeap.keyOf", x, "is not on this collection");
                } else {
                    assertEquals(model.get(x).key(), heap.keyOf(x), "keyOf");
                }
                break;
            case CLEAR:
                heap.clear();
                model.clear();
                break;
            case ENSURE_CAPACITY: {
                int want = s.x() * 2;
                heap.ensureCapacity(want);
                assertTrue(heap.capacity() >= want, "capacity after ensureCapacity");
                break;
            }
            case NULLS:
                assertThrows(NullPointerException.class, () -> heap.insert(null, 0));
                assertThrows(NullPointerException.class, () -> heap.remove(null));
                assertThrows(NullPointerException.class, () -> heap.changeKey(null, 0));
                assertThrows(NullPointerException.class, () -> heap.keyOf(null));
                assertThrows(NullPointerException.class, () -> heap.isQueued(null));
                break;
            case FOREIGN:
                expectIse(() -> w.foreign.insert(x, s.key()), "DHeap.insert", x,
                        "node extractor");
                break;
            default:
                throw new AssertionError(s.op());
        }
    }

    private static void expectIse(Executable call, String operation, Elem e, String why) {
        IllegalStateException ex = assertThrows(IllegalStateException.class, call);
        String msg = ex.getMessage();
        assertTrue(msg.startsWith(operation + ":"), msg);
        assertTrue(msg.contains(" " + e + " ") || msg.contains(" " + e + ";"), msg);
        assertTrue(msg.contains(why), msg);
    }

    private static void checkInvariants(World w) {
        for (int h = 0; h < HEAPS; h++) {
            DHeap<Elem> heap = w.heaps.get(h);
            Map<Elem, Entry> model = w.models.get(h);
            int n = model.size();
            assertEquals(n, heap.size(), "size");
            assertEquals(n == 0, heap.isEmpty(), "isEmpty");
            assertTrue(heap.capacity() >= n, "capacity holds size");
            assertTrue(heap.capacity() >= w.lastCapacity[h], "capacity never shrinks");
            w.lastCapacity[h] = heap.capacity();
            Entry min = w.min(h);
            assertSame(min == null ? null : min.elem(), heap.peek(), "peek");
            assertEquals(min == null ? IF_EMPTY : min.key(), heap.peekKey(IF_EMPTY), "peekKey");
            // Every queued element holds a distinct slot in 0..n-1, and the slots form a heap.
            Entry[] bySlot = new Entry[n];
            for (Elem p : w.pool) {
                Entry en = model.get(p);
                assertEquals(en != null, heap.isQueued(p), "isQueued");
                if (en != null) {
                    assertEquals(en.key(), heap.keyOf(p), "keyOf");
                    int i = (w.group[h] == 0 ? p.a : p.b).index();
                    assertTrue(i >= 0 && i < n, "index in range");
                    assertNull(bySlot[i], "index unique");
                    bySlot[i] = en;
                }
            }
            for (int i = 1; i < n; i++) {
                Entry parent = bySlot[(i - 1) / w.arity[h]];
                assertTrue(ORDER.compare(parent, bySlot[i]) < 0, "heap order (key, then seq)");
            }
        }
        for (Elem p : w.pool) {
            boolean inA = w.models.get(0).containsKey(p);
            boolean inA2 = w.models.get(1).containsKey(p);
            boolean inB = w.models.get(2).containsKey(p);
            assertFalse(inA && inA2, "heaps sharing a node overlap");
            assertEquals(inA || inA2, p.a.index() != DHeap.NOT_QUEUED, "a.index queued");
            assertEquals(inB, p.b.index() != DHeap.NOT_QUEUED, "b.index queued");
            assertSame(p, p.a.owner(), "a.owner");
            assertSame(p, p.b.owner(), "b.owner");
        }
        assertTrue(w.foreign.isEmpty(), "foreign heap stays empty");
    }
}
