package io.dinitj.api.protocol;

/**
 * The layouts of the commands a client sends (docs/control-protocol.md §4.1), one nested class
 * per shape: its size, the offset of each field from the type byte, a static {@code encode} that
 * writes the whole request at an offset and returns the offset after it, and static readers for
 * the fields. The daemon decodes requests in its receive buffer with the readers, so nothing
 * here allocates; the client encodes into arrays of the given size.
 *
 * <p>Stateless and thread safe.
 */
public final class Requests {

    private Requests() {
    }

    /**
     * A request that is its type byte alone: QUERYVERSION, LISTSERVICES, LISTSERVICES5,
     * QUERY_LOAD_MECH, LISTENENV.
     */
    public static final class Bare {
        /** The request's size. */
        public static final int SIZE = Wire.TYPE_SIZE;

        private Bare() {
        }

        /**
         * Writes the request.
         *
         * @param b the array
         * @param o where the request starts
         * @param type the command code
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int type) {
            return Wire.putU8(b, o, type);
        }
    }

    /**
     * {@code type, u16 len, bytes[len]}: FINDSERVICE and LOADSERVICE (a service name), SETENV
     * ({@code NAME=VALUE} or {@code NAME}).
     */
    public static final class Named {
        /** Offset of the length. */
        public static final int LENGTH = Wire.TYPE_SIZE;
        /** Offset of the bytes, and the size of everything before them. */
        public static final int DATA = LENGTH + Wire.U16;

        private Named() {
        }

        /**
         * The request's size with {@code len} bytes.
         *
         * @param len the byte count
         * @return the size
         */
        public static int size(int len) {
            return DATA + len;
        }

        /**
         * Writes the request.
         *
         * @param b the array ({@link #size} bytes from {@code o})
         * @param o where the request starts
         * @param type the command code
         * @param src the name or variable bytes
         * @param off where they start
         * @param len how many
         * @return the offset after the request
         */
        public static int encode(byte[] b, int o, int type, byte[] src, int off, int len) {
            Wire.putU8(b, o, type);
            Wire.putU16(b, o + LENGTH, len);
            return Wire.putBytes(b, o + DATA, src, off, len);
        }

        /**
         * Reads the byte count (needs {@link #DATA} bytes).
         *
         * @param b the array
         * @param o where the request starts
         * @return the count
         */
        public static int length(byte[] b, int o) {
            return Wire.u16(b, o + LENGTH);
        }
    }

    /**
     * {@code type, u8 flags, u32 handle}: STARTSERVICE, STOPSERVICE, WAKESERVICE,
     * RELEASESERVICE and CATLOG (flags), QUERYSERVICENAME and QUERYSERVICEDSCDIR (a reserved
     * byte), DJ_DEPENDENCIES (flags).
     */
    public static final class FlagsHandle {
        /** Offset of the flags (or reserved) byte. */
        public static final int FLAGS = Wire.TYPE_SIZE;
        /** Offset of the handle. */
        public static final int HANDLE = FLAGS + Wire.U8;
        /** The request's size. */
        public static final int SIZE = HANDLE + Wire.I32;

        private FlagsHandle() {
        }

        /**
         * Writes the request.
         *
         * @param b the array
         * @param o where the request starts
         * @param type the command code
         * @param flags the flags or reserved byte
         * @param handle the handle
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int type, int flags, int handle) {
            Wire.putU8(b, o, type);
            Wire.putU8(b, o + FLAGS, flags);
            return Wire.putI32(b, o + HANDLE, handle);
        }

        /**
         * Reads the flags.
         *
         * @param b the array
         * @param o where the request starts
         * @return the flags byte
         */
        public static int flags(byte[] b, int o) {
            return Wire.u8(b, o + FLAGS);
        }

        /**
         * Reads the handle.
         *
         * @param b the array
         * @param o where the request starts
         * @return the handle
         */
        public static int handle(byte[] b, int o) {
            return Wire.i32(b, o + HANDLE);
        }
    }

    /**
     * {@code type, u32 handle}: UNPINSERVICE, UNLOADSERVICE, RELOADSERVICE, SERVICESTATUS,
     * SERVICESTATUS5, SERVICESTATUS6, CLOSEHANDLE.
     */
    public static final class Handle {
        /** Offset of the handle. */
        public static final int HANDLE = Wire.TYPE_SIZE;
        /** The request's size. */
        public static final int SIZE = HANDLE + Wire.I32;

        private Handle() {
        }

        /**
         * Writes the request.
         *
         * @param b the array
         * @param o where the request starts
         * @param type the command code
         * @param handle the handle
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int type, int handle) {
            Wire.putU8(b, o, type);
            return Wire.putI32(b, o + HANDLE, handle);
        }

        /**
         * Reads the handle.
         *
         * @param b the array
         * @param o where the request starts
         * @return the handle
         */
        public static int handle(byte[] b, int o) {
            return Wire.i32(b, o + HANDLE);
        }
    }

    /** {@code type, u8 value}: SHUTDOWN (the shutdown type), GETALLENV (reserved, 0). */
    public static final class ByteArgument {
        /** Offset of the value. */
        public static final int VALUE = Wire.TYPE_SIZE;
        /** The request's size. */
        public static final int SIZE = VALUE + Wire.U8;

        private ByteArgument() {
        }

        /**
         * Writes the request.
         *
         * @param b the array
         * @param o where the request starts
         * @param type the command code
         * @param value the byte
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int type, int value) {
            Wire.putU8(b, o, type);
            return Wire.putU8(b, o + VALUE, value);
        }

        /**
         * Reads the value.
         *
         * @param b the array
         * @param o where the request starts
         * @return the byte, unsigned
         */
        public static int value(byte[] b, int o) {
            return Wire.u8(b, o + VALUE);
        }
    }

    /**
     * {@code type, u8 dependency kind, u32 from, u32 to}: ADD_DEP, REM_DEP, ENABLESERVICE,
     * ENABLE_SERVICE_V7.
     */
    public static final class Dependency {
        /** Offset of the dependency kind code. */
        public static final int KIND = Wire.TYPE_SIZE;
        /** Offset of the dependent's handle. */
        public static final int FROM = KIND + Wire.U8;
        /** Offset of the dependency's handle. */
        public static final int TO = FROM + Wire.I32;
        /** The request's size. */
        public static final int SIZE = TO + Wire.I32;

        private Dependency() {
        }

        /**
         * Writes the request.
         *
         * @param b the array
         * @param o where the request starts
         * @param type the command code
         * @param kind the dependency kind code
         * @param from the dependent's handle
         * @param to the dependency's handle
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int type, int kind, int from, int to) {
            Wire.putU8(b, o, type);
            Wire.putU8(b, o + KIND, kind);
            Wire.putI32(b, o + FROM, from);
            return Wire.putI32(b, o + TO, to);
        }

        /**
         * Reads the kind code.
         *
         * @param b the array
         * @param o where the request starts
         * @return the code
         */
        public static int kind(byte[] b, int o) {
            return Wire.u8(b, o + KIND);
        }

        /**
         * Reads the dependent's handle.
         *
         * @param b the array
         * @param o where the request starts
         * @return the handle
         */
        public static int from(byte[] b, int o) {
            return Wire.i32(b, o + FROM);
        }

        /**
         * Reads the dependency's handle.
         *
         * @param b the array
         * @param o where the request starts
         * @return the handle
         */
        public static int to(byte[] b, int o) {
            return Wire.i32(b, o + TO);
        }
    }

    /** SETTRIGGER: {@code type, u32 handle, u8 value} (the handle comes first here). */
    public static final class Trigger {
        /** Offset of the handle. */
        public static final int HANDLE = Wire.TYPE_SIZE;
        /** Offset of the value (non-zero sets the trigger). */
        public static final int VALUE = HANDLE + Wire.I32;
        /** The request's size. */
        public static final int SIZE = VALUE + Wire.U8;

        private Trigger() {
        }

        /**
         * Writes the request.
         *
         * @param b the array
         * @param o where the request starts
         * @param handle the handle
         * @param set true to set the trigger, false to clear it
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int handle, boolean set) {
            Wire.putU8(b, o, Codes.Cmd.SETTRIGGER);
            Wire.putI32(b, o + HANDLE, handle);
            return Wire.putU8(b, o + VALUE, set ? 1 : 0);
        }

        /**
         * Reads the handle.
         *
         * @param b the array
         * @param o where the request starts
         * @return the handle
         */
        public static int handle(byte[] b, int o) {
            return Wire.i32(b, o + HANDLE);
        }

        /**
         * Reads the value.
         *
         * @param b the array
         * @param o where the request starts
         * @return true to set, false to clear
         */
        public static boolean set(byte[] b, int o) {
            return b[o + VALUE] != 0;
        }
    }

    /** SIGNAL: {@code type, i32 signal, u32 handle} (the signal comes first here). */
    public static final class Signal {
        /** Offset of the signal number. */
        public static final int SIGNAL = Wire.TYPE_SIZE;
        /** Offset of the handle. */
        public static final int HANDLE = SIGNAL + Wire.I32;
        /** The request's size. */
        public static final int SIZE = HANDLE + Wire.I32;

        private Signal() {
        }

        /**
         * Writes the request.
         *
         * @param b the array
         * @param o where the request starts
         * @param signal the signal number
         * @param handle the handle
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int signal, int handle) {
            Wire.putU8(b, o, Codes.Cmd.SIGNAL);
            Wire.putI32(b, o + SIGNAL, signal);
            return Wire.putI32(b, o + HANDLE, handle);
        }

        /**
         * Reads the signal number.
         *
         * @param b the array
         * @param o where the request starts
         * @return the number
         */
        public static int signal(byte[] b, int o) {
            return Wire.i32(b, o + SIGNAL);
        }

        /**
         * Reads the handle.
         *
         * @param b the array
         * @param o where the request starts
         * @return the handle
         */
        public static int handle(byte[] b, int o) {
            return Wire.i32(b, o + HANDLE);
        }
    }
}
