package io.dinitj.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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
 * Model-based test of {@link ByteRing}: random operation sequences run against a ring and an
 * {@link ArrayDeque} of bytes plus a dropped-byte counter, and every invariant (size, free space,
 * dropped count, content through {@code get}, {@code peek} and {@code indexOf}) is checked after
 * every step.
 */
class ByteRingModelTest {

    /** The bytes that generated data is drawn from; few, so that {@code indexOf} often hits. */
    private static final byte[] ALPHABET = {0, 1, 2, -1, Byte.MIN_VALUE, Byte.MAX_VALUE};
    /** Fills destination space the ring must not touch; never in generated data. */
    private static final byte FILL = 0x5A;
    /** Spare bytes around every destination range, to catch writes outside it. */
    private static final int SLACK = 3;

    private enum Op {
        WRITE, OFFER, OFFER_BYTE, WRITE_BUFFER, READ, PEEK, READ_BUFFER, SKIP, CLEAR,
        TAKE_DROPPED, BAD_RANGE, BAD_ARGUMENT
    }

    /**
     * One action: {@code op} with source {@code data}, and {@code a}, {@code b} choosing offsets
     * and lengths; {@code direct} picks a direct rather than a heap buffer.
     */
    record Step(Op op, List<Byte> data, int a, int b, boolean direct) {
    }

    /** The ring and its model, rebuilt for every try. */
    private static final class World {
        final ByteRing ring;
        final ArrayDeque<Byte> content = new ArrayDeque<>();
        long dropped;

        World(int capacity) {
            ring = new ByteRing(capacity);
        }

        int free() {
            return ring.capacity() - content.size();
        }
    }

    /** Every sequence of ring operations matches the byte deque and dropped model. */
    @Property(tries = 1000)
    void behavesLikeByteDequeModel(@ForAll("steps") List<Step> steps,
            @ForAll @IntRange(min = 1, max = 16) int capacity) {
        World w = new World(capacity);
        assertEquals(capacity, w.ring.capacity(), "capacity");
        checkInvariants(w);
        for (Step s : steps) {
            apply(w, s);
            checkInvariants(w);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Op> ops = Arbitraries.frequency(
                Tuple.of(6, Op.WRITE),
                Tuple.of(4, Op.OFFER),
                Tuple.of(4, Op.OFFER_BYTE),
                Tuple.of(4, Op.WRITE_BUFFER),
                Tuple.of(5, Op.READ),
                Tuple.of(2, Op.PEEK),
                Tuple.of(4, Op.READ_BUFFER),
                Tuple.of(3, Op.SKIP),
                Tuple.of(1, Op.CLEAR),
                Tuple.of(1, Op.TAKE_DROPPED),
                Tuple.of(1, Op.BAD_RANGE),
                Tuple.of(1, Op.BAD_ARGUMENT));
        Arbitrary<List<Byte>> data = Arbitraries.integers().between(0, ALPHABET.length - 1)
                .map(i -> ALPHABET[i]).list().ofMaxSize(24);
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 40)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<Boolean> direct = Arbitraries.of(false, true);
        return Combinators.combine(ops, data, small, small, direct).as(Step::new)
                .list().ofMaxSize(120).withSizeDistribution(RandomDistribution.uniform());
    }

    private static void apply(World w, Step s) {
        ByteRing ring = w.ring;
        byte[] data = toArray(s.data());
        // A valid range of data: 0 <= off <= off + len <= data.length.
        int off = s.a() % (data.length + 1);
        int len = s.b() % (data.length - off + 1);
        switch (s.op()) {
            case WRITE: {
                int n = Math.min(len, w.free());
                assertEquals(n, ring.write(data, off, len), "write result");
                append(w, data, off, n);
                w.dropped += len - n;
                break;
            }
            case OFFER:
                if (len > w.free()) {
                    assertFalse(ring.offer(data, off, len), "offer refused");
                    w.dropped += len;
                } else {
                    assertTrue(ring.offer(data, off, len), "offer accepted");
                    append(w, data, off, len);
                }
                break;
            case OFFER_BYTE: {
                byte b = ALPHABET[s.a() % ALPHABET.length];
                if (w.free() == 0) {
                    assertFalse(ring.offer(b), "offer(byte) refused");
                    w.dropped++;
                } else {
                    assertTrue(ring.offer(b), "offer(byte) accepted");
                    w.content.addLast(b);
                }
                break;
            }
            case WRITE_BUFFER: {
                ByteBuffer src = buffer(data.length + SLACK, s.direct());
                src.put(data).clear();
                src.position(off).limit(off + len);
                int n = Math.min(len, w.free());
                assertEquals(n, ring.write(src), "write(ByteBuffer) result");
                assertEquals(off + n, src.position(), "source position advanced by n");
                assertEquals(off + len, src.limit(), "source limit untouched");
                ByteBuffer whole = src.duplicate().clear();
                for (int i = 0; i < data.length; i++) {
                    assertEquals(data[i], whole.get(i), "source content untouched");
                }
                append(w, data, off, n);
                break;
            }
            case READ:
            case PEEK: {
                int want = s.b() % 20;
                int at = s.a() % 4;
                byte[] dst = new byte[at + want + SLACK];
                Arrays.fill(dst, FILL);
                int n = Math.min(want, w.content.size());
                boolean read = s.op() == Op.READ;
                assertEquals(n, read ? ring.read(dst, at, want) : ring.peek(dst, at, want),
                        "read/peek result");
                expectRange(w, dst, at, n, read);
                break;
            }
            case READ_BUFFER: {
                int want = s.b() % 20;
                int at = s.a() % 4;
                ByteBuffer dst = buffer(at + want + SLACK, s.direct());
                for (int i = 0; i < dst.capacity(); i++) {
                    dst.put(i, FILL);
                }
                dst.position(at).limit(at + want);
                int n = Math.min(want, w.content.size());
                assertEquals(n, ring.read(dst), "read(ByteBuffer) result");
                assertEquals(at + n, dst.position(), "destination position advanced by n");
                assertEquals(at + want, dst.limit(), "destination limit untouched");
                byte[] copy = new byte[dst.capacity()];
                dst.clear().get(copy);
                expectRange(w, copy, at, n, true);
                break;
            }
            case SKIP: {
                int n = s.a() % (ring.capacity() + 3);
                int k = Math.min(n, w.content.size());
                assertEquals(k, ring.skip(n), "skip result");
                for (int i = 0; i < k; i++) {
                    w.content.removeFirst();
                }
                break;
            }
            case CLEAR:
                ring.clear();
                w.content.clear();
                break;
            case TAKE_DROPPED:
                assertEquals(w.dropped, ring.takeDropped(), "takeDropped result");
                w.dropped = 0;
                break;
            case BAD_RANGE:
                badRanges(ring, data, off, len);
                break;
            case BAD_ARGUMENT:
                assertThrows(IllegalArgumentException.class, () -> ring.skip(-1 - s.a()));
                assertThrows(NullPointerException.class, () -> ring.write(null, 0, 0));
                assertThrows(NullPointerException.class, () -> ring.offer(null, 0, 0));
                assertThrows(NullPointerException.class, () -> ring.read(null, 0, 0));
                assertThrows(NullPointerException.class, () -> ring.peek(null, 0, 0));
                assertThrows(NullPointerException.class, () -> ring.write((ByteBuffer) null));
                assertThrows(NullPointerException.class, () -> ring.read((ByteBuffer) null));
                break;
            default:
                throw new AssertionError(s.op());
        }
    }

    /** Every array operation given a range outside its array throws and changes nothing. */
    private static void badRanges(ByteRing ring, byte[] data, int off, int len) {
        int[][] ranges = {
            {-1, len}, {off, -1}, {off, data.length - off + 1}, {data.length + 1, 0},
            {off, Integer.MAX_VALUE}, {Integer.MIN_VALUE, len}
        };
        for (int[] r : ranges) {
            int o = r[0];
            int l = r[1];
            assertThrows(IndexOutOfBoundsException.class, () -> ring.write(data, o, l));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.offer(data, o, l));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.read(data, o, l));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.peek(data, o, l));
        }
    }

    /**
     * Checks that {@code dst} holds the model's first {@code n} bytes at {@code at} and
     * {@link #FILL} everywhere else, then removes them from the model if {@code consume}.
     */
    private static void expectRange(World w, byte[] dst, int at, int n, boolean consume) {
        Iterator<Byte> it = w.content.iterator();
        for (int i = 0; i < dst.length; i++) {
            if (i >= at && i < at + n) {
                assertEquals(it.next().byteValue(), dst[i], "bytes read");
            } else {
                assertEquals(FILL, dst[i], "bytes outside the range untouched");
            }
        }
        if (consume) {
            for (int i = 0; i < n; i++) {
                w.content.removeFirst();
            }
        }
    }

    private static void append(World w, byte[] data, int off, int n) {
        for (int i = off; i < off + n; i++) {
            w.content.addLast(data[i]);
        }
    }

    private static ByteBuffer buffer(int capacity, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    private static byte[] toArray(List<Byte> bytes) {
        byte[] a = new byte[bytes.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = bytes.get(i);
        }
        return a;
    }

    private static void checkInvariants(World w) {
        ByteRing ring = w.ring;
        int n = w.content.size();
        assertEquals(n, ring.size(), "size");
        assertEquals(ring.capacity() - n, ring.free(), "free");
        assertEquals(n == 0, ring.isEmpty(), "isEmpty");
        assertEquals(n == ring.capacity(), ring.isFull(), "isFull");
        assertEquals(w.dropped, ring.dropped(), "dropped");
        int i = 0;
        for (byte b : w.content) {
            assertEquals(b, ring.get(i++), "get");
        }
        assertThrows(IndexOutOfBoundsException.class, () -> ring.get(n));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.get(-1));
        byte[] all = new byte[ring.capacity() + 1];
        assertEquals(n, ring.peek(all, 0, all.length), "peek everything");
        i = 0;
        for (byte b : w.content) {
            assertEquals(b, all[i++], "peek content");
        }
        for (byte b : ALPHABET) {
            int expected = -1;
            int j = 0;
            for (byte c : w.content) {
                if (c == b) {
                    expected = j;
                    break;
                }
                j++;
            }
            assertEquals(expected, ring.indexOf(b), "indexOf");
        }
        assertEquals(-1, ring.indexOf(FILL), "indexOf an absent byte");
    }
}
