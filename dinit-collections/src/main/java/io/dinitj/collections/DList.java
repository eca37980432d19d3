package io.dinitj.collections;

import java.util.Objects;
import java.util.function.Function;

/**
 * An intrusive doubly linked list: the links live in a {@link Node} inside each element, and the
 * list finds an element's node through the <em>node extractor</em> it was built with. An element
 * that holds several nodes can sit on several lists at once, one per node:
 *
 * <pre>{@code
 * final class Service {
 *     final DList.Node<Service> startQueueNode = new DList.Node<>(this);
 *     final DList.Node<Service> stopQueueNode = new DList.Node<>(this);
 * }
 * DList<Service> startQueue = new DList<>(s -> s.startQueueNode);
 * }</pre>
 *
 * <p><b>Cost.</b> Every operation except {@link #clear()} is O(1) and allocates nothing, so
 * putting an element on a list cannot fail for want of memory. Iteration needs no
 * {@code Iterator}: {@code for (E e = list.first(); e != null; e = list.next(e))}.
 *
 * <p><b>Layout.</b> Nodes link to nodes, and each node knows its owning element, so an operation
 * calls the extractor once for the element it is given and then walks nodes directly. There is no
 * sentinel: {@code first} and {@code last} are both null when the list is empty, and otherwise
 * {@code first.prev == null} and {@code last.next == null}. A node that is on no list has null
 * links and a null list; {@link #isQueued(Object)} reads exactly that.
 *
 * <p><b>Misuse</b> is detected and reported with an {@link IllegalStateException} that names the
 * operation and the element: adding an element that is already on this list, adding one whose
 * node is on another list, asking for the neighbour of an element not on this list, or an
 * extractor that returns another element's node. Valid use never throws.
 *
 * <p><b>Nullness.</b> Elements are never null; {@code first}, {@code last}, {@code next},
 * {@code prev} and {@code popFront} return null for "none".
 *
 * <p><b>Threads.</b> Not thread safe: one thread at a time, with external synchronisation if the
 * list is handed between threads.
 *
 * @param <E> the element type
 */
@HotPath
public final class DList<E> {

    /**
     * The links an element carries for one list. Create one per list an element may be on, in
     * the element's constructor, and return it from that list's node extractor.
     *
     * @param <E> the element type
     */
    public static final class Node<E> {
        final E owner;
        Node<E> prev;
        Node<E> next;
        DList<E> list;

        /**
         * Creates an unlinked node for {@code owner}. O(1).
         *
         * @param owner the element this node belongs to, not null
         * @throws NullPointerException if {@code owner} is null
         */
        public Node(E owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
        }

        /**
         * Returns the element this node belongs to. O(1).
         *
         * @return the owner, never null
         */
        public E owner() {
            return owner;
        }

        /**
         * Tells whether this node is on some list. O(1).
         *
         * @return true if the node is linked into a list
         */
        public boolean isLinked() {
            return list != null;
        }
    }

    private final Function<? super E, Node<E>> nodeOf;
    private Node<E> first;
    private Node<E> last;
    private int size;

    /**
     * Creates an empty list. O(1).
     *
     * @param nodeOf returns the element's node for this list; it must return the same node for an
     *     element every time, must not return null, and must never throw
     * @throws NullPointerException if {@code nodeOf} is null
     */
    public DList(Function<? super E, Node<E>> nodeOf) {
        this.nodeOf = Objects.requireNonNull(nodeOf, "nodeOf");
    }

    /**
     * Adds {@code e} at the end. O(1), no allocation.
     *
     * @param e the element, not null and not on this list
     * @throws IllegalStateException if {@code e} is already on this list or its node is on another
     * @throws NullPointerException if {@code e} is null
     */
    public void append(E e) {
        Node<E> n = unlinkedNode("DList.append", e);
        Node<E> l = last;
        n.prev = l;
        n.list = this;
        if (l == null) {
            first = n;
        } else {
            l.next = n;
        }
        last = n;
        size++;
    }

    /**
     * Adds {@code e} at the front. O(1), no allocation.
     *
     * @param e the element, not null and not on this list
     * @throws IllegalStateException if {@code e} is already on this list or its node is on another
     * @throws NullPointerException if {@code e} is null
     */
    public void prepend(E e) {
        Node<E> n = unlinkedNode("DList.prepend", e);
        Node<E> f = first;
        n.next = f;
        n.list = this;
        if (f == null) {
            last = n;
        } else {
            f.prev = n;
        }
        first = n;
        size++;
    }

    /**
     * Adds {@code e} directly after {@code anchor}. O(1), no allocation.
     *
     * @param anchor an element on this list
     * @param e the element to add, not null and not on this list
     * @throws IllegalStateException if {@code anchor} is not on this list, or {@code e} is already
     *     on it or its node is on another list
     * @throws NullPointerException if either argument is null
     */
    public void insertAfter(E anchor, E e) {
        Node<E> a = queuedNode("DList.insertAfter", anchor);
        Node<E> n = unlinkedNode("DList.insertAfter", e);
        Node<E> after = a.next;
        n.prev = a;
        n.next = after;
        n.list = this;
        a.next = n;
        if (after == null) {
            last = n;
        } else {
            after.prev = n;
        }
        size++;
    }

    /**
     * Removes {@code e} if it is on this list. O(1), no allocation.
     *
     * @param e the element, not null
     * @return true if {@code e} was on this list and is now removed, false if it was not on it
     * @throws IllegalStateException if {@code e}'s node is on another list
     * @throws NullPointerException if {@code e} is null
     */
    public boolean remove(E e) {
        Node<E> n = nodeOf(e, "DList.remove");
        DList<E> on = n.list;
        if (on != this) {
            if (on != null) {
                throw Misuse.onAnotherCollection("DList.remove", e);
            }
            return false;
        }
        unlink(n);
        return true;
    }

    /**
     * Removes and returns the first element. O(1), no allocation.
     *
     * @return the element that was first, or null if the list is empty
     */
    public E popFront() {
        Node<E> f = first;
        if (f == null) {
            return null;
        }
        unlink(f);
        return f.owner;
    }

    /**
     * Removes and returns the last element. O(1), no allocation.
     *
     * @return the element that was last, or null if the list is empty
     */
    public E popBack() {
        Node<E> l = last;
        if (l == null) {
            return null;
        }
        unlink(l);
        return l.owner;
    }

    /**
     * Tells whether {@code e} is on this list. O(1), no allocation.
     *
     * @param e the element, not null
     * @return true if {@code e} is on this list (not merely on another one)
     * @throws NullPointerException if {@code e} is null
     */
    public boolean isQueued(E e) {
        return nodeOf(e, "DList.isQueued").list == this;
    }

    /**
     * Returns the first element. O(1).
     *
     * @return the first element, or null if the list is empty
     */
    public E first() {
        Node<E> f = first;
        return f == null ? null : f.owner;
    }

    /**
     * Returns the last element. O(1).
     *
     * @return the last element, or null if the list is empty
     */
    public E last() {
        Node<E> l = last;
        return l == null ? null : l.owner;
    }

    /**
     * Returns the element after {@code e}. O(1). Removing {@code e} while iterating is allowed
     * only after its successor has been read.
     *
     * @param e an element on this list
     * @return the next element, or null if {@code e} is the last
     * @throws IllegalStateException if {@code e} is not on this list
     * @throws NullPointerException if {@code e} is null
     */
    public E next(E e) {
        Node<E> n = queuedNode("DList.next", e).next;
        return n == null ? null : n.owner;
    }

    /**
     * Returns the element before {@code e}. O(1).
     *
     * @param e an element on this list
     * @return the previous element, or null if {@code e} is the first
     * @throws IllegalStateException if {@code e} is not on this list
     * @throws NullPointerException if {@code e} is null
     */
    public E prev(E e) {
        Node<E> p = queuedNode("DList.prev", e).prev;
        return p == null ? null : p.owner;
    }

    /**
     * Tells whether the list is empty. O(1).
     *
     * @return true if the list holds no element
     */
    public boolean isEmpty() {
        return first == null;
    }

    /**
     * Returns the number of elements. O(1): the count is kept, not walked.
     *
     * @return the number of elements on the list
     */
    public int size() {
        return size;
    }

    /**
     * Removes every element, leaving each node unlinked. O(n), no allocation.
     */
    public void clear() {
        Node<E> n = first;
        while (n != null) {
            Node<E> next = n.next;
            n.prev = null;
            n.next = null;
            n.list = null;
            n = next;
        }
        first = null;
        last = null;
        size = 0;
    }

    private void unlink(Node<E> n) {
        Node<E> p = n.prev;
        Node<E> x = n.next;
        if (p == null) {
            first = x;
        } else {
            p.next = x;
        }
        if (x == null) {
            last = p;
        } else {
            x.prev = p;
        }
        n.prev = null;
        n.next = null;
        n.list = null;
        size--;
    }

    private Node<E> nodeOf(E e, String operation) {
        if (e == null) {
            throw Misuse.nullElement(operation);
        }
        return nodeOf.apply(e);
    }

    /** The node of an element about to be added: it must be free and belong to the element. */
    private Node<E> unlinkedNode(String operation, E e) {
        Node<E> n = nodeOf(e, operation);
        if (n.owner != e) {
            throw Misuse.foreignNode(operation, e);
        }
        DList<E> on = n.list;
        if (on != null) {
            throw on == this ? Misuse.alreadyQueued(operation, e)
                    : Misuse.onAnotherCollection(operation, e);
        }
        return n;
    }

    /** The node of an element that must be on this list. */
    private Node<E> queuedNode(String operation, E e) {
        Node<E> n = nodeOf(e, operation);
        if (n.list != this) {
            throw Misuse.notQueued(operation, e);
        }
        return n;
    }
}
