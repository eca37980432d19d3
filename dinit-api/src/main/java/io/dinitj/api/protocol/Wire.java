package io.dinitj.api.protocol;

/**
 * The protocol's field encodings over a byte array at an offset: unsigned bytes and shorts,
 * 32- and 64-bit integers, all little-endian whatever the platform (docs/control-protocol.md
 * §1: host order, and every host this runs on is little-endian). The packet codecs
 * ({@link Requests}, {@link Replies}, {@link InfoPackets}, {@link ServiceStatus}) are built on
 * these; nothing here allocates or checks bounds beyond the array's own.
 *
 * <p>Stateless and thread safe.
 */
public final class Wire {

    /** Size of a packet type byte. */
    public static final int TYPE_SIZE = 1;
    /** Size of a {@code u8} field. */
    public static final int U8 = 1;
    /** Size of a {@code u16} field (name and variable lengths). */
    public static final int U16 = 2;
    /** Size of a 32-bit field (handles, pids, {@code unsigned}). */
    public static final int I32 = 4;
    /** Size of a 64-bit field ({@code size_t}, {@code timespec} halves). */
    public static final int I64 = 8;
    /** The largest value of a {@code u8} length field. */
    public static final int MAX_U8 = 0xff;
    /** The largest value of a {@code u16} length field. */
    public static final int MAX_U16 = 0xffff;

    private Wire() {
    }

    /**
     * Reads a packet's type, the byte every request, reply and information packet starts with.
     *
     * @param packet the packet, from its first byte
     * @return the command, reply or information code, 0-255
     */
    public static int type(byte[] packet) {
        return packet[0] & 0xff;
    }

    /**
     * Writes a packet's type byte.
     *
     * @param packet the packet, from its first byte
     * @param type the command, reply or information code
     * @return {@link #TYPE_SIZE}, the offset of the packet's first field
     */
    public static int putType(byte[] packet, int type) {
        packet[0] = (byte) type;
        return TYPE_SIZE;
    }

    /**
     * Reads an unsigned byte.
     *
     * @param b the array
     * @param o the offset
     * @return 0-255
     */
    public static int u8(byte[] b, int o) {
        return b[o] & 0xff;
    }

    /**
     * Reads an unsigned little-endian short.
     *
     * @param b the array
     * @param o the offset
     * @return 0-65535
     */
    public static int u16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    /**
     * Reads a little-endian 32-bit integer.
     *
     * @param b the array
     * @param o the offset
     * @return the value (signed; mask with {@code 0xffffffffL} for a {@code uint32_t})
     */
    public static int i32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16
                | (b[o + 3] & 0xff) << 24;
    }

    /**
     * Reads a little-endian 64-bit integer.
     *
     * @param b the array
     * @param o the offset
     * @return the value
     */
    public static long i64(byte[] b, int o) {
        return (i32(b, o) & 0xffffffffL) | (long) i32(b, o + I32) << 32;
    }

    /**
     * Writes a byte.
     *
     * @param b the array
     * @param o the offset
     * @param v the value (low 8 bits)
     * @return the offset after it
     */
    public static int putU8(byte[] b, int o, int v) {
        b[o] = (byte) v;
        return o + U8;
    }

    /**
     * Writes a little-endian short.
     *
     * @param b the array
     * @param o the offset
     * @param v the value (low 16 bits)
     * @return the offset after it
     */
    public static int putU16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        return o + U16;
    }

    /**
     * Writes a little-endian 32-bit integer.
     *
     * @param b the array
     * @param o the offset
     * @param v the value
     * @return the offset after it
     */
    public static int putI32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
        return o + I32;
    }

    /**
     * Writes a little-endian 64-bit integer.
     *
     * @param b the array
     * @param o the offset
     * @param v the value
     * @return the offset after it
     */
    public static int putI64(byte[] b, int o, long v) {
        putI32(b, o, (int) v);
        return putI32(b, o + I32, (int) (v >>> 32));
    }

    /**
     * Copies raw bytes (names, directories, environment data).
     *
     * @param b the array
     * @param o the offset
     * @param src the bytes
     * @param off where they start in {@code src}
     * @param len how many
     * @return the offset after them
     */
    public static int putBytes(byte[] b, int o, byte[] src, int off, int len) {
        System.arraycopy(src, off, b, o, len);
        return o + len;
    }
}
