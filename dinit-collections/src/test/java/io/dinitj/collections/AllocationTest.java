package io.dinitj.collections;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves the hot-path promise at run time: after warm-up, a million mixed operations on each
 * structure allocate exactly zero bytes on the calling thread. The count comes from
 * {@code com.sun.management.ThreadMXBean}, which is exact and costs nothing to read
 * (docs/platform-notes.md §6). The operations are allocation-free by construction, so the
 * result does not depend on when the JIT compiles them.
 */
class AllocationTest {

    private static final int OPS = 1_000_000;
    private static final int POOL = 64;
    private static final int DRAWS = 1 << 16;
    private static final int MASK = DRAWS - 1;

    private static com.sun.management.ThreadMXBean threads;
    private static final int[] OPCODES = new int[DRAWS];
    private static final int[] PICKS = new int[DRAWS];

    /** A pool element that can be on two lists and in a heap at once. */
    static final class Item {
        final DList.Node<Item> a = new DList.Node<>(this);
        final DList.Node<Item> b = new DList.Node<>(this);
        final SList.Node<Item> s = new SList.Node<>(this);
        final DHeap.Node<Item> h = new DHeap.Node<>(this);
    }

    private static final Item[] ITEMS = new Item[POOL];

    @BeforeAll
    static void setUp() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(),
                "this JVM cannot count allocated bytes per thread");
        threads.setThreadAllocatedMemoryEnabled(true);
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < DRAWS; i++) {
            OPCODES[i] = random.nextInt(16);
            PICKS[i] = random.nextInt(POOL);
        }
        for (int i = 0; i < POOL; i++) {
            ITEMS[i] = new Item();
        }
    }

    /** Something to run a million times. */
    interface Workload {
        long run(int ops);
    }

    /** Runs the workload once to warm up, then again, counting this thread's allocated bytes. */
    private static long bytesAllocatedBy(Workload workload) {
        long sink = workload.run(OPS);
        long before = threads.getCurrentThreadAllocatedBytes();
        sink += workload.run(OPS);
        long after = threads.getCurrentThreadAllocatedBytes();
        assertThat(sink).isNotEqualTo(Long.MIN_VALUE); // keeps the work observable
        return after - before;
    }

    /** A million mixed DList operations, on two lists sharing elements, allocate nothing. */
    @Test
    void dlist_operations_allocate_nothing() {
        DList<Item> first = new DList<>(i -> i.a);
        DList<Item> second = new DList<>(i -> i.b);
        assertThat(bytesAllocatedBy(ops -> {
            long sink = 0;
            for (int k = 0; k < ops; k++) {
                int d = k & MASK;
                Item x = ITEMS[PICKS[d]];
                DList<Item> list = (k & 1) == 0 ? first : second;
                switch (OPCODES[d]) {
                    case 0, 1, 2 -> {
                        if (!list.isQueued(x)) {
                            list.append(x);
                        }
                    }
                    case 3, 4 -> {
                        if (!list.isQueued(x)) {
                            list.prepend(x);
                        }
                    }
                    case 5, 6 -> {
                        Item anchor = list.first();
                        if (anchor != null && !list.isQueued(x)) {
                            list.insertAfter(anchor, x);
                        }
                    }
                    case 7, 8, 9 -> sink += list.remove(x) ? 1 : 0;
                    case 10, 11 -> sink += list.popFront() == null ? 0 : 1;
                    case 12 -> sink += list.popBack() == null ? 0 : 1;
                    default -> {
                        int steps = 0;
                        for (Item e = list.first(); e != null && steps < 4; e = list.next(e)) {
                            steps++;
                        }
                        Item last = list.last();
                        sink += steps + (last == null ? 0 : list.prev(last) == null ? 1 : 2);
                    }
                }
                sink += list.size();
            }
            return sink;
        })).isZero();
    }

    /** A million mixed SList operations allocate nothing. */
    @Test
    void slist_operations_allocate_nothing() {
        SList<Item> list = new SList<>(i -> i.s);
        assertThat(bytesAllocatedBy(ops -> {
            long sink = 0;
            for (int k = 0; k < ops; k++) {
                int d = k & MASK;
                Item x = ITEMS[PICKS[d]];
                switch (OPCODES[d]) {
                    case 0, 1, 2, 3 -> {
                        if (!list.isQueued(x)) {
                            list.append(x);
                        }
                    }
                    case 4, 5, 6 -> {
                        if (!list.isQueued(x)) {
                            list.prepend(x);
                        }
                    }
                    case 7 -> {
                        Item anchor = list.last();
                        if (anchor != null && !list.isQueued(x)) {
                            list.insertAfter(anchor, x);
                        }
                    }
                    case 8, 9 -> sink += list.remove(x) ? 1 : 0;
                    case 10, 11, 12, 13 -> sink += list.popFront() == null ? 0 : 1;
                    default -> {
                        Item f = list.first();
                        sink += f == null || list.next(f) == null ? 0 : 1;
                    }
                }
                sink += list.size();
            }
            return sink;
        })).isZero();
    }

    /** A million mixed DHeap operations, within its capacity, allocate nothing. */
    @Test
    void dheap_operations_allocate_nothing() {
        DHeap<Item> heap = new DHeap<>(4, POOL, i -> i.h);
        assertThat(bytesAllocatedBy(ops -> {
            long sink = 0;
            for (int k = 0; k < ops; k++) {
                int d = k & MASK;
                Item x = ITEMS[PICKS[d]];
                long key = (long) PICKS[(d + 1) & MASK] * 1_000 + k;
                switch (OPCODES[d]) {
                    case 0, 1, 2, 3, 4 -> {
                        if (!heap.isQueued(x)) {
                            heap.insert(x, key);
                        }
                    }
                    case 5, 6 -> sink += heap.remove(x) ? 1 : 0;
                    case 7, 8, 9 -> {
                        if (heap.isQueued(x)) {
                            heap.changeKey(x, key);
                            sink += heap.keyOf(x);
                        }
                    }
                    case 10, 11, 12 -> sink += heap.poll() == null ? 0 : 1;
                    default -> sink += heap.peekKey(-1) + (heap.peek() == null ? 0 : 1);
                }
                sink += heap.size();
            }
            return sink;
        })).isZero();
    }

    /** A million mixed ByteRing operations, including ByteBuffer transfers, allocate nothing. */
    @Test
    void byte_ring_operations_allocate_nothing() {
        ByteRing ring = new ByteRing(1000);
        byte[] chunk = new byte[300];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i % 7 == 0 ? '\n' : 'a' + i % 26);
        }
        byte[] out = new byte[300];
        ByteBuffer direct = ByteBuffer.allocateDirect(300);
        assertThat(bytesAllocatedBy(ops -> {
            long sink = 0;
            for (int k = 0; k < ops; k++) {
                int d = k & MASK;
                int len = PICKS[d] * 4;
                switch (OPCODES[d]) {
                    case 0, 1, 2 -> sink += ring.write(chunk, 0, len);
                    case 3, 4 -> sink += ring.offer(chunk, 0, len) ? 1 : 0;
                    case 5 -> sink += ring.offer((byte) k) ? 1 : 0;
                    case 6, 7, 8 -> sink += ring.read(out, 0, len);
                    case 9 -> sink += ring.peek(out, 0, len);
                    case 10 -> sink += ring.indexOf((byte) '\n');
                    case 11 -> sink += ring.skip(len);
                    case 12 -> {
                        direct.clear().limit(len);
                        sink += ring.read(direct);
                    }
                    case 13 -> {
                        direct.clear().limit(len);
                        sink += ring.write(direct);
                    }
                    case 14 -> sink += ring.isEmpty() ? 0 : ring.get(0);
                    default -> sink += ring.takeDropped();
                }
                sink += ring.size() + ring.free();
            }
            return sink;
        })).isZero();
    }

    /** A million mixed IntObjectMap operations, within its capacity, allocate nothing. */
    @Test
    void int_object_map_operations_allocate_nothing() {
        IntObjectMap<Item> map = new IntObjectMap<>(POOL);
        assertThat(bytesAllocatedBy(ops -> {
            long sink = 0;
            for (int k = 0; k < ops; k++) {
                int d = k & MASK;
                int pick = PICKS[d];
                // Keys that collide: multiples of 128, negatives, and small pids.
                int key = (pick & 3) == 0 ? pick * 128 : (pick & 3) == 1 ? -pick : pick;
                switch (OPCODES[d]) {
                    case 0, 1, 2, 3, 4 -> sink += map.put(key, ITEMS[pick]) == null ? 0 : 1;
                    case 5, 6, 7, 8 -> sink += map.remove(key) == null ? 0 : 1;
                    case 9 -> {
                        for (int s = map.nextSlot(0); s >= 0; s = map.nextSlot(s + 1)) {
                            sink += map.keyAt(s) + (map.valueAt(s) == null ? 0 : 1);
                        }
                    }
                    default -> sink += map.containsKey(key) ? 1 : map.get(key + 1) == null ? 0 : 2;
                }
                sink += map.size();
            }
            return sink;
        })).isZero();
    }
}
