package io.dinitj.collections;

import java.util.Objects;
import java.util.function.Function;

/**
 * An intrusive singly linked list, used as a stack ({@link #prepend}/{@link #popFront}) or a FIFO
 * queue ({@link #append}/{@link #popFront}). Like {@link DList}, the link lives in a {@link Node}
 * inside each element and is found through the node extractor given at construction, so one
 * element can be on several lists at once, one per node; a node has one link fewer than a
 * {@code DList} node.
 *
 * <p><b>Cost.</b> {@code append}, {@code prepend}, {@code insertAfter}, {@code popFront},
 * {@code isQueued}, {@code first}, {@code next} and {@code size} are O(1).
 * <b>Beware:</b> {@link #remove(Object)} is O(n), because a singly linked element does not know
 * its predecessor; use a {@link DList} where arbitrary removal is frequent. Nothing allocates.
 *
 * <p><b>Layout.</b> No sentinel: {@code first} and {@code last} are null when empty, and
 * {@code last.next} is null otherwise. A node on no list has a null link and a null list, which
 * is what {@link #isQueued(Object)} reads; the list reference also tells "last on this list" apart
 * from "on no list".
 *
 * <p><b>Misuse</b> (adding an element already on this list, or whose node is on another list;
 * asking for the successor of an element not on this list; an extractor that returns another
 * element's node) throws {@link IllegalStateException} naming the operation and the element.
 * Valid use never throws.
 *
 * <p><b>Nullness.</b> Elements are never null; {@code first}, {@code next} and {@code popFront}
 * return null for "none".
 *
 * <p><b>Threads.</b> Not thread safe: one thread at a time.
 *
 * @param <E> the element type
 */
@HotPath
public final class SList<E> {

    /**
     * The link an element carries for one singly linked list.
     *
     * @param <E> the element type
     */
    public static final class Node<E> {
        final E owner;
        Node<E> next;
        SList<E> list;

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
    public SList(Function<? super E, Node<E>> nodeOf) {
        this.nodeOf = Objects.requireNonNull(nodeOf, "nodeOf");
    }

    /**
     * Adds {@code e} at the end (enqueue). O(1), no allocation.
     *
     * @param e the element, not null and not on this list
     * @throws IllegalStateException if {@code e} is already on this list or its node is on another
     * @throws NullPointerException if {@code e} is null
     */
    public void append(E e) {
        Node<E> n = unlinkedNode("SList.append", e);
        n.list = this;
        Node<E> l = last;
        if (l == null) {
            first = n;
        } else {
            l.next = n;
        }
        last = n;
        size++;
    }

    /**
     * Adds {@code e} at the front (push). O(1), no allocation.
     *
     * @param e the element, not null and not on this list
     * @throws IllegalStateException if {@code e} is already on this list or its node is on another
     * @throws NullPointerException if {@code e} is null
     */
    public void prepend(E e) {
        Node<E> n = unlinkedNode("SList.prepend", e);
        n.list = this;
        n.next = first;
        if (first == null) {
            last = n;
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
        Node<E> a = queuedNode("SList.insertAfter", anchor);
        Node<E> n = unlinkedNode("SList.insertAfter", e);
        n.list = this;
        n.next = a.next;
        a.next = n;
        if (last == a) {
            last = n;
        }
        size++;
    }

    /**
     * Removes and returns the first element (pop or dequeue). O(1), no allocation.
     *
     * @return the element that was first, or null if the list is empty
     */
    public E popFront() {
        Node<E> f = first;
        if (f == null) {
            return null;
        }
        first = f.next;
        if (first == null) {
            last = null;
        }
        f.next = null;
        f.list = null;
        size--;
        return f.owner;
    }

    /**
     * Removes {@code e} if it is on this list. <b>O(n)</b>: it walks from the front to find the
     * predecessor. No allocation.
     *
     * @param e the element, not null
     * @return true if {@code e} was on this list and is now removed, false if it was not on it
     * @throws IllegalStateException if {@code e}'s node is on another list
     * @throws NullPointerException if {@code e} is null
     */
    public boolean remove(E e) {
        Node<E> n = nodeOf(e, "SList.remove");
        SList<E> on = n.list;
        if (on != this) {
            if (on != null) {
                throw Misuse.onAnotherCollection("SList.remove", e);
            }
            return false;
        }
        if (first == n) {
            popFront();
            return true;
        }
        Node<E> p = first;
        while (p.next != n) {
            p = p.next;
        }
        p.next = n.next;
        if (last == n) {
            last = p;
        }
        n.next = null;
        n.list = null;
        size--;
        return true;
    }

    /**
     * Tells whether {@code e} is on this list. O(1), no allocation.
     *
     * @param e the element, not null
     * @return true if {@code e} is on this list (not merely on another one)
     * @throws NullPointerException if {@code e} is null
     */
    public boolean isQueued(E e) {
        return nodeOf(e, "SList.isQueued").list == this;
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
     * Returns the element after {@code e}. O(1).
     *
     * @param e an element on this list
     * @return the next element, or null if {@code e} is the last
     * @throws IllegalStateException if {@code e} is not on this list
     * @throws NullPointerException if {@code e} is null
     */
    public E next(E e) {
        Node<E> n = queuedNode("SList.next", e).next;
        return n == null ? null : n.owner;
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
            n.next = null;
            n.list = null;
            n = next;
        }
        first = null;
        last = null;
        size = 0;
    }

    private Node<E> nodeOf(E e, String operation) {
        if (e == null) {
            throw Misuse.nullElement(operation);
        }
        return nodeOf.apply(e);
    }

    private Node<E> unlinkedNode(String operation, E e) {
        Node<E> n = nodeOf(e, operation);
        if (n.owner != e) {
            throw Misuse.foreignNode(operation, e);
        }
        SList<E> on = n.list;
        if (on != null) {
            throw on == this ? Misuse.alreadyQueued(operation, e)
                    : Misuse.onAnotherCollection(operation, e);
        }
        return n;
    }

    private Node<E> queuedNode(String operation, E e) {
        Node<E> n = nodeOf(e, operation);
        if (n.list != this) {
            throw Misuse.notQueued(operation, e);
        }
        return n;
    }
}
