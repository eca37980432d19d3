package io.dinitj.core.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads a chain of {@value #DEPTH} services on a thread with a 256 KiB stack, which only a
 * loader that does not recurse can do. The chain is written once for the class; the cycle and
 * the description error come from a second directory, searched first, that holds only a
 * different last service.
 */
class DeepChainTest {

    private static final int DEPTH = 100_000;
    private static final long STACK_SIZE = 256 * 1024;
    private static final long JOIN_MILLIS = 120_000;

    @TempDir
    static Path root;

    private static Path chainDir;

    /** Writes s0 depends-on s1 ... depends-on s99999, each a plain internal service. */
    @BeforeAll
    static void writeChain() throws IOException {
        chainDir = Files.createDirectory(root.resolve("chain"));
        for (int i = 0; i < DEPTH - 1; i++) {
            Files.writeString(chainDir.resolve("s" + i), "depends-on = s" + (i + 1) + "\n");
        }
        Files.writeString(chainDir.resolve("s" + (DEPTH - 1)), "type = internal\n");
    }

    /** The whole chain loads on a small stack, every service once. */
    @Test
    void deepChain_loadsOnSmallStack() throws InterruptedException {
        DescriptionSet set = new DescriptionSet();
        LoadOutcome o = loadOnSmallStack(context(chainDir), set);
        assertThat(o.succeeded()).as("message: %s", o.message()).isTrue();
        assertThat(o.loaded().size()).isEqualTo(DEPTH);
        assertThat(o.loaded().get(0)).isEqualTo("s0");
        assertThat(o.loaded().get(DEPTH - 1)).isEqualTo("s" + (DEPTH - 1));
        assertThat(set.size()).isEqualTo(DEPTH);
        assertThat(set.placeholders()).isEmpty();
        assertThat(o.problems()).isEmpty();
    }

    /** A chain whose last service depends on the first fails as a cycle on a small stack. */
    @Test
    void deepCycle_failsCleanly() throws IOException, InterruptedException {
        Path override = overrideLast("cycle", "depends-on = s0\n");
        DescriptionSet set = new DescriptionSet();
        LoadOutcome o = loadOnSmallStack(context(override, chainDir), set);
        assertThat(o.succeeded()).isFalse();
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
        assertThat(o.message()).contains("cyclic dependency")
                .endsWith("s" + (DEPTH - 1) + " -> s0");
        assertThat(o.problems()).anyMatch(p -> !p.warning()
                && p.message().contains("cyclic dependency"));
        assertThat(set.size()).isZero();
        assertThat(set.placeholders()).isEmpty();
    }

    /** A description error at the end of the chain fails the whole load and adds nothing. */
    @Test
    void deepChainWithBadLeaf_changesNothing() throws IOException, InterruptedException {
        Path override = overrideLast("bad-leaf", "type = bogus\n");
        DescriptionSet set = new DescriptionSet();
        LoadOutcome o = loadOnSmallStack(context(override, chainDir), set);
        String last = "s" + (DEPTH - 1);
        assertThat(o.succeeded()).isFalse();
        assertThat(o.failure()).isEqualTo(LoadOutcome.Failure.LOAD_ERROR);
        assertThat(o.failedService()).isEqualTo(last);
        // The error, then one "could not load dependency." for each service that needed it.
        LoadProblem first = o.problems().get(0);
        assertThat(first.service()).isEqualTo(last);
        assertThat(first.warning()).isFalse();
        assertThat(first.message()).contains("service type");
        assertThat(o.problems().size()).isEqualTo(DEPTH);
        assertThat(set.size()).isZero();
        assertThat(set.placeholders()).isEmpty();
    }

    /** Writes a directory, searched before the chain, that holds only another last service. */
    private static Path overrideLast(String name, String text) throws IOException {
        Path dir = Files.createDirectory(root.resolve(name));
        Files.writeString(dir.resolve("s" + (DEPTH - 1)), text);
        return dir;
    }

    private static LoadContext context(Path... dirs) {
        return new LoadContext(new ServiceDirectories(List.of(dirs)), Map.of(),
                new LoaderFixture.FakeUsers(), LoaderFixture.DINIT_TYPES, 0, 0);
    }

    /**
     * Loads s0 on a thread with a 256 KiB stack; whatever escapes the load, a
     * StackOverflowError included, fails the test.
     */
    private static LoadOutcome loadOnSmallStack(LoadContext ctx, DescriptionSet set)
            throws InterruptedException {
        AtomicReference<LoadOutcome> outcome = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Runnable r = () -> {
            try {
                outcome.set(new DescriptionLoader(ctx).load("s0", set));
            } catch (Throwable t) {
                thrown.set(t);
            }
        };
        Thread t = new Thread(null, r, "deep-chain", STACK_SIZE);
        t.start();
        t.join(JOIN_MILLIS);
        assertThat(t.isAlive()).as("load still running after %d ms", JOIN_MILLIS).isFalse();
        if (thrown.get() != null) {
            throw new AssertionError("the load threw " + thrown.get(), thrown.get());
        }
        assertThat(outcome.get()).isNotNull();
        return outcome.get();
    }
}
