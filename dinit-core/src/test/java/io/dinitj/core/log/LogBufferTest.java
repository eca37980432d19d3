package io.dinitj.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LogBufferTest {

    private static String text(LogBuffer b) {
        byte[] out = new byte[b.capacity()];
        return new String(Arrays.copyOf(out, b.copyTo(out, 0)), StandardCharsets.US_ASCII);
    }

    /** E44: size 16, 100 bytes of output: the first 16 are kept; no room for the note. */
    @Test
    void e44_keepsFirstBytesAndNotesRestartOnlyIfRoom() {
        LogBuffer b = new LogBuffer(16);
        byte[] out = new byte[100];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ('a' + i % 26);
        }
        assertThat(b.append(out, 0, 100)).isEqualTo(16);
        assertThat(text(b)).isEqualTo("abcdefghijklmnop");
        assertThat(b.dropped()).isEqualTo(84);
        assertThat(b.noteRestart()).isFalse();
        assertThat(text(b)).isEqualTo("abcdefghijklmnop");

        LogBuffer big = new LogBuffer(4096);
        big.append("hello\n".getBytes(StandardCharsets.US_ASCII), 0, 6);
        assertThat(big.noteRestart()).isTrue();
        assertThat(text(big)).isEqualTo("hello\n(dinit: note: service restarted)\n");
        LogBuffer partial = new LogBuffer(4096);
        partial.append("no newline".getBytes(StandardCharsets.US_ASCII), 0, 10);
        partial.noteRestart();
        assertThat(text(partial)).isEqualTo("no newline\n(dinit: note: service restarted)\n");
    }

    /** An empty buffer gets no note; clear empties it. */
    @Test
    void emptyBufferGetsNoNoteAndClearEmpties() {
        LogBuffer b = new LogBuffer(64);
        assertThat(b.noteRestart()).isFalse();
        b.append(new byte[] {'x'}, 0, 1);
        b.clear();
        assertThat(b.length()).isZero();
        assertThat(text(b)).isEmpty();
    }
}
