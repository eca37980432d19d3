package io.dinitj.core.log;

import io.dinitj.collections.HotPath;
import java.nio.charset.StandardCharsets;

/**
 * A service's buffered output ({@code log-type = buffer}, docs/service-semantics.md §11): the
 * first {@code log-buffer-size} bytes are kept, later output is read and dropped (so the
 * service never blocks on a full pipe). A relaunch appends a note line if it fits whole.
 * Nothing here allocates after construction.
 */
@HotPath
public final class LogBuffer {

    private static final byte[] RESTART_NOTE =
            "(dinit: note: service restarted)\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[] data;
    private int length;
    private long dropped;

    /**
     * Creates an empty buffer.
     *
     * @param capacity how many bytes it keeps, at least 1
     */
    public LogBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        data = new byte[capacity];
    }

    /**
     * Keeps as much of {@code len} bytes as fits and drops the rest.
     *
     * @param src the bytes
     * @param off where they start
     * @param len how many
     * @return how many were kept
     */
    public int append(byte[] src, int off, int len) {
        int n = Math.min(len, data.length - length);
        System.arraycopy(src, off, data, length, n);
        length += n;
        dropped += len - n;
        return n;
    }

    /**
     * Notes that the service was relaunched: appends {@code (dinit: note: service restarted)}
     * and a newline if the buffer holds output and the whole line fits (a newline first if the
     * last line is unfinished, counted in the fit).
     *
     * @return true if the note was appended
     */
    public boolean noteRestart() {
        if (length == 0) {
            return false;
        }
        boolean needNewline = data[length - 1] != '\n';
        int need = RESTART_NOTE.length + (needNewline ? 1 : 0);
        if (data.length - length < need) {
            return false;
        }
        if (needNewline) {
            data[length++] = '\n';
        }
        System.arraycopy(RESTART_NOTE, 0, data, length, RESTART_NOTE.length);
        length += RESTART_NOTE.length;
        return true;
    }

    /**
     * Returns how many bytes are kept.
     *
     * @return the length
     */
    public int length() {
        return length;
    }

    /**
     * Returns the capacity.
     *
     * @return the most bytes kept
     */
    public int capacity() {
        return data.length;
    }

    /**
     * Returns how many bytes were dropped because the buffer was full.
     *
     * @return the count since creation
     */
    public long dropped() {
        return dropped;
    }

    /**
     * Copies the kept bytes out.
     *
     * @param dst where to
     * @param off from which index
     * @return how many bytes were copied ({@link #length()}, or less if {@code dst} is short)
     */
    public int copyTo(byte[] dst, int off) {
        int n = Math.min(length, dst.length - off);
        System.arraycopy(data, 0, dst, off, n);
        return n;
    }

    /** Empties the buffer ({@code catlog --clear}). */
    public void clear() {
        length = 0;
    }
}
