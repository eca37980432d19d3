package io.dinitj.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.ServiceState;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A 100,000-deep dependency chain starts and stops on a thread with a 256 KiB stack: the engine
 * propagates through queues, never by recursion (DESIGN.md, rule 1).
 */
class EngineDeepChainTest {

    private static final int DEPTH = 100_000;
    private static final long STACK_SIZE = 256 * 1024;

    @Test
    void deepChainStartsAndStopsOnSmallStack() throws InterruptedException {
        ServiceSet set = EngineAllocationTest.graph(TestGraphs.Shape.CHAIN, DEPTH);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] counts = new int[2];
        Thread t = new Thread(null, () -> {
            try {
                ServiceRecord root = set.find("root");
                set.start(root, false);
                counts[0] = set.activeCount();
                set.stop(root, false);
                counts[1] = set.activeCount();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", STACK_SIZE);
        t.start();
        t.join();
        assertThat(failure.get()).isNull();
        assertThat(counts[0]).isEqualTo(DEPTH);
        assertThat(counts[1]).isZero();
        assertThat(set.find("s" + (DEPTH - 1)).state()).isEqualTo(ServiceState.STOPPED);
    }
}
