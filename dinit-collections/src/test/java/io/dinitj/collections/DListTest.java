package io.dinitj.collections;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DListTest {

    private final DList<Item> list = new DList<>(i -> i.a);
    private final DList<Item> other = new DList<>(i -> i.b);
    private final Item[] items = Item.named("x", "y", "z");
    private final Item x = items[0];
    private final Item y = items[1];
    private final Item z = items[2];

    /** Walks the list both ways, checking links, ends and size agree. */
    static <E> List<E> assertValid(DList<E> list) {
        List<E> forward = new ArrayList<>();
        for (E e = list.first(); e != null; e = list.next(e)) {
            assertThat(forward.size()).as("loop in list").isLessThanOrEqualTo(list.size());
            forward.add(e);
        }
        List<E> backward = new ArrayList<>();
        for (E e = list.last(); e != null; e = list.prev(e)) {
            assertThat(backward.size()).as("loop in list").isLessThanOrEqualTo(list.size());
            backward.add(0, e);
        }
        assertThat(backward).isEqualTo(forward);
        assertThat(forward).hasSize(list.size());
        assertThat(list.isEmpty()).isEqualTo(forward.isEmpty());
        forward.forEach(e -> assertThat(list.isQueued(e)).isTrue());
        return forward;
    }

    /** An empty list has no ends, pops nothing and removes nothing. */
    @Test
    void empty_hasNothing() {
        assertThat(list.first()).isNull();
        assertThat(list.last()).isNull();
        assertThat(list.popFront()).isNull();
        assertThat(list.popBack()).isNull();
        assertThat(list.remove(x)).isFalse();
        assertThat(list.isQueued(x)).isFalse();
        assertThat(assertValid(list)).isEmpty();
    }

    /** append, prepend and insertAfter put elements where they say. */
    @Test
    void insert_ordersElements() {
        list.append(y);
        list.prepend(x);
        list.insertAfter(y, z);
        assertThat(assertValid(list)).containsExactly(x, y, z);
        list.remove(z);
        list.insertAfter(x, z);
        assertThat(assertValid(list)).containsExactly(x, z, y);
    }

    /** Removing the only, first, middle and last element keeps the links whole. */
    @Test
    void remove_fromEveryPosition() {
        list.append(x);
        assertThat(list.remove(x)).isTrue();
        assertThat(assertValid(list)).isEmpty();
        for (Item i : items) {
            list.append(i);
        }
        list.remove(y);
        assertThat(assertValid(list)).containsExactly(x, z);
        list.remove(x);
        assertThat(assertValid(list)).containsExactly(z);
        list.append(x);
        list.remove(x);
        assertThat(assertValid(list)).containsExactly(z);
        assertThat(x.a.isLinked()).isFalse();
    }

    /** popFront is FIFO with append, popBack LIFO; both unlink the node. */
    @Test
    void pop_unlinks() {
        for (Item i : items) {
            list.append(i);
        }
        assertThat(list.popFront()).isSameAs(x);
        assertThat(list.popBack()).isSameAs(z);
        assertThat(list.isQueued(x)).isFalse();
        assertThat(list.isQueued(z)).isFalse();
        assertThat(assertValid(list)).containsExactly(y);
    }

    /** One element sits on two lists at once through two nodes, independently. */
    @Test
    void twoNodes_twoLists() {
        list.append(x);
        list.append(y);
        other.append(y);
        other.append(x);
        assertThat(assertValid(list)).containsExactly(x, y);
        assertThat(assertValid(other)).containsExactly(y, x);
        list.remove(x);
        assertThat(list.isQueued(x)).isFalse();
        assertThat(other.isQueued(x)).isTrue();
    }

    /** clear unlinks every node, so the elements can be added again. */
    @Test
    void clear_unlinksAll() {
        for (Item i : items) {
            list.append(i);
        }
        list.clear();
        assertThat(assertValid(list)).isEmpty();
        for (Item i : items) {
            assertThat(i.a.isLinked()).isFalse();
        }
        list.append(y);
        assertThat(assertValid(list)).containsExactly(y);
    }

    /** Appending an element already on the list is reported, naming operation and element. */
    @Test
    void append_twice_isMisuse() {
        list.append(x);
        assertThatThrownBy(() -> list.append(x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DList.append: element x is already on this collection; remove it first");
        assertThatThrownBy(() -> list.prepend(x)).hasMessageContaining("DList.prepend: element x");
        assertThatThrownBy(() -> list.insertAfter(x, x)).hasMessageContaining("already on");
        assertThat(assertValid(list)).containsExactly(x);
    }

    /** Two lists sharing one node is reported when the second tries to take the element. */
    @Test
    void sharedNode_isMisuse() {
        DList<Item> sameNode = new DList<>(i -> i.a);
        list.append(x);
        assertThatThrownBy(() -> sameNode.append(x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DList.append: element x is on another collection");
        assertThatThrownBy(() -> sameNode.remove(x)).hasMessageContaining("another collection");
        assertThat(assertValid(list)).containsExactly(x);
    }

    /** Navigating from or inserting after an element not on the list is reported. */
    @Test
    void notQueued_isMisuse() {
        assertThatThrownBy(() -> list.next(x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DList.next: element x is not on this collection");
        assertThatThrownBy(() -> list.prev(x)).hasMessageContaining("DList.prev");
        assertThatThrownBy(() -> list.insertAfter(x, y)).hasMessageContaining("DList.insertAfter");
        assertThat(list.isQueued(y)).isFalse();
    }

    /** An extractor that hands out another element's node is caught before it corrupts lists. */
    @Test
    void foreignNode_isMisuse() {
        DList<Item> broken = new DList<>(i -> x.a);
        assertThatThrownBy(() -> broken.append(y))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned a node owned by another element than y");
    }

    /** Null elements and a null extractor are rejected with a clear message. */
    @Test
    void nulls_areRejected() {
        assertThatThrownBy(() -> list.append(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("DList.append: element must not be null");
        assertThatThrownBy(() -> new DList<Item>(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DList.Node<Item>(null)).isInstanceOf(NullPointerException.class);
    }

    /** An element whose toString throws is still reported, by class and identity. */
    @Test
    void brokenToString_stillReported() {
        final class Bad {
            final DList.Node<Bad> node = new DList.Node<>(this);

            @Override
            public String toString() {
                throw new IllegalStateException("boom");
            }
        }
        DList<Bad> bads = new DList<>(b -> b.node);
        Bad bad = new Bad();
        bads.append(bad);
        assertThatThrownBy(() -> bads.append(bad)).hasMessageContaining("Bad@");
    }
}
