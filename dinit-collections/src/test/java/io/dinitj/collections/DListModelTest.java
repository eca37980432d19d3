package io.dinitj.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
 * Model-based test of {@link DList}: random operation sequences run against three lists and an
 * {@link ArrayList} per list, and every invariant is checked after every step. Lists A and A2
 * share the elements' node {@code a}, so an element can be on only one of them; list B uses node
 * {@code b}, so every element can be on B and on A (or A2) at the same time.
 */
class DListModelTest {

    private static final int POOL = 16;
    private static final int LISTS = 3;

    /** A pool element with two nodes, so it can sit on two lists at once. */
    private static final class Elem {
        final int id;
        final DList.Node<Elem> a;
        final DList.Node<Elem> b;

        Elem(int id) {
            this.id = id;
            this.a = new DList.Node<>(this);
            this.b = new DList.Node<>(this);
        }

        @Override
        public String toString() {
            return "e" + id;
        }
    }

    private enum Op {
        APPEND, PREPEND, INSERT_AFTER, REMOVE, POP_FRONT, POP_BACK, NEXT, PREV, CLEAR, NULLS,
        FOREIGN
    }

    /** One action: {@code op} on list number {@code list}, element {@code x}, anchor {@code y}. */
    record Step(Op op, int list, int x, int y) {
    }

    /** The system under test and its model, rebuilt for every try. */
    private static final class World {
        final Elem[] pool = new Elem[POOL];
        final List<DList<Elem>> lists = new ArrayList<>();
        final List<List<Elem>> models = new ArrayList<>();
        /** Node group of each list: lists in the same group share a node. */
        final int[] group = {0, 0, 1};
        /** A list whose extractor hands out the next element's node: always misuse. */
        final DList<Elem> foreign;

        World() {
            for (int i = 0; i < POOL; i++) {
                pool[i] = new Elem(i);
            }
            lists.add(new DList<>(e -> e.a));
            lists.add(new DList<>(e -> e.a));
            lists.add(new DList<>(e -> e.b));
            for (int i = 0; i < LISTS; i++) {
                models.add(new ArrayList<>());
            }
            foreign = new DList<>(e -> pool[(e.id + 1) % POOL].b);
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

    /** Every operation sequence leaves each DList equal to its ArrayList model. */
    @Property(tries = 1000)
    void behavesLikeArrayListModel(@ForAll("steps") List<Step> steps) {
        World w = new World();
        checkInvariants(w);
        for (Step s : steps) {
            apply(w, s);
            checkInvariants(w);
        }
        for (int l = 0; l < LISTS; l++) {
            DList<Elem> list = w.lists.get(l);
            for (Elem e : w.models.get(l)) {
                assertSame(e, list.popFront(), "drain order");
            }
            assertNull(list.popFront(), "drained list pops null");
            w.models.get(l).clear();
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
                Tuple.of(3, Op.POP_FRONT),
                Tuple.of(3, Op.POP_BACK),
                Tuple.of(3, Op.NEXT),
                Tuple.of(3, Op.PREV),
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
        DList<Elem> list = w.lists.get(s.list());
        List<Elem> model = w.models.get(s.list());
        Elem x = w.pool[s.x()];
        Elem y = w.pool[s.y()];
        switch (s.op()) {
            case APPEND:
                if (addMisuse(w, s.list(), x, () -> list.append(x), "DList.append")) {
                    list.append(x);
                    model.add(x);
                }
                break;
            case PREPEND:
                if (addMisuse(w, s.list(), x, () -> list.prepend(x), "DList.prepend")) {
                    list.prepend(x);
                    model.add(0, x);
                }
                break;
            case INSERT_AFTER:
                if (!model.contains(y)) {
                    expectIse(() -> list.insertAfter(y, x), "DList.insertAfter", y,
                            "is not on this collection");
                } else if (addMisuse(w, s.list(), x, () -> list.insertAfter(y, x),
                        "DList.insertAfter")) {
                    list.insertAfter(y, x);
                    model.add(model.indexOf(y) + 1, x);
                }
                break;
            case REMOVE:
                if (w.onSibling(s.list(), x)) {
                    expectIse(() -> list.remove(x), "DList.remove", x, "another collection");
                } else {
                    assertEquals(model.remove(x), list.remove(x), "remove result");
                }
                break;
            case POP_FRONT:
                assertSame(model.isEmpty() ? null : model.remove(0), list.popFront(),
                        "popFront");
                break;
            case POP_BACK:
                assertSame(model.isEmpty() ? null : model.remove(model.size() - 1),
                        list.popBack(), "popBack");
                break;
            case NEXT: {
                int i = model.indexOf(x);
                if (i < 0) {
                    expectIse(() -> list.next(x), "DList.next", x, "is not on this collection");
                } else {
                    assertSame(i + 1 < model.size() ? model.get(i + 1) : null, list.next(x),
                            "next");
                }
                break;
            }
            case PREV: {
                int i = model.indexOf(x);
                if (i < 0) {
                    expectIse(() -> list.prev(x), "DList.prev", x, "is not on this collection");
                } else {
                    assertSame(i > 0 ? model.get(i - 1) : null, list.prev(x), "prev");
                }
                break;
            }
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
                assertThrows(NullPointerException.class, () -> list.prev(null));
                if (!model.isEmpty()) {
                    Elem f = model.get(0);
                    assertThrows(NullPointerException.class, () -> list.insertAfter(f, null));
                }
                break;
            case FOREIGN:
                expectIse(() -> w.foreign.append(x), "DList.append", x, "node extractor");
                expectIse(() -> w.foreign.prepend(x), "DList.prepend", x, "node extractor");
                break;
            default:
                throw new AssertionError(s.op());
        }
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
            DList<Elem> list = w.lists.get(l);
            List<Elem> model = w.models.get(l);
            int n = model.size();
            assertEquals(n, list.size(), "size");
            assertEquals(n == 0, list.isEmpty(), "isEmpty");
            assertSame(n == 0 ? null : model.get(0), list.first(), "first");
            assertSame(n == 0 ? null : model.get(n - 1), list.last(), "last");
            Elem e = list.first();
            for (int i = 0; i < n; i++) {
                assertSame(model.get(i), e, "forward walk");
                e = list.next(e);
            }
            assertNull(e, "forward walk ends after last");
            e = list.last();
            for (int i = n - 1; i >= 0; i--) {
                assertSame(model.get(i), e, "backward walk");
                e = list.prev(e);
            }
            assertNull(e, "backward walk ends before first");
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
