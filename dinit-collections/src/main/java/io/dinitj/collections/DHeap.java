package io.dinitj.collections;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * An intrusive d-ary min-heap of elements ordered by a {@code long} key, built for timer queues.
 * Each element carries a {@link Node} holding its position in the heap, found through the node
 * extractor given at construction, so removing an element or changing its key needs no search.
 *
 * <p><b>Order.</b> Smallest key first, keys compared as signed {@code long}s. Elements with equal
 * keys come out in the order they were given that key (by {@link #insert} or
 * {@link #changeKey}), so a timer queue behaves deterministically.
 *
 * <p><b>Cost.</b> {@code insert}, {@code remove}, {@code changeKey}, {@code poll}: O(log n)
 * (base {@code arity}); {@code peek}, {@code peekKey}, {@code keyOf}, {@code isQueued}, {@code
 * size}: O(1). Nothing allocates except {@code insert} into a full heap, which doubles the
 * backing arrays; size the heap once with the constructor or {@link #ensureCapacity(int)} (for a
 * timer queue: the number of timers that exist) and the hot path never grows it.
 *
 * <p><b>Misuse</b> (inserting an element already in this heap or in another through the same
 * node, changing the key of or asking for the key of an element not in this heap, an extractor
 * returning another element's node) throws {@link IllegalStateException} naming the operation
 * and the element. Valid use never throws.
 *
 * <p><b>Nullness.</b> Elements are never null; {@code peek} and {@code poll} return null when the
 * heap is empty.
 *
 * <p><b>Threads.</b> Not thread safe: one thread at a time.
 *
 * @param <E> the element type
 */
public final class DHeap<E> {

    /** The position of a node that is in no heap. */
    public static final int NOT_QUEUED = -1;

    /**
     * The heap position an element carries. Create one per heap the element may be in.
     *
     * @param <E> the element type
     */
    public static final class Node<E> {
        final E owner;
        int index = NOT_QUEUED;
        DHeap<E> heap;

        /**
         * Creates a node, in no heap, for {@code owner}. O(1).
         *
         * @param owner the element this node belongs to, not null
         * @throws NullPointerException if {@code owner} is null
         */
        public Node(E owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
        }

        /**
         * Returns the element this node belongs to. O(1).
         *
         * @return the owner, never null
         */
        public E owner() {
            return owner;
        }

        /**
         * Returns the node's position in its heap, {@link #NOT_QUEUED} when in none. O(1).
         *
         * @return the array index of the node in its heap, or {@code NOT_QUEUED}
         */
        public int index() {
            return index;
        }
    }

    private final Function<? super E, Node<E>> nodeOf;
    /** log2 of the arity: children of i are (i << shift) + 1 ..., its parent (i - 1) >> shift. */
    private final int shift;
    private Node<E>[] nodes;
    private long[] keys;
    private long[] seqs;
    private int size;
    private long nextSeq;

    /**
     * Creates an empty heap. O(capacity): it allocates its arrays here.
     *
     * @param arity the number of children per node: a power of two from 2 to 64 (4 is a good
     *     default for timers); a power of two lets parent and child indexes be shifts
     * @param capacity how many elements fit before the heap grows, at least 1
     * @param nodeOf returns the element's node for this heap; it must return the same node for an
     *     element every time, must not return null, and must never throw
     * @throws IllegalArgumentException if {@code arity} or {@code capacity} is out of range
     * @throws NullPointerException if {@code nodeOf} is null
     */
    public DHeap(int arity, int capacity, Function<? super E, Node<E>> nodeOf) {
        if (arity < 2 || arity > 64 || Integer.bitCount(arity) != 1) {
            throw new IllegalArgumentException(
                    "arity must be a power of two from 2 to 64, was " + arity);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.nodeOf = Objects.requireNonNull(nodeOf, "nodeOf");
        this.shift = Integer.numberOfTrailingZeros(arity);
        this.nodes = newNodeArray(capacity);
        this.keys = new long[capacity];
        this.seqs = new long[capacity];
    }

    /**
     * Makes room for at least {@code capacity} elements. O(n) when it grows; allocates then.
     *
     * @param capacity the number of elements that must fit without growing
     */
    public void ensureCapacity(int capacity) {
        if (capacity > nodes.length) {
            nodes = Arrays.copyOf(nodes, capacity);
            keys = Arrays.copyOf(keys, capacity);
            seqs = Arrays.copyOf(seqs, capacity);
        }
    }

    /**
     * Returns how many elements fit without growing. O(1).
     *
     * @return the capacity
     */
    public int capacity() {
        return nodes.length;
    }

    /**
     * Adds {@code e} with {@code key}. O(log n); no allocation unless the heap is full.
     *
     * @param e the element, not null and in no heap through this node
     * @param key its key
     * @throws IllegalStateException if {@code e} is already in this heap or its node in another
     * @throws NullPointerException if {@code e} is null
     */
    @HotPath
    public void insert(E e, long key) {
        Node<E> n = nodeOf(e, "DHeap.insert");
        if (n.owner != e) {
            throw Misuse.foreignNode("DHeap.insert", e);
        }
        DHeap<E> in = n.heap;
        if (in != null) {
            throw in == this ? Misuse.alreadyQueued("DHeap.insert", e)
                    : Misuse.onAnotherCollection("DHeap.insert", e);
        }
        if (size == nodes.length) {
            ensureCapacity(size < (Integer.MAX_VALUE >> 1) ? size << 1 : Integer.MAX_VALUE - 8);
        }
        n.heap = this;
        siftUp(size++, n, key, nextSeq++);
    }

    /**
     * Removes {@code e} if it is in this heap. O(log n), no allocation.
     *
     * @param e the element, not null
     * @return true if {@code e} was in this heap and is now removed, false if it was not in it
     * @throws IllegalStateException if {@code e}'s node is in another heap
     * @throws NullPointerException if {@code e} is null
     */
    @HotPath
    public boolean remove(E e) {
        Node<E> n = nodeOf(e, "DHeap.remove");
        DHeap<E> in = n.heap;
        if (in != this) {
            if (in != null) {
                throw Misuse.onAnotherCollection("DHeap.remove", e);
            }
            return false;
        }
        removeAt(n.index);
        return true;
    }

    /**
     * Gives {@code e} a new key, moving it up or down as needed: both decrease-key and
     * increase-key. Among equal keys it then counts as the newest. O(log n), no allocation.
     *
     * @param e an element in this heap
     * @param key its new key
     * @throws IllegalStateException if {@code e} is not in this heap
     * @throws NullPointerException if {@code e} is null
     */
    @HotPath
    public void changeKey(E e, long key) {
        Node<E> n = queuedNode("DHeap.changeKey", e);
        int i = n.index;
        long old = keys[i];
        long seq = nextSeq++;
        // A new sequence number makes (key, seq) later than before when the key is unchanged,
        // so only a strictly smaller key can need to move up.
        if (key < old) {
            siftUp(i, n, key, seq);
        } else {
            siftDown(i, n, key, seq);
        }
    }

    /**
     * Returns the key {@code e} has in this heap. O(1).
     *
     * @param e an element in this heap
     * @return its key
     * @throws IllegalStateException if {@code e} is not in this heap
     * @throws NullPointerException if {@code e} is null
     */
    @HotPath
    public long keyOf(E e) {
        return keys[queuedNode("DHeap.keyOf", e).index];
    }

    /**
     * Tells whether {@code e} is in this heap. O(1), no allocation.
     *
     * @param e the element, not null
     * @return true if {@code e} is in this heap (not merely in another one)
     * @throws NullPointerException if {@code e} is null
     */
    @HotPath
    public boolean isQueued(E e) {
        return nodeOf(e, "DHeap.isQueued").heap == this;
    }

    /**
     * Returns the element with the smallest key without removing it. O(1).
     *
     * @return that element, or null if the heap is empty
     */
    @HotPath
    public E peek() {
        return size == 0 ? null : nodes[0].owner;
    }

    /**
     * Returns the smallest key. O(1).
     *
     * @param ifEmpty the value to return when the heap is empty
     * @return the smallest key, or {@code ifEmpty}
     */
    @HotPath
    public long peekKey(long ifEmpty) {
        return size == 0 ? ifEmpty : keys[0];
    }

    /**
     * Removes and returns the element with the smallest key. O(log n), no allocation.
     *
     * @return that element, or null if the heap is empty
     */
    @HotPath
    public E poll() {
        if (size == 0) {
            return null;
        }
        E top = nodes[0].owner;
        removeAt(0);
        return top;
    }

    /**
     * Returns the number of elements. O(1).
     *
     * @return the number of elements in the heap
     */
    @HotPath
    public int size() {
        return size;
    }

    /**
     * Tells whether the heap is empty. O(1).
     *
     * @return true if the heap holds no element
     */
    @HotPath
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Removes every element, leaving each node in no heap. O(n), no allocation.
     */
    @HotPath
    public void clear() {
        for (int i = 0; i < size; i++) {
            Node<E> n = nodes[i];
            n.index = NOT_QUEUED;
            n.heap = null;
            nodes[i] = null;
        }
        size = 0;
    }

    @HotPath
    private void removeAt(int i) {
        Node<E> gone = nodes[i];
        gone.index = NOT_QUEUED;
        gone.heap = null;
        int lastIndex = --size;
        if (i == lastIndex) {
            nodes[i] = null;
            return;
        }
        Node<E> moved = nodes[lastIndex];
        long key = keys[lastIndex];
        long seq = seqs[lastIndex];
        nodes[lastIndex] = null;
        // The last element fills the hole; it may belong above or below it.
        int parent = (i - 1) >> shift;
        if (i > 0 && precedes(key, seq, keys[parent], seqs[parent])) {
            siftUp(i, moved, key, seq);
        } else {
            siftDown(i, moved, key, seq);
        }
    }

    /** Places (n, key, seq) at or above hole {@code i}, moving larger parents down. */
    @HotPath
    private void siftUp(int i, Node<E> n, long key, long seq) {
        Node<E>[] ns = nodes;
        long[] ks = keys;
        long[] ss = seqs;
        while (i > 0) {
            int parent = (i - 1) >> shift;
            if (!precedes(key, seq, ks[parent], ss[parent])) {
                break;
            }
            place(ns, ks, ss, i, ns[parent], ks[parent], ss[parent]);
            i = parent;
        }
        place(ns, ks, ss, i, n, key, seq);
    }

    /** Places (n, key, seq) at or below hole {@code i}, moving smaller children up. */
    @HotPath
    private void siftDown(int i, Node<E> n, long key, long seq) {
        Node<E>[] ns = nodes;
        long[] ks = keys;
        long[] ss = seqs;
        int s = shift;
        int count = size;
        // The last index that has a child is the parent of the last element; comparing with it
        // before shifting keeps (i << s) from overflowing in a huge heap.
        int lastParent = (count - 2) >> s;
        while (i <= lastParent) {
            int child = (i << s) + 1;
            int end = count - child > (1 << s) ? child + (1 << s) : count;
            int min = child;
            for (int c = child + 1; c < end; c++) {
                if (precedes(ks[c], ss[c], ks[min], ss[min])) {
                    min = c;
                }
            }
            if (!precedes(ks[min], ss[min], key, seq)) {
                break;
            }
            place(ns, ks, ss, i, ns[min], ks[min], ss[min]);
            i = min;
        }
        place(ns, ks, ss, i, n, key, seq);
    }

    /** Does (k1, s1) come out before (k2, s2)? Keys first, then the order they were given. */
    @HotPath
    private static boolean precedes(long k1, long s1, long k2, long s2) {
        return k1 < k2 || (k1 == k2 && s1 < s2);
    }

    @HotPath
    private static <E> void place(Node<E>[] ns, long[] ks, long[] ss, int i, Node<E> n, long key,
            long seq) {
        ns[i] = n;
        ks[i] = key;
        ss[i] = seq;
        n.index = i;
    }

    @HotPath
    private Node<E> nodeOf(E e, String operation) {
        if (e == null) {
            throw Misuse.nullElement(operation);
        }
        return nodeOf.apply(e);
    }

    @HotPath
    private Node<E> queuedNode(String operation, E e) {
        Node<E> n = nodeOf(e, operation);
        if (n.heap != this) {
            throw Misuse.notQueued(operation, e);
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static <E> Node<E>[] newNodeArray(int capacity) {
        return (Node<E>[]) new Node<?>[capacity];
    }
}
