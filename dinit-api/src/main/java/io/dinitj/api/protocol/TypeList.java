package io.dinitj.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reply to {@link Codes.Cmd#DJ_LIST_TYPES} (a Dinit/J extension, docs/control-protocol.md
 * §14): the service types the daemon has, each with where it came from, its capabilities and its
 * settings. {@code 97, u32 len, data[len]}; the data is {@code u32 count}, then per type
 * {@code u8 flags} (bit 0: refused, more than one plugin provides the name), {@code u16 len, name},
 * {@code u16 len, origin} (a jar or directory path, or {@code class path}), {@code u8 count} of
 * capabilities, each {@code u8 len, word} (such as {@code runs-command}), {@code u16 count} of
 * settings, each {@code u8 flags} (bit 0 required, bit 1 repeatable), {@code u16 len, name}
 * (without the {@code TYPE.} prefix) and {@code u16 len, help}. Texts are UTF-8, cut at the
 * field's limit.
 *
 * <p>Not on a hot path: the reply is built and read in one piece, allocating.
 */
public final class TypeList {

    /** Offset of the data length. */
    public static final int LENGTH = Wire.TYPE_SIZE;
    /** Offset of the data, and the size of the header. */
    public static final int DATA = LENGTH + Wire.I32;
    /** The largest data a client accepts; far above any real daemon's types. */
    public static final int MAX_DATA = 1 << 20;
    /** Type flag: more than one plugin provides the name, so services of it do not load. */
    public static final int REFUSED = 1;
    /** Setting flag: every service of the type must give it. */
    public static final int REQUIRED = 1;
    /** Setting flag: it may be given on several lines. */
    public static final int REPEATABLE = 2;

    private TypeList() {
    }

    /**
     * One type.
     *
     * @param name its name, as {@code type =} writes it
     * @param origin where it came from: a jar or directory path, or {@code class path}
     * @param refused true if more than one plugin provides the name
     * @param capabilities its capabilities, as words ({@code runs-command})
     * @param settings its own settings
     */
    public record Entry(String name, String origin, boolean refused, List<String> capabilities,
            List<Setting> settings) {
        /**
         * Checks and copies.
         *
         * @param name the name
         * @param origin the origin
         * @param refused true for a clash
         * @param capabilities the words
         * @param settings the settings
         */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(origin, "origin");
            capabilities = List.copyOf(capabilities);
            settings = List.copyOf(settings);
        }
    }

    /**
     * One setting of a type.
     *
     * @param name its name after {@code TYPE.}
     * @param required true if every service of the type must give it
     * @param repeatable true if it may be given on several lines
     * @param help its one-line description
     */
    public record Setting(String name, boolean required, boolean repeatable, String help) {
        /**
         * Checks.
         *
         * @param name the name
         * @param required true if required
         * @param repeatable true if repeatable
         * @param help the description
         */
        public Setting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(help, "help");
        }
    }

    /**
     * Writes the whole reply.
     *
     * @param types the types, in the order to list them
     * @return the reply's bytes
     */
    public static byte[] encode(List<Entry> types) {
        Out o = new Out();
        o.u8(0); // the type and length, written at the end
        o.i32(0);
        o.i32(types.size());
        for (Entry t : types) {
            o.u8(t.refused() ? REFUSED : 0);
            o.text16(t.name());
            o.text16(t.origin());
            int caps = Math.min(t.capabilities().size(), Wire.MAX_U8);
            o.u8(caps);
            for (int i = 0; i < caps; i++) {
                o.text8(t.capabilities().get(i));
            }
            int settings = Math.min(t.settings().size(), Wire.MAX_U16);
            o.u16(settings);
            for (int i = 0; i < settings; i++) {
                Setting s = t.settings().get(i);
                o.u8((s.required() ? REQUIRED : 0) | (s.repeatable() ? REPEATABLE : 0));
                o.text16(s.name());
                o.text16(s.help());
            }
        }
        byte[] b = o.toArray();
        Wire.putU8(b, 0, Codes.Reply.DJ_LIST_TYPES);
        Wire.putI32(b, LENGTH, b.length - DATA);
        return b;
    }

    /**
     * Reads the data length from the header.
     *
     * @param b the array
     * @param o where the reply starts ({@link #DATA} bytes)
     * @return the length; negative or above {@link #MAX_DATA} is a protocol error
     */
    public static int length(byte[] b, int o) {
        return Wire.i32(b, o + LENGTH);
    }

    /**
     * Reads the data.
     *
     * @param data the {@link #length} bytes after the header
     * @return the types
     * @throws IllegalArgumentException if the data is malformed
     */
    public static List<Entry> decode(byte[] data) {
        In in = new In(data);
        int count = in.i32();
        if (count < 0 || count > data.length) {
            throw new IllegalArgumentException("bad type count " + count);
        }
        List<Entry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean refused = (in.u8() & REFUSED) != 0;
            String name = in.text(in.u16());
            String origin = in.text(in.u16());
            int caps = in.u8();
            List<String> capabilities = new ArrayList<>(caps);
            for (int c = 0; c < caps; c++) {
                capabilities.add(in.text(in.u8()));
            }
            int n = in.u16();
            List<Setting> settings = new ArrayList<>(n);
            for (int s = 0; s < n; s++) {
                int flags = in.u8();
                String sname = in.text(in.u16());
                String help = in.text(in.u16());
                settings.add(new Setting(sname, (flags & REQUIRED) != 0,
                        (flags & REPEATABLE) != 0, help));
            }
            out.add(new Entry(name, origin, refused, capabilities, settings));
        }
        if (in.p != data.length) {
            throw new IllegalArgumentException((data.length - in.p) + " bytes after the types");
        }
        return out;
    }

    /** A growing output. */
    private static final class Out {
        private byte[] b = new byte[256];
        private int p;

        private void room(int n) {
            if (p + n > b.length) {
                byte[] bigger = new byte[Math.max(b.length * 2, p + n)];
                System.arraycopy(b, 0, bigger, 0, p);
                b = bigger;
            }
        }

        void u8(int v) {
            room(Wire.U8);
            p = Wire.putU8(b, p, v);
        }

        void u16(int v) {
            room(Wire.U16);
            p = Wire.putU16(b, p, v);
        }

        void i32(int v) {
            room(Wire.I32);
            p = Wire.putI32(b, p, v);
        }

        void text8(String s) {
            text(s, Wire.MAX_U8);
        }

        void text16(String s) {
            text(s, Wire.MAX_U16);
        }

        /** A length (u8 if {@code max} fits one, else u16), then the UTF-8 bytes, cut. */
        private void text(String s, int max) {
            byte[] t = s.getBytes(StandardCharsets.UTF_8);
            int len = Math.min(t.length, max);
            if (max == Wire.MAX_U8) {
                u8(len);
            } else {
                u16(len);
            }
            room(len);
            p = Wire.putBytes(b, p, t, 0, len);
        }

        byte[] toArray() {
            byte[] out = new byte[p];
            System.arraycopy(b, 0, out, 0, p);
            return out;
        }
    }

    /** A checked input. */
    private static final class In {
        private final byte[] b;
        private int p;

        In(byte[] b) {
            this.b = b;
        }

        private void need(int n) {
            if (p + n > b.length) {
                throw new IllegalArgumentException("type list cut short at byte " + p);
            }
        }

        int u8() {
            need(Wire.U8);
            int v = Wire.u8(b, p);
            p += Wire.U8;
            return v;
        }

        int u16() {
            need(Wire.U16);
            int v = Wire.u16(b, p);
            p += Wire.U16;
            return v;
        }

        int i32() {
            need(Wire.I32);
            int v = Wire.i32(b, p);
            p += Wire.I32;
            return v;
        }

        String text(int len) {
            need(len);
            String s = new String(b, p, len, StandardCharsets.UTF_8);
            p += len;
            return s;
        }
    }
}
