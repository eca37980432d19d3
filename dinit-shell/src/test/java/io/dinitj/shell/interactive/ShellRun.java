package io.dinitj.shell.interactive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * One shell session over a JLine dumb terminal fed from a string: what the terminal showed
 * (prompts, echo, completion lists), and the commands' stdout and stderr.
 *
 * @param screen everything written to the terminal
 * @param out the commands' standard output
 * @param err the commands' standard error
 */
record ShellRun(String screen, String out, String err) {

    /** Runs a session that reads {@code input} and then meets end of input. */
    static ShellRun of(Map<String, String> env, List<String> options, String input)
            throws IOException {
        return of(env, options, input, false);
    }

    /** Runs a session, with colour on or off. */
    static ShellRun of(Map<String, String> env, List<String> options, String input,
            boolean colour) throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal("test", "ansi",
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen,
                StandardCharsets.UTF_8)) {
            t.setSize(new org.jline.terminal.Size(160, 40));
            DinitShell shell = new DinitShell(t, options, env,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            shell.colour(colour);
            shell.loop();
            t.flush();
        }
        return new ShellRun(screen.toString(StandardCharsets.UTF_8),
                out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
