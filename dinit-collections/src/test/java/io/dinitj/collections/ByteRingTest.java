package io.dinitj.collections;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteRingTest {

    private final ByteRing ring = new ByteRing(8);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private String drain() {
        byte[] out = new byte[ring.size()];
        ring.read(out, 0, out.length);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** write stores what fits, drops the rest, and counts it. */
    @Test
    void write_dropsOverflow() {
        assertThat(ring.write(bytes("abcdefghij"), 0, 10)).isEqualTo(8);
        assertThat(ring.isFull()).isTrue();
        assertThat(ring.dropped()).isEqualTo(2);
        assertThat(drain()).isEqualTo("abcdefgh");
        assertThat(ring.takeDropped()).isEqualTo(2);
        assertThat(ring.dropped()).isZero();
    }

    /** offer stores all or nothing and counts a refusal as dropped. */
    @Test
    void offer_isAllOrNothing() {
        assertThat(ring.offer(bytes("abcde"), 0, 5)).isTrue();
        assertThat(ring.offer(bytes("wxyz"), 0, 4)).isFalse();
        assertThat(ring.dropped()).isEqualTo(4);
        assertThat(ring.offer(bytes("xyz"), 0, 3)).isTrue();
        assertThat(ring.offer((byte) '!')).isFalse();
        assertThat(ring.dropped()).isEqualTo(5);
        assertThat(drain()).isEqualTo("abcdexyz");
    }

    /** Data that wraps around the end of the array reads back in order. */
    @Test
    void wrapAround_keepsOrder() {
        ring.write(bytes("abcdef"), 0, 6);
        ring.skip(5);
        ring.write(bytes("ghijklm"), 0, 7);
        assertThat(ring.size()).isEqualTo(8);
        assertThat(ring.get(0)).isEqualTo((byte) 'f');
        assertThat(ring.get(7)).isEqualTo((byte) 'm');
        assertThat(ring.indexOf((byte) 'l')).isEqualTo(6);
        assertThat(ring.indexOf((byte) 'a')).isEqualTo(-1);
        byte[] peeked = new byte[3];
        assertThat(ring.peek(peeked, 0, 3)).isEqualTo(3);
        assertThat(new String(peeked, StandardCharsets.US_ASCII)).isEqualTo("fgh");
        assertThat(drain()).isEqualTo("fghijklm");
    }

    /** ByteBuffer transfers move what fits and leave the rest in the buffer, not dropped. */
    @Test
    void byteBuffers_leaveTheRest() {
        ByteBuffer in = ByteBuffer.allocateDirect(12);
        in.put(bytes("0123456789AB")).flip();
        ring.write(bytes("xx"), 0, 2);
        ring.skip(2);
        assertThat(ring.write(in)).isEqualTo(8);
        assertThat(in.remaining()).isEqualTo(4);
        assertThat(ring.dropped()).isZero();
        ByteBuffer out = ByteBuffer.allocate(5);
        assertThat(ring.read(out)).isEqualTo(5);
        assertThat(new String(out.array(), StandardCharsets.US_ASCII)).isEqualTo("01234");
        assertThat(drain()).isEqualTo("567");
    }

    /** Out-of-range arguments throw; nothing changes. */
    @Test
    void badArguments_throw() {
        ring.write(bytes("ab"), 0, 2);
        assertThatThrownBy(() -> ring.write(bytes("abc"), 2, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ring.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ring.skip(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ByteRing(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(drain()).isEqualTo("ab");
    }

    /** clear empties the ring but keeps the dropped count. */
    @Test
    void clear_keepsDropped() {
        ring.write(bytes("abcdefghij"), 0, 10);
        ring.clear();
        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.free()).isEqualTo(8);
        assertThat(ring.dropped()).isEqualTo(2);
    }
}
