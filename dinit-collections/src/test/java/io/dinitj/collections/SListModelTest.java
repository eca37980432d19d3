package io.dinitj.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.function.Executable;

/**
 * Model-based test of {@link SList}: random operation sequences run against three lists and an
 * {@link ArrayDeque} per list, and every invariant is checked after every step. Lists A and A2
 * share the elements' node {@code a}, so an element can be on only one of them; list B uses node
 * {@code b}, so every element can be on B and on A (or A2) at the same time.
 */
class SListModelTest {

    private static final int POOL = 16;
    private static final int LISTS = 3;

    /** A pool element with two nodes, so it can sit on two lists at once. */
    private static final class Elem {
        final int id;
        final SList.Node<Elem> a;
        final SList.Node<Elem> b;

        Elem(int id) {
            this.id = id;
            this.a = new SList.Node<>(this);
            this.b = new SList.Node<>(this);
        }

        @Override
        public String toString() {
            return "e" + id;
        }
    }

    private enum Op {
        APPEND, PREPEND, INSERT_AFTER, REMOVE, POP_FRONT, NEXT, CLEAR, NULLS, FOREIGN
    }

    /** One action: {@code op} on list number {@code list}, element {@code x}, anchor {@code y}. */
    record Step(Op op, int list, int x, int y) {
    }

    /** The system under test and its model, rebuilt for every try. */
    private static final class World {
        final Elem[] pool = new Elem[POOL];
        final List<SList<Elem>> lists = new ArrayList<>();
        final List<Deque<Elem>> models = new ArrayList<>();
        /** Node group of each list: lists in the same group share a node. */
        final int[] group = {0, 0, 1};
        /** A list whose extractor hands out the next element's node: always misuse. */
        final SList<Elem> foreign;

        World() {
            for (int i = 0; i < POOL; i++) {
                pool[i] = new Elem(i);
            }
            lists.add(new SList<>(e -> e.a));
            lists.add(new SList<>(e -> e.a));
            lists.add(new SList<>(e -> e.b));
            for (int i = 0; i < LISTS; i++) {
                models.add(new ArrayDeque<>());
            }
            foreign = new SList<>(e -> pool[(e.id + 1) % POOL].b);
        }

        /** Tells whether {@code e} is free to join list {@code l}: no list of its group has it. */
        boolean freeFor(int l, Elem e) {
            for (int i = 0; i < LISTS; i++) {
                if (group[i] == group[l] && models.get(i).contains(e)) {
                    return false;
                }
            }
            return true;
        }

        boolean onSibling(int l, Elem e) {
            for (int i = 0; i < LISTS; i++) {
                if (i != l && group[i] == group[l] && models.get(i).contains(e)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Every operation sequence leaves each SList equal to its ArrayDeque model. */
    @Property(tries = 1000)
    void behavesLikeArrayDequeModel(@ForAll("steps") List<Step> steps) {
        World w = new World();
        checkInvariants(w);
        for (Step s : steps) {
            apply(w, s);
            checkInvariants(w);
        }
        for (int l = 0; l < LISTS; l++) {
            SList<Elem> list = w.lists.get(l);
            Deque<Elem> model = w.models.get(l);
            while (!model.isEmpty()) {
                assertSame(model.pollFirst(), list.popFront(), "drain order");
            }
            assertNull(list.popFront(), "drained list pops null");
        }
        checkInvariants(w);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Op> ops = Arbitraries.frequency(
                Tuple.of(10, Op.APPEND),
                Tuple.of(6, Op.PREPEND),
                Tuple.of(6, Op.INSERT_AFTER),
                Tuple.of(6, Op.REMOVE),
                Tuple.of(5, Op.POP_FRONT),
                Tuple.of(3, Op.NEXT),
                Tuple.of(1, Op.CLEAR),
                Tuple.of(1, Op.NULLS),
                Tuple.of(1, Op.FOREIGN));
        Arbitrary<Integer> lists = Arbitraries.integers().between(0, LISTS - 1);
        Arbitrary<Integer> elems = Arbitraries.integers().between(0, POOL - 1)
                .withDistribution(RandomDistribution.uniform());
        return Combinators.combine(ops, lists, elems, elems).as(Step::new)
                .list().ofMaxSize(150).withSizeDistribution(RandomDistribution.uniform());
    }

    private static void apply(World w, Step s) {
        SList<Elem> list = w.lists.get(s.list());
        Deque<Elem> model = w.models.get(s.list());
        Elem x = w.pool[s.x()];
        Elem y = w.pool[s.y()];
        switch (s.op()) {
            case APPEND:
                if (addMisuse(w, s.list(), x, () -> list.append(x), "SList.append")) {
                    list.append(x);
                    model.addLast(x);
                }
                break;
            case PREPEND:
                if (addMisuse(w, s.list(), x, () -> list.prepend(x), "SList.prepend")) {
                    list.prepend(x);
                    model.addFirst(x);
                }
                break;
            case INSERT_AFTER:
                if (!model.contains(y)) {
                    expectIse(() -> list.insertAfter(y, x), "SList.insertAfter", y,
                            "is not on this collection");
                } else if (addMisuse(w, s.list(), x, () -> list.insertAfter(y, x),
                        "SList.insertAfter")) {
                    list.insertAfter(y, x);
                    insertAfter(model, y, x);
                }
                break;
            case REMOVE:
                if (w.onSibling(s.list(), x)) {
                    expectIse(() -> list.remove(x), "SList.remove", x, "another collection");
                } else {
                    assertEquals(model.remove(x), list.remove(x), "remove result");
                }
                break;
            case POP_FRONT:
                assertSame(model.pollFirst(), list.popFront(), "popFront");
                break;
            case NEXT:
                if (!model.contains(x)) {
                    expectIse(() -> list.next(x), "SList.next", x, "is not on this collection");
                } else {
                    assertSame(successor(model, x), list.next(x), "next");
                }
                break;
            case CLEAR:
                list.clear();
                model.clear();
                break;
            case NULLS:
                assertThrows(NullPointerException.class, () -> list.append(null));
                assertThrows(NullPointerException.class, () -> list.prepend(null));
                assertThrows(NullPointerException.class, () -> list.remove(null));
                assertThrows(NullPointerException.class, () -> list.isQueued(null));
                assertThrows(NullPointerException.class, () -> list.next(null));
                if (!model.isEmpty()) {
                    Elem f = model.peekFirst();
                    assertThrows(NullPointerException.class, () -> list.insertAfter(f, null));
                }
                break;
            case FOREIGN:
                expectIse(() -> w.foreign.append(x), "SList.append", x, "node extractor");
                expectIse(() -> w.foreign.prepend(x), "SList.prepend", x, "node extractor");
                break;
            default:
                throw new AssertionError(s.op());
        }
    }

    /** Inserts {@code e} right after {@code anchor} in the model deque. */
    private static void insertAfter(Deque<Elem> model, Elem anchor, Elem e) {
        List<Elem> copy = new ArrayList<>(model);
        copy.add(copy.indexOf(anchor) + 1, e);
        model.clear();
        model.addAll(copy);
    }

    private static Elem successor(Deque<Elem> model, Elem e) {
        boolean seen = false;
        for (Elem m : model) {
            if (seen) {
                return m;
            }
            seen = m == e;
        }
        return null;
    }

    /**
     * Checks an add of {@code x} to list {@code l}: if it is misuse, asserts that {@code add}
     * throws and returns false; otherwise returns true and the caller performs the add.
     */
    private static boolean addMisuse(World w, int l, Elem x, Executable add, String operation) {
        if (w.models.get(l).contains(x)) {
            expectIse(add, operation, x, "is already on this collection");
            return false;
        }
        if (!w.freeFor(l, x)) {
            expectIse(add, operation, x, "is on another collection");
            return false;
        }
        return true;
    }

    private static void expectIse(Executable call, String operation, Elem e, String why) {
        IllegalStateException ex = assertThrows(IllegalStateException.class, call);
        String msg = ex.getMessage();
        assertTrue(msg.startsWith(operation + ":"), msg);
        assertTrue(msg.contains(" " + e + " ") || msg.contains(" " + e + ";"), msg);
        assertTrue(msg.contains(why), msg);
    }

    private static void checkInvariants(World w) {
        boolean[][] member = new boolean[LISTS][POOL];
        for (int l = 0; l < LISTS; l++) {
            SList<Elem> list = w.lists.get(l);
            Deque<Elem> model = w.models.get(l);
            int n = model.size();
            assertEquals(n, list.size(), "size");
            assertEquals(n == 0, list.isEmpty(), "isEmpty");
            assertSame(model.peekFirst(), list.first(), "first");
            assertSame(model.peekLast(), list.last(), "last");
            Elem e = list.first();
            for (Elem m : model) {
                assertSame(m, e, "forward walk");
                e = list.next(e);
            }
            assertNull(e, "forward walk ends after last");
            if (n > 0) {
                assertNull(list.next(list.last()), "last has no successor");
            }
            for (Elem m : model) {
                member[l][m.id] = true;
            }
            for (Elem p : w.pool) {
                assertEquals(member[l][p.id], list.isQueued(p), "isQueued");
            }
        }
        for (Elem p : w.pool) {
            assertFalse(member[0][p.id] && member[1][p.id], "lists sharing a node overlap");
            assertEquals(member[0][p.id] || member[1][p.id], p.a.isLinked(), "a.isLinked");
            assertEquals(member[2][p.id], p.b.isLinked(), "b.isLinked");
            assertSame(p, p.a.owner(), "a.owner");
            assertSame(p, p.b.owner(), "b.owner");
        }
        assertTrue(w.foreign.isEmpty(), "foreign list stays empty");
        assertEquals(0, w.foreign.size(), "foreign list size");
    }
}
