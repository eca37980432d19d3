package io.dinitj.shell.ctl;

import java.util.List;

/** The signal names dinitctl knows, with their Linux numbers (docs/cli.md §2.4). */
public final class Signals {

    static final String[] NAMES = {"HUP", "INT", "QUIT", "KILL", "USR1", "USR2", "TERM", "CONT",
        "STOP"};
    static final int[] NUMBERS = {1, 2, 3, 9, 10, 12, 15, 18, 19};

    private Signals() {
    }

    /**
     * The signal names {@code signal} accepts, for completion.
     *
     * @return the names, without {@code SIG}
     */
    public static List<String> names() {
        return List.of(NAMES);
    }

    /**
     * The name of a signal number, as {@link #NAMES} has it.
     *
     * @return the name without {@code SIG}, or null if not one of them
     */
    static String name(int signo) {
        for (int i = 0; i < NUMBERS.length; i++) {
            if (NUMBERS[i] == signo) {
                return NAMES[i];
            }
        }
        return null;
    }

    /**
     * Parses a signal name, or a number as C {@code stoi} does with the whole string consumed.
     *
     * @return the number, or {@link Integer#MIN_VALUE} if invalid
     */
    static int parse(String s) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(s)) {
                return NUMBERS[i];
            }
        }
        int i = 0;
        while (i < s.length() && " \t\n\r\f\u000b".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String t = s.substring(i);
        if (t.startsWith("+")) {
            t = t.substring(1);
            if (t.startsWith("-") || t.startsWith("+")) {
                return Integer.MIN_VALUE;
            }
        }
        if (t.isEmpty() || t.equals("-")) {
            return Integer.MIN_VALUE;
        }
        for (int k = t.startsWith("-") ? 1 : 0; k < t.length(); k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return Integer.MIN_VALUE;
            }
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    /** The {@code signal --list} text. */
    static String listText() {
        StringBuilder b = new StringBuilder(
                "dinitctl: The following signal names are supported:\n");
        for (int i = 0; i < NAMES.length; i++) {
            String n = NAMES[i];
            b.append("dinitctl: ").append(n).append(" ".repeat(5 - n.length())).append("-> ")
                    .append(NUMBERS[i]).append('\n');
        }
        return b.toString();
    }
}
