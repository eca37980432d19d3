package io.dinitj.shell.interactive;

import io.dinitj.shell.ctl.TerminalScreen;
import java.util.Map;
import org.jline.terminal.Terminal;

/**
 * Colour for service states in the shell's {@code list} and {@code status} output: green for
 * started, yellow for starting or stopping, red for failed; the text is otherwise unchanged.
 * Used only when the output is the terminal, the terminal has colours and {@code NO_COLOR} is
 * unset (https://no-color.org). Stateless.
 */
final class Colour {

    private static final String GREEN = TerminalScreen.GREEN;
    private static final String YELLOW = TerminalScreen.YELLOW;
    private static final String RED = TerminalScreen.RED;
    private static final String RESET = TerminalScreen.RESET;

    private Colour() {
    }

    /**
     * Tells whether to colour output written to this terminal.
     *
     * @param t the terminal the output goes to
     * @param env the process environment ({@code NO_COLOR})
     * @return true if the terminal has at least 8 colours and {@code NO_COLOR} is unset
     */
    static boolean enabled(Terminal t, Map<String, String> env) {
        return TerminalScreen.colourWanted(t, env);
    }

    /**
     * Colours the state markers of {@code list} output lines ({@code [[+]     ] name}).
     *
     * @param text the output, whole lines
     * @return the text with each line's marker coloured
     */
    static String list(String text) {
        StringBuilder b = new StringBuilder(text.length() + 64);
        for (String line : text.split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            // The marker is the first ten characters: "[", eight state columns, "]".
            int end = 9;
            if (line.length() <= end || line.charAt(0) != '[' || line.charAt(end) != ']') {
                b.append(line);
                continue;
            }
            String marker = line.substring(0, end + 1);
            String colour = marker.contains("X") ? RED
                    : marker.contains("<<") || marker.contains(">>") ? YELLOW
                    : marker.contains("+") ? GREEN : null;
            if (colour == null) {
                b.append(line);
            } else {
                b.append(colour).append(marker).append(RESET).append(line.substring(end + 1));
            }
        }
        return b.toString();
    }

    /**
     * Colours the state in {@code status} output (the {@code State:} line).
     *
     * @param text the output, whole lines
     * @return the text with the state coloured
     */
    static String status(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        String key = "    State: ";
        for (String line : text.split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            if (!line.startsWith(key)) {
                b.append(line);
                continue;
            }
            String state = line.substring(key.length());
            String colour = state.startsWith("STARTED") ? GREEN
                    : state.startsWith("STARTING") || state.startsWith("STOPPING") ? YELLOW
                    : state.contains("failed") || state.contains("could not")
                            || state.contains("timed out") || state.contains("terminated")
                    ? RED : null;
            if (colour == null) {
                b.append(line);
            } else {
                b.append(key).append(colour).append(state).append(RESET);
            }
        }
        return b.toString();
    }
}
