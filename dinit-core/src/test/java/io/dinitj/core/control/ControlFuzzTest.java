package io.dinitj.core.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.core.service.ServiceRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the packet decoder: random and mutated byte streams (built from plausible requests of
 * every command, then bytes flipped, inserted, deleted, truncated, split at random points) go
 * into one connection while a second, well-behaved connection asks for a service's status after
 * every chunk. The good connection must always get the exact status (checked against the
 * independent encoder in dinit-api), nothing may throw, and every bad connection must end up
 * closed and deregistered.
 *
 * <p>The number of inputs comes from {@code dinitj.fuzz.control.inputs} (default 20,000; the
 * {@code fuzz} profile runs 1,000,000), the seed from {@code dinitj.fuzz.seed}. Each jqwik try
 * runs an equal share of the inputs from its own seed, which a failure reports.
 */
class ControlFuzzTest {

    private static final int TRIES = 200;
    private static final int INPUTS = Integer.getInteger("dinitj.fuzz.control.inputs", 20_000);
    private static final String[] NAMES = {"a", "b", "c", "t", "missing", ".x", "@y", "a@1"};

    private static Path dir;
    private static ControlFixture f;
    private static ControlConnection good;
    private static int goodHandle;
    private static long total;
    private static long startNanos;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("control-fuzz");
        f = new ControlFixture(dir);
        f.file("a", "type = internal", "depends-on = b", "waits-for = c")
                .file("b", "type = internal")
                .file("c", "type = internal")
                .file("t", "type = triggered");
        good = f.connect();
        goodHandle = ControlFixture.load(good, "a");
        ControlFixture.load(good, "t");
        startNanos = System.nanoTime();
    }

    @AfterContainer
    static void tearDown() throws IOException {
        System.out.println("ControlFuzzTest: " + total + " inputs, "
                + (System.nanoTime() - startNanos) / 1_000_000 + " ms; good client always "
                + "answered correctly");
        assertThat(total).isGreaterThanOrEqualTo(INPUTS - TRIES);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void badClientsNeverDisturbAGoodOne(@ForAll long seed) {
        Random rnd = new Random(seed ^ Long.getLong("dinitj.fuzz.seed", 0xC0DEL));
        int share = Math.max(1, INPUTS / TRIES);
        for (int i = 0; i < share; i++) {
            byte[] input = mutate(rnd, stream(rnd));
            try {
                runOne(rnd, input);
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " input " + i + ": "
                        + ControlFixture.hex(input), t);
            }
            total++;
        }
    }

    private static void runOne(Random rnd, byte[] input) {
        ControlConnection bad = f.connect();
        int off = 0;
        int stuck = 0;
        while (off < input.length && !bad.isFinished() && stuck < 3) {
            int chunk = 1 + rnd.nextInt(Math.min(64, input.length - off));
            int taken = bad.feed(input, off, chunk);
            off += taken;
            stuck = taken == 0 ? stuck + 1 : 0;
            // the client reads sometimes everything, sometimes part, sometimes nothing
            int out = bad.outputLength();
            int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextBoolean() ? out : rnd.nextInt(out + 1);
            bad.consumed(n);
            checkGood();
        }
        bad.consumed(bad.outputLength());
        bad.close();
        assertThat(f.server().connectionCount()).isEqualTo(1);
        checkGood();
    }

    /** The good client asks for status 5 and 10 and must get exactly the record's state. */
    private static void checkGood() {
        byte[] req = ByteBuffer.allocate(10).put((byte) 0x1a).putInt(Integer.reverseBytes(goodHandle))
                .put((byte) 0x12).putInt(Integer.reverseBytes(goodHandle)).array();
        assertThat(good.feed(req, 0, req.length)).isEqualTo(10);
        byte[] got = Arrays.copyOfRange(good.outputArray(), good.outputOffset(),
                good.outputOffset() + good.outputLength());
        good.consumed(got.length);
        int p = 0;
        while (p < got.length && (got[p] & 0xff) >= 100) {
            assertThat(got[p] == 0x64 || got[p] == 0x65).isTrue();
            p += got[p + 1] & 0xff;
        }
        ServiceRecord r = f.rec("a");
        ServiceStatus expected = expected(r);
        ByteBuffer want = ByteBuffer.allocate(2 + 14 + 2 + 10);
        want.put((byte) 0x46).put((byte) 0);
        expected.encode(want, 14);
        want.put((byte) 0x46).put((byte) 0);
        expected.encode(want, 10);
        assertThat(ControlFixture.hex(Arrays.copyOfRange(got, p, got.length)))
                .isEqualTo(ControlFixture.hex(want.array()));
    }

    private static ServiceStatus expected(ServiceRecord r) {
        int flags = (r.isExplicit() ? 8 : 0) | (r.startSkipped() ? 4 : 0);
        return new ServiceStatus(r.state().code(), r.target().code(), flags,
                r.stopReason().code(), 0, 0, 0, 0, 0);
    }

    // ---------------------------------------------------------------- generation

    private static byte[] stream(Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int packets = 1 + rnd.nextInt(8);
        for (int i = 0; i < packets; i++) {
            packet(rnd, out);
        }
        return out.toByteArray();
    }

    private static void packet(Random rnd, ByteArrayOutputStream out) {
        int op = rnd.nextInt(10) == 0 ? rnd.nextInt(256) : rnd.nextInt(30);
        out.write(op);
        switch (op) {
            case 1, 2 -> name(rnd, out, NAMES[rnd.nextInt(NAMES.length)]);
            case 17 -> name(rnd, out, rnd.nextBoolean() ? "K=V" : rnd.nextBoolean() ? "K" : "=x");
            case 3, 4, 5, 6 -> {
                out.write(rnd.nextInt(256));
                handle(rnd, out);
            }
            case 7, 9, 16, 18, 23, 26, 28 -> handle(rnd, out);
            case 10 -> out.write(rnd.nextInt(8));
            case 11, 12, 14, 29 -> {
                out.write(rnd.nextInt(8));
                handle(rnd, out);
                handle(rnd, out);
            }
            case 15, 20, 22 -> {
                out.write(rnd.nextInt(3));
                handle(rnd, out);
            }
            case 19 -> {
                handle(rnd, out);
                out.write(rnd.nextInt(2));
            }
            case 21 -> {
                int sig = rnd.nextInt(70);
                out.write(sig);
                out.write(0);
                out.write(0);
                out.write(0);
                handle(rnd, out);
            }
            case 24 -> out.write(rnd.nextInt(4) == 0 ? 1 : 0);
            default -> {
                // single-byte commands and junk
            }
        }
    }

    private static void name(Random rnd, ByteArrayOutputStream out, String name) {
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int len = rnd.nextInt(20) == 0 ? rnd.nextInt(1100) : b.length;
        out.write(len & 0xff);
        out.write(len >> 8);
        if (len == b.length) {
            out.write(b, 0, b.length);
        } else {
            for (int i = 0; i < Math.min(len, 1100); i++) {
                out.write('a' + rnd.nextInt(3));
            }
        }
    }

    private static void handle(Random rnd, ByteArrayOutputStream out) {
        int h = rnd.nextInt(20) == 0 ? rnd.nextInt() : rnd.nextInt(4);
        out.write(h);
        out.write(h >> 8);
        out.write(h >> 16);
        out.write(h >> 24);
    }

    private static byte[] mutate(Random rnd, byte[] in) {
        byte[] b = in;
        int mutations = rnd.nextInt(4);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(4)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, at);
                case 2 -> {
                    byte[] n = new byte[b.length + 1];
                    System.arraycopy(b, 0, n, 0, at);
                    n[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, n, at + 1, b.length - at);
                    b = n;
                }
                default -> {
                    byte[] n = new byte[b.length - 1];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                    b = n;
                }
            }
        }
        return b;
    }

}
