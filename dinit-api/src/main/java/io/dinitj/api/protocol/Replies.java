package io.dinitj.api.protocol;

/**
 * The layouts of the daemon's replies (docs/control-protocol.md §4.2), one nested class per
 * shape, in the style of {@link Requests}: sizes, field offsets from the type byte, a static
 * {@code encode} (for a reply with variable data, {@code encodeHeader}: the caller copies the
 * data after it) and static readers. A reply that is its code alone (ACK, NAK, NOSERVICE, ...)
 * is {@link Bare}. The daemon encodes straight into its output queue, so nothing here
 * allocates; the client reads a reply's fixed part into an array and decodes it with the
 * readers.
 *
 * <p>Stateless and thread safe.
 */
public final class Replies {

    private Replies() {
    }

    /** A reply that is its code alone: ACK, NAK, BADREQ, OOM, NOSERVICE, ALREADYSS, ... */
    public static final class Bare {
        /** The reply's size. */
        public static final int SIZE = Wire.TYPE_SIZE;

        private Bare() {
        }

        /**
         * Writes the reply.
         *
         * @param b the array
         * @param o where it starts
         * @param code the reply code
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int code) {
            return Wire.putU8(b, o, code);
        }
    }

    /** CPVERSION: {@code 3A, u16 min, u16 current}. */
    public static final class Version {
        /** Offset of the oldest version spoken. */
        public static final int MIN = Wire.TYPE_SIZE;
        /** Offset of the current version. */
        public static final int CURRENT = MIN + Wire.U16;
        /** The reply's size. */
        public static final int SIZE = CURRENT + Wire.U16;

        private Version() {
        }

        /**
         * Writes the reply.
         *
         * @param b the array
         * @param o where it starts
         * @param min the oldest version spoken
         * @param current the current version
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int min, int current) {
            Wire.putU8(b, o, Codes.Reply.CPVERSION);
            Wire.putU16(b, o + MIN, min);
            return Wire.putU16(b, o + CURRENT, current);
        }

        /**
         * Reads the oldest version.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the version
         */
        public static int min(byte[] b, int o) {
            return Wire.u16(b, o + MIN);
        }

        /**
         * Reads the current version.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the version
         */
        public static int current(byte[] b, int o) {
            return Wire.u16(b, o + CURRENT);
        }
    }

    /** SERVICERECORD: {@code 3B, u8 state, u32 handle, u8 target}. */
    public static final class ServiceRecord {
        /** Offset of the state code. */
        public static final int STATE = Wire.TYPE_SIZE;
        /** Offset of the new handle. */
        public static final int HANDLE = STATE + Wire.U8;
        /** Offset of the target state code. */
        public static final int TARGET = HANDLE + Wire.I32;
        /** The reply's size. */
        public static final int SIZE = TARGET + Wire.U8;

        private ServiceRecord() {
        }

        /**
         * Writes the reply.
         *
         * @param b the array
         * @param o where it starts
         * @param state the state code
         * @param handle the handle
         * @param target the target state code
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, int state, int handle, int target) {
            Wire.putU8(b, o, Codes.Reply.SERVICERECORD);
            Wire.putU8(b, o + STATE, state);
            Wire.putI32(b, o + HANDLE, handle);
            return Wire.putU8(b, o + TARGET, target);
        }

        /**
         * Reads the state code.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the code
         */
        public static int state(byte[] b, int o) {
            return Wire.u8(b, o + STATE);
        }

        /**
         * Reads the handle.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the handle
         */
        public static int handle(byte[] b, int o) {
            return Wire.i32(b, o + HANDLE);
        }

        /**
         * Reads the target state code.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the code
         */
        public static int target(byte[] b, int o) {
            return Wire.u8(b, o + TARGET);
        }
    }

    /**
     * SVCINFO, one entry of a list: {@code 3E, u8 name_len, status[10 or 14], name}. The name
     * length is one byte: {@link #MAX_NAME} bytes at most.
     */
    public static final class ListEntry {
        /** Offset of the name length. */
        public static final int NAME_LENGTH = Wire.TYPE_SIZE;
        /** Offset of the status, and the size of everything before it. */
        public static final int STATUS = NAME_LENGTH + Wire.U8;
        /** The longest name an entry can carry. */
        public static final int MAX_NAME = Wire.MAX_U8;

        private ListEntry() {
        }

        /**
         * The entry's size.
         *
         * @param statusSize {@link ServiceStatus#LEGACY_SIZE} or {@link ServiceStatus#V5_SIZE}
         * @param nameLength the name's length
         * @return the size
         */
        public static int size(int statusSize, int nameLength) {
            return STATUS + statusSize + nameLength;
        }

        /**
         * Writes the type and name length; the status goes at {@link #STATUS}, the name after.
         *
         * @param b the array
         * @param o where it starts
         * @param nameLength the name's length
         * @return the offset of the status
         */
        public static int encodeHeader(byte[] b, int o, int nameLength) {
            Wire.putU8(b, o, Codes.Reply.SVCINFO);
            return Wire.putU8(b, o + NAME_LENGTH, nameLength);
        }

        /**
         * Reads the name length.
         *
         * @param b the array
         * @param o where the entry starts
         * @return the length
         */
        public static int nameLength(byte[] b, int o) {
            return Wire.u8(b, o + NAME_LENGTH);
        }
    }

    /** DEPENDENTS: {@code 41, size_t n, u32 handle × n}. */
    public static final class Dependents {
        /** Offset of the count. */
        public static final int COUNT = Wire.TYPE_SIZE;
        /** Offset of the first handle, and the size of everything before it. */
        public static final int HANDLES = COUNT + Wire.I64;
        /** Size of one handle. */
        public static final int ENTRY = Wire.I32;

        private Dependents() {
        }

        /**
         * The reply's size.
         *
         * @param n the number of handles
         * @return the size
         */
        public static int size(int n) {
            return HANDLES + ENTRY * n;
        }

        /**
         * Writes the type and count; the handles follow, written with {@link #encodeHandle}.
         *
         * @param b the array
         * @param o where it starts
         * @param n the number of handles
         * @return the offset of the first handle
         */
        public static int encodeHeader(byte[] b, int o, int n) {
            Wire.putU8(b, o, Codes.Reply.DEPENDENTS);
            return Wire.putI64(b, o + COUNT, n);
        }

        /**
         * Writes one handle.
         *
         * @param b the array
         * @param o where it goes
         * @param handle the handle
         * @return the offset after it
         */
        public static int encodeHandle(byte[] b, int o, int handle) {
            return Wire.putI32(b, o, handle);
        }

        /**
         * Reads the count.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the count
         */
        public static long count(byte[] b, int o) {
            return Wire.i64(b, o + COUNT);
        }

        /**
         * Reads the {@code i}-th handle.
         *
         * @param b the array holding the handles
         * @param o where the first handle starts
         * @param i its index
         * @return the handle
         */
        public static int handle(byte[] b, int o, int i) {
            return Wire.i32(b, o + ENTRY * i);
        }
    }

    /** SERVICENAME: {@code 42, u8 0, u16 len, name}. */
    public static final class ServiceName {
        /** Offset of the reserved byte. */
        public static final int RESERVED = Wire.TYPE_SIZE;
        /** Offset of the name length. */
        public static final int LENGTH = RESERVED + Wire.U8;
        /** Offset of the name, and the size of everything before it. */
        public static final int NAME = LENGTH + Wire.U16;
        /** The longest name the reply can carry. */
        public static final int MAX_NAME = Wire.MAX_U16;

        private ServiceName() {
        }

        /**
         * Writes the reply.
         *
         * @param b the array ({@code NAME + len} bytes from {@code o})
         * @param o where it starts
         * @param name the name's bytes
         * @param len how many
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, byte[] name, int len) {
            Wire.putU8(b, o, Codes.Reply.SERVICENAME);
            Wire.putU8(b, o + RESERVED, 0);
            Wire.putU16(b, o + LENGTH, len);
            return Wire.putBytes(b, o + NAME, name, 0, len);
        }

        /**
         * Reads the name length.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the length
         */
        public static int length(byte[] b, int o) {
            return Wire.u16(b, o + LENGTH);
        }
    }

    /**
     * SERVICESTATUS: {@code 46, u8 reserved, status[10, 14 or 30]}; the reserved byte of an
     * ENABLE_SERVICE_V7 reply is 1 if the link existed already.
     */
    public static final class Status {
        /** Offset of the reserved byte. */
        public static final int RESERVED = Wire.TYPE_SIZE;
        /** Offset of the status, and the size of everything before it. */
        public static final int STATUS = RESERVED + Wire.U8;

        private Status() {
        }

        /**
         * Writes the type and reserved byte; the status goes at {@link #STATUS}.
         *
         * @param b the array
         * @param o where it starts
         * @param reserved the reserved byte
         * @return the offset of the status
         */
        public static int encodeHeader(byte[] b, int o, int reserved) {
            Wire.putU8(b, o, Codes.Reply.SERVICESTATUS);
            return Wire.putU8(b, o + RESERVED, reserved);
        }
    }

    /** SERVICE_LOG: {@code 49, u8 flags (0), u32 len, bytes}. */
    public static final class ServiceLog {
        /** Offset of the flags. */
        public static final int FLAGS = Wire.TYPE_SIZE;
        /** Offset of the length. */
        public static final int LENGTH = FLAGS + Wire.U8;
        /** Offset of the log bytes, and the size of everything before them. */
        public static final int DATA = LENGTH + Wire.I32;

        private ServiceLog() {
        }

        /**
         * Writes everything before the log bytes.
         *
         * @param b the array
         * @param o where it starts
         * @param len the number of log bytes that follow
         * @return the offset of the log bytes
         */
        public static int encodeHeader(byte[] b, int o, int len) {
            Wire.putU8(b, o, Codes.Reply.SERVICE_LOG);
            Wire.putU8(b, o + FLAGS, 0);
            return Wire.putI32(b, o + LENGTH, len);
        }

        /**
         * Reads the length.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the length, unsigned
         */
        public static long length(byte[] b, int o) {
            return Wire.i32(b, o + LENGTH) & 0xffffffffL;
        }
    }

    /** SVCDSCDIR: {@code 4D, u32 len, dir}. */
    public static final class DescriptionDirectory {
        /** Offset of the length. */
        public static final int LENGTH = Wire.TYPE_SIZE;
        /** Offset of the directory, and the size of everything before it. */
        public static final int DATA = LENGTH + Wire.I32;

        private DescriptionDirectory() {
        }

        /**
         * Writes the reply.
         *
         * @param b the array ({@code DATA + len} bytes from {@code o})
         * @param o where it starts
         * @param dir the directory's bytes
         * @param len how many
         * @return the offset after it
         */
        public static int encode(byte[] b, int o, byte[] dir, int len) {
            Wire.putU8(b, o, Codes.Reply.SVCDSCDIR);
            Wire.putI32(b, o + LENGTH, len);
            return Wire.putBytes(b, o + DATA, dir, 0, len);
        }

        /**
         * Reads the length.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the length
         */
        public static int length(byte[] b, int o) {
            return Wire.i32(b, o + LENGTH);
        }
    }

    /** ALLENV: {@code 4E, size_t len, "NAME=VALUE\0"...}. */
    public static final class AllEnv {
        /** Offset of the length. */
        public static final int LENGTH = Wire.TYPE_SIZE;
        /** Offset of the data, and the size of everything before it. */
        public static final int DATA = LENGTH + Wire.I64;
        /** Size of the separator between a name and its value. */
        public static final int SEPARATOR = 1;
        /** Size of the NUL that ends each entry. */
        public static final int TERMINATOR = 1;

        private AllEnv() {
        }

        /**
         * Writes everything before the data.
         *
         * @param b the array
         * @param o where it starts
         * @param len the number of data bytes that follow
         * @return the offset of the data
         */
        public static int encodeHeader(byte[] b, int o, long len) {
            Wire.putU8(b, o, Codes.Reply.ALLENV);
            return Wire.putI64(b, o + LENGTH, len);
        }

        /**
         * Writes one {@code NAME=VALUE\0} entry.
         *
         * @param b the array ({@link #entrySize} bytes from {@code o})
         * @param o where it goes
         * @param name the name's bytes
         * @param value the value's bytes
         * @return the offset after it
         */
        public static int encodeEntry(byte[] b, int o, byte[] name, byte[] value) {
            int p = Wire.putBytes(b, o, name, 0, name.length);
            p = Wire.putU8(b, p, '=');
            p = Wire.putBytes(b, p, value, 0, value.length);
            return Wire.putU8(b, p, 0);
        }

        /**
         * The size of one entry.
         *
         * @param nameLength the name's length in bytes
         * @param valueLength the value's length in bytes
         * @return the size with separator and NUL
         */
        public static int entrySize(int nameLength, int valueLength) {
            return nameLength + SEPARATOR + valueLength + TERMINATOR;
        }

        /**
         * Reads the length.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the length
         */
        public static long length(byte[] b, int o) {
            return Wire.i64(b, o + LENGTH);
        }
    }

    /**
     * LOADER_MECH (section 6.12): {@code 40, u8 loader type, u32 total size, u32 n, u32 cwd
     * len, cwd}, then {@code n × (u32 len, dir)}.
     */
    public static final class LoaderMechanism {
        /** Offset of the loader type. */
        public static final int LOADER_TYPE = Wire.TYPE_SIZE;
        /** Offset of the total packet size. */
        public static final int TOTAL = LOADER_TYPE + Wire.U8;
        /** Offset of the directory count. */
        public static final int DIRECTORIES = TOTAL + Wire.I32;
        /** Offset of the working directory's length. */
        public static final int CWD_LENGTH = DIRECTORIES + Wire.I32;
        /** Offset of the working directory, and the size of everything before it. */
        public static final int CWD = CWD_LENGTH + Wire.I32;
        /** Size of each directory's length field. */
        public static final int DIRECTORY_HEADER = Wire.I32;
        /** The loader type of a directory-based service set (the only kind). */
        public static final int DIRECTORY_LOADER = 1;

        private LoaderMechanism() {
        }

        /**
         * Writes everything up to the working directory, which follows with the directories.
         *
         * @param b the array
         * @param o where it starts
         * @param total the whole packet's size
         * @param directories the number of directories
         * @param cwdLength the working directory's length
         * @return the offset of the working directory
         */
        public static int encodeHeader(byte[] b, int o, int total, int directories,
                int cwdLength) {
            Wire.putU8(b, o, Codes.Reply.LOADER_MECH);
            Wire.putU8(b, o + LOADER_TYPE, DIRECTORY_LOADER);
            Wire.putI32(b, o + TOTAL, total);
            Wire.putI32(b, o + DIRECTORIES, directories);
            return Wire.putI32(b, o + CWD_LENGTH, cwdLength);
        }

        /**
         * Writes one directory entry.
         *
         * @param b the array
         * @param o where it goes
         * @param dir the directory's bytes
         * @return the offset after it
         */
        public static int encodeDirectory(byte[] b, int o, byte[] dir) {
            Wire.putI32(b, o, dir.length);
            return Wire.putBytes(b, o + DIRECTORY_HEADER, dir, 0, dir.length);
        }

        /**
         * Reads the total size.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the size, unsigned
         */
        public static long total(byte[] b, int o) {
            return Wire.i32(b, o + TOTAL) & 0xffffffffL;
        }

        /**
         * Reads the directory count.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the count
         */
        public static int directories(byte[] b, int o) {
            return Wire.i32(b, o + DIRECTORIES);
        }

        /**
         * Reads the working directory's length.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the length
         */
        public static int cwdLength(byte[] b, int o) {
            return Wire.i32(b, o + CWD_LENGTH);
        }
    }

    /**
     * DJ_DEPENDENCIES (a Dinit/J extension): {@code 60, u32 count}, then per edge
     * {@code u8 kind, u8 flags, u16 len, name}.
     */
    public static final class Edges {
        /** Offset of the count. */
        public static final int COUNT = Wire.TYPE_SIZE;
        /** Offset of the first edge, and the size of everything before it. */
        public static final int EDGES = COUNT + Wire.I32;
        /** Offset of an edge's kind code, from the edge's start. */
        public static final int EDGE_KIND = 0;
        /** Offset of an edge's flags, from the edge's start. */
        public static final int EDGE_FLAGS = EDGE_KIND + Wire.U8;
        /** Offset of an edge's name length, from the edge's start. */
        public static final int EDGE_NAME_LENGTH = EDGE_FLAGS + Wire.U8;
        /** Offset of an edge's name, and the size of an edge before it. */
        public static final int EDGE_NAME = EDGE_NAME_LENGTH + Wire.U16;
        /** The longest name an edge carries; longer ones are cut. */
        public static final int MAX_NAME = Wire.MAX_U16;
        /** Edge flag: the link holds its dependency. */
        public static final int HOLDING = 1;
        /** Edge flag: the other end is a placeholder (named, not loaded). */
        public static final int PLACEHOLDER = 2;

        private Edges() {
        }

        /**
         * Writes the type and count; the edges follow.
         *
         * @param b the array
         * @param o where it starts
         * @param count the number of edges
         * @return the offset of the first edge
         */
        public static int encodeHeader(byte[] b, int o, int count) {
            Wire.putU8(b, o, Codes.Reply.DJ_DEPENDENCIES);
            return Wire.putI32(b, o + COUNT, count);
        }

        /**
         * Writes one edge.
         *
         * @param b the array ({@code EDGE_NAME + len} bytes from {@code o})
         * @param o where it goes
         * @param kind the dependency kind code
         * @param holding true if the link holds its dependency
         * @param placeholder true if the other end is a placeholder
         * @param name the other end's name bytes
         * @param len how many of them
         * @return the offset after it
         */
        public static int encodeEdge(byte[] b, int o, int kind, boolean holding,
                boolean placeholder, byte[] name, int len) {
            Wire.putU8(b, o + EDGE_KIND, kind);
            Wire.putU8(b, o + EDGE_FLAGS, (holding ? HOLDING : 0) | (placeholder ? PLACEHOLDER : 0));
            Wire.putU16(b, o + EDGE_NAME_LENGTH, len);
            return Wire.putBytes(b, o + EDGE_NAME, name, 0, len);
        }

        /**
         * Reads the count.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the count
         */
        public static int count(byte[] b, int o) {
            return Wire.i32(b, o + COUNT);
        }

        /**
         * Reads an edge's kind code.
         *
         * @param b the array
         * @param o where the edge starts
         * @return the code
         */
        public static int kind(byte[] b, int o) {
            return Wire.u8(b, o + EDGE_KIND);
        }

        /**
         * Reads an edge's flags.
         *
         * @param b the array
         * @param o where the edge starts
         * @return {@link #HOLDING} and {@link #PLACEHOLDER} bits
         */
        public static int flags(byte[] b, int o) {
            return Wire.u8(b, o + EDGE_FLAGS);
        }

        /**
         * Reads an edge's name length.
         *
         * @param b the array
         * @param o where the edge starts
         * @return the length
         */
        public static int nameLength(byte[] b, int o) {
            return Wire.u16(b, o + EDGE_NAME_LENGTH);
        }
    }

    /**
     * DJ_SERVICE_DETAIL (a Dinit/J extension): {@code 62, u32 count}, then per line two texts,
     * the key and the value, each {@code u16 len, bytes[len]} (UTF-8).
     */
    public static final class Detail {
        /** Offset of the count. */
        public static final int COUNT = Wire.TYPE_SIZE;
        /** Offset of the first line, and the size of everything before it. */
        public static final int LINES = COUNT + Wire.I32;
        /** Offset of a text's length, from the text's start. */
        public static final int TEXT_LENGTH = 0;
        /** Offset of a text's bytes, and the size of a text before them. */
        public static final int TEXT = TEXT_LENGTH + Wire.U16;
        /** The longest text; longer ones are cut. */
        public static final int MAX_TEXT = Wire.MAX_U16;

        private Detail() {
        }

        /**
         * Writes the type and count; the lines follow.
         *
         * @param b the array
         * @param o where it starts
         * @param count the number of lines
         * @return the offset of the first line
         */
        public static int encodeHeader(byte[] b, int o, int count) {
            Wire.putU8(b, o, Codes.Reply.DJ_SERVICE_DETAIL);
            return Wire.putI32(b, o + COUNT, count);
        }

        /**
         * Writes one text (a key or a value).
         *
         * @param b the array ({@code TEXT + len} bytes from {@code o})
         * @param o where it goes
         * @param text the UTF-8 bytes
         * @param len how many of them, at most {@link #MAX_TEXT}
         * @return the offset after it
         */
        public static int encodeText(byte[] b, int o, byte[] text, int len) {
            Wire.putU16(b, o + TEXT_LENGTH, len);
            return Wire.putBytes(b, o + TEXT, text, 0, len);
        }

        /**
         * Reads the count.
         *
         * @param b the array
         * @param o where the reply starts
         * @return the count
         */
        public static int count(byte[] b, int o) {
            return Wire.i32(b, o + COUNT);
        }

        /**
         * Reads a text's length.
         *
         * @param b the array
         * @param o where the text starts
         * @return the length
         */
        public static int textLength(byte[] b, int o) {
            return Wire.u16(b, o + TEXT_LENGTH);
        }
    }
}
