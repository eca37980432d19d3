package io.dinitj.core.load;

import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.ServiceEnvironment.Entry;
import io.dinitj.core.load.EnvFile.Warning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Tests {@link EnvFile} against section 8.2 of the service format reference. */
class EnvFileTest {

    private static final Entry UNSET = new Entry(Entry.Action.UNSET, null);
    private static final Entry IMPORT = new Entry(Entry.Action.IMPORT, null);

    private static Entry set(String value) {
        return new Entry(Entry.Action.SET, value);
    }

    private static Warning invalid(int line) {
        return new Warning(line, Warning.Kind.INVALID_SETTING);
    }

    private static Warning badCommand(int line) {
        return new Warning(line, Warning.Kind.BAD_COMMAND);
    }

    // Line kinds.

    /** An empty file, blank lines and comments do nothing. */
    @Test
    void emptyBlankAndComment_doNothing() {
        for (String text : List.of("", "\n", "\n\n\n", "   \n\t\n", "# comment\n",
                "  # indented comment = x\n", "#!clear\n", "#A=b", " \r\n\u000b\f\n")) {
            EnvFile f = EnvFile.parse(text);
            assertThat(f.clear()).as(text).isFalse();
            assertThat(f.entries()).as(text).isEmpty();
            assertThat(f.warnings()).as(text).isEmpty();
        }
    }

    /** NAME=VALUE sets a variable. */
    @Test
    void setting_setsVariable() {
        EnvFile f = EnvFile.parse("A=1\nB=two words\n");
        assertThat(f.entries())
                .containsExactly(entry("A", set("1")), entry("B", set("two words")));
        assertThat(f.warnings()).isEmpty();
        assertThat(f.clear()).isFalse();
    }

    /** The value is everything after the first =, verbatim, with nothing interpreted. */
    @Test
    void setting_valueIsVerbatim() {
        EnvFile f = EnvFile.parse("A=  lead and trail \t \n"
                + "B=\"quoted\" 'single' \\back\\slash\n"
                + "C=$HOME ${X} $$\n"
                + "D=x # not a comment\n"
                + "E=a=b=c\n"
                + "F=\n"
                + "G==\n"
                + "H=!clear\n");
        assertThat(f.entries()).containsExactly(
                entry("A", set("  lead and trail \t ")),
                entry("B", set("\"quoted\" 'single' \\back\\slash")),
                entry("C", set("$HOME ${X} $$")),
                entry("D", set("x # not a comment")),
                entry("E", set("a=b=c")),
                entry("F", set("")),
                entry("G", set("=")),
                entry("H", set("!clear")));
        assertThat(f.warnings()).isEmpty();
    }

    /** A carriage return before the newline is part of the value, as in Dinit. */
    @Test
    void setting_keepsCarriageReturnInValue() {
        EnvFile f = EnvFile.parse("A=b\r\nB=c\r\n!unset\tC\r\n!clear\r\n");
        assertThat(f.clear()).isTrue();
        assertThat(f.entries()).isEmpty();
        f = EnvFile.parse("A=b\r\n!unset C\r\n");
        assertThat(f.entries()).containsExactly(entry("A", set("b\r")), entry("C", UNSET));
        assertThat(f.warnings()).isEmpty();
    }

    /** Whitespace may come before the name and between the name and the =. */
    @Test
    void setting_whitespaceAroundName() {
        EnvFile f = EnvFile.parse("  A=1\n\tB =2\nC \t = 3\n\u000bD\f=4\n");
        assertThat(f.entries()).containsExactly(entry("A", set("1")), entry("B", set("2")),
                entry("C", set(" 3")), entry("D", set("4")));
        assertThat(f.warnings()).isEmpty();
    }

    /** A name is any run of characters other than whitespace and =, punctuation included. */
    @Test
    void setting_nameTakesAnyNonSpaceCharacters() {
        EnvFile f = EnvFile.parse("a.b-c=1\nX!=2\n1X=3\n\u00c4#=4\n");
        assertThat(f.entries()).containsExactly(entry("a.b-c", set("1")), entry("X!", set("2")),
                entry("1X", set("3")), entry("\u00c4#", set("4")));
    }

    /** The last line need not end with a newline. */
    @Test
    void lastLine_withoutNewline() {
        EnvFile f = EnvFile.parse("A=1\nB=2");
        assertThat(f.entries()).containsExactly(entry("A", set("1")), entry("B", set("2")));
    }

    /** Lines starting with =, and names without =, are invalid settings, skipped. */
    @ParameterizedTest
    @ValueSource(strings = {"=x", "=", "  =x", "A", "A ", "A B=c", "A\tB", "A B", "A\r"})
    void invalidSetting_isSkippedWithWarning(String line) {
        EnvFile f = EnvFile.parse("X=1\n" + line + "\nY=2\n");
        assertThat(f.warnings()).containsExactly(invalid(2));
        assertThat(f.entries()).containsExactly(entry("X", set("1")), entry("Y", set("2")));
    }

    /** A ! line with an unknown or empty command word is skipped with a warning. */
    @ParameterizedTest
    @ValueSource(strings = {"!foo", "!", "! clear", "!CLEAR", "!clearx", "!unset=A",
        "!import,A", "!set A=b", "  !bad"})
    void badCommand_isSkippedWithWarning(String line) {
        EnvFile f = EnvFile.parse("X=1\n" + line + "\nY=2\n");
        assertThat(f.warnings()).containsExactly(badCommand(2));
        assertThat(f.entries()).containsExactly(entry("X", set("1")), entry("Y", set("2")));
        assertThat(f.clear()).isFalse();
    }

    /** Warnings carry the line numbers of the lines they are about, blank lines counted. */
    @Test
    void warnings_haveLineNumbers() {
        EnvFile f = EnvFile.parse("# header\n\nA\n=b\nOK=1\n\n!nope\n  \nB C\n!also bad");
        assertThat(f.warnings()).containsExactly(invalid(3), invalid(4), badCommand(7),
                invalid(9), badCommand(10));
        assertThat(f.entries()).containsExactly(entry("OK", set("1")));
    }

    // Commands.

    /** !clear sets the clear flag and drops everything before it. */
    @Test
    void clear_dropsEarlierEntries() {
        EnvFile f = EnvFile.parse("A=1\n!unset B\n!import C\n!clear\nD=4\n");
        assertThat(f.clear()).isTrue();
        assertThat(f.entries()).containsExactly(entry("D", set("4")));
    }

    /** Words after !clear are ignored; leading whitespace before ! is allowed. */
    @Test
    void clear_ignoresArguments() {
        EnvFile f = EnvFile.parse("A=1\n  !clear A B\n");
        assertThat(f.clear()).isTrue();
        assertThat(f.entries()).isEmpty();
        assertThat(f.warnings()).isEmpty();
    }

    /** !unset and !import take names separated by any run of whitespace. */
    @Test
    void unsetAndImport_takeSeveralNames() {
        EnvFile f = EnvFile.parse("!unset A  B\tC \n!import\tD   E\n!unset\n!import   \n");
        assertThat(f.entries()).containsExactly(entry("A", UNSET), entry("B", UNSET),
                entry("C", UNSET), entry("D", IMPORT), entry("E", IMPORT));
        assertThat(f.warnings()).isEmpty();
        assertThat(f.clear()).isFalse();
    }

    /** A # in a ! line is not a comment: it is part of a name. */
    @Test
    void commandArguments_haveNoComments() {
        EnvFile f = EnvFile.parse("!unset A # B\n");
        assertThat(f.entries()).containsExactly(entry("A", UNSET), entry("#", UNSET),
                entry("B", UNSET));
    }

    /** The last action for a name wins, and the order is that of the last actions. */
    @Test
    void lastActionWins() {
        assertThat(EnvFile.parse("A=1\n!unset A\n").entries()).containsExactly(entry("A", UNSET));
        assertThat(EnvFile.parse("!unset A\nA=1\n").entries())
                .containsExactly(entry("A", set("1")));
        assertThat(EnvFile.parse("A=1\n!import A\n").entries())
                .containsExactly(entry("A", IMPORT));
        assertThat(EnvFile.parse("!import A\nA=1\n").entries())
                .containsExactly(entry("A", set("1")));
        assertThat(EnvFile.parse("!unset A\n!import A\n").entries())
                .containsExactly(entry("A", IMPORT));
        assertThat(EnvFile.parse("A=1\nA=2\n").entries()).containsExactly(entry("A", set("2")));
        assertThat(EnvFile.parse("A=1\nB=2\nA=3\n").entries())
                .containsExactly(entry("B", set("2")), entry("A", set("3")));
    }

    /** !import after !clear brings a name back; !clear after !import forgets it. */
    @Test
    void clearAndImport_order() {
        EnvFile f = EnvFile.parse("!clear\n!import PATH\n");
        assertThat(f.clear()).isTrue();
        assertThat(f.entries()).containsExactly(entry("PATH", IMPORT));
        f = EnvFile.parse("!import PATH\n!clear\n");
        assertThat(f.clear()).isTrue();
        assertThat(f.entries()).isEmpty();
    }

    /** The results cannot be changed. */
    @Test
    void results_areUnmodifiable() {
        EnvFile f = EnvFile.parse("A=1\n!x\n");
        assertThatThrownBy(() -> f.entries().put("B", UNSET))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> f.warnings().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // applyTo.

    private static Map<String, String> parent() {
        Map<String, String> parent = new LinkedHashMap<>();
        parent.put("PATH", "/bin");
        parent.put("HOME", "/root");
        parent.put("LANG", "C");
        return parent;
    }

    /** Without !clear the parent is inherited; set, unset and import change it. */
    @Test
    void applyTo_inheritsAndChanges() {
        Map<String, String> parent = parent();
        Map<String, String> env = EnvFile.parse("HOME=/home/x\n!unset LANG NOPE\nNEW=1\n"
                + "!import PATH MISSING\n").applyTo(parent);
        assertThat(env).containsExactly(entry("PATH", "/bin"), entry("HOME", "/home/x"),
                entry("NEW", "1"));
        assertThat(parent).isEqualTo(parent());
    }

    /** With !clear only what is imported or set afterwards is there. */
    @Test
    void applyTo_clear() {
        Map<String, String> env = EnvFile.parse("X=0\n!clear\n!import PATH MISSING\nA=1\n")
                .applyTo(parent());
        assertThat(env).containsExactly(entry("PATH", "/bin"), entry("A", "1"));
        assertThat(EnvFile.parse("!clear").applyTo(parent())).isEmpty();
    }

    /** Import restores the parent's value over an earlier set, and removes a name it lacks. */
    @Test
    void applyTo_importUndoesEarlierSet() {
        Map<String, String> env = EnvFile.parse("PATH=/x\nQ=1\n!import PATH Q\n")
                .applyTo(parent());
        assertThat(env).containsEntry("PATH", "/bin").doesNotContainKey("Q");
    }

    /** An empty file gives a modifiable copy of the parent. */
    @Test
    void applyTo_emptyFile_copiesParent() {
        Map<String, String> parent = parent();
        Map<String, String> env = EnvFile.parse("").applyTo(parent);
        assertThat(env).isEqualTo(parent).isNotSameAs(parent);
        env.put("MORE", "x");
        assertThat(parent).doesNotContainKey("MORE");
    }

    // toServiceEnvironment.

    /** The service environment carries the clear flag, the entries and the load variables. */
    @Test
    void toServiceEnvironment_carriesEverything() {
        EnvFile f = EnvFile.parse("!clear\n!import PATH\nA=1\n!unset B\n");
        ServiceEnvironment env = f.toServiceEnvironment(Map.of("USER", "u"));
        assertThat(env.clearInherited()).isTrue();
        assertThat(env.entries()).containsExactly(entry("PATH", IMPORT), entry("A", set("1")),
                entry("B", UNSET));
        assertThat(env.loadOptionVariables()).containsExactly(entry("USER", "u"));
        assertThat(env.resolve(parent())).containsOnly(entry("PATH", "/bin"), entry("A", "1"),
                entry("USER", "u"));
    }

    /** File variables beat load-option variables, which beat the inherited environment. */
    @Test
    void toServiceEnvironment_priority() {
        ServiceEnvironment env = EnvFile.parse("USER=file\n")
                .toServiceEnvironment(Map.of("USER", "load", "HOME", "/home/load"));
        assertThat(env.resolve(parent())).containsEntry("USER", "file")
                .containsEntry("HOME", "/home/load").containsEntry("PATH", "/bin");
    }

    // Properties.

    @Provide
    Arbitrary<String> envFileText() {
        Arbitrary<String> name = Arbitraries.of("PATH", "HOME", "A", "B", "#", "=");
        Arbitrary<String> line = Arbitraries.oneOf(
                name.map(n -> n + "=v" + n.length()),
                name.map(n -> " " + n + " = w"),
                name.list().ofMaxSize(3).map(ns -> "!unset " + String.join(" ", ns)),
                name.list().ofMaxSize(3).map(ns -> "!import\t" + String.join("  ", ns)),
                Arbitraries.of("!clear", "", "# c", "!bogus", "NAME", "=x", " \r"));
        return line.list().ofMaxSize(12).map(lines -> String.join("\n", lines));
    }

    /** Without load-option variables, a service environment resolves as applyTo applies. */
    @Property(tries = 1000)
    void applyTo_agreesWithServiceEnvironment(@ForAll("envFileText") String text) {
        EnvFile f = EnvFile.parse(text);
        Map<String, String> parent = Map.of("PATH", "/bin", "A", "a", "#", "hash");
        assertThat(f.applyTo(parent))
                .isEqualTo(f.toServiceEnvironment(Map.of()).resolve(parent));
        assertThat(f.warnings()).allSatisfy(w -> assertThat(w.line()).isPositive());
    }

    /** Parsing any text terminates without an exception. */
    @Property(tries = 1000)
    void parse_anyText_succeeds(@ForAll String text) {
        EnvFile f = EnvFile.parse(text);
        assertThat(f.entries()).isNotNull();
        assertThat(f.warnings()).hasSizeLessThanOrEqualTo(text.split("\n", -1).length);
    }
}
