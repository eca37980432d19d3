package io.dinitj.shell.check;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One in-process run of dinit-check, with stdout, stderr and both combined in program order.
 *
 * @param status the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 * @param all both, in the order written
 */
record CheckRun(int status, String out, String err, String all) {

    /** A non-root user id: user mode by default. */
    static final int USER = 1000;

    /** Runs as a non-root user with an empty environment. */
    static CheckRun of(String... args) {
        return of(Map.of(), USER, args);
    }

    /**
     * Runs dinit-check. Stdout is buffered, as the real one is, so that the combined text is in
     * program order only if stdout is flushed before each write to stderr.
     */
    static CheckRun of(Map<String, String> env, int uid, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(new BufferedOutputStream(new Tee(out, all), 8192),
                false, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(new Tee(err, all), false, StandardCharsets.UTF_8);
        int status = DinitCheck.run(args, o, e, env, uid);
        o.flush();
        e.flush();
        return new CheckRun(status, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), all.toString(StandardCharsets.UTF_8));
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
