package io.dinitj.core.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Variable substitution in service description values: {@code $$}, {@code $NAME},
 * {@code ${NAME}}, {@code ${NAME:-word}}, {@code ${NAME-word}}, {@code ${NAME:+word}},
 * {@code ${NAME+word}}, the service argument {@code $1} (in the same forms), and the
 * word-splitting variants {@code $/NAME}, {@code $/{...}}, {@code $/1}.
 *
 * <p>The value is taken after quote and backslash processing, so only {@code $$} protects a
 * {@code $}. A variable name starts with a letter, {@code _} or a character at or above U+0080,
 * and goes on with letters, digits, {@code _} and characters at or above U+0080; any other
 * character (ASCII punctuation such as {@code -} and {@code .}, whitespace, control characters)
 * ends it, so {@code $A-b} is the value of {@code A} followed by {@code -b}. A name that starts
 * with a digit is read as all its digits and names the service argument; its number must be 1.
 * A {@code word} is taken literally up to the first closing brace, with no nested substitution.
 *
 * <p>{@link #apply(String)} substitutes a whole value: there a {@code $/} form gives exactly what
 * the same form without the {@code /} gives, since a whole value is never split into words.
 * {@link #applyToCommand(List)} substitutes in each token of a command and splits what the
 * {@code $/} forms produce into separate words.
 *
 * <p>All work is done in loops, in time linear in the length of the input plus the length of the
 * substituted values. An instance is not thread-safe; it remembers whether a variable was used.
 */
final class Substitution {

    /**
     * A {@code $} followed by neither {@code $}, {@code /}, an opening brace, a name nor a
     * digit; or a {@code $/} or {@code $} and opening brace followed by neither a name nor a
     * digit.
     */
    static final String MISSING_NAME = "invalid/missing variable name after '$'";
    /** A {@code ${...}} form that has no closing brace, or an unknown character after its name. */
    static final String UNMATCHED_BRACE = "unmatched '{' in variable substitution";
    /** A braced name and colon followed by anything but {@code -} or {@code +}. */
    static final String BAD_SYNTAX = "invalid syntax in variable substitution";
    /** {@code $1} or {@code ${1}} in a service whose name has no {@code @}. */
    static final String MISSING_ARGUMENT = "missing value in argument substitution";
    /** A numeric name other than 1, such as {@code $2} or {@code ${10}}. */
    static final String ONE_ARGUMENT = "only one service argument may be present";

    /** What one {@code $} form produced and how it is to be inserted. */
    private enum Kind {
        /** Literal text ({@code $$}): not a substitution. */
        LITERAL,
        /** A plain substitution, inserted verbatim. */
        PLAIN,
        /** A {@code $/} substitution, split into words in a command. */
        SPLIT
    }

    /**
     * One {@code $} form after evaluation.
     *
     * @param text what it produced
     * @param end the index just after the form in the input
     * @param kind how the text is inserted
     */
    private record Expansion(String text, int end, Kind kind) {
    }

    private final Function<String, String> lookup;
    private final String argument;
    private boolean usedVariables;

    /**
     * Creates a substitution context.
     *
     * @param lookup gives a variable's value, or null if the variable is unset
     * @param argument the service argument (the text after the first {@code @} of the service
     *     name, possibly empty), or null if the service name has no {@code @}
     */
    Substitution(Function<String, String> lookup, String argument) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.argument = argument;
    }

    /**
     * Tells whether a variable ({@code $NAME} or {@code $/NAME} in any form, whether set or not)
     * has been substituted by this object. {@code $$} and the service argument do not count.
     *
     * @return true once a variable has been substituted
     */
    boolean usedVariables() {
        return usedVariables;
    }

    /**
     * Substitutes in a whole value, such as {@code working-dir} or an {@code @include} path. The
     * {@code $/} forms behave like the plain forms here.
     *
     * @param value the value after quote and backslash processing
     * @return the value with every {@code $} form replaced
     * @throws BadValueException if a {@code $} form is malformed or names a missing argument
     */
    String apply(String value) throws BadValueException {
        int dollar = value.indexOf('$');
        if (dollar < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (dollar >= 0) {
            out.append(value, i, dollar);
            Expansion e = expand(value, dollar);
            out.append(e.text());
            i = e.end();
            dollar = value.indexOf('$', i);
        }
        out.append(value, i, value.length());
        return out.toString();
    }

    /**
     * Substitutes in each token of a command and splits the results of {@code $/} forms into
     * words. Within a token, plain substitutions are inserted verbatim; the value of a
     * {@code $/} form is split at runs of whitespace, its first and last words joining the text
     * around the form. A token that comes out empty is dropped if it holds a {@code $/} form and
     * no plain substitution; otherwise it stays as an empty word (so a literally empty token, or
     * one holding an empty plain substitution, stays).
     *
     * @param tokens the command's tokens, already split, unquoted and unescaped by the lexer
     * @return the resulting words, in order; a new, modifiable list
     * @throws BadValueException if a {@code $} form is malformed or names a missing argument
     */
    List<String> applyToCommand(List<String> tokens) throws BadValueException {
        List<String> words = new ArrayList<>(tokens.size());
        StringBuilder word = new StringBuilder();
        for (String token : tokens) {
            int before = words.size();
            boolean plain = false;
            boolean split = false;
            word.setLength(0);
            int i = 0;
            int dollar = token.indexOf('$');
            while (dollar >= 0) {
                word.append(token, i, dollar);
                Expansion e = expand(token, dollar);
                if (e.kind() == Kind.SPLIT) {
                    split = true;
                    appendSplitting(e.text(), word, words);
                } else {
                    plain |= e.kind() == Kind.PLAIN;
                    word.append(e.text());
                }
                i = e.end();
                dollar = token.indexOf('$', i);
            }
            word.append(token, i, token.length());
            if (word.length() > 0) {
                words.add(word.toString());
            } else if (words.size() == before && (plain || !split)) {
                // The token came out empty, and it is kept as an empty word because it was
                // literally empty or holds a plain substitution.
                words.add("");
            }
        }
        return words;
    }

    /**
     * Appends a {@code $/} value to the current word, ending the word (and adding it to the
     * list, unless it is empty) at each run of whitespace.
     */
    private static void appendSplitting(String text, StringBuilder word, List<String> words) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (isSpace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
    }

    /**
     * Reads and evaluates the {@code $} form starting at {@code dollar}.
     *
     * @param s the text
     * @param dollar the index of a {@code $} in it
     * @return what the form produced and where it ends
     * @throws BadValueException if the form is malformed or names a missing argument
     */
    private Expansion expand(String s, int dollar) throws BadValueException {
        int n = s.length();
        int i = dollar + 1;
        if (i >= n) {
            throw new BadValueException(MISSING_NAME);
        }
        char c = s.charAt(i);
        if (c == '$') {
            return new Expansion("$", i + 1, Kind.LITERAL);
        }
        Kind kind = Kind.PLAIN;
        if (c == '/') {
            kind = Kind.SPLIT;
            i++;
            if (i >= n) {
                throw new BadValueException(MISSING_NAME);
            }
            c = s.charAt(i);
        }
        if (c == '{') {
            return expandBraced(s, i + 1, kind);
        }
        if (isDigit(c)) {
            int end = endOfDigits(s, i);
            checkArgumentNumber(s, i, end);
            if (argument == null) {
                throw new BadValueException(MISSING_ARGUMENT);
            }
            return new Expansion(argument, end, kind);
        }
        if (isNameChar(c)) {
            int end = endOfName(s, i);
            return new Expansion(variable(s.substring(i, end)), end, kind);
        }
        throw new BadValueException(MISSING_NAME);
    }

    /**
     * Reads and evaluates a braced form, from just after its opening brace.
     *
     * @param s the text
     * @param start the index just after the opening brace
     * @param kind plain or split
     * @return what the form produced and where it ends
     * @throws BadValueException if the form is malformed or names a missing argument
     */
    private Expansion expandBraced(String s, int start, Kind kind) throws BadValueException {
        int n = s.length();
        if (start >= n) {
            throw new BadValueException(MISSING_NAME);
        }
        char c = s.charAt(start);
        boolean isArgument;
        int j;
        if (isDigit(c)) {
            j = endOfDigits(s, start);
            checkArgumentNumber(s, start, j);
            isArgument = true;
        } else if (isNameChar(c)) {
            j = endOfName(s, start);
            isArgument = false;
        } else {
            throw new BadValueException(MISSING_NAME);
        }
        if (j >= n) {
            throw new BadValueException(UNMATCHED_BRACE);
        }
        char op = s.charAt(j);
        if (op == '}') {
            if (isArgument) {
                if (argument == null) {
                    throw new BadValueException(MISSING_ARGUMENT);
                }
                return new Expansion(argument, j + 1, kind);
            }
            return new Expansion(variable(s.substring(start, j)), j + 1, kind);
        }
        boolean colon = op == ':';
        if (colon) {
            j++;
            if (j >= n) {
                throw new BadValueException(UNMATCHED_BRACE);
            }
            op = s.charAt(j);
            if (op != '-' && op != '+') {
                throw new BadValueException(BAD_SYNTAX);
            }
        } else if (op != '-' && op != '+') {
            throw new BadValueException(UNMATCHED_BRACE);
        }
        int close = s.indexOf('}', j + 1);
        if (close < 0) {
            throw new BadValueException(UNMATCHED_BRACE);
        }
        String word = s.substring(j + 1, close);
        String value;
        if (isArgument) {
            // With a default or alternative word, a missing argument is simply unset.
            value = argument;
        } else {
            value = lookup.apply(s.substring(start, colon ? j - 1 : j));
            usedVariables = true;
        }
        // With a colon, an empty value counts as unset.
        boolean set = value != null && !(colon && value.isEmpty());
        String text;
        if (op == '-') {
            text = set ? value : word;
        } else {
            text = set ? word : "";
        }
        return new Expansion(text, close + 1, kind);
    }

    /** Looks a variable up, giving the empty string if it is unset, and notes the use. */
    private String variable(String name) {
        usedVariables = true;
        String value = lookup.apply(name);
        return value == null ? "" : value;
    }

    /**
     * Checks that a numeric name is the number 1. Leading zeros are allowed ({@code $01} is the
     * argument), since the name is read as a number.
     */
    private static void checkArgumentNumber(String s, int start, int end)
            throws BadValueException {
        int k = start;
        while (k < end - 1 && s.charAt(k) == '0') {
            k++;
        }
        if (k != end - 1 || s.charAt(k) != '1') {
            throw new BadValueException(ONE_ARGUMENT);
        }
    }

    private static int endOfDigits(String s, int start) {
        int k = start;
        while (k < s.length() && isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static int endOfName(String s, int start) {
        int k = start;
        while (k < s.length() && (isNameChar(s.charAt(k)) || isDigit(s.charAt(k)))) {
            k++;
        }
        return k;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Tells whether a character may start a variable name: an ASCII letter, {@code _}, or any
     * character at or above U+0080 (bytes at or above 0x80 are neither punctuation, space nor
     * control characters in the C locale). Digits may follow the first character.
     */
    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** Tells whether a character is whitespace in the C locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
