package io.dinitj.shell.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * A {@link Screen} on a JLine terminal. On a terminal that can clear its screen, frames are
 * drawn in place on the alternate screen with the cursor hidden, and everything is restored by
 * {@link #leave}; on a dumb terminal frames are printed one after another.
 */
public final class TerminalScreen implements Screen {

    /** ANSI green, for started services. */
    public static final String GREEN = "\u001b[32m";
    /** ANSI yellow, for services starting or stopping. */
    public static final String YELLOW = "\u001b[33m";
    /** ANSI red, for failed services. */
    public static final String RED = "\u001b[31m";
    /** ANSI reset. */
    public static final String RESET = "\u001b[0m";

    private final Terminal terminal;
    private final boolean colour;
    private final boolean inPlace;
    private Attributes saved;

    /**
     * Creates a screen on a terminal.
     *
     * @param terminal the terminal, left open by this screen
     * @param colour true to colour states
     */
    public TerminalScreen(Terminal terminal, boolean colour) {
        this.terminal = terminal;
        this.colour = colour;
        this.inPlace = terminal.getStringCapability(Capability.clear_screen) != null
                && !terminal.getType().startsWith("dumb");
    }

    /**
     * Opens the process's own terminal, for a one-shot {@code dinitctl watch}.
     *
     * @param env the process environment ({@code NO_COLOR})
     * @return the terminal and the screen on it
     * @throws IOException if no terminal can be opened
     */
    static TerminalScreen system(Map<String, String> env) throws IOException {
        Terminal t = TerminalBuilder.builder().name("dinitctl").system(true).build();
        return new TerminalScreen(t, colourWanted(t, env));
    }

    /**
     * Tells whether to colour output written to this terminal: it has at least 8 colours, it
     * is not dumb, and {@code NO_COLOR} is unset (https://no-color.org).
     *
     * @param t the terminal
     * @param env the process environment
     * @return true to colour
     */
    public static boolean colourWanted(Terminal t, Map<String, String> env) {
        String no = env.get("NO_COLOR");
        if (no != null && !no.isEmpty()) {
            return false;
        }
        if (t.getType() == null || t.getType().startsWith("dumb")) {
            return false;
        }
        Integer colours = t.getNumericCapability(Capability.max_colors);
        return colours != null && colours >= 8;
    }

    /**
     * The terminal drawn on.
     *
     * @return the terminal
     */
    Terminal terminal() {
        return terminal;
    }

    @Override
    public void enter() {
        saved = terminal.enterRawMode();
        if (inPlace) {
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.cursor_invisible);
        }
        terminal.flush();
    }

    @Override
    public void leave() {
        if (inPlace) {
            terminal.puts(Capability.cursor_normal);
            terminal.puts(Capability.exit_ca_mode);
        }
        if (saved != null) {
            terminal.setAttributes(saved);
            saved = null;
        }
        terminal.flush();
    }

    @Override
    public void show(List<String> lines) {
        PrintWriter w = terminal.writer();
        if (inPlace) {
            terminal.puts(Capability.clear_screen);
        }
        for (String line : lines) {
            // Raw mode may turn off output post-processing: carriage return explicitly.
            w.print(line);
            w.print("\r\n");
        }
        if (!inPlace) {
            w.print("\r\n");
        }
        w.flush();
    }

    @Override
    public boolean inPlace() {
        return inPlace;
    }

    @Override
    public int width() {
        int w = terminal.getWidth();
        return w < 20 ? 80 : w;
    }

    @Override
    public int height() {
        int h = terminal.getHeight();
        return h < 5 ? 24 : h;
    }

    @Override
    public boolean colour() {
        return colour;
    }

    @Override
    public int readKey(long timeoutMillis) throws IOException {
        NonBlockingReader r = terminal.reader();
        int c = r.read(timeoutMillis);
        if (c == NonBlockingReader.READ_EXPIRED) {
            return NO_KEY;
        }
        return c < 0 ? END : c;
    }
}
