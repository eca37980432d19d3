package io.dinitj.core.load;

import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.ServiceEnvironment.Entry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed environment file: the global file given to dinit with {@code -e}, or a service's
 * {@code env-file}.
 *
 * <p>The file is split into lines at {@code \n}. On each line, leading whitespace (C locale:
 * space, tab, CR, VT, FF) is skipped; then the line is one of:
 * <ul>
 *   <li>empty, or a comment starting with {@code #}: ignored;</li>
 *   <li>{@code NAME=VALUE}: sets a variable. NAME ends at whitespace or {@code =}; whitespace
 *       may come between it and the {@code =}. VALUE is everything after the {@code =} up to the
 *       {@code \n}, verbatim: leading and trailing whitespace, quotes, backslashes, {@code $}
 *       and {@code #} are kept, and so is a {@code \r} before the {@code \n} (as in Dinit, which
 *       also reads lines up to {@code \n} only);</li>
 *   <li>{@code !clear}: drops everything inherited and everything set so far;</li>
 *   <li>{@code !unset N1 N2...}: removes the names (which also stops their inheritance);</li>
 *   <li>{@code !import N1 N2...}: takes the names from the parent environment, undoing an
 *       earlier set, unset or clear for them.</li>
 * </ul>
 * The command word of a {@code !} line ends at whitespace, and its arguments are separated by
 * runs of whitespace; {@code #} there is not a comment. Words after {@code !clear} are ignored.
 * A line that starts with {@code =} or has a NAME without {@code =} is skipped with an
 * {@link Warning.Kind#INVALID_SETTING} warning; a {@code !} line with any other command word
 * (including an empty one, as in {@code ! clear}) is skipped with a
 * {@link Warning.Kind#BAD_COMMAND} warning. The caller decides what to do with the warnings:
 * dinit logs them for the global file and ignores them for a service's file; dinit-check
 * reports them.
 *
 * <p>For each name only the last action counts, and a {@code !clear} forgets every earlier
 * action. Parsing is a single pass, O(length of the text).
 */
public final class EnvFile {

    /**
     * A line that was skipped.
     *
     * @param line the line number, from 1
     * @param kind what is wrong with it
     */
    public record Warning(int line, Kind kind) {

        /** What can be wrong with a line. */
        public enum Kind {
            /** The line starts with {@code =}, or has a name without {@code =}. */
            INVALID_SETTING,
            /** The line is a {@code !} command other than clear, unset or import. */
            BAD_COMMAND
        }
    }

    private final boolean clear;
    private final Map<String, Entry> entries;
    private final List<Warning> warnings;

    private EnvFile(boolean clear, Map<String, Entry> entries, List<Warning> warnings) {
        this.clear = clear;
        this.entries = Collections.unmodifiableMap(entries);
        this.warnings = Collections.unmodifiableList(warnings);
    }

    /**
     * Parses the whole text of an environment file.
     *
     * @param text the file's contents
     * @return what the file does, with a warning for each skipped line
     */
    public static EnvFile parse(String text) {
        boolean clear = false;
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<Warning> warnings = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        int length = text.length();
        while (start < length) {
            lineNumber++;
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? length : newline;
            int i = skipSpace(text, start, end);
            if (i < end) {
                char first = text.charAt(i);
                if (first == '!') {
                    int wordEnd = skipNonSpace(text, i + 1, end);
                    String command = text.substring(i + 1, wordEnd);
                    switch (command) {
                        case "clear" -> {
                            clear = true;
                            entries.clear();
                        }
                        case "unset" -> addNames(text, wordEnd, end, Entry.Action.UNSET, entries);
                        case "import" ->
                                addNames(text, wordEnd, end, Entry.Action.IMPORT, entries);
                        default -> warnings.add(new Warning(lineNumber, Warning.Kind.BAD_COMMAND));
                    }
                } else if (first != '#') {
                    int nameEnd = i;
                    while (nameEnd < end && text.charAt(nameEnd) != '='
                            && !isSpace(text.charAt(nameEnd))) {
                        nameEnd++;
                    }
                    int equals = skipSpace(text, nameEnd, end);
                    if (nameEnd == i || equals == end || text.charAt(equals) != '=') {
                        warnings.add(new Warning(lineNumber, Warning.Kind.INVALID_SETTING));
                    } else {
                        put(entries, text.substring(i, nameEnd),
                                new Entry(Entry.Action.SET, text.substring(equals + 1, end)));
                    }
                }
            }
            start = end + 1;
        }
        return new EnvFile(clear, entries, warnings);
    }

    /**
     * Tells whether the file said {@code !clear}: then nothing is inherited from the parent
     * environment except what is imported after it.
     *
     * @return true after {@code !clear}
     */
    public boolean clear() {
        return clear;
    }

    /**
     * Gives the last action of the file for each name it mentions since its last
     * {@code !clear}, in the order of those last actions.
     *
     * @return an unmodifiable map from name to action
     */
    public Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Gives the lines that were skipped, in file order.
     *
     * @return an unmodifiable list
     */
    public List<Warning> warnings() {
        return warnings;
    }

    /**
     * Computes the environment that results from applying this file to a parent environment,
     * as for dinit's global {@code -e} file: start from the parent (or from nothing after
     * {@code !clear}); then, per name, unset removes it, import copies it from the parent (or
     * removes it if the parent lacks it) and set gives it its value. O(size of the parent plus
     * number of entries).
     *
     * @param parent the environment the file is applied to; it is not changed
     * @return a new, modifiable map
     */
    public Map<String, String> applyTo(Map<String, String> parent) {
        // The same rules as a service's env-file at launch, with no load-option variables.
        return toServiceEnvironment(Map.of()).resolve(parent);
    }

    /**
     * Makes the environment description of a service whose {@code env-file} this is.
     *
     * @param loadOptionVariables the variables from the service's {@code load-options}
     * @return the service environment, resolved against the global environment at launch
     */
    public ServiceEnvironment toServiceEnvironment(Map<String, String> loadOptionVariables) {
        return new ServiceEnvironment(clear, entries, loadOptionVariables);
    }

    /** Records an action for each whitespace-separated name in {@code text[from, end)}. */
    private static void addNames(String text, int from, int end, Entry.Action action,
            Map<String, Entry> entries) {
        Entry entry = new Entry(action, null);
        int i = skipSpace(text, from, end);
        while (i < end) {
            int wordEnd = skipNonSpace(text, i, end);
            put(entries, text.substring(i, wordEnd), entry);
            i = skipSpace(text, wordEnd, end);
        }
    }

    /**
     * Records the action for a name, moving the name to the end of the order, so that the
     * order of the entries is the order of their last actions.
     */
    private static void put(Map<String, Entry> entries, String name, Entry entry) {
        entries.remove(name);
        entries.put(name, entry);
    }

    private static int skipSpace(String text, int from, int end) {
        int i = from;
        while (i < end && isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipNonSpace(String text, int from, int end) {
        int i = from;
        while (i < end && !isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Tells whether a character is whitespace in the C locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
