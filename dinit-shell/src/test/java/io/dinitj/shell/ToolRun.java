package io.dinitj.shell;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of a command-line tool, with stdout, stderr and both combined in program
 * order. Stdout is buffered, as the real one is, so the combined text is in program order only
 * if the tool flushes stdout before each write to stderr (docs/cli.md §0).
 *
 * @param status the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 * @param all both, in the order written
 */
public record ToolRun(int status, String out, String err, String all) {

    /** A tool's entry point with its output streams. */
    @FunctionalInterface
    public interface Tool {
        /**
         * Runs the tool.
         *
         * @param out its stdout
         * @param err its stderr
         * @return its exit status
         */
        int run(PrintStream out, PrintStream err);
    }

    /**
     * Runs a tool and captures what it wrote.
     *
     * @param tool the tool
     * @return the run
     */
    public static ToolRun of(Tool tool) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(new BufferedOutputStream(new Tee(out, all), 8192),
                false, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(new Tee(err, all), false, StandardCharsets.UTF_8);
        int status = tool.run(o, e);
        o.flush();
        e.flush();
        return new ToolRun(status, out.toString(StandardCharsets.UTF_8),
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

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
