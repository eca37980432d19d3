package io.dinitj.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Model-based test of {@link IntObjectMap}: random operation sequences run against a map and a
 * {@link HashMap}, and every invariant (size, lookups of every pool key, iteration through
 * {@code nextSlot}, {@code keyAt} and {@code valueAt}) is checked after every step. The key pool
 * mixes small and negative keys, extremes, multiples of table sizes, and keys found (through the
 * public API) to share a home slot, first or last, in tables of 8 to 64 slots, so that probe runs
 * form, wrap around the end of the table, and are cut by removals.
 */
class IntObjectMapModelTest {

    private static final int[] KEYS = keyPool();

    private enum Op {
        PUT, GET, REMOVE, CONTAINS, CLEAR, PUT_NULL
    }

    /** One action: {@code op} on the pool key with index {@code key}. */
    record Step(Op op, int key) {
    }

    /** The map and its model, rebuilt for every try. */
    private static final class World {
        final IntObjectMap<String> map;
        final Map<Integer, String> model = new HashMap<>();
        final int expected;
        int lastCapacity;
        int nextValue;

        World(int expected) {
            this.expected = expected;
            this.map = new IntObjectMap<>(expected);
            this.lastCapacity = map.capacity();
        }

        /** A value distinct by identity from every earlier one, for {@code assertSame}. */
        String newValue() {
            return "v" + nextValue++;
        }
    }

    /** Every sequence of map operations matches the HashMap model. */
    @Property(tries = 1000)
    void behavesLikeHashMapModel(@ForAll("steps") List<Step> steps,
            @ForAll @IntRange(min = 0, max = 20) int expected) {
        World w = new World(expected);
        checkInvariants(w);
        for (Step s : steps) {
            apply(w, s);
            checkInvariants(w);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Op> ops = Arbitraries.frequency(
                Tuple.of(10, Op.PUT),
                Tuple.of(2, Op.GET),
                Tuple.of(6, Op.REMOVE),
                Tuple.of(2, Op.CONTAINS),
                Tuple.of(1, Op.CLEAR),
                Tuple.of(1, Op.PUT_NULL));
        Arbitrary<Integer> keys = Arbitraries.integers().between(0, KEYS.length - 1)
                .withDistribution(RandomDistribution.uniform());
        return Combinators.combine(ops, keys).as(Step::new)
                .list().ofMaxSize(160).withSizeDistribution(RandomDistribution.uniform());
    }

    private static void apply(World w, Step s) {
        IntObjectMap<String> map = w.map;
        int key = KEYS[s.key()];
        switch (s.op()) {
            case PUT: {
                String v = w.newValue();
                assertSame(w.model.put(key, v), map.put(key, v), "put result");
                break;
            }
            case GET:
                assertSame(w.model.get(key), map.get(key), "get");
                break;
            case REMOVE:
                assertSame(w.model.remove(key), map.remove(key), "remove result");
                break;
            case CONTAINS:
                assertEquals(w.model.containsKey(key), map.containsKey(key), "containsKey");
                break;
            case CLEAR:
                map.clear();
                w.model.clear();
                break;
            case PUT_NULL:
                assertThrows(NullPointerException.class, () -> map.put(key, null));
                break;
            default:
                throw new AssertionError(s.op());
        }
    }

    private static void checkInvariants(World w) {
        IntObjectMap<String> map = w.map;
        Map<Integer, String> model = w.model;
        assertEquals(model.size(), map.size(), "size");
        assertEquals(model.isEmpty(), map.isEmpty(), "isEmpty");
        int capacity = map.capacity();
        assertTrue(capacity >= map.size(), "capacity holds size");
        assertTrue(capacity >= w.expected, "capacity holds expected");
        assertTrue(capacity >= w.lastCapacity, "capacity never shrinks");
        assertEquals(1, Integer.bitCount(capacity), "capacity is a power of two");
        w.lastCapacity = capacity;
        for (int key : KEYS) {
            String v = model.get(key);
            assertSame(v, map.get(key), "get of a pool key");
            assertEquals(v != null, map.containsKey(key), "containsKey of a pool key");
        }
        // Walk the slots: each model entry exactly once, and empty slots read as empty.
        int table = capacity * 2;
        Set<Integer> seen = new HashSet<>();
        boolean emptyChecked = false;
        int expectedSlot = map.nextSlot(0);
        for (int slot = 0; slot < table; slot++) {
            if (slot == expectedSlot) {
                int key = map.keyAt(slot);
                assertTrue(seen.add(key), "key appears once in iteration");
                assertSame(model.get(key), map.valueAt(slot), "valueAt matches model");
                expectedSlot = map.nextSlot(slot + 1);
            } else {
                assertNull(map.valueAt(slot), "slot skipped by nextSlot is empty");
                if (!emptyChecked) {
                    int empty = slot;
                    assertThrows(IllegalStateException.class, () -> map.keyAt(empty));
                    emptyChecked = true;
                }
            }
        }
        assertEquals(-1, expectedSlot, "iteration ends inside the table");
        assertEquals(-1, map.nextSlot(table), "no slot past the table");
        assertEquals(model.keySet(), seen, "iteration visits exactly the model's keys");
    }

    /** Builds the key pool; colliding keys are found by observing where a lone key lands. */
    private static int[] keyPool() {
        Set<Integer> pool = new LinkedHashSet<>();
        for (int k = -8; k <= 8; k++) {
            pool.add(k);
        }
        for (int m : new int[] {16, 64, 128, 1024, 1 << 20, 1 << 30}) {
            pool.add(m);
            pool.add(-m);
            pool.add(3 * m);
        }
        pool.add(Integer.MIN_VALUE);
        pool.add(Integer.MIN_VALUE + 1);
        pool.add(Integer.MAX_VALUE);
        pool.add(Integer.MAX_VALUE - 1);
        // expected 0, 8, 16, 32 give tables of 8, 16, 32, 64 slots.
        for (int expected : new int[] {0, 8, 16, 32}) {
            IntObjectMap<String> probe = new IntObjectMap<>(expected);
            int table = probe.capacity() * 2;
            int first = 0;
            int last = 0;
            for (int k = -1000; k <= 100_000 && (first < 4 || last < 4); k++) {
                probe.put(k, "probe");
                int home = probe.nextSlot(0);
                probe.remove(k);
                if (home == 0 && first < 4 && pool.add(k)) {
                    first++;
                } else if (home == table - 1 && last < 4 && pool.add(k)) {
                    last++;
                }
            }
        }
        return pool.stream().mapToInt(Integer::intValue).toArray();
    }
}
