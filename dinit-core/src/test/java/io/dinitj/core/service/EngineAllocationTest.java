package io.dinitj.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.spi.FakePlatform;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Starting and stopping a loaded 10,000-service graph allocates nothing (DESIGN.md, rule 2),
 * measured exactly with the per-thread allocation counter after warm-up. A listener is attached,
 * as the daemon's would be, so event delivery is measured too.
 */
class EngineAllocationTest {

    private static final int SERVICES = 10_000;
    private static final int WARMUP = 20;

    /** Builds a set over a graph of internal services. */
    static ServiceSet graph(TestGraphs.Shape shape, int n) {
        ServiceSet set = TestSets.inMemory(TestGraphs.build(shape, n));
        return set;
    }

    /** Counts events without allocating. */
    static final class CountingListener implements ServiceListener {
        long started;
        long stopped;

        @Override
        public void serviceEvent(ServiceRecord service, ServiceEvent event) {
            if (event == ServiceEvent.STARTED) {
                started++;
            } else if (event == ServiceEvent.STOPPED) {
                stopped++;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestGraphs.Shape.class)
    void startAndStopAllocateNothing(TestGraphs.Shape shape) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ServiceSet set = graph(shape, SERVICES);
        CountingListener counter = new CountingListener();
        set.addListener(counter);
        ServiceRecord root = set.find("root");
        for (int i = 0; i < WARMUP; i++) {
            cycle(set, root);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        cycle(set, root);
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated by one start and stop of %d services (%s)",
                set.size(), shape).isZero();
        assertThat(counter.started).isEqualTo((long) set.size() * (WARMUP + 1));
        assertThat(counter.stopped).isEqualTo(counter.started);
    }

    /**
     * A ticking timer (the real timer plugin) whose target is an internal service: each tick
     * starts the target through startPeer, the test stops it again; after warm-up, 1,000 ticks
     * allocate nothing, timer expiry, peer lookup, start, queues and re-arming included.
     */
    @Test
    void tickingTimerAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FakePlatform fake = new FakePlatform();
        long second = 1_000_000_000L;
        ServiceSet set = TestSets.inMemory(List.of(TestGraphs.internal("tick", List.of()),
                TestSets.timer("clock", "tick", second)), fake);
        CountingListener counter = new CountingListener();
        set.addListener(counter);
        ServiceRecord clock = set.find("clock");
        ServiceRecord tick = set.find("tick");
        set.start(clock, false);
        for (int i = 0; i < 2_000; i++) {
            tick(fake, set, tick, second);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 1_000; i++) {
            tick(fake, set, tick, second);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated by 1,000 timer ticks").isZero();
        assertThat(counter.started).isEqualTo(1 + 3_000L);
        assertThat(clock.state()).isEqualTo(ServiceState.STARTED);
    }

    private static void tick(FakePlatform fake, ServiceSet set, ServiceRecord tick, long period) {
        if (fake.advance(period) != 1 || tick.state() != ServiceState.STARTED) {
            throw new AssertionError("the timer did not start its target");
        }
        set.stop(tick, false);
        if (tick.state() != ServiceState.STOPPED) {
            throw new AssertionError("target not stopped");
        }
    }

    private static void cycle(ServiceSet set, ServiceRecord root) {
        set.start(root, false);
        if (root.state() != ServiceState.STARTED || set.activeCount() != set.size()) {
            throw new AssertionError("not all started: " + set.activeCount());
        }
        set.stop(root, false);
        if (set.activeCount() != 0) {
            throw new AssertionError("not all stopped: " + set.activeCount());
        }
    }
}
