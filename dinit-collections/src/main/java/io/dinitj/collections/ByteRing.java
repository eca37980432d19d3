package io.dinitj.collections;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A fixed-capacity FIFO ring of bytes, for log buffers and protocol input. Its array is
 * allocated once, at construction; nothing afterwards allocates, blocks or grows.
 *
 * <p><b>Full is a return value, never an exception.</b> {@link #write(byte[], int, int)} stores
 * what fits and drops the rest; {@link #offer(byte[], int, int)} stores all or nothing. Either way
 * the bytes not stored are added to {@link #dropped()}, so a log reader can later be told how much
 * it missed. {@link #write(ByteBuffer)} takes what fits and leaves the rest in the buffer, for
 * input that must not be lost.
 *
 * <p><b>Cost.</b> Reads and writes are O(bytes moved) through at most two
 * {@code System.arraycopy} calls; every other operation is O(1) except {@link #indexOf(byte)},
 * O(size).
 *
 * <p><b>Failure.</b> Arguments outside the given arrays throw
 * {@link IndexOutOfBoundsException}; a null array or buffer throws
 * {@link NullPointerException}. Nothing else throws.
 *
 * <p><b>Threads.</b> Not thread safe: one thread at a time.
 */
@HotPath
public final class ByteRing {

    private final byte[] bytes;
    /** Index of the oldest byte. */
    private int head;
    /** Bytes held, from {@code head} onwards, wrapping at the end of the array. */
    private int size;
    private long dropped;

    /**
     * Creates an empty ring. Allocates {@code capacity} bytes, once.
     *
     * @param capacity the number of bytes it can hold, at least 1
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public ByteRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        bytes = new byte[capacity];
    }

    /**
     * Returns the number of bytes the ring can hold. O(1).
     *
     * @return the capacity
     */
    public int capacity() {
        return bytes.length;
    }

    /**
     * Returns the number of bytes held. O(1).
     *
     * @return the bytes available to read
     */
    public int size() {
        return size;
    }

    /**
     * Returns the number of bytes that can be written before the ring is full. O(1).
     *
     * @return free space in bytes
     */
    public int free() {
        return bytes.length - size;
    }

    /**
     * Tells whether the ring holds nothing. O(1).
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Tells whether the ring has no free space. O(1).
     *
     * @return true if full
     */
    public boolean isFull() {
        return size == bytes.length;
    }

    /**
     * Returns how many bytes were refused since construction or the last {@link #takeDropped()}.
     * O(1).
     *
     * @return the bytes dropped
     */
    public long dropped() {
        return dropped;
    }

    /**
     * Returns the dropped-byte count and resets it to zero. O(1).
     *
     * @return the bytes dropped since the last call
     */
    public long takeDropped() {
        long d = dropped;
        dropped = 0;
        return d;
    }

    /**
     * Writes as many of {@code len} bytes as fit and drops the rest, counting them in
     * {@link #dropped()}. O(len), no allocation.
     *
     * @param src the source array
     * @param off the offset in {@code src}
     * @param len the number of bytes offered
     * @return the number of bytes stored, from 0 to {@code len}
     * @throws IndexOutOfBoundsException if the range is outside {@code src}
     */
    public int write(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        int n = Math.min(len, bytes.length - size);
        copyIn(src, off, n);
        dropped += len - n;
        return n;
    }

    /**
     * Writes all {@code len} bytes if they fit, or none of them. Refused bytes are counted in
     * {@link #dropped()}. O(len), no allocation.
     *
     * @param src the source array
     * @param off the offset in {@code src}
     * @param len the number of bytes offered
     * @return true if all were stored, false if the ring had too little space and stored nothing
     * @throws IndexOutOfBoundsException if the range is outside {@code src}
     */
    public boolean offer(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        if (len > bytes.length - size) {
            dropped += len;
            return false;
        }
        copyIn(src, off, len);
        return true;
    }

    /**
     * Writes one byte if there is space; otherwise counts it as dropped. O(1), no allocation.
     *
     * @param b the byte
     * @return true if stored, false if the ring was full
     */
    public boolean offer(byte b) {
        if (size == bytes.length) {
            dropped++;
            return false;
        }
        int tail = head + size;
        if (tail >= bytes.length) {
            tail -= bytes.length;
        }
        bytes[tail] = b;
        size++;
        return true;
    }

    /**
     * Moves as many bytes as fit from {@code src}'s remaining bytes into the ring, advancing its
     * position. Bytes that do not fit stay in {@code src} and are not counted as dropped. O(bytes
     * moved), no allocation; works on heap and direct buffers.
     *
     * @param src the buffer to read from
     * @return the number of bytes moved
     */
    public int write(ByteBuffer src) {
        int n = Math.min(src.remaining(), bytes.length - size);
        int tail = head + size;
        if (tail >= bytes.length) {
            tail -= bytes.length;
        }
        int first = Math.min(n, bytes.length - tail);
        src.get(bytes, tail, first);
        src.get(bytes, 0, n - first);
        size += n;
        return n;
    }

    /**
     * Removes up to {@code len} of the oldest bytes into {@code dst}. O(bytes moved), no
     * allocation.
     *
     * @param dst the destination array
     * @param off the offset in {@code dst}
     * @param len the most bytes to read
     * @return the number of bytes read, 0 if the ring is empty
     * @throws IndexOutOfBoundsException if the range is outside {@code dst}
     */
    public int read(byte[] dst, int off, int len) {
        int n = peek(dst, off, len);
        skip(n);
        return n;
    }

    /**
     * Removes as many of the oldest bytes as fit into {@code dst}'s remaining space, advancing
     * its position. O(bytes moved), no allocation.
     *
     * @param dst the buffer to write to
     * @return the number of bytes moved
     */
    public int read(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), size);
        int first = Math.min(n, bytes.length - head);
        dst.put(bytes, head, first);
        dst.put(bytes, 0, n - first);
        skip(n);
        return n;
    }

    /**
     * Copies up to {@code len} of the oldest bytes into {@code dst} without removing them.
     * O(bytes copied), no allocation.
     *
     * @param dst the destination array
     * @param off the offset in {@code dst}
     * @param len the most bytes to copy
     * @return the number of bytes copied
     * @throws IndexOutOfBoundsException if the range is outside {@code dst}
     */
    public int peek(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        int n = Math.min(len, size);
        int first = Math.min(n, bytes.length - head);
        System.arraycopy(bytes, head, dst, off, first);
        System.arraycopy(bytes, 0, dst, off + first, n - first);
        return n;
    }

    /**
     * Returns the byte {@code index} places after the oldest, without removing anything. O(1).
     *
     * @param index from 0 (the oldest byte) to {@code size() - 1}
     * @return the byte
     * @throws IndexOutOfBoundsException if {@code index} is not below {@link #size()}
     */
    public byte get(int index) {
        Objects.checkIndex(index, size);
        int i = head + index;
        return bytes[i >= bytes.length ? i - bytes.length : i];
    }

    /**
     * Finds the first occurrence of {@code b} among the held bytes, for example a line end.
     * O(size), no allocation.
     *
     * @param b the byte to look for
     * @return its index as {@link #get(int)} counts, or -1 if absent
     */
    public int indexOf(byte b) {
        int first = Math.min(size, bytes.length - head);
        for (int i = 0; i < first; i++) {
            if (bytes[head + i] == b) {
                return i;
            }
        }
        for (int i = first; i < size; i++) {
            if (bytes[i - first] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Discards up to {@code n} of the oldest bytes. O(1).
     *
     * @param n the number of bytes to discard; more than {@link #size()} discards all
     * @return the number discarded
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public int skip(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative skip");
        }
        int k = Math.min(n, size);
        head += k;
        if (head >= bytes.length) {
            head -= bytes.length;
        }
        size -= k;
        if (size == 0) {
            head = 0;
        }
        return k;
    }

    /**
     * Discards every byte held. The dropped count is kept. O(1).
     */
    public void clear() {
        head = 0;
        size = 0;
    }

    private void copyIn(byte[] src, int off, int n) {
        int tail = head + size;
        if (tail >= bytes.length) {
            tail -= bytes.length;
        }
        int first = Math.min(n, bytes.length - tail);
        System.arraycopy(src, off, bytes, tail, first);
        System.arraycopy(src, off + first, bytes, 0, n - first);
        size += n;
    }
}
