package io.dinitj.api.description;

import java.util.Set;

/**
 * Turns a type setting's text (after the lexing and substitution every setting gets) into its
 * typed value. Called by the loader, off the event loop's hot path; it may allocate.
 *
 * @param <T> the value's type
 */
@FunctionalInterface
public interface SettingParser<T> {

    /**
     * Parses a value.
     *
     * @param text the value as written, substituted; never null, may be empty
     * @return the value, never null
     * @throws IllegalArgumentException if the text is not a valid value; the message says why in
     *     a few words (the loader puts the file, line and setting in front of it)
     */
    T parse(String text);

    /**
     * Any text, as written.
     *
     * @return the parser
     */
    static SettingParser<String> text() {
        return t -> t;
    }

    /**
     * Text that is not empty.
     *
     * @return the parser
     */
    static SettingParser<String> nonEmpty() {
        return t -> {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("value must not be empty");
            }
            return t;
        };
    }

    /**
     * A decimal integer in a range.
     *
     * @param min the least value allowed
     * @param max the greatest value allowed
     * @return the parser
     */
    static SettingParser<Long> integer(long min, long max) {
        return t -> {
            long v;
            try {
                v = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not an integer");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("value must be from " + min + " to " + max);
            }
            return v;
        };
    }

    /**
     * A duration in seconds, written as Dinit writes timeouts: a decimal number with up to nine
     * fractional digits ({@code 30}, {@code 0.5}); the value is in nanoseconds.
     *
     * @param minNanos the least duration allowed, in nanoseconds
     * @return the parser
     */
    static SettingParser<Long> seconds(long minNanos) {
        return t -> {
            long nanos = Durations.parseSeconds(t);
            if (nanos < minNanos) {
                throw new IllegalArgumentException("duration must be at least "
                        + Durations.formatSeconds(minNanos) + " seconds");
            }
            return nanos;
        };
    }

    /**
     * {@code yes}/{@code true} or {@code no}/{@code false}.
     *
     * @return the parser
     */
    static SettingParser<Boolean> yesNo() {
        return t -> switch (t) {
            case "yes", "true" -> Boolean.TRUE;
            case "no", "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + t + "' is not yes or no");
        };
    }

    /**
     * One of a fixed set of words.
     *
     * @param words the words allowed
     * @return the parser
     */
    static SettingParser<String> oneOf(String... words) {
        Set<String> allowed = Set.of(words);
        return t -> {
            if (!allowed.contains(t)) {
                throw new IllegalArgumentException("'" + t + "' is not one of: "
                        + String.join(", ", words));
            }
            return t;
        };
    }

    /**
     * A service name, as {@code depends-on} takes one: not empty, no whitespace, at most the
     * protocol's name length.
     *
     * @return the parser
     */
    static SettingParser<String> serviceName() {
        return t -> {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("service name must not be empty");
            }
            for (int i = 0; i < t.length(); i++) {
                if (Character.isWhitespace(t.charAt(i))) {
                    throw new IllegalArgumentException("'" + t + "' is not a service name");
                }
            }
            if (t.length() > 1021) {
                throw new IllegalArgumentException("service name is too long");
            }
            return t;
        };
    }
}
