package io.dinitj.core.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of one service file (or included fragment) into logical lines, following the
 * Dinit file syntax: {@code \n}-separated lines; blank and {@code #} comment lines ignored;
 * continuation by an odd number of trailing backslashes onto a following line that must begin
 * with whitespace; {@code NAME = VALUE}, {@code NAME : VALUE}, {@code NAME += VALUE};
 * {@code @command args}; values lexed into tokens with double quotes, backslash escapes and
 * whitespace-separated {@code #} comments.
 *
 * <p>Each problem becomes an {@link LexedLine.Kind#ERROR} line and lexing goes on with the next
 * line, so every problem of a file is reported, not just the first. Runs in a single pass with
 * no recursion; O(length of the text).
 */
final class ServiceFileLexer {

    static final String HASH_NOT_SEPARATED =
            "hashmark (`#') comment must be separated from setting value by whitespace";
    static final String UNTERMINATED_QUOTE = "unterminated quoted string";
    static final String BAD_CONTINUATION = "line following line-continuation backslash (`\\')"
            + " does not begin with whitespace character";
    static final String EOF_AFTER_BACKSLASH =
            "end-of-file follows backslash escape character (`\\')";
    static final String BADLY_FORMED = "badly formed line.";
    static final String BAD_META = "bad meta command";

    private ServiceFileLexer() {
    }

    /**
     * Lexes a whole file.
     *
     * @param text the file's contents
     * @return its logical lines, in order
     */
    static List<LexedLine> lex(String text) {
        List<LexedLine> out = new ArrayList<>();
        String[] physical = text.split("\n", -1);
        // A final newline leaves one empty element that is not a line of its own.
        int count = physical.length;
        if (count > 0 && physical[count - 1].isEmpty()) {
            count--;
        }
        int i = 0;
        while (i < count) {
            int start = i;
            StringBuilder logical = new StringBuilder(physical[i]);
            i++;
            String error = null;
            while (error == null && endsWithOddBackslashes(logical)) {
                logical.setCharAt(logical.length() - 1, '\n');
                if (i >= count) {
                    error = EOF_AFTER_BACKSLASH;
                } else if (physical[i].isEmpty() || !isSpace(physical[i].charAt(0))) {
                    error = BAD_CONTINUATION;
                    i++;
                } else {
                    logical.append(physical[i]);
                    i++;
                }
            }
            if (error != null) {
                out.add(LexedLine.error(start + 1, error));
                continue;
            }
            LexedLine line = lexLine(start + 1, logical.toString());
            if (line != null) {
                out.add(line);
            }
        }
        return out;
    }

    private static boolean endsWithOddBackslashes(CharSequence s) {
        int n = 0;
        for (int j = s.length() - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
            n++;
        }
        return (n & 1) == 1;
    }

    /** Lexes one logical line; null for a blank or comment line. */
    private static LexedLine lexLine(int lineNo, String s) {
        int p = skipSpace(s, 0);
        if (p >= s.length() || s.charAt(p) == '#') {
            return null;
        }
        if (s.charAt(p) == '@') {
            int nameStart = p + 1;
            int q = nameStart;
            while (q < s.length() && !isSpace(s.charAt(q))) {
                q++;
            }
            if (q == nameStart) {
                return LexedLine.error(lineNo, BAD_META);
            }
            return value(lineNo, LexedLine.Kind.META, s.substring(nameStart, q), false, s,
                    skipSpace(s, q));
        }
        int nameStart = p;
        while (p < s.length() && isNameChar(s.charAt(p))) {
            p++;
        }
        String name = s.substring(nameStart, p);
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            return LexedLine.error(lineNo, BADLY_FORMED);
        }
        p = skipSpace(s, p);
        boolean append = false;
        if (p < s.length() && (s.charAt(p) == '=' || s.charAt(p) == ':')) {
            p++;
        } else if (p + 1 < s.length() && s.charAt(p) == '+' && s.charAt(p + 1) == '=') {
            append = true;
            p += 2;
        } else {
            return LexedLine.error(lineNo, BADLY_FORMED);
        }
        return value(lineNo, LexedLine.Kind.SETTING, name, append, s, skipSpace(s, p));
    }

    /** Lexes the value that starts at {@code p} into tokens. */
    private static LexedLine value(int lineNo, LexedLine.Kind kind, String name, boolean append,
            String s, int p) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean inToken = false;
        boolean inQuotes = false;
        // The whitespace after the operator was skipped, so a '#' first is not separated.
        boolean afterSpace = false;
        int n = s.length();
        while (p < n) {
            char c = s.charAt(p);
            if (inQuotes) {
                if (c == '"') {
                    inQuotes = false;
                } else if (c == '\\' && p + 1 < n) {
                    token.append(s.charAt(++p));
                } else {
                    token.append(c);
                }
                p++;
                continue;
            }
            if (isSpace(c)) {
                if (inToken) {
                    tokens.add(token.toString());
                    token.setLength(0);
                    inToken = false;
                }
                afterSpace = true;
                p++;
                continue;
            }
            if (c == '#') {
                if (!afterSpace) {
                    return LexedLine.error(lineNo, HASH_NOT_SEPARATED);
                }
                // A comment runs to the end of the line or to a joined (continuation) newline.
                int nl = s.indexOf('\n', p);
                p = nl < 0 ? n : nl;
                continue;
            }
            afterSpace = false;
            inToken = true;
            if (c == '"') {
                inQuotes = true;
            } else if (c == '\\' && p + 1 < n) {
                token.append(s.charAt(++p));
            } else {
                token.append(c);
            }
            p++;
        }
        if (inQuotes) {
            return LexedLine.error(lineNo, UNTERMINATED_QUOTE);
        }
        if (inToken) {
            tokens.add(token.toString());
        }
        return new LexedLine(lineNo, kind, name, append, List.copyOf(tokens), null);
    }

    private static int skipSpace(String s, int p) {
        while (p < s.length() && isSpace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    /** C-locale isspace: space, tab, newline, vertical tab, form feed, carriage return. */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isNameStart(char c) {
        return c != '-' && c != '.' && !(c >= '0' && c <= '9');
    }

    /**
     * Letters, digits, '-', '.', '_', and any other byte that is not a control character, not
     * punctuation and not space (in practice: non-ASCII).
     */
    private static boolean isNameChar(char c) {
        if (c >= 0x80) {
            return true;
        }
        return Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_';
    }
}
