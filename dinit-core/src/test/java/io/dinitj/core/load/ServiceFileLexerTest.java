package io.dinitj.core.load;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceFileLexerTest {

    private static LexedLine only(String text) {
        List<LexedLine> lines = ServiceFileLexer.lex(text);
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    private static String error(String text) {
        LexedLine l = only(text);
        assertThat(l.kind()).isEqualTo(LexedLine.Kind.ERROR);
        return l.error();
    }

    /** Blank lines and comment lines produce nothing; line numbers count them. */
    @Test
    void blanksAndComments_areSkipped() {
        List<LexedLine> lines = ServiceFileLexer.lex("\n  # comment\n\t\ntype = process\n");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).line()).isEqualTo(4);
        assertThat(lines.get(0).name()).isEqualTo("type");
        assertThat(lines.get(0).tokens()).containsExactly("process");
    }

    /** '=' and ':' are the same operator, with or without surrounding whitespace. */
    @Test
    void equalsAndColon_areTheSame() {
        assertThat(only("depends-on: a").tokens()).containsExactly("a");
        assertThat(only("depends-on=a").tokens()).containsExactly("a");
        assertThat(only("  depends-on  :   a  ").tokens()).containsExactly("a");
        assertThat(only("command += x").append()).isTrue();
    }

    /** E40: a '#' after whitespace starts a comment; one not separated is an error. */
    @Test
    void hashmark_mustBeSeparated() {
        assertThat(only("type = process # c").tokens()).containsExactly("process");
        assertThat(error("type=process#c")).isEqualTo(ServiceFileLexer.HASH_NOT_SEPARATED);
        assertThat(error("type = #c")).isEqualTo(ServiceFileLexer.HASH_NOT_SEPARATED);
        assertThat(only("command = a \\#b \"#c\"").tokens()).containsExactly("a", "#b", "#c");
    }

    /** E40: an empty quoted string is an empty argument. */
    @Test
    void emptyQuotes_areAnEmptyToken() {
        assertThat(only("command = a \"\" b").tokens()).containsExactly("a", "", "b");
    }

    /** Quotes keep whitespace and join with adjacent text; backslash escapes anything. */
    @Test
    void quotesAndEscapes() {
        assertThat(only("command = a\"b c\"d").tokens()).containsExactly("ab cd");
        assertThat(only("command = a\\ b \\\\ \\\"").tokens()).containsExactly("a b", "\\", "\"");
        assertThat(only("pid-file = /a   b").value()).isEqualTo("/a b");
        assertThat(error("command = \"abc")).isEqualTo(ServiceFileLexer.UNTERMINATED_QUOTE);
    }

    /** An odd number of trailing backslashes continues onto an indented line. */
    @Test
    void continuation_joinsIndentedLines() {
        LexedLine l = only("command = /usr/bin/foo --a \\\n    # explain --b\\\n    --b\n");
        assertThat(l.tokens()).containsExactly("/usr/bin/foo", "--a", "--b");
        assertThat(l.line()).isEqualTo(1);
        assertThat(only("command = a\\\\\n").tokens()).containsExactly("a\\");
    }

    /** E40: a continuation line must begin with whitespace; EOF after a backslash is an error. */
    @Test
    void continuation_errors() {
        List<LexedLine> lines = ServiceFileLexer.lex("command = a \\\nb\ntype = process\n");
        assertThat(lines.get(0).error()).isEqualTo(ServiceFileLexer.BAD_CONTINUATION);
        assertThat(lines.get(1).name()).isEqualTo("type");
        assertThat(error("command = a \\")).isEqualTo(ServiceFileLexer.EOF_AFTER_BACKSLASH);
    }

    /** A comment line ending in a backslash swallows the next (indented) line. */
    @Test
    void commentContinuation_swallowsNextLine() {
        assertThat(ServiceFileLexer.lex("# note \\\n  type = process\n")).isEmpty();
    }

    /** Missing operator, bad names and bare '@' are rejected; every problem is reported. */
    @Test
    void badLines_areEachReported() {
        List<LexedLine> lines = ServiceFileLexer.lex("type process\n-x = 1\n@ include a\n"
                + "9a = 1\ntype = \"a\n");
        assertThat(lines).extracting(LexedLine::error).containsExactly(
                ServiceFileLexer.BADLY_FORMED, ServiceFileLexer.BADLY_FORMED, "bad meta command",
                ServiceFileLexer.BADLY_FORMED, ServiceFileLexer.UNTERMINATED_QUOTE);
        assertThat(lines).extracting(LexedLine::line).containsExactly(1, 2, 3, 4, 5);
    }

    /** A meta-command keeps its name and lexed arguments. */
    @Test
    void metaCommand_isLexed() {
        LexedLine l = only("  @include   \"/a b\"  ");
        assertThat(l.kind()).isEqualTo(LexedLine.Kind.META);
        assertThat(l.name()).isEqualTo("include");
        assertThat(l.tokens()).containsExactly("/a b");
    }

    /** Non-ASCII characters may appear in setting names and values; CRLF ends are tolerated. */
    @Test
    void nonAscii_andCrlf() {
        assertThat(only("wörd = välue\r\n").tokens()).containsExactly("välue");
    }
}
