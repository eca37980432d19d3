package io.dinitj.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dinitj.api.description.IoPriority;
import io.dinitj.api.description.IoPriority.IoClass;
import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ReadyNotification;
import io.dinitj.api.description.ResourceLimit;
import io.dinitj.api.description.RestartPolicy;
import io.dinitj.api.description.SecureBit;
import io.dinitj.api.description.Signal;
import io.dinitj.api.description.UserSpec;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Tests the value parsers against the service format's value types, with the edge cases the
 * format names, and checks the integer and time parsers against simple reference
 * implementations on random inputs.
 */
class ValuesTest {

    private static final String S = "some-setting";
    private static final String BAD = "bad value for " + S;
    private static final String TOO_LARGE = "too-large value for " + S;
    private static final String NUMBER = Values.NUMBER_MESSAGE;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** A user database with a few fixed entries. */
    private static final UserDatabase DB = new UserDatabase() {
        private final Map<String, PasswdEntry> users = Map.of(
                "alice", new PasswdEntry("alice", 1000, 100, "/home/alice", "/bin/sh"),
                "root", new PasswdEntry("root", 0, 0, "/root", "/bin/sh"),
                "+odd", new PasswdEntry("+odd", 7, 8, "/", "/bin/false"));
        private final Map<String, Integer> groups = Map.of("users", 100, "wheel", 10);

        @Override
        public PasswdEntry lookupUser(String name) {
            return users.get(name);
        }

        @Override
        public PasswdEntry lookupUid(int uid) {
            return users.values().stream().filter(e -> e.uid() == uid).findFirst().orElse(null);
        }

        @Override
        public Integer lookupGroup(String name) {
            return groups.get(name);
        }
    };


    @Test
    void time_parses_seconds_and_fractions() throws BadValueException {
        assertThat(Values.parseTime("5", S)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Values.parseTime("0", S)).isEqualTo(Duration.ZERO);
        assertThat(Values.parseTime("1.5", S)).isEqualTo(Duration.ofMillis(1500));
        assertThat(Values.parseTime("1,5", S)).isEqualTo(Duration.ofMillis(1500));
        assertThat(Values.parseTime(".5", S)).isEqualTo(Duration.ofMillis(500));
        assertThat(Values.parseTime(",25", S)).isEqualTo(Duration.ofMillis(250));
        assertThat(Values.parseTime("5.", S)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Values.parseTime("0.2", S)).isEqualTo(Duration.ofMillis(200));
        assertThat(Values.parseTime("007", S)).isEqualTo(Duration.ofSeconds(7));
        assertThat(Values.parseTime("010", S)).as("time is always decimal")
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(Values.parseTime("0.000000001", S)).isEqualTo(Duration.ofNanos(1));
        assertThat(Values.parseTime("1.123456789", S))
                .isEqualTo(Duration.ofSeconds(1, 123_456_789));
    }

    @Test
    void time_empty_and_lone_separator_are_zero() throws BadValueException {
        assertThat(Values.parseTime("", S)).isEqualTo(Duration.ZERO);
        assertThat(Values.parseTime(".", S)).isEqualTo(Duration.ZERO);
        assertThat(Values.parseTime(",", S)).isEqualTo(Duration.ZERO);
    }

    @Test
    void time_ignores_fraction_digits_beyond_nanoseconds() throws BadValueException {
        assertThat(Values.parseTime("2.1234567899", S))
                .isEqualTo(Duration.ofSeconds(2, 123_456_789));
        assertThat(Values.parseTime("0.9999999999999999999999", S))
                .isEqualTo(Duration.ofNanos(999_999_999));
    }

    @Test
    void time_rejects_other_characters() {
        for (String v : List.of("x", "5s", " 5", "5 ", "+5", "-5", "1e3", "1.2.3", "1,2.3",
                "1.5x", "0x10", "1.2345678901x", "\uFF15")) {
            assertThatThrownBy(() -> Values.parseTime(v, S)).as(v)
                    .isInstanceOf(BadValueException.class).hasMessage(BAD);
        }
    }

    @Test
    void time_overflow_is_too_large() throws BadValueException {
        assertThat(Values.parseTime("9223372036854775807", S))
                .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(Values.parseTime("9223372036854775807.999999999", S))
                .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        for (String v : List.of("9223372036854775808", "99999999999999999999",
                "99999999999999999999.5", "99999999999999999999x")) {
            assertThatThrownBy(() -> Values.parseTime(v, S)).as(v).hasMessage(TOO_LARGE);
        }
        assertThatThrownBy(() -> Values.parseTime("x99999999999999999999", S))
                .hasMessage(BAD);
    }


    @Test
    void unsigned_follows_strtoull_base_zero() throws BadValueException {
        assertThat(Values.parseUnsigned("0", S, 100)).isZero();
        assertThat(Values.parseUnsigned("42", S, 100)).isEqualTo(42);
        assertThat(Values.parseUnsigned("010", S, 100)).isEqualTo(8);
        assertThat(Values.parseUnsigned("00", S, 100)).isZero();
        assertThat(Values.parseUnsigned("0x1F", S, 100)).isEqualTo(31);
        assertThat(Values.parseUnsigned("0X1f", S, 100)).isEqualTo(31);
        assertThat(Values.parseUnsigned("+5", S, 100)).isEqualTo(5);
        assertThat(Values.parseUnsigned(" 5", S, 100)).isEqualTo(5);
        assertThat(Values.parseUnsigned("\t\n\u000B\f\r +0x10", S, 100)).isEqualTo(16);
        assertThat(Values.parseUnsigned("9223372036854775807", S, Long.MAX_VALUE))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void unsigned_rejects_junk() {
        for (String v : List.of("", " ", "+", "-", "5x", "5 ", "x5", "08", "09", "0x", "0xg",
                "0x 1", "++5", "+-5", "+ 5", "1.5", "1,000", "\u0661", "-1", "-0", " -5",
                "99999999999999999999x")) {
            assertThatThrownBy(() -> Values.parseUnsigned(v, S, Long.MAX_VALUE)).as(v)
                    .isInstanceOf(BadValueException.class).hasMessage(NUMBER);
        }
    }

    @Test
    void unsigned_checks_range() throws BadValueException {
        assertThat(Values.parseUnsigned("7", S, 7)).isEqualTo(7);
        assertThat(Values.parseUnsigned("2147483647", S, Values.INT_MAX))
                .isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> Values.parseUnsigned("8", S, 7)).hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseUnsigned("1", S, 0)).hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseUnsigned("2147483648", S, Values.INT_MAX))
                .hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseUnsigned("9223372036854775808", S, Long.MAX_VALUE))
                .hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseUnsigned("18446744073709551615", S, Long.MAX_VALUE))
                .hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseUnsigned("18446744073709551616", S, Long.MAX_VALUE))
                .hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseUnsigned("0xFFFFFFFFFFFFFFFFF", S, Long.MAX_VALUE))
                .hasMessage(NUMBER);
    }


    @Test
    void signed_follows_strtoll_base_zero() throws BadValueException {
        long min = Long.MIN_VALUE;
        long max = Long.MAX_VALUE;
        assertThat(Values.parseSigned("-5", S, min, max)).isEqualTo(-5);
        assertThat(Values.parseSigned(" -010", S, min, max)).isEqualTo(-8);
        assertThat(Values.parseSigned("-0x1F", S, min, max)).isEqualTo(-31);
        assertThat(Values.parseSigned("+5", S, min, max)).isEqualTo(5);
        assertThat(Values.parseSigned("-0", S, 0, 10)).isZero();
        assertThat(Values.parseSigned("-9223372036854775808", S, min, max)).isEqualTo(min);
        assertThat(Values.parseSigned("9223372036854775807", S, min, max)).isEqualTo(max);
        assertThat(Values.parseSigned("-0x8000000000000000", S, min, max)).isEqualTo(min);
    }

    @Test
    void signed_rejects_junk_and_checks_range() {
        for (String v : List.of("", "-", "--5", "5-", "- 5", "1e3", "0x", "-08")) {
            assertThatThrownBy(() -> Values.parseSigned(v, S, -100, 100)).as(v).hasMessage(NUMBER);
        }
        assertThatThrownBy(() -> Values.parseSigned("1001", S, -1000, 1000))
                .hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseSigned("-1001", S, -1000, 1000))
                .hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseSigned("9223372036854775808", S, Long.MIN_VALUE,
                Long.MAX_VALUE)).hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseSigned("-9223372036854775809", S, Long.MIN_VALUE,
                Long.MAX_VALUE)).hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseSigned("-99999999999999999999999", S,
                Long.MIN_VALUE, Long.MAX_VALUE)).hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseSigned("3", S, 5, 10)).hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseSigned("-0", S, 1, 10)).hasMessage(NUMBER);
    }

    @Test
    void signed_nice_range() throws BadValueException {
        long min = Integer.MIN_VALUE / 2;
        long max = Integer.MAX_VALUE / 2;
        assertThat(Values.parseSigned("-20", S, min, max)).isEqualTo(-20);
        assertThat(Values.parseSigned("-1073741824", S, min, max)).isEqualTo(min);
        assertThatThrownBy(() -> Values.parseSigned("-1073741825", S, min, max))
                .hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseSigned("1073741824", S, min, max))
                .hasMessage(NUMBER);
    }


    @Test
    void octal_mode() throws BadValueException {
        assertThat(Values.parseOctalMode("600", S)).isEqualTo(0600);
        assertThat(Values.parseOctalMode("0640", S)).isEqualTo(0640);
        assertThat(Values.parseOctalMode("0", S)).isZero();
        assertThat(Values.parseOctalMode("7777", S)).isEqualTo(07777);
        assertThat(Values.parseOctalMode("000007777", S)).isEqualTo(07777);
        for (String v : List.of("", "8", "698", " 600", "600 ", "+600", "-600", "0x1ff",
                "rw-r--r--")) {
            assertThatThrownBy(() -> Values.parseOctalMode(v, S)).as(v).hasMessage(S);
        }
        for (String v : List.of("20000000000", "77777777777777777777777777")) {
            assertThatThrownBy(() -> Values.parseOctalMode(v, S)).as(v).hasMessage(S);
        }
    }

    /** A mode above 07777 that fits in an int is taken, as upstream does, to its low bits. */
    @Test
    void octal_mode_keepsLowBits() throws BadValueException {
        assertThat(Values.parseOctalMode("77777", S)).isEqualTo(07777);
        assertThat(Values.parseOctalMode("10644", S)).isEqualTo(0644);
        assertThat(Values.parseOctalMode("17777777777", S)).isEqualTo(07777);
    }


    @Test
    void bool_is_exact() throws BadValueException {
        assertThat(Values.parseBool("yes", S)).isTrue();
        assertThat(Values.parseBool("true", S)).isTrue();
        assertThat(Values.parseBool("no", S)).isFalse();
        assertThat(Values.parseBool("false", S)).isFalse();
        for (String v : List.of("", "YES", "True", "1", "0", "on", " yes", "yes ")) {
            assertThatThrownBy(() -> Values.parseBool(v, S)).as(v)
                    .hasMessage(S + " must be one of: \"yes\", \"true\", \"no\" or \"false\"");
        }
    }


    @Test
    void signal_names() throws BadValueException {
        assertThat(Values.parseSignal("HUP", S)).isEqualTo(Signal.HUP);
        assertThat(Values.parseSignal("INT", S)).isEqualTo(Signal.INT);
        assertThat(Values.parseSignal("QUIT", S)).isEqualTo(Signal.QUIT);
        assertThat(Values.parseSignal("KILL", S)).isEqualTo(Signal.KILL);
        assertThat(Values.parseSignal("USR1", S)).isEqualTo(Signal.USR1);
        assertThat(Values.parseSignal("USR2", S)).isEqualTo(Signal.USR2);
        assertThat(Values.parseSignal("TERM", S)).isEqualTo(Signal.TERM);
        assertThat(Values.parseSignal("CONT", S)).isEqualTo(Signal.CONT);
        assertThat(Values.parseSignal("STOP", S)).isEqualTo(Signal.STOP);
        assertThat(Values.parseSignal("none", S)).isEqualTo(Signal.NONE);
        assertThat(Values.parseSignal("NONE", S)).isEqualTo(Signal.NONE);
    }

    @Test
    void signal_rejects_prefix_numbers_and_case() {
        for (String v : List.of("SIGTERM", "15", "term", "Term", "None", "", " TERM", "INFO",
                "SIGKILL", "9")) {
            assertThatThrownBy(() -> Values.parseSignal(v, "term-signal")).as(v)
                    .isInstanceOf(BadValueException.class)
                    .hasMessage("unknown/unsupported termination signal: " + v);
        }
    }


    @Test
    void limit_forms() throws BadValueException {
        long keep = ResourceLimit.KEEP;
        long inf = ResourceLimit.UNLIMITED;
        assertThat(Values.parseLimit("5", S)).isEqualTo(new ResourceLimit(5, 5));
        assertThat(Values.parseLimit("4:5", S)).isEqualTo(new ResourceLimit(4, 5));
        assertThat(Values.parseLimit("5:", S)).isEqualTo(new ResourceLimit(5, keep));
        assertThat(Values.parseLimit(":7", S)).isEqualTo(new ResourceLimit(keep, 7));
        assertThat(Values.parseLimit("-", S)).isEqualTo(new ResourceLimit(inf, inf));
        assertThat(Values.parseLimit("-:100", S)).isEqualTo(new ResourceLimit(inf, 100));
        assertThat(Values.parseLimit("100:-", S)).isEqualTo(new ResourceLimit(100, inf));
        assertThat(Values.parseLimit("-:-", S)).isEqualTo(new ResourceLimit(inf, inf));
        assertThat(Values.parseLimit("-:", S)).isEqualTo(new ResourceLimit(inf, keep));
        assertThat(Values.parseLimit(":-", S)).isEqualTo(new ResourceLimit(keep, inf));
        assertThat(Values.parseLimit(":", S)).isEqualTo(new ResourceLimit(keep, keep));
        assertThat(Values.parseLimit("0x10:010", S)).isEqualTo(new ResourceLimit(16, 8));
        assertThat(Values.parseLimit(" 1: +2", S)).isEqualTo(new ResourceLimit(1, 2));
        assertThat(Values.parseLimit("0", S)).isEqualTo(new ResourceLimit(0, 0));
        assertThat(Values.parseLimit("9223372036854775807", S))
                .isEqualTo(new ResourceLimit(Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void limit_errors() {
        for (String v : List.of("", " ", "x", "5x", "5 :6", "5:6:7", "::", "--", "-5", "5:-5",
                " -", "- ", "-0", "unlimited", "infinity", "1.5", "5:x")) {
            assertThatThrownBy(() -> Values.parseLimit(v, S)).as(v).hasMessage(S + ": bad value.");
        }
        for (String v : List.of("9223372036854775808", "18446744073709551615",
                "99999999999999999999999", "1:18446744073709551616", "99999999999999999999:x")) {
            assertThatThrownBy(() -> Values.parseLimit(v, S)).as(v).hasMessage(S + ": too-large value.");
        }
        assertThatThrownBy(() -> Values.parseLimit("x:99999999999999999999", S))
                .as("soft half first").hasMessage(S + ": bad value.");
    }


    @Test
    void ioprio_forms_and_bounds() throws BadValueException {
        assertThat(Values.parseIoPriority("none")).isEqualTo(new IoPriority(IoClass.NONE, 0));
        assertThat(Values.parseIoPriority("idle")).isEqualTo(new IoPriority(IoClass.IDLE, 0));
        assertThat(Values.parseIoPriority("realtime:0"))
                .isEqualTo(new IoPriority(IoClass.REALTIME, 0));
        assertThat(Values.parseIoPriority("realtime:7"))
                .isEqualTo(new IoPriority(IoClass.REALTIME, 7));
        assertThat(Values.parseIoPriority("best-effort:4"))
                .isEqualTo(new IoPriority(IoClass.BEST_EFFORT, 4));
        assertThat(Values.parseIoPriority("best-effort:07"))
                .isEqualTo(new IoPriority(IoClass.BEST_EFFORT, 7));
        assertThatThrownBy(() -> Values.parseIoPriority("realtime:8"))
                .hasMessage(NUMBER);
        assertThatThrownBy(() -> Values.parseIoPriority("best-effort:4294967296"))
                .hasMessage(NUMBER);
        for (String v : List.of("realtime:", "realtime:-1", "best-effort:x", "best-effort:1 ")) {
            assertThatThrownBy(() -> Values.parseIoPriority(v)).as(v)
                    .hasMessage(NUMBER);
        }
        for (String v : List.of("", "realtime", "best-effort", "rt:1", "None", "idle:0",
                "none:0", "Realtime:1", "besteffort:1")) {
            assertThatThrownBy(() -> Values.parseIoPriority(v)).as(v)
                    .hasMessage("invalid value for ioprio: " + v);
        }
    }


    @Test
    void ready_notification_forms() throws BadValueException {
        assertThat(Values.parseReadyNotification("pipefd:3"))
                .isEqualTo(new ReadyNotification(3, null));
        assertThat(Values.parseReadyNotification("pipefd:0"))
                .isEqualTo(new ReadyNotification(0, null));
        assertThat(Values.parseReadyNotification("pipefd:0x10"))
                .isEqualTo(new ReadyNotification(16, null));
        assertThat(Values.parseReadyNotification("pipefd:2147483647"))
                .isEqualTo(new ReadyNotification(Integer.MAX_VALUE, null));
        assertThat(Values.parseReadyNotification("pipevar:READY_FD"))
                .isEqualTo(new ReadyNotification(-1, "READY_FD"));
        assertThat(Values.parseReadyNotification("pipevar:a:b"))
                .isEqualTo(new ReadyNotification(-1, "a:b"));
    }

    @Test
    void ready_notification_errors() {
        assertThatThrownBy(() -> Values.parseReadyNotification("pipefd:2147483648"))
                .hasMessage(NUMBER);
        for (String v : List.of("pipefd:", "pipefd:x", "pipefd:-1", "pipefd:3 ")) {
            assertThatThrownBy(() -> Values.parseReadyNotification(v)).as(v)
                    .hasMessage(NUMBER);
        }
        assertThatThrownBy(() -> Values.parseReadyNotification("pipevar:"))
                .hasMessage("invalid pipevar variable name");
        for (String v : List.of("", "pipefd", "pipevar", "PIPEFD:3", "pipe:3", "3", " pipefd:3")) {
            assertThatThrownBy(() -> Values.parseReadyNotification(v)).as(v)
                    .hasMessage("unrecognised setting: " + v);
        }
    }


    @Test
    void secure_bits() throws BadValueException {
        assertThat(Values.parseSecureBits(List.of())).isEmpty();
        assertThat(Values.parseSecureBits(List.of("keep-caps", "noroot-locked", "keep-caps")))
                .containsExactlyInAnyOrder(SecureBit.KEEP_CAPS, SecureBit.NOROOT_LOCKED);
        assertThat(Values.parseSecureBits(List.of("keep-caps", "keep-caps-locked",
                "no-setuid-fixup", "no-setuid-fixup-locked", "noroot", "noroot-locked")))
                .containsExactlyInAnyOrder(SecureBit.values());
        assertThatThrownBy(() -> Values.parseSecureBits(List.of("noroot", "KEEP-CAPS", "bogus")))
                .hasMessage("unknown securebits flag: KEEP-CAPS");
        assertThatThrownBy(() -> Values.parseSecureBits(List.of("locked")))
                .hasMessage("unknown securebits flag: locked");
    }


    @Test
    void restart_policy() throws BadValueException {
        assertThat(Values.parseRestart("yes")).isEqualTo(RestartPolicy.YES);
        assertThat(Values.parseRestart("true")).isEqualTo(RestartPolicy.YES);
        assertThat(Values.parseRestart("on-failure")).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(Values.parseRestart("no")).isEqualTo(RestartPolicy.NO);
        assertThat(Values.parseRestart("false")).isEqualTo(RestartPolicy.NO);
        for (String v : List.of("", "always", "never", "on_failure", "Yes")) {
            assertThatThrownBy(() -> Values.parseRestart(v)).as(v)
                    .hasMessage("restart must be one of: \"yes\", \"true\", \"no\", \"false\""
                            + " or \"on-failure\"");
        }
    }

    @Test
    void log_type() throws BadValueException {
        assertThat(Values.parseLogType("file")).isEqualTo(LogType.FILE);
        assertThat(Values.parseLogType("buffer")).isEqualTo(LogType.BUFFER);
        assertThat(Values.parseLogType("pipe")).isEqualTo(LogType.PIPE);
        assertThat(Values.parseLogType("none")).isEqualTo(LogType.NONE);
        for (String v : List.of("", "syslog", "FILE", "None")) {
            assertThatThrownBy(() -> Values.parseLogType(v)).as(v)
                    .hasMessage("log type must be one of: \"file\", \"buffer\", \"pipe\", or"
                            + " \"none\"");
        }
    }


    @Test
    void user_by_number_and_name() throws BadValueException {
        assertThat(Values.parseUser("0", S, DB)).isEqualTo(new UserSpec(0, -1, null));
        assertThat(Values.parseUser("1000", S, DB)).isEqualTo(new UserSpec(1000, -1, null));
        assertThat(Values.parseUser("010", S, DB)).isEqualTo(new UserSpec(8, -1, null));
        assertThat(Values.parseUser("0x10", S, DB)).isEqualTo(new UserSpec(16, -1, null));
        assertThat(Values.parseUser(" +5", S, DB)).isEqualTo(new UserSpec(5, -1, null));
        assertThat(Values.parseUser("2147483647", S, DB))
                .isEqualTo(new UserSpec(Integer.MAX_VALUE, -1, null));
        assertThat(Values.parseUser("12345", S, DB))
                .as("a number need not exist in the database")
                .isEqualTo(new UserSpec(12345, -1, null));
        assertThat(Values.parseUser("alice", S, DB)).isEqualTo(new UserSpec(1000, 100, "alice"));
        assertThat(Values.parseUser("root", S, DB)).isEqualTo(new UserSpec(0, 0, "root"));
        assertThat(Values.parseUser("+odd", S, DB))
                .as("a sign without a digit is a name")
                .isEqualTo(new UserSpec(7, 8, "+odd"));
    }

    @Test
    void user_errors() {
        String numeric = "specified user id contains invalid numeric characters or is outside "
                + "allowed range.";
        for (String v : List.of("1000x", "5 ", "08", "-1", "2147483648", "4294967295",
                "99999999999999999999999", "0x", "0xg", " 1a", "+5x")) {
            assertThatThrownBy(() -> Values.parseUser(v, S, DB)).as(v)
                    .hasMessage(S + ": " + numeric);
        }
        for (String v : List.of("bob", "", "Alice", " alice", "x1")) {
            assertThatThrownBy(() -> Values.parseUser(v, S, DB)).as(v)
                    .hasMessage(S + ": specified user \"" + v
                            + "\" does not exist in system database.");
        }
    }

    @Test
    void group_by_number_and_name() throws BadValueException {
        assertThat(Values.parseGroup("0", S, DB)).isZero();
        assertThat(Values.parseGroup("100", S, DB)).isEqualTo(100);
        assertThat(Values.parseGroup("010", S, DB)).isEqualTo(8);
        assertThat(Values.parseGroup("4242", S, DB)).isEqualTo(4242);
        assertThat(Values.parseGroup("wheel", S, DB)).isEqualTo(10);
        assertThat(Values.parseGroup("users", S, DB)).isEqualTo(100);
        String numeric = "specified group id contains invalid numeric characters or is outside "
                + "allowed range.";
        for (String v : List.of("10x", "-1", "2147483648", "09")) {
            assertThatThrownBy(() -> Values.parseGroup(v, S, DB)).as(v)
                    .hasMessage(S + ": " + numeric);
        }
        for (String v : List.of("staff", "", "alice")) {
            assertThatThrownBy(() -> Values.parseGroup(v, S, DB)).as(v).hasMessage(
                    S + ": specified group \"" + v + "\" does not exist in system database.");
        }
    }


    /** A C integer as strtoull/strtoll base 0 accepts it when it is the whole string. */
    private static final Pattern C_INTEGER = Pattern.compile(
            "[ \\t\\n\\x0B\\f\\r]*([+-]?)(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))");

    /**
     * The reference reading of a whole-string C integer.
     *
     * @param value the text
     * @return the signed value, or null if the text is not wholly a C integer
     */
    private static BigInteger referenceInteger(String value) {
        Matcher m = C_INTEGER.matcher(value);
        if (!m.matches()) {
            return null;
        }
        BigInteger magnitude;
        if (m.group(2) != null) {
            magnitude = new BigInteger(m.group(2), 16);
        } else if (m.group(3) != null) {
            magnitude = new BigInteger(m.group(3), 8);
        } else {
            magnitude = new BigInteger(m.group(4), 10);
        }
        return m.group(1).equals("-") ? magnitude.negate() : magnitude;
    }

    /** A call of a parser that returns a long. */
    private interface LongParser {
        long parse() throws BadValueException;
    }

    /** Runs a parser and describes its outcome as {@code ok N} or the error message. */
    private static String outcome(LongParser parser) {
        try {
            return "ok " + parser.parse();
        } catch (BadValueException e) {
            return e.getMessage();
        }
    }

    /** parseUnsigned agrees with the regular-expression reference on random inputs. */
    @Property(tries = 3000)
    void unsigned_agrees_with_reference(@ForAll("integerTexts") String value,
            @ForAll("maxima") long max) {
        BigInteger ref = referenceInteger(value);
        String expected;
        if (ref == null || value.contains("-")) {
            expected = NUMBER;
        } else if (ref.compareTo(BigInteger.valueOf(max)) > 0) {
            expected = NUMBER;
        } else {
            expected = "ok " + ref.longValueExact();
        }
        assertThat(outcome(() -> Values.parseUnsigned(value, S, max))).as("'%s' max %d", value,
                max).isEqualTo(expected);
    }

    /** parseSigned agrees with the regular-expression reference on random inputs. */
    @Property(tries = 3000)
    void signed_agrees_with_reference(@ForAll("integerTexts") String value,
            @ForAll("maxima") long bound) {
        long min = -bound - 1;
        BigInteger ref = referenceInteger(value);
        String expected;
        if (ref == null) {
            expected = NUMBER;
        } else if (ref.compareTo(BigInteger.valueOf(bound)) > 0) {
            expected = NUMBER;
        } else if (ref.compareTo(BigInteger.valueOf(min)) < 0) {
            expected = NUMBER;
        } else {
            expected = "ok " + ref.longValueExact();
        }
        assertThat(outcome(() -> Values.parseSigned(value, S, min, bound)))
                .as("'%s' range %d..%d", value, min, bound).isEqualTo(expected);
    }

    /** parseTime agrees with a decimal reference on well-formed times. */
    @Property(tries = 2000)
    void time_agrees_with_reference(@ForAll("timeTexts") String value) {
        int sep = Math.max(value.indexOf('.'), value.indexOf(','));
        String whole = sep < 0 ? value : value.substring(0, sep);
        String fraction = sep < 0 ? "" : value.substring(sep + 1);
        BigInteger seconds = whole.isEmpty() ? BigInteger.ZERO : new BigInteger(whole);
        String expected;
        if (seconds.bitLength() > 63) {
            expected = TOO_LARGE;
        } else {
            String nine = (fraction + "000000000").substring(0, 9);
            expected = Duration.ofSeconds(seconds.longValueExact(), Long.parseLong(nine))
                    .toString();
        }
        String actual;
        try {
            actual = Values.parseTime(value, S).toString();
        } catch (BadValueException e) {
            actual = e.getMessage();
        }
        assertThat(actual).as("'%s'", value).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> integerTexts() {
        Arbitrary<String> junk = Arbitraries.strings()
                .withChars(" \t+-0123456789xXabcdefgABF\u000B.")
                .ofMinLength(0).ofMaxLength(24);
        Arbitrary<String> prefix = Arbitraries.of("", "", " ", "+", "-", "\t-", " +");
        Arbitrary<String> base = Arbitraries.of("", "0", "0x", "0X");
        Arbitrary<String> body = Arbitraries.strings().withChars("0123456789abcdefABCDEF")
                .ofMinLength(1).ofMaxLength(22);
        Arbitrary<String> shaped = Combinators.combine(prefix, base, body)
                .as((p, b, d) -> p + b + d);
        Arbitrary<String> bigDecimal = Arbitraries.bigIntegers()
                .between(TWO_64.negate().multiply(BigInteger.TWO), TWO_64.multiply(BigInteger.TWO))
                .map(BigInteger::toString);
        Arbitrary<String> bigHex = Arbitraries.bigIntegers()
                .between(BigInteger.ZERO, TWO_64.multiply(BigInteger.TWO))
                .map(v -> "0x" + v.toString(16));
        return Arbitraries.oneOf(junk, shaped, bigDecimal, bigHex);
    }

    @Provide
    Arbitrary<Long> maxima() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 7L, 255L, Values.INT_MAX, Long.MAX_VALUE),
                Arbitraries.longs().greaterOrEqual(0));
    }

    @Provide
    Arbitrary<String> timeTexts() {
        Arbitrary<String> whole = Arbitraries.strings().withCharRange('0', '9')
                .ofMinLength(0).ofMaxLength(22);
        Arbitrary<String> fraction = Arbitraries.strings().withCharRange('0', '9')
                .ofMinLength(0).ofMaxLength(14);
        Arbitrary<String> separator = Arbitraries.of("", ".", ",");
        return Combinators.combine(whole, separator, fraction)
                .as((w, s, f) -> s.isEmpty() ? w : w + s + f);
    }
}
