package io.dinitj.collections;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DHeapTest {

    private final DHeap<Item> heap = new DHeap<>(4, 2, i -> i.ha);
    private final Item[] items = Item.named("a", "b", "c", "d", "e");

    /** An empty heap peeks and polls nothing and reports the caller's empty key. */
    @Test
    void empty_hasNothing() {
        assertThat(heap.peek()).isNull();
        assertThat(heap.poll()).isNull();
        assertThat(heap.peekKey(-7)).isEqualTo(-7);
        assertThat(heap.remove(items[0])).isFalse();
        assertThat(heap.isEmpty()).isTrue();
    }

    /** Elements come out smallest key first; equal keys in the order they got them. */
    @Test
    void poll_ordersByKeyThenArrival() {
        heap.insert(items[0], 5);
        heap.insert(items[1], 1);
        heap.insert(items[2], 5);
        heap.insert(items[3], Long.MIN_VALUE);
        heap.insert(items[4], 5);
        assertThat(heap.size()).isEqualTo(5);
        assertThat(heap.poll()).isSameAs(items[3]);
        assertThat(heap.poll()).isSameAs(items[1]);
        assertThat(heap.poll()).isSameAs(items[0]);
        assertThat(heap.poll()).isSameAs(items[2]);
        assertThat(heap.poll()).isSameAs(items[4]);
        assertThat(items[4].ha.index()).isEqualTo(DHeap.NOT_QUEUED);
    }

    /** Inserting past the initial capacity grows the heap. */
    @Test
    void insert_growsPastCapacity() {
        for (int i = 0; i < items.length; i++) {
            heap.insert(items[i], 10 - i);
        }
        assertThat(heap.capacity()).isGreaterThanOrEqualTo(5);
        assertThat(heap.peek()).isSameAs(items[4]);
    }

    /** changeKey moves an element both ways and makes it the newest among equal keys. */
    @Test
    void changeKey_movesUpAndDown() {
        heap.insert(items[0], 10);
        heap.insert(items[1], 20);
        heap.insert(items[2], 30);
        heap.changeKey(items[2], 1);
        assertThat(heap.peek()).isSameAs(items[2]);
        heap.changeKey(items[2], 40);
        assertThat(heap.peek()).isSameAs(items[0]);
        assertThat(heap.keyOf(items[2])).isEqualTo(40);
        heap.changeKey(items[0], 20);
        assertThat(heap.poll()).isSameAs(items[1]);
        assertThat(heap.poll()).isSameAs(items[0]);
    }

    /** Removing from the middle keeps the order of the rest. */
    @Test
    void remove_fromMiddle() {
        for (int i = 0; i < items.length; i++) {
            heap.insert(items[i], i * 10L);
        }
        assertThat(heap.remove(items[2])).isTrue();
        assertThat(heap.remove(items[2])).isFalse();
        assertThat(heap.poll()).isSameAs(items[0]);
        assertThat(heap.poll()).isSameAs(items[1]);
        assertThat(heap.poll()).isSameAs(items[3]);
        assertThat(heap.poll()).isSameAs(items[4]);
    }

    /** One element can be in two heaps through two nodes; clear frees every node. */
    @Test
    void twoHeaps_andClear() {
        DHeap<Item> second = new DHeap<>(2, 4, i -> i.hb);
        heap.insert(items[0], 1);
        second.insert(items[0], 2);
        heap.clear();
        assertThat(heap.isQueued(items[0])).isFalse();
        assertThat(second.isQueued(items[0])).isTrue();
        heap.insert(items[0], 3);
        assertThat(heap.keyOf(items[0])).isEqualTo(3);
    }

    /** Misuse is reported with the operation and element; valid arguments are checked. */
    @Test
    void misuse_isReported() {
        heap.insert(items[0], 1);
        assertThatThrownBy(() -> heap.insert(items[0], 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DHeap.insert: element a is already on this collection; remove it first");
        assertThatThrownBy(() -> new DHeap<Item>(4, 4, i -> i.ha).insert(items[0], 1))
                .hasMessageContaining("another collection");
        assertThatThrownBy(() -> heap.changeKey(items[1], 1))
                .hasMessage("DHeap.changeKey: element b is not on this collection");
        assertThatThrownBy(() -> heap.keyOf(items[1])).hasMessageContaining("DHeap.keyOf");
        assertThatThrownBy(() -> new DHeap<Item>(3, 4, i -> i.ha))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> new DHeap<Item>(4, 0, i -> i.ha))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(heap.size()).isEqualTo(1);
    }
}
