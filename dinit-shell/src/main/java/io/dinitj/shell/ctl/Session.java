package io.dinitj.shell.ctl;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a command handler works with: the parsed options, the output streams, the process
 * environment and, for online commands, the connection (after version negotiation).
 * Stdout is flushed before every stderr write (docs/cli.md §0).
 */
final class Session {

    final CtlOptions opts;
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final boolean userMode;
    /** Where {@code watch} draws; null to open the process's terminal. */
    Screen screen;
    /** The connection; null for offline commands. */
    Connection conn;
    /** The typed client over {@link #conn}, made when first asked for. */
    private DaemonClient client;

    Session(CtlOptions opts, PrintStream out, PrintStream err, Map<String, String> env,
            boolean userMode) {
        this.opts = opts;
        this.out = out;
        this.err = err;
        this.env = env;
        this.userMode = userMode;
    }

    /**
     * The typed client over the connection (made anew if the connection was replaced).
     *
     * @return the client
     */
    DaemonClient client() {
        if (client == null || client.connection() != conn) {
            client = new DaemonClient(conn);
        }
        return client;
    }

    /** Prints an informational line, unless {@code --quiet}. */
    void info(String line) {
        if (!opts.quiet) {
            out.print(line + "\n");
        }
    }

    /** Prints a line on stdout whatever {@code --quiet} says. */
    void print(String line) {
        out.print(line + "\n");
    }

    /** Prints a line (or several) on stderr, flushing stdout first. */
    void error(String text) {
        out.flush();
        err.print(text + "\n");
        err.flush();
    }

    /** Prints an error and gives status 1. */
    int fail(String text) {
        error(text);
        return 1;
    }
}
