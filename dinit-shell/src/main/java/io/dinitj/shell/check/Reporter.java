package io.dinitj.shell.check;

import java.io.PrintStream;

/**
 * Where dinit-check's lines go: information to stdout, errors and warnings to stderr, and
 * stdout flushed before every stderr write (docs/cli.md §0), so that with both streams on one
 * pipe the text is in program order. Also remembers whether anything was recorded that makes
 * the exit status 1.
 */
final class Reporter {

    private final PrintStream out;
    private final PrintStream err;
    private boolean errorsRecorded;

    Reporter(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Prints an informational line on stdout. */
    void info(String line) {
        out.print(line + "\n");
    }

    /** Prints text on stdout as it is, line ends included. */
    void text(String text) {
        out.print(text);
    }

    /** Prints a line on stderr that does not affect the exit status. */
    void note(String line) {
        out.flush();
        err.print(line + "\n");
        err.flush();
    }

    /** Prints a line on stderr and records it: dinit-check will exit with status 1. */
    void error(String line) {
        note(line);
        errorsRecorded = true;
    }

    /** Prints a per-service problem, {@code Service '<name>': <desc>}, and records it. */
    void service(String name, String desc) {
        error("Service '" + name + "': " + desc);
    }

    /** Prints a lint warning, {@code Service '<name>': warning: <desc>}, and records it. */
    void lint(String name, String desc) {
        service(name, "warning: " + desc);
    }

    boolean errorsRecorded() {
        return errorsRecorded;
    }

    /** Flushes both streams; called once at the end. */
    void flush() {
        out.flush();
        err.flush();
    }
}
