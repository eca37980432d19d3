package io.dinitj.core.load;

import io.dinitj.api.description.IoPriority;
import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ReadyNotification;
import io.dinitj.api.description.ResourceLimit;
import io.dinitj.api.description.RestartPolicy;
import io.dinitj.api.description.SecureBit;
import io.dinitj.api.description.Signal;
import io.dinitj.api.description.UserSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Parsers for the value types of a service file: the types of the service format's section 5
 * (bool, time, unsigned and signed integers, octal modes, users, groups, signal names) and the
 * value syntaxes of single settings in section 6 (resource limits, {@code ioprio},
 * {@code ready-notification}, {@code securebits}, {@code restart}, {@code log-type}).
 *
 * <p>Every parser takes the value as lexed (quotes removed, nothing trimmed) and throws a
 * {@link BadValueException} whose message is the user-facing description, without service, file
 * or line. The messages are upstream Dinit's, word for word, since dinit-check's output is
 * compared with upstream's: {@code bad value for S} and {@code too-large value for S} for
 * times; {@link #NUMBER_MESSAGE} for any other bad number; {@code S: bad value.} and
 * {@code S: too-large value.} for resource limits; the setting's name alone for a bad file mode
 * (upstream's quirk); {@code S must be one of: ...} for words; users and groups as upstream.
 *
 * <p>Integers follow C's {@code strtoull} and {@code strtoll} with base 0: leading white space
 * (space, tab, newline, vertical tab, form feed, carriage return) and a {@code +} sign are
 * accepted, {@code 0x} or {@code 0X} introduces hexadecimal digits, a leading {@code 0} makes the
 * number octal, and the number must take up the whole value. Syntax is checked before range, so
 * {@code 99999999999999999999x} is a bad value, not a too-large one. One deviation from C: the
 * unsigned parsers reject a minus sign as a bad value, where {@code strtoull} would negate modulo
 * 2<sup>64</sup> (so that {@code -1} became the largest value and {@code -18446744073709551615}
 * became 1).
 */
final class Values {

    /** The largest value of a C {@code int}. */
    static final long INT_MAX = Integer.MAX_VALUE;

    /** The largest file mode: permission bits plus set-user-id, set-group-id and sticky. */
    static final int MAX_MODE = 07777;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final String USER_ID_MESSAGE = "specified user id contains invalid numeric "
            + "characters or is outside allowed range.";
    private static final String GROUP_ID_MESSAGE = "specified group id contains invalid numeric "
            + "characters or is outside allowed range.";

    /** Upstream's one message for any bad unsigned or signed number. */
    static final String NUMBER_MESSAGE = "specified value contains invalid numeric characters"
            + " or is outside allowed range.";

    private static final String READY_SETTING = "ready-notification";
    private static final String IOPRIO_SETTING = "ioprio";

    /** The result of {@link #scanId} for a value that does not start like a number. */
    private static final long NOT_NUMERIC = -1;
    /** The result of {@link #scanId} for a value that starts like a number but is no valid id. */
    private static final long BAD_ID = -2;

    private Values() {
    }

    /**
     * The outcome of scanning an integer the way C's {@code strtoull} with base 0 does.
     *
     * @param end the index after the last character of the number, or the start index if there
     *     is no number there (C's "no conversion")
     * @param negative whether a minus sign came before the digits
     * @param magnitude the value of the digits as an unsigned 64-bit number, meaningful only if
     *     {@code overflow} is false
     * @param overflow whether the digits' value does not fit in 64 unsigned bits
     */
    private record Scan(int end, boolean negative, long magnitude, boolean overflow) {
    }

    /**
     * Parses a time: {@code SECS[.FRAC]}, decimal digits only, with {@code .} or {@code ,} as the
     * decimal separator. Either part may be empty ({@code .5}, {@code 5.}, and the empty string,
     * which is zero). Fraction digits beyond nanoseconds are checked but otherwise ignored. The
     * value is read from left to right, so seconds that overflow a signed 64-bit count are
     * reported as too large even if a bad character follows them.
     *
     * @param value the value
     * @param setting the setting name, for messages
     * @return the time
     * @throws BadValueException {@code bad value for S} for any character other than digits and
     *     one separator, {@code too-large value for S} if the seconds overflow
     */
    static Duration parseTime(String value, String setting) throws BadValueException {
        int separator = indexOfDecimalSeparator(value);
        int wholeEnd = separator < 0 ? value.length() : separator;
        long seconds = 0;
        for (int i = 0; i < wholeEnd; i++) {
            int digit = decimalDigit(value.charAt(i));
            if (digit < 0) {
                throw badValue(setting);
            }
            if (seconds > (Long.MAX_VALUE - digit) / 10) {
                throw tooLarge(setting);
            }
            seconds = seconds * 10 + digit;
        }
        long nanos = 0;
        long unit = NANOS_PER_SECOND / 10;
        for (int i = wholeEnd + 1; i < value.length(); i++) {
            int digit = decimalDigit(value.charAt(i));
            if (digit < 0) {
                throw badValue(setting);
            }
            nanos += digit * unit;
            unit /= 10;
        }
        return Duration.ofSeconds(seconds, nanos);
    }

    /**
     * Parses an unsigned integer as C's {@code strtoull} with base 0 does (see the class
     * comment), then checks it against a maximum.
     *
     * @param value the value
     * @param setting the setting name, for messages
     * @param max the largest allowed value, at least 0
     * @return the value
     * @throws BadValueException {@code bad value for S} if the value is not wholly an unsigned
     *     number, {@code too-large value for S} if it is above {@code max}
     */
    static long parseUnsigned(String value, String setting, long max) throws BadValueException {
        Scan scan = scanInteger(value, 0);
        if (scan.end() == 0 || scan.end() != value.length() || scan.negative()
                || scan.overflow() || Long.compareUnsigned(scan.magnitude(), max) > 0) {
            throw new BadValueException(NUMBER_MESSAGE);
        }
        return scan.magnitude();
    }

    /**
     * Parses a signed integer as C's {@code strtoll} with base 0 does (see the class comment),
     * then checks it against a range. A value outside the range is reported as too large or too
     * small according to its side, including one that does not fit in 64 bits.
     *
     * @param value the value
     * @param setting the setting name, for messages
     * @param min the smallest allowed value
     * @param max the largest allowed value, at least {@code min}
     * @return the value
     * @throws BadValueException {@code bad value for S} if the value is not wholly a number,
     *     {@code too-large value for S} above {@code max}, {@code too-small value for S} below
     *     {@code min}
     */
    static long parseSigned(String value, String setting, long min, long max)
            throws BadValueException {
        Scan scan = scanInteger(value, 0);
        if (scan.end() == 0 || scan.end() != value.length() || scan.overflow()) {
            throw new BadValueException(NUMBER_MESSAGE);
        }
        if (scan.negative()) {
            // The magnitude of Long.MIN_VALUE is 2^63, which reads as Long.MIN_VALUE unsigned.
            if (Long.compareUnsigned(scan.magnitude(), Long.MIN_VALUE) > 0
                    || -scan.magnitude() < min) {
                throw new BadValueException(NUMBER_MESSAGE);
            }
            return -scan.magnitude();
        }
        if (scan.magnitude() < 0 || scan.magnitude() > max || scan.magnitude() < min) {
            throw new BadValueException(NUMBER_MESSAGE);
        }
        return scan.magnitude();
    }

    /**
     * Parses a file mode: one or more octal digits ({@code 600}, {@code 0640}), nothing else (no
     * white space or sign), that fits in an int, as upstream takes it; the result is its low
     * twelve bits, as {@code chmod} uses them.
     *
     * @param value the value
     * @param setting the setting name, for messages
     * @return the mode
     * @throws BadValueException if the value is empty, has a character other than an octal
     *     digit, or does not fit in an int; the message is the setting's name alone, as upstream's
     */
    static int parseOctalMode(String value, String setting) throws BadValueException {
        // Upstream's message for a bad mode is the setting's name alone (its exception is built
        // with the name where the description goes); dinit-check users see that, so we print it.
        if (value.isEmpty()) {
            throw new BadValueException(setting);
        }
        long mode = 0;
        boolean tooLarge = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '7') {
                throw new BadValueException(setting);
            }
            mode = mode * 8 + (c - '0');
            if (mode > Integer.MAX_VALUE) {
                tooLarge = true;
                mode = 0;
            }
        }
        if (tooLarge) {
            throw new BadValueException(setting);
        }
        // Upstream takes any mode that fits in an int; chmod keeps its low twelve bits.
        return (int) mode & MAX_MODE;
    }

    /**
     * Parses a bool: exactly {@code yes} or {@code true}, {@code no} or {@code false}.
     *
     * @param value the value
     * @param setting the setting name, for messages
     * @return the bool
     * @throws BadValueException {@code bad value for S: 'V' (expected yes, true, no or false)}
     */
    static boolean parseBool(String value, String setting) throws BadValueException {
        if (value.equals("yes") || value.equals("true")) {
            return true;
        }
        if (value.equals("no") || value.equals("false")) {
            return false;
        }
        throw new BadValueException(setting + " must be one of: \"yes\", \"true\", \"no\" or"
                + " \"false\"");
    }

    /**
     * Parses a signal name: {@code HUP}, {@code INT}, {@code QUIT}, {@code KILL}, {@code USR1},
     * {@code USR2}, {@code TERM}, {@code CONT}, {@code STOP}, or {@code none}/{@code NONE} for no
     * signal. Names are case-sensitive and have no {@code SIG} prefix; numbers are not accepted.
     *
     * @param value the value
     * @param setting the setting name, for messages
     * @return the signal
     * @throws BadValueException {@code unknown signal name 'V' for S (expected HUP, ... or none)}
     */
    static Signal parseSignal(String value, String setting) throws BadValueException {
        Signal signal = Signal.fromName(value);
        if (signal == null) {
            throw new BadValueException("unknown/unsupported termination signal: " + value);
        }
        return signal;
    }

    /**
     * Parses a resource limit: {@code SOFT:HARD}, or {@code N} for both. Either half of
     * {@code SOFT:HARD} may be empty, leaving that limit unchanged ({@code N:}, {@code :N}, and
     * {@code :}, which changes nothing); a half that is exactly {@code -} means unlimited; any
     * other half is an unsigned number as for {@link #parseUnsigned}. The soft half is checked
     * before the hard half.
     *
     * <p>Deviation: a limit is a 64-bit unsigned value in C, but numbers above
     * {@link Long#MAX_VALUE} are reported as too large here.
     *
     * @param value the value
     * @param setting the setting name, for messages
     * @return the limit, with {@link ResourceLimit#KEEP} for an unchanged half and
     *     {@link ResourceLimit#UNLIMITED} for {@code -}
     * @throws BadValueException {@code bad value for S} for an empty value or a half that is not
     *     a number or {@code -}, {@code too-large value for S} for a number above
     *     {@link Long#MAX_VALUE}
     */
    static ResourceLimit parseLimit(String value, String setting) throws BadValueException {
        if (value.isEmpty()) {
            throw new BadValueException(setting + ": bad value.");
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            long both = parseLimitHalf(value, setting);
            return new ResourceLimit(both, both);
        }
        String softText = value.substring(0, colon);
        String hardText = value.substring(colon + 1);
        long soft = softText.isEmpty() ? ResourceLimit.KEEP : parseLimitHalf(softText, setting);
        long hard = hardText.isEmpty() ? ResourceLimit.KEEP : parseLimitHalf(hardText, setting);
        return new ResourceLimit(soft, hard);
    }

    /**
     * Parses the {@code ioprio} setting: {@code none}, {@code idle}, {@code realtime:N} or
     * {@code best-effort:N}, where N is an unsigned number (as for {@link #parseUnsigned}) from 0
     * to 7.
     *
     * @param value the value
     * @return the priority, level 0 for {@code none} and {@code idle}
     * @throws BadValueException {@code bad value for ioprio: 'V' (expected none, idle, realtime:N
     *     or best-effort:N)} for another form, {@code bad value for ioprio} if N is not a number,
     *     {@code too-large value for ioprio} if it is above 7
     */
    static IoPriority parseIoPriority(String value) throws BadValueException {
        if (value.equals("none")) {
            return new IoPriority(IoPriority.IoClass.NONE, 0);
        }
        if (value.equals("idle")) {
            return new IoPriority(IoPriority.IoClass.IDLE, 0);
        }
        String realtime = "realtime:";
        if (value.startsWith(realtime)) {
            long level = parseUnsigned(value.substring(realtime.length()), IOPRIO_SETTING, 7);
            return new IoPriority(IoPriority.IoClass.REALTIME, (int) level);
        }
        String bestEffort = "best-effort:";
        if (value.startsWith(bestEffort)) {
            long level = parseUnsigned(value.substring(bestEffort.length()), IOPRIO_SETTING, 7);
            return new IoPriority(IoPriority.IoClass.BEST_EFFORT, (int) level);
        }
        throw new BadValueException("invalid value for " + IOPRIO_SETTING + ": " + value);
    }

    /**
     * Parses the {@code ready-notification} setting: {@code pipefd:N}, N an unsigned number (as
     * for {@link #parseUnsigned}) up to {@code INT_MAX}, or {@code pipevar:VAR}, VAR not empty.
     *
     * @param value the value
     * @return the notification
     * @throws BadValueException {@code unrecognised setting value for ready-notification: 'V'
     *     (expected pipefd:N or pipevar:VAR)} for another form; {@code bad value for
     *     ready-notification} or {@code too-large value for ready-notification} for a bad N;
     *     {@code bad value for ready-notification: pipevar needs a variable name} for an
     *     empty VAR
     */
    static ReadyNotification parseReadyNotification(String value) throws BadValueException {
        String pipefd = "pipefd:";
        if (value.startsWith(pipefd)) {
            long fd = parseUnsigned(value.substring(pipefd.length()), READY_SETTING, INT_MAX);
            return new ReadyNotification((int) fd, null);
        }
        String pipevar = "pipevar:";
        if (value.startsWith(pipevar)) {
            String variable = value.substring(pipevar.length());
            if (variable.isEmpty()) {
                throw new BadValueException("invalid pipevar variable name");
            }
            return new ReadyNotification(-1, variable);
        }
        throw new BadValueException("unrecognised setting: " + value);
    }

    /**
     * Parses the words of a {@code securebits} line: {@code keep-caps}, {@code no-setuid-fixup}
     * and {@code noroot}, each optionally followed by {@code -locked}.
     *
     * @param words the words, already split
     * @return a new modifiable set of the bits, empty if there are no words
     * @throws BadValueException {@code unknown securebits flag 'W' (expected keep-caps,
     *     no-setuid-fixup or noroot, each optionally followed by -locked)} for the first word
     *     that is not one of those
     */
    static Set<SecureBit> parseSecureBits(List<String> words) throws BadValueException {
        Set<SecureBit> bits = EnumSet.noneOf(SecureBit.class);
        for (String word : words) {
            SecureBit bit = SecureBit.fromWord(word);
            if (bit == null) {
                throw new BadValueException("unknown securebits flag: " + word);
            }
            bits.add(bit);
        }
        return bits;
    }

    /**
     * Parses the {@code restart} setting: {@code yes}/{@code true}, {@code on-failure},
     * {@code no}/{@code false}.
     *
     * @param value the value
     * @return the policy
     * @throws BadValueException {@code bad value for restart: 'V' (expected yes, true,
     *     on-failure, no or false)}
     */
    static RestartPolicy parseRestart(String value) throws BadValueException {
        if (value.equals("yes") || value.equals("true")) {
            return RestartPolicy.YES;
        }
        if (value.equals("on-failure")) {
            return RestartPolicy.ON_FAILURE;
        }
        if (value.equals("no") || value.equals("false")) {
            return RestartPolicy.NO;
        }
        throw new BadValueException("restart must be one of: \"yes\", \"true\", \"no\","
                + " \"false\" or \"on-failure\"");
    }

    /**
     * Parses the {@code log-type} setting: {@code file}, {@code buffer}, {@code pipe} or
     * {@code none}.
     *
     * @param value the value
     * @return the log type
     * @throws BadValueException {@code bad value for log-type: 'V' (expected file, buffer, pipe
     *     or none)}
     */
    static LogType parseLogType(String value) throws BadValueException {
        LogType type = LogType.fromWord(value);
        if (type == null) {
            throw new BadValueException("log type must be one of: \"file\", \"buffer\","
                    + " \"pipe\", or \"none\"");
        }
        return type;
    }

    /**
     * Parses a user: a number is tried first, then a name. A value that starts like a number
     * (optional white space and sign, then a digit) must be wholly an unsigned number as for
     * {@link #parseUnsigned}, from 0 to {@link Integer#MAX_VALUE}; any other value is looked up
     * as a name, at load time.
     *
     * <p>Deviation: C's {@code uid_t} goes up to 2<sup>32</sup>-1; ids above
     * {@link Integer#MAX_VALUE} are rejected here.
     *
     * @param value the value
     * @param setting the setting name; upstream's messages for users do not name it
     * @param db the user database
     * @return by number, the uid with gid -1 and no name; by name, the user's uid, primary gid
     *     and name
     * @throws BadValueException {@code specified user id contains invalid numeric characters or
     *     is outside allowed range.} for a bad number, {@code specified user "X" does not exist
     *     in system database} for an unknown name
     */
    static UserSpec parseUser(String value, String setting, UserDatabase db)
            throws BadValueException {
        long id = scanId(value);
        if (id >= 0) {
            return new UserSpec((int) id, -1, null);
        }
        if (id == BAD_ID) {
            throw new BadValueException(setting + ": " + USER_ID_MESSAGE);
        }
        UserDatabase.PasswdEntry entry = db.lookupUser(value);
        if (entry == null) {
            throw new BadValueException(
                    setting + ": specified user \"" + value + "\" does not exist in system database.");
        }
        return new UserSpec(entry.uid(), entry.gid(), entry.name());
    }

    /**
     * Parses a group: a number is tried first, then a name, as for {@link #parseUser}.
     *
     * @param value the value
     * @param setting the setting name; upstream's messages for groups do not name it
     * @param db the user database
     * @return the group id
     * @throws BadValueException {@code specified group id contains invalid numeric characters
     *     or is outside allowed range.} for a bad number, {@code specified group "X" does not
     *     exist in system database} for an unknown name
     */
    static int parseGroup(String value, String setting, UserDatabase db)
            throws BadValueException {
        long id = scanId(value);
        if (id >= 0) {
            return (int) id;
        }
        if (id == BAD_ID) {
            throw new BadValueException(setting + ": " + GROUP_ID_MESSAGE);
        }
        Integer gid = db.lookupGroup(value);
        if (gid == null) {
            throw new BadValueException(
                    setting + ": specified group \"" + value + "\" does not exist in system"
                    + " database.");
        }
        return gid;
    }

    /**
     * Parses one half of a resource limit.
     *
     * @param text the half, not empty
     * @param setting the setting name, for messages
     * @return the limit, or {@link ResourceLimit#UNLIMITED} for {@code -}
     * @throws BadValueException as for {@link #parseUnsigned}
     */
    private static long parseLimitHalf(String text, String setting) throws BadValueException {
        if (text.equals("-")) {
            return ResourceLimit.UNLIMITED;
        }
        Scan scan = scanInteger(text, 0);
        if (scan.end() == 0 || scan.end() != text.length() || scan.negative()) {
            throw new BadValueException(setting + ": bad value.");
        }
        if (scan.overflow() || scan.magnitude() < 0) {
            throw new BadValueException(setting + ": too-large value.");
        }
        return scan.magnitude();
    }

    /**
     * Reads a user or group id if the value starts like a number.
     *
     * @param value the value
     * @return the id; {@link #NOT_NUMERIC} if the value does not start like a number;
     *     {@link #BAD_ID} if it does but is not wholly a non-negative number up to
     *     {@link Integer#MAX_VALUE}
     */
    private static long scanId(String value) {
        Scan scan = scanInteger(value, 0);
        if (scan.end() == 0) {
            return NOT_NUMERIC;
        }
        if (scan.end() != value.length() || scan.negative() || scan.overflow()
                || Long.compareUnsigned(scan.magnitude(), INT_MAX) > 0) {
            return BAD_ID;
        }
        return scan.magnitude();
    }

    /**
     * Scans an integer at {@code start} the way C's {@code strtoull} with base 0 does: optional
     * white space, an optional sign, then {@code 0x}/{@code 0X} and hexadecimal digits, or
     * {@code 0} and octal digits, or decimal digits. As in C, {@code 0x} not followed by a
     * hexadecimal digit is the number 0 followed by {@code x}.
     *
     * @param s the text
     * @param start where to start
     * @return the scan; its end is {@code start} if there is no number
     */
    private static Scan scanInteger(String s, int start) {
        int len = s.length();
        int i = start;
        while (i < len && isCSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < len && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i < len && s.charAt(i) == '0') {
            radix = 8;
            if (i + 2 < len && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                    && digit(s.charAt(i + 2), 16) >= 0) {
                radix = 16;
                i += 2;
            }
        }
        if (i >= len || digit(s.charAt(i), radix) < 0) {
            return new Scan(start, false, 0, false);
        }
        long magnitude = 0;
        boolean overflow = false;
        for (; i < len; i++) {
            int d = digit(s.charAt(i), radix);
            if (d < 0) {
                break;
            }
            // -1L - d is 2^64 - 1 - d as an unsigned value.
            long limit = Long.divideUnsigned(-1L - d, radix);
            if (overflow || Long.compareUnsigned(magnitude, limit) > 0) {
                overflow = true;
            } else {
                magnitude = magnitude * radix + d;
            }
        }
        return new Scan(i, negative, magnitude, overflow);
    }

    /**
     * Returns the value of an ASCII digit in a radix of 8, 10 or 16.
     *
     * @param c the character
     * @param radix the radix
     * @return the value, or -1 if {@code c} is not a digit of the radix
     */
    private static int digit(char c, int radix) {
        int value;
        if (c >= '0' && c <= '9') {
            value = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            value = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            value = c - 'A' + 10;
        } else {
            return -1;
        }
        return value < radix ? value : -1;
    }

    /**
     * Returns the value of an ASCII decimal digit.
     *
     * @param c the character
     * @return the value, or -1 if {@code c} is not one
     */
    private static int decimalDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    /**
     * Tells whether C's {@code isspace} in the C locale holds.
     *
     * @param c the character
     * @return whether it is a space, tab, newline, vertical tab, form feed or carriage return
     */
    private static boolean isCSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /**
     * Finds the first decimal separator of a time.
     *
     * @param value the time
     * @return the index of the first {@code .} or {@code ,}, or -1 if there is none
     */
    private static int indexOfDecimalSeparator(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.' || c == ',') {
                return i;
            }
        }
        return -1;
    }

    /** Makes the exception for a value without the syntax of its type. */
    private static BadValueException badValue(String setting) {
        return new BadValueException("bad value for " + setting, true);
    }

    /** Makes the exception for a number above its setting's maximum. */
    private static BadValueException tooLarge(String setting) {
        return new BadValueException("too-large value for " + setting, true);
    }
}
