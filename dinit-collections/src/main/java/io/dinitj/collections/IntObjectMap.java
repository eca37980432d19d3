package io.dinitj.collections;

import java.util.Objects;

/**
 * A map from {@code int} keys to non-null objects, by open addressing with linear probing, for
 * lookups such as process id to service record. Keys are never boxed, and any {@code int} is a
 * valid key (0 and negatives too): a slot is empty exactly when its value is null.
 *
 * <p><b>Cost.</b> {@code get}, {@code put}, {@code remove}, {@code containsKey}: O(1) expected.
 * Removal shifts later entries of the probe run back instead of leaving tombstones, so lookups
 * stay short however many removals happen. The table holds at most half its slots, and grows
 * (doubling, O(n), allocating) only when a {@code put} of a new key would pass that; size it at
 * construction for the number of keys expected and {@code put} never allocates.
 *
 * <p><b>Iteration</b> needs no iterator object: slots are walked by index,
 * {@code for (int s = map.nextSlot(0); s >= 0; s = map.nextSlot(s + 1))}, reading
 * {@link #keyAt(int)} and {@link #valueAt(int)}. Do not put or remove while walking.
 *
 * <p><b>Nullness.</b> Values are never null; {@code get} and {@code remove} return null for "no
 * such key". <b>Threads.</b> Not thread safe: one thread at a time.
 *
 * @param <V> the value type
 */
public final class IntObjectMap<V> {

    private static final int MIN_CAPACITY = 8;

    private int[] keys;
    private Object[] values;
    private int mask;
    private int size;

    /**
     * Creates an empty map sized so that {@code expected} keys fit without growing.
     * O(expected): it allocates its table here.
     *
     * @param expected the number of keys expected, at least 0 and at most 2^29
     * @throws IllegalArgumentException if {@code expected} is out of range
     */
    public IntObjectMap(int expected) {
        if (expected < 0 || expected > (1 << 29)) {
            throw new IllegalArgumentException("expected must be 0 to 2^29, was " + expected);
        }
        allocate(tableSizeFor(expected));
    }

    /**
     * Returns the value for {@code key}. O(1) expected, no allocation.
     *
     * @param key the key
     * @return the value, or null if the key is absent
     */
    @HotPath
    @SuppressWarnings("unchecked")
    public V get(int key) {
        int[] ks = keys;
        Object[] vs = values;
        int m = mask;
        for (int i = slot(key, m); ; i = (i + 1) & m) {
            Object v = vs[i];
            if (v == null) {
                return null;
            }
            if (ks[i] == key) {
                return (V) v;
            }
        }
    }

    /**
     * Tells whether {@code key} is present. O(1) expected, no allocation.
     *
     * @param key the key
     * @return true if the map holds a value for it
     */
    @HotPath
    public boolean containsKey(int key) {
        return get(key) != null;
    }

    /**
     * Maps {@code key} to {@code value}, replacing any value it had. O(1) expected; no allocation
     * unless a new key takes the map past its capacity, when the table doubles.
     *
     * @param key the key
     * @param value the value, not null
     * @return the previous value, or null if the key was absent
     * @throws NullPointerException if {@code value} is null
     */
    @HotPath
    @SuppressWarnings("unchecked")
    public V put(int key, V value) {
        Objects.requireNonNull(value, "value");
        int[] ks = keys;
        Object[] vs = values;
        int m = mask;
        int i = slot(key, m);
        for (; vs[i] != null; i = (i + 1) & m) {
            if (ks[i] == key) {
                Object old = vs[i];
                vs[i] = value;
                return (V) old;
            }
        }
        if (size + 1 > capacity()) {
            grow();
            insertNew(key, value);
        } else {
            ks[i] = key;
            vs[i] = value;
        }
        size++;
        return null;
    }

    /**
     * Removes {@code key}. O(1) expected, no allocation.
     *
     * @param key the key
     * @return the value it had, or null if it was absent
     */
    @HotPath
    @SuppressWarnings("unchecked")
    public V remove(int key) {
        int[] ks = keys;
        Object[] vs = values;
        int m = mask;
        int i = slot(key, m);
        for (; ; i = (i + 1) & m) {
            Object v = vs[i];
            if (v == null) {
                return null;
            }
            if (ks[i] == key) {
                break;
            }
        }
        Object old = vs[i];
        // Backward-shift deletion: move later members of the probe run into the hole when their
        // home slot does not lie (cyclically) between the hole and their current slot.
        int hole = i;
        for (int j = (hole + 1) & m; vs[j] != null; j = (j + 1) & m) {
            int home = slot(ks[j], m);
            boolean homeInRange = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!homeInRange) {
                ks[hole] = ks[j];
                vs[hole] = vs[j];
                hole = j;
            }
        }
        vs[hole] = null;
        size--;
        return (V) old;
    }

    /**
     * Returns the number of keys. O(1).
     *
     * @return the number of entries
     */
    @HotPath
    public int size() {
        return size;
    }

    /**
     * Tells whether the map is empty. O(1).
     *
     * @return true if no key is present
     */
    @HotPath
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Returns the number of keys the map holds before it grows. O(1).
     *
     * @return the capacity
     */
    @HotPath
    public int capacity() {
        return (mask + 1) >>> 1;
    }

    /**
     * Removes every entry. O(table size), no allocation.
     */
    @HotPath
    public void clear() {
        Object[] vs = values;
        for (int i = 0; i < vs.length; i++) {
            vs[i] = null;
        }
        size = 0;
    }

    /**
     * Returns the first occupied slot at or after {@code from}, for iteration. O(table size) at
     * worst over a whole walk, no allocation.
     *
     * @param from the slot to start at, 0 for a new walk
     * @return an occupied slot, or -1 when there are no more
     */
    @HotPath
    public int nextSlot(int from) {
        Object[] vs = values;
        for (int i = Math.max(from, 0); i < vs.length; i++) {
            if (vs[i] != null) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the key in an occupied slot. O(1).
     *
     * @param slot a slot returned by {@link #nextSlot(int)}
     * @return its key
     * @throws IllegalStateException if the slot is empty
     */
    @HotPath
    public int keyAt(int slot) {
        if (values[slot] == null) {
            throw new IllegalStateException("IntObjectMap.keyAt: slot is empty");
        }
        return keys[slot];
    }

    /**
     * Returns the value in a slot. O(1).
     *
     * @param slot a slot returned by {@link #nextSlot(int)}
     * @return its value, or null if the slot is empty
     */
    @HotPath
    @SuppressWarnings("unchecked")
    public V valueAt(int slot) {
        return (V) values[slot];
    }

    /** Fibonacci hashing: pids are dense and sequential, so spread them over the table. */
    @HotPath
    private static int slot(int key, int mask) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    private void insertNew(int key, Object value) {
        int m = mask;
        int i = slot(key, m);
        while (values[i] != null) {
            i = (i + 1) & m;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(oldValues.length << 1);
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                insertNew(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void allocate(int tableSize) {
        keys = new int[tableSize];
        values = new Object[tableSize];
        mask = tableSize - 1;
    }

    /** The power-of-two table size that keeps {@code expected} keys at most half full. */
    private static int tableSizeFor(int expected) {
        int needed = Math.max(MIN_CAPACITY, expected * 2);
        return Integer.highestOneBit(needed - 1) << 1;
    }
}
