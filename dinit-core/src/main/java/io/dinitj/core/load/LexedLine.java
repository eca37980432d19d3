package io.dinitj.core.load;

import java.util.List;

/**
 * One logical line of a service file, after line continuation, comments, quoting and escapes:
 * a setting ({@code NAME OP VALUE}), a meta-command ({@code @NAME ARGS}), or a line the lexer
 * rejected.
 *
 * @param line the number of the physical line where it starts, from 1
 * @param kind what the line is
 * @param name the setting or meta-command name; null for an error
 * @param append true for the {@code +=} operator
 * @param tokens the value split into tokens, quotes and backslashes removed
 * @param error the description of what is wrong, for {@code ERROR} lines; else null
 */
record LexedLine(int line, Kind kind, String name, boolean append, List<String> tokens,
        String error) {

    /** What a logical line is. */
    enum Kind {
        SETTING, META, ERROR
    }

    /** The value as one string: the tokens joined by single spaces. */
    String value() {
        return String.join(" ", tokens);
    }

    static LexedLine error(int line, String error) {
        return new LexedLine(line, Kind.ERROR, null, false, List.of(), error);
    }
}
