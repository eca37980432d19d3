package io.dinitj.core.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests {@link Substitution} against the tables of the service format reference, sections 7.2
 * (syntax) and 7.3 (word splitting), with the variables A = "a", EMPTY = "", WS = three spaces,
 * P = " p ", SP = "x y", TAB = "\tt\t", and no other variable set.
 */
class SubstitutionTest {

    private static final Map<String, String> VARS = Map.of(
            "A", "a",
            "EMPTY", "",
            "WS", "   ",
            "P", " p ",
            "SP", "x y",
            "TAB", "\tt\t",
            "A_1", "underscore",
            "_U", "leading underscore",
            "\u00c4", "umlaut");

    private static final List<String> ALL_MESSAGES = List.of(Substitution.MISSING_NAME,
            Substitution.UNMATCHED_BRACE, Substitution.BAD_SYNTAX, Substitution.MISSING_ARGUMENT,
            Substitution.ONE_ARGUMENT);

    private static Substitution withArgument(String argument) {
        return new Substitution(VARS::get, argument);
    }

    private static String apply(String value, String argument) throws BadValueException {
        return withArgument(argument).apply(value);
    }

    private static List<String> command(String argument, String... tokens)
            throws BadValueException {
        return withArgument(argument).applyToCommand(Arrays.asList(tokens));
    }

    // Section 7.2, one row per form and per kind of variable (set, set but empty, unset).

    /** Every form of the 7.2 table, with a set, an empty and an unset variable. */
    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "$$                | $",
        "$A                | a",
        "$EMPTY            | ''",
        "$UNSET            | ''",
        "${A}              | a",
        "${EMPTY}          | ''",
        "${UNSET}          | ''",
        "${A:-w}           | a",
        "${EMPTY:-w}       | w",
        "${UNSET:-w}       | w",
        "${A-w}            | a",
        "${EMPTY-w}        | ''",
        "${UNSET-w}        | w",
        "${A:+w}           | w",
        "${EMPTY:+w}       | ''",
        "${UNSET:+w}       | ''",
        "${A+w}            | w",
        "${EMPTY+w}        | w",
        "${UNSET+w}        | ''",
    })
    void syntaxTable_variables(String input, String expected) throws BadValueException {
        assertThat(apply(input, null)).isEqualTo(expected);
        assertThat(apply(input, "eu")).isEqualTo(expected);
    }

    /** The argument forms of the 7.2 table, with the arguments "eu", "" and none. */
    @ParameterizedTest(name = "{0} with argument [{1}] -> [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", emptyValue = "", value = {
        "$1       | eu   | eu",
        "$1       | ''   | ''",
        "${1}     | eu   | eu",
        "${1}     | ''   | ''",
        "${1:-w}  | eu   | eu",
        "${1:-w}  | ''   | w",
        "${1:-w}  | NONE | w",
        "${1-w}   | eu   | eu",
        "${1-w}   | ''   | ''",
        "${1-w}   | NONE | w",
        "${1:+w}  | eu   | w",
        "${1:+w}  | ''   | ''",
        "${1:+w}  | NONE | ''",
        "${1+w}   | eu   | w",
        "${1+w}   | ''   | w",
        "${1+w}   | NONE | ''",
        "$/1      | eu   | eu",
        "$/{1}    | ''   | ''",
        "$/{1:-w} | NONE | w",
        "$01      | eu   | eu",
        "${001}   | eu   | eu",
        "$1a      | eu   | eua",
        "x$1$1    | eu   | xeueu",
    })
    void syntaxTable_argument(String input, String argument, String expected)
            throws BadValueException {
        assertThat(apply(input, argument)).isEqualTo(expected);
    }

    /** Without an argument, $1 and ${1} (plain or split) are errors, not empty. */
    @ParameterizedTest
    @ValueSource(strings = {"$1", "${1}", "$/1", "$/{1}", "x$1y", "$01"})
    void argument_missing_isError(String input) {
        assertThatThrownBy(() -> apply(input, null))
                .isInstanceOf(BadValueException.class)
                .hasMessage("missing value in argument substitution");
    }

    /** The $/ forms give the same as the plain forms in a whole value: nothing is split. */
    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "$/A          | a",
        "$/{A}        | a",
        "$/SP         | x y",
        "$/P          | ' p '",
        "$/WS         | '   '",
        "$/EMPTY      | ''",
        "$/UNSET      | ''",
        "$/{UNSET:-w} | w",
        "$/{A:+x y}   | x y",
        "<$/{SP}>     | <x y>",
    })
    void splitForms_inWholeValue_behaveLikePlainForms(String input, String expected)
            throws BadValueException {
        assertThat(apply(input, null)).isEqualTo(expected);
    }

    /** Text around and between substitutions is kept, and values are inserted verbatim. */
    @Test
    void text_aroundSubstitutions_isKept() throws BadValueException {
        assertThat(apply("/x/$A/y${P}z$$w", null)).isEqualTo("/x/a/y p z$w");
        assertThat(apply("no dollars here", null)).isEqualTo("no dollars here");
        assertThat(apply("", null)).isEmpty();
        assertThat(apply("$$$$", null)).isEqualTo("$$");
        assertThat(apply("$$A", null)).isEqualTo("$A");
        assertThat(apply("$$$A", null)).isEqualTo("$a");
    }

    // Variable names.

    /** Punctuation ends a name: $A-b is A followed by "-b"; likewise . / : { and others. */
    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "$A-b   | a-b",
        "$A.b   | a.b",
        "$A/b   | a/b",
        "$A:b   | a:b",
        "$A{b}  | a{b}",
        "$A}    | a}",
        "$A$$   | a$",
        "$A@x   | a@x",
        "'$A b' | 'a b'",
        "$A_1   | underscore",
        "$A_1x  | ''",
        "$_U    | leading underscore",
        "$\u00c4  | umlaut",
        "$\u00c4x | ''",
    })
    void name_endsAtPunctuationSpaceAndControl(String input, String expected)
            throws BadValueException {
        assertThat(apply(input, null)).isEqualTo(expected);
    }

    /** A control character ends a name. */
    @Test
    void name_endsAtControlCharacter() throws BadValueException {
        assertThat(apply("$A\u0007", null)).isEqualTo("a\u0007");
        assertThat(apply("$A\u007f", null)).isEqualTo("a\u007f");
    }

    /** A name may contain digits after its first character, and is looked up exactly. */
    @Test
    void name_isLookedUpExactly() throws BadValueException {
        List<String> asked = new ArrayList<>();
        Substitution s = new Substitution(name -> {
            asked.add(name);
            return null;
        }, null);
        s.apply("$abc9 ${X_Y1} ${Q:-w} $/R $/{S+w} $$T $ab-c");
        assertThat(asked).containsExactly("abc9", "X_Y1", "Q", "R", "S", "ab");
    }

    /** A numeric name other than 1 is an error, in every form. */
    @ParameterizedTest
    @ValueSource(strings = {"$0", "$2", "$10", "$11", "$00", "${2}", "${12:-x}", "$/2",
        "$/{3}", "${0+x}", "$99999999999999999999999999"})
    void argument_otherNumber_isError(String input) {
        assertThatThrownBy(() -> apply(input, "eu"))
                .isInstanceOf(BadValueException.class)
                .hasMessage("only one service argument may be present");
    }

    // Errors.

    /** A $ not followed by $, /, a brace, a name or a digit; or nothing valid after $/ or ${. */
    @ParameterizedTest
    @ValueSource(strings = {"$", "abc$", "$ ", "$ A", "$-", "$.", "$}", "$:", "$@", "$\"",
        "$\t", "$\u0001", "$/", "$/ ", "$/$", "$/-", "${", "${}", "${-x}", "${:-x}", "${ A}",
        "$/{", "$/{}", "${$A}", "a$A$"})
    void error_missingName(String input) {
        assertThatThrownBy(() -> apply(input, "eu"))
                .isInstanceOf(BadValueException.class)
                .hasMessage("invalid/missing variable name after '$'");
    }

    /** A brace without its closing brace, or a name followed by something unknown. */
    @ParameterizedTest
    @ValueSource(strings = {"${A", "${A:-w", "${A-w", "${A+", "${A:+w", "${A:", "${1",
        "${1:-w", "${A?x}", "${A?}", "${A=x}", "${A x}", "${A.b}", "${A/b}", "${A}${B",
        "$/{A", "${1x}"})
    void error_unmatchedBrace(String input) {
        assertThatThrownBy(() -> apply(input, "eu"))
                .isInstanceOf(BadValueException.class)
                .hasMessage("unmatched '{' in variable substitution");
    }

    /** A colon after the name followed by anything other than - or +. */
    @ParameterizedTest
    @ValueSource(strings = {"${A:x}", "${A:}", "${A:=x}", "${A:?x}", "${A::-x}", "${1:x}",
        "$/{A:x}", "${A: -x}"})
    void error_badSyntax(String input) {
        assertThatThrownBy(() -> apply(input, "eu"))
                .isInstanceOf(BadValueException.class)
                .hasMessage("invalid syntax in variable substitution");
    }

    /** The error message constants hold the wording of the reference. */
    @Test
    void errorMessages_haveTheReferenceWording() {
        assertThat(Substitution.MISSING_NAME).isEqualTo("invalid/missing variable name after '$'");
        assertThat(Substitution.UNMATCHED_BRACE).isEqualTo("unmatched '{' in variable substitution");
        assertThat(Substitution.BAD_SYNTAX).isEqualTo("invalid syntax in variable substitution");
        assertThat(Substitution.MISSING_ARGUMENT)
                .isEqualTo("missing value in argument substitution");
        assertThat(Substitution.ONE_ARGUMENT)
                .isEqualTo("only one service argument may be present");
    }

    // Words.

    /** A word is literal up to the first closing brace: spaces, $ and braces are kept. */
    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "${UNSET:-word with}     | word with",
        "${UNSET:-word with}s    | word withs",
        "${A:+word  with}        | word  with",
        "${UNSET-$A}             | $A",
        "${UNSET-$$}             | $$",
        "${UNSET-${A}            | ${A",
        "${UNSET-a{b}            | a{b",
        "${UNSET-x}}             | x}",
        "${UNSET:-}              | ''",
        "${A:+}                  | ''",
        "${UNSET--}              | -",
        "${UNSET-:-}             | :-",
        "${A-${}                 | a",
    })
    void word_isLiteralUpToFirstClosingBrace(String input, String expected)
            throws BadValueException {
        assertThat(apply(input, null)).isEqualTo(expected);
    }

    /** A backslash reaching substitution is an ordinary character: it does not protect $. */
    @Test
    void backslash_isNotSpecial() throws BadValueException {
        assertThat(apply("\\$A", null)).isEqualTo("\\a");
        assertThat(apply("\\$$A", null)).isEqualTo("\\$A");
        assertThatThrownBy(() -> apply("\\$", null)).isInstanceOf(BadValueException.class)
                .hasMessage(Substitution.MISSING_NAME);
    }

    // usedVariables.

    /** Only a variable counts as use; $$ and the argument do not; unset variables do. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plain text   | false",
        "$$           | false",
        "$1           | false",
        "${1}         | false",
        "${1:-x}      | false",
        "$/1          | false",
        "$$A          | false",
        "$A           | true",
        "$UNSET       | true",
        "${A}         | true",
        "${UNSET:-w}  | true",
        "${EMPTY+w}   | true",
        "$/A          | true",
        "$/{UNSET}    | true",
    })
    void usedVariables_countsVariablesOnly(String input, boolean used) throws BadValueException {
        Substitution s = withArgument("eu");
        assertThat(s.usedVariables()).isFalse();
        s.apply(input);
        assertThat(s.usedVariables()).isEqualTo(used);
        Substitution c = withArgument("eu");
        c.applyToCommand(List.of("x", input));
        assertThat(c.usedVariables()).isEqualTo(used);
    }

    /** Once set, usedVariables stays true over later substitutions. */
    @Test
    void usedVariables_staysTrue() throws BadValueException {
        Substitution s = withArgument(null);
        s.apply("$$");
        assertThat(s.usedVariables()).isFalse();
        s.apply("$A");
        s.apply("plain");
        assertThat(s.usedVariables()).isTrue();
    }

    // Section 7.3, word splitting in commands.

    static Stream<Arguments> splittingTable() {
        return Stream.of(
                Arguments.of(List.of("test", "$/EMPTY", "foo"), List.of("test", "foo")),
                Arguments.of(List.of("test", "$EMPTY", "foo"), List.of("test", "", "foo")),
                Arguments.of(List.of("test", "$/EMPTY$/EMPTY", "foo"), List.of("test", "foo")),
                Arguments.of(List.of("test", "$/EMPTY$EMPTY", "foo"),
                        List.of("test", "", "foo")),
                Arguments.of(List.of("test", "abc$/{EMPTY}def"), List.of("test", "abcdef")),
                Arguments.of(List.of("test", "abc$/{WS}def"), List.of("test", "abc", "def")),
                Arguments.of(List.of("test", "abc$/{P}def"),
                        List.of("test", "abc", "p", "def")));
    }

    /** Every row of the 7.3 table. */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("splittingTable")
    void splittingTable_rows(List<String> tokens, List<String> expected)
            throws BadValueException {
        assertThat(withArgument(null).applyToCommand(tokens)).isEqualTo(expected);
    }

    static Stream<Arguments> splittingMore() {
        return Stream.of(
                // A plain substitution is inserted verbatim, spaces included.
                Arguments.of(List.of("echo", "$SP"), List.of("echo", "x y")),
                Arguments.of(List.of("echo", "$P$WS"), List.of("echo", " p    ")),
                Arguments.of(List.of("echo", "<$SP>"), List.of("echo", "<x y>")),
                // A split substitution splits at runs of whitespace of any kind.
                Arguments.of(List.of("echo", "$/SP"), List.of("echo", "x", "y")),
                Arguments.of(List.of("echo", "<$/SP>"), List.of("echo", "<x", "y>")),
                Arguments.of(List.of("echo", "$/P"), List.of("echo", "p")),
                Arguments.of(List.of("echo", "$/TAB"), List.of("echo", "t")),
                Arguments.of(List.of("echo", "a$/TAB"), List.of("echo", "a", "t")),
                Arguments.of(List.of("echo", "$/{A:+x \t\n y}"), List.of("echo", "x", "y")),
                Arguments.of(List.of("echo", "$/{UNSET:-u v}"), List.of("echo", "u", "v")),
                // Whitespace-only or empty split values alone remove the token.
                Arguments.of(List.of("echo", "$/WS"), List.of("echo")),
                Arguments.of(List.of("echo", "$/UNSET"), List.of("echo")),
                Arguments.of(List.of("echo", "$/{EMPTY}$/WS$/UNSET"), List.of("echo")),
                Arguments.of(List.of("$/EMPTY"), List.of()),
                // A plain substitution keeps an empty token, wherever it is in the token.
                Arguments.of(List.of("echo", "$EMPTY$/WS"), List.of("echo", "")),
                Arguments.of(List.of("echo", "$/WS${UNSET}"), List.of("echo", "")),
                Arguments.of(List.of("echo", "$/WS${1:-}"), List.of("echo", "")),
                // An empty plain value next to a split value leaves just the split words.
                Arguments.of(List.of("echo", "$EMPTY$/P"), List.of("echo", "p")),
                Arguments.of(List.of("echo", "$/P$EMPTY"), List.of("echo", "p")),
                // Split and plain values combine with the text around them.
                Arguments.of(List.of("echo", "$A$/P$A"), List.of("echo", "a", "p", "a")),
                Arguments.of(List.of("echo", "$/SP$/SP"), List.of("echo", "x", "yx", "y")),
                Arguments.of(List.of("echo", "$/{A}$/{A}"), List.of("echo", "aa")),
                // Literal tokens, including an empty one and one with quoted spaces, stay.
                Arguments.of(List.of("echo", "", "a b", " "), List.of("echo", "", "a b", " ")),
                Arguments.of(List.of("echo", "$$"), List.of("echo", "$")),
                Arguments.of(List.of("echo", "x $/SP y"), List.of("echo", "x x", "y y")),
                Arguments.of(List.of(), List.of()));
    }

    /** More cases of splitting, keeping and removing tokens. */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("splittingMore")
    void splitting_moreCases(List<String> tokens, List<String> expected)
            throws BadValueException {
        assertThat(withArgument(null).applyToCommand(tokens)).isEqualTo(expected);
    }

    /** The argument splits with $/1 and is verbatim with $1; an empty one obeys the same rules. */
    @Test
    void splitting_argument() throws BadValueException {
        assertThat(command("a b", "run", "$1")).containsExactly("run", "a b");
        assertThat(command("a b", "run", "$/1")).containsExactly("run", "a", "b");
        assertThat(command("a b", "run", "--x=$/{1}")).containsExactly("run", "--x=a", "b");
        assertThat(command("", "run", "$1")).containsExactly("run", "");
        assertThat(command("", "run", "$/1")).containsExactly("run");
        assertThat(command("eu", "run", "svc@$1")).containsExactly("run", "svc@eu");
        assertThatThrownBy(() -> command(null, "run", "$1"))
                .isInstanceOf(BadValueException.class)
                .hasMessage(Substitution.MISSING_ARGUMENT);
        assertThat(command(null, "run", "${1:-none}")).containsExactly("run", "none");
    }

    /**
     * {@code $$} in a command reaches the program as one {@code $}, as upstream's daemon passes
     * it (seen with strace: {@code sh -c "echo $$ $$$$ x$$"} ran as {@code echo $ $$ x$}).
     */
    @Test
    void command_doubleDollar_isOneDollar() throws BadValueException {
        assertThat(command(null, "/bin/sh", "-c", "echo $$ $$$$ x$$"))
                .containsExactly("/bin/sh", "-c", "echo $ $$ x$");
    }

    /** A malformed form in any token fails the whole command with the same messages. */
    @Test
    void splitting_errors() {
        assertThatThrownBy(() -> command(null, "run", "ok", "${A"))
                .isInstanceOf(BadValueException.class).hasMessage(Substitution.UNMATCHED_BRACE);
        assertThatThrownBy(() -> command(null, "run", "$/"))
                .isInstanceOf(BadValueException.class).hasMessage(Substitution.MISSING_NAME);
        assertThatThrownBy(() -> command(null, "${A:x}"))
                .isInstanceOf(BadValueException.class).hasMessage(Substitution.BAD_SYNTAX);
        assertThatThrownBy(() -> command("eu", "$2"))
                .isInstanceOf(BadValueException.class).hasMessage(Substitution.ONE_ARGUMENT);
    }

    /** The token list given is not changed, and the result can be changed. */
    @Test
    void splitting_leavesInputAlone() throws BadValueException {
        List<String> tokens = new ArrayList<>(List.of("a", "$/SP"));
        List<String> words = withArgument(null).applyToCommand(tokens);
        assertThat(tokens).containsExactly("a", "$/SP");
        words.add("more");
        assertThat(words).containsExactly("a", "x", "y", "more");
    }

    // Properties.

    @Provide
    Arbitrary<String> dollarHeavyText() {
        return Arbitraries.strings()
                .withChars("${}:-+/=?01 2\tA_a.#\\\"E\u00c4")
                .ofMaxLength(24);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(24);
    }

    /** Random text makes apply fail only with a BadValueException with a known message. */
    @Property(tries = 3000)
    void apply_failsOnlyWithBadValue(@ForAll("dollarHeavyText") String text,
            @ForAll("argumentOrNone") String argument) {
        Substitution s = new Substitution(randomEnvironment(), argument);
        try {
            String result = s.apply(text);
            assertThat(result).isNotNull();
        } catch (BadValueException e) {
            assertThat(e.getMessage()).isIn(ALL_MESSAGES);
        }
    }

    /** Fully random text (any chars) makes apply fail only with a BadValueException. */
    @Property(tries = 1000)
    void apply_anyText_failsOnlyWithBadValue(@ForAll("anyText") String text) {
        try {
            withArgument(null).apply(text);
        } catch (BadValueException e) {
            assertThat(e.getMessage()).isIn(ALL_MESSAGES);
        }
    }

    /** Random tokens make applyToCommand fail only with a BadValueException. */
    @Property(tries = 2000)
    void applyToCommand_failsOnlyWithBadValue(
            @ForAll("dollarHeavyText") String first, @ForAll("dollarHeavyText") String second,
            @ForAll("argumentOrNone") String argument) {
        Substitution s = new Substitution(randomEnvironment(), argument);
        try {
            List<String> words = s.applyToCommand(List.of(first, second));
            assertThat(words).doesNotContainNull();
        } catch (BadValueException e) {
            assertThat(e.getMessage()).isIn(ALL_MESSAGES);
        }
    }

    /** Text without $ is unchanged, and text with every $ doubled comes back as it was. */
    @Property(tries = 1000)
    void escapedText_comesBackUnchanged(@ForAll("anyText") String text)
            throws BadValueException {
        String escaped = text.replace("$", "$$");
        Substitution s = withArgument(null);
        assertThat(s.apply(escaped)).isEqualTo(text);
        assertThat(s.usedVariables()).isFalse();
        String noDollar = text.replace("$", "");
        assertThat(s.apply(noDollar)).isSameAs(noDollar);
    }

    /** Without $/ forms, a command has exactly one word per token. */
    @Property(tries = 1000)
    void command_withoutSplitForms_keepsEveryToken(@ForAll("dollarHeavyText") String a,
            @ForAll("dollarHeavyText") String b) {
        List<String> tokens = List.of(a.replace("/", ""), b.replace("/", ""));
        Substitution s = withArgument("eu");
        try {
            List<String> words = s.applyToCommand(tokens);
            assertThat(words).hasSize(2);
            assertThat(words.get(0)).isEqualTo(withArgument("eu").apply(tokens.get(0)));
        } catch (BadValueException e) {
            assertThat(e.getMessage()).isIn(ALL_MESSAGES);
        }
    }

    @Provide
    Arbitrary<String> argumentOrNone() {
        return Arbitraries.strings().withChars("a b\t$").ofMaxLength(4).injectNull(0.3);
    }

    private static Function<String, String> randomEnvironment() {
        Map<String, String> env = new HashMap<>(VARS);
        env.put("E", "$A ${");
        return env::get;
    }
}
