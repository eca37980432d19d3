package io.dinitj.collections;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntObjectMapTest {

    /** Zero, negative and extreme keys are ordinary keys. */
    @Test
    void anyInt_isAKey() {
        IntObjectMap<String> map = new IntObjectMap<>(4);
        int[] keys = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1};
        for (int k : keys) {
            assertThat(map.put(k, "v" + k)).isNull();
        }
        for (int k : keys) {
            assertThat(map.get(k)).isEqualTo("v" + k);
        }
        assertThat(map.size()).isEqualTo(5);
        assertThat(map.get(2)).isNull();
    }

    /** put replaces and returns the old value; remove returns it and forgets the key. */
    @Test
    void putReplaces_removeForgets() {
        IntObjectMap<String> map = new IntObjectMap<>(4);
        map.put(7, "a");
        assertThat(map.put(7, "b")).isEqualTo("a");
        assertThat(map.size()).isEqualTo(1);
        assertThat(map.remove(7)).isEqualTo("b");
        assertThat(map.remove(7)).isNull();
        assertThat(map.containsKey(7)).isFalse();
        assertThat(map.isEmpty()).isTrue();
    }

    /** Removing from the middle of a probe run keeps the keys after it reachable. */
    @Test
    void remove_inProbeRun_keepsLaterKeys() {
        IntObjectMap<Integer> map = new IntObjectMap<>(8);
        Map<Integer, Integer> model = new HashMap<>();
        // Multiples of a large power of two share low bits, so they collide and wrap.
        for (int i = 0; i < 8; i++) {
            map.put(i << 20, i);
            model.put(i << 20, i);
        }
        for (int i = 0; i < 8; i += 2) {
            assertThat(map.remove(i << 20)).isEqualTo(i);
            model.remove(i << 20);
            for (Map.Entry<Integer, Integer> e : model.entrySet()) {
                assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
            }
        }
        assertThat(map.size()).isEqualTo(model.size());
    }

    /** The map grows past its capacity and keeps every entry. */
    @Test
    void grows_keepingEntries() {
        IntObjectMap<Integer> map = new IntObjectMap<>(0);
        int initial = map.capacity();
        for (int i = 0; i < 1000; i++) {
            map.put(i * 31, i);
        }
        assertThat(map.capacity()).isGreaterThan(initial).isGreaterThanOrEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(map.get(i * 31)).isEqualTo(i);
        }
    }

    /** Iteration by slot visits every entry once. */
    @Test
    void slots_visitEveryEntry() {
        IntObjectMap<String> map = new IntObjectMap<>(16);
        for (int i = -5; i < 5; i++) {
            map.put(i, "v" + i);
        }
        Map<Integer, String> seen = new HashMap<>();
        for (int s = map.nextSlot(0); s >= 0; s = map.nextSlot(s + 1)) {
            assertThat(seen.put(map.keyAt(s), map.valueAt(s))).isNull();
        }
        assertThat(seen).hasSize(10).containsEntry(-5, "v-5").containsEntry(4, "v4");
        map.clear();
        assertThat(map.nextSlot(0)).isEqualTo(-1);
    }

    /** Null values and bad sizes are rejected; reading an empty slot's key is misuse. */
    @Test
    void badInput_isRejected() {
        IntObjectMap<String> map = new IntObjectMap<>(4);
        assertThatThrownBy(() -> map.put(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new IntObjectMap<String>(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.keyAt(0)).isInstanceOf(IllegalStateException.class);
        assertThat(map.isEmpty()).isTrue();
    }
}
