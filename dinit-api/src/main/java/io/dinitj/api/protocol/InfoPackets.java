package io.dinitj.api.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The layouts of information packets (docs/control-protocol.md §4.3 and §7), which the daemon
 * sends between replies at any time: byte 1 of each is a length, so a client can skip one it
 * does not know ({@link #length}). Nested classes per shape, in the style of {@link Requests}.
 * The daemon encodes events straight into its output queue, allocating nothing.
 *
 * <p>Stateless and thread safe.
 */
public final class InfoPackets {

    /** Offset of the length byte every information packet has. */
    public static final int LENGTH = Wire.TYPE_SIZE;
    /** The smallest information packet: type and length. */
    public static final int MIN_SIZE = LENGTH + Wire.U8;

    private InfoPackets() {
    }

    /**
     * Reads an information packet's length byte.
     *
     * @param b the array
     * @param o where the packet starts
     * @return the length
     */
    public static int length(byte[] b, int o) {
        return Wire.u8(b, o + LENGTH);
    }

    /**
     * SERVICEEVENT5 and SERVICEEVENT: {@code type, u8 len, u32 handle, u8 event, status}, with
     * the v5 (14-byte) or legacy (10-byte) status.
     */
    public static final class ServiceEvent {
        /** Offset of the handle. */
        public static final int HANDLE = MIN_SIZE;
        /** Offset of the event code. */
        public static final int EVENT = HANDLE + Wire.I32;
        /** Offset of the status, and the size of everything before it. */
        public static final int STATUS = EVENT + Wire.U8;
        /** Size of a SERVICEEVENT5. */
        public static final int V5_SIZE = STATUS + ServiceStatus.V5_SIZE;
        /** Size of a SERVICEEVENT. */
        public static final int LEGACY_SIZE = STATUS + ServiceStatus.LEGACY_SIZE;

        private ServiceEvent() {
        }

        /**
         * Writes everything before the status; the status goes at {@link #STATUS}.
         *
         * @param b the array
         * @param o where it starts
         * @param v5 true for SERVICEEVENT5, false for SERVICEEVENT
         * @param handle the handle
         * @param event the event code
         * @return the offset of the status
         */
        public static int encodeHeader(byte[] b, int o, boolean v5, int handle, int event) {
            Wire.putU8(b, o, v5 ? Codes.Info.SERVICEEVENT5 : Codes.Info.SERVICEEVENT);
            Wire.putU8(b, o + LENGTH, v5 ? V5_SIZE : LEGACY_SIZE);
            Wire.putI32(b, o + HANDLE, handle);
            return Wire.putU8(b, o + EVENT, event);
        }

        /**
         * Tells whether a packet type is a service event of either kind.
         *
         * @param type the type byte
         * @return true for SERVICEEVENT and SERVICEEVENT5
         */
        public static boolean is(int type) {
            return type == Codes.Info.SERVICEEVENT || type == Codes.Info.SERVICEEVENT5;
        }

        /**
         * The status size an event of this type and length carries.
         *
         * @param type the type byte
         * @param length the packet's length
         * @return {@link ServiceStatus#V5_SIZE}, {@link ServiceStatus#LEGACY_SIZE} or 0 if the
         *     packet is too short for its status
         */
        public static int statusSize(int type, int length) {
            if (type == Codes.Info.SERVICEEVENT5 && length >= V5_SIZE) {
                return ServiceStatus.V5_SIZE;
            }
            return type == Codes.Info.SERVICEEVENT && length >= LEGACY_SIZE
                    ? ServiceStatus.LEGACY_SIZE : 0;
        }

        /**
         * Reads the handle.
         *
         * @param b the array
         * @param o where the packet starts
         * @return the handle
         */
        public static int handle(byte[] b, int o) {
            return Wire.i32(b, o + HANDLE);
        }

        /**
         * Reads the event code.
         *
         * @param b the array
         * @param o where the packet starts
         * @return the code (signed byte, as upstream's client reads it)
         */
        public static int event(byte[] b, int o) {
            return b[o + EVENT];
        }
    }

    /**
     * ENVEVENT: {@code 66, u8 5, u8 flags, u16 datalen, data}. The length byte covers only the
     * header (upstream's quirk, section 4.3); the data follows it.
     */
    public static final class EnvEvent {
        /** Offset of the flags. */
        public static final int FLAGS = MIN_SIZE;
        /** Offset of the data length. */
        public static final int DATA_LENGTH = FLAGS + Wire.U8;
        /** Offset of the data, and the size the length byte says. */
        public static final int DATA = DATA_LENGTH + Wire.U16;
        /** Flag: the variable was defined before. */
        public static final int EXISTED = 1;
        /** Size of the NUL that ends the data. */
        public static final int TERMINATOR = 1;

        private EnvEvent() {
        }

        /**
         * Writes the event for {@code NAME=VALUE} or {@code NAME} bytes, adding the NUL.
         *
         * @param b the array ({@code DATA + len + TERMINATOR} bytes from {@code o})
         * @param o where it starts
         * @param existed true if the variable was defined before
         * @param src the bytes
         * @param off where they start
         * @param len how many
         * @return the offset after the event
         */
        public static int encode(byte[] b, int o, boolean existed, byte[] src, int off,
                int len) {
            Wire.putU8(b, o, Codes.Info.ENVEVENT);
            Wire.putU8(b, o + LENGTH, DATA);
            Wire.putU8(b, o + FLAGS, existed ? EXISTED : 0);
            Wire.putU16(b, o + DATA_LENGTH, len + TERMINATOR);
            int p = Wire.putBytes(b, o + DATA, src, off, len);
            return Wire.putU8(b, p, 0);
        }

        /**
         * Reads the flags.
         *
         * @param b the array
         * @param o where the event starts
         * @return the flags
         */
        public static int flags(byte[] b, int o) {
            return Wire.u8(b, o + FLAGS);
        }

        /**
         * Reads the data length (with its NUL).
         *
         * @param b the array
         * @param o where the event starts
         * @return the length
         */
        public static int dataLength(byte[] b, int o) {
            return Wire.u16(b, o + DATA_LENGTH);
        }
    }

    /** {@link Codes.Info#DJ_CLOSING}: {@code type, u8 len, text[len - 2]}. */
    public static final class Closing {
        /** Offset of the text. */
        public static final int TEXT = MIN_SIZE;
        /** The longest text that fits the length byte. */
        public static final int MAX_TEXT = 255 - TEXT;

        private Closing() {
        }

        /**
         * Makes the whole packet (not on a hot path: the daemon makes each one once).
         *
         * @param text why; cut to {@link #MAX_TEXT} bytes
         * @return the packet
         */
        public static byte[] encode(String text) {
            byte[] t = text.getBytes(StandardCharsets.UTF_8);
            int n = Math.min(t.length, MAX_TEXT);
            byte[] b = new byte[TEXT + n];
            Wire.putType(b, Codes.Info.DJ_CLOSING);
            Wire.putU8(b, LENGTH, TEXT + n);
            System.arraycopy(t, 0, b, TEXT, n);
            return b;
        }

        /**
         * Reads the text of a whole packet.
         *
         * @param b the packet, from its type byte, {@link InfoPackets#length} bytes long
         * @return the text
         */
        public static String text(byte[] b) {
            int len = Math.min(length(b, 0), b.length);
            return new String(b, TEXT, Math.max(0, len - TEXT),
                    StandardCharsets.UTF_8);
        }
    }
}
