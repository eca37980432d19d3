package io.dinitj.collections;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SListTest {

    private final SList<Item> list = new SList<>(i -> i.sa);
    private final Item[] items = Item.named("x", "y", "z");
    private final Item x = items[0];
    private final Item y = items[1];
    private final Item z = items[2];

    static <E> List<E> assertValid(SList<E> list) {
        List<E> out = new ArrayList<>();
        E last = null;
        for (E e = list.first(); e != null; e = list.next(e)) {
            assertThat(out.size()).as("loop in list").isLessThanOrEqualTo(list.size());
            out.add(e);
            last = e;
        }
        assertThat(out).hasSize(list.size());
        assertThat(list.last()).isSameAs(last);
        assertThat(list.isEmpty()).isEqualTo(out.isEmpty());
        return out;
    }

    /** As a queue, append and popFront are first in, first out. */
    @Test
    void queue_isFifo() {
        list.append(x);
        list.append(y);
        list.append(z);
        assertThat(list.popFront()).isSameAs(x);
        assertThat(list.popFront()).isSameAs(y);
        assertThat(list.popFront()).isSameAs(z);
        assertThat(list.popFront()).isNull();
        assertThat(assertValid(list)).isEmpty();
    }

    /** As a stack, prepend and popFront are last in, first out. */
    @Test
    void stack_isLifo() {
        list.prepend(x);
        list.prepend(y);
        assertThat(list.popFront()).isSameAs(y);
        assertThat(assertValid(list)).containsExactly(x);
    }

    /** insertAfter the last element moves the tail; remove works at every position. */
    @Test
    void insertAfter_andRemove_keepTail() {
        list.append(x);
        list.insertAfter(x, z);
        list.insertAfter(x, y);
        assertThat(assertValid(list)).containsExactly(x, y, z);
        assertThat(list.remove(z)).isTrue();
        assertThat(assertValid(list)).containsExactly(x, y);
        list.append(z);
        assertThat(list.remove(y)).isTrue();
        assertThat(list.remove(x)).isTrue();
        assertThat(list.remove(x)).isFalse();
        assertThat(assertValid(list)).containsExactly(z);
    }

    /** The last element is queued even though its link is null. */
    @Test
    void last_isQueued() {
        list.append(x);
        assertThat(list.isQueued(x)).isTrue();
        assertThat(list.isQueued(y)).isFalse();
    }

    /** Adding an element twice, or via a shared node, is reported; the list is unchanged. */
    @Test
    void misuse_isReported() {
        list.append(x);
        assertThatThrownBy(() -> list.append(x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SList.append: element x is already on this collection; remove it first");
        SList<Item> sameNode = new SList<>(i -> i.sa);
        assertThatThrownBy(() -> sameNode.prepend(x)).hasMessageContaining("another collection");
        assertThatThrownBy(() -> list.next(y)).hasMessage("SList.next: element y is not on this collection");
        assertThatThrownBy(() -> list.append(null)).isInstanceOf(NullPointerException.class);
        assertThat(assertValid(list)).containsExactly(x);
    }

    /** clear unlinks every node. */
    @Test
    void clear_unlinksAll() {
        list.append(x);
        list.append(y);
        list.clear();
        assertThat(x.sa.isLinked()).isFalse();
        assertThat(y.sa.isLinked()).isFalse();
        assertThat(assertValid(list)).isEmpty();
    }
}
