package io.dinitj.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status queries (all three sizes) and start/stop commands with their service events,
 * answered on a connection whose queue has grown to its working size, allocate nothing.
 */
class ControlAllocationTest {

    private static final int ROUNDS = 10_000;

    @TempDir
    Path dir;

    @Test
    void statusQueriesAndStartStopAllocateNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ControlFixture f = new ControlFixture(dir);
        f.file("svc", "type = internal");
        ControlConnection c = f.connect();
        ControlFixture.load(c, "svc");
        ControlConnection watcher = f.connect();
        ControlFixture.load(watcher, "svc");
        byte[] req = ControlFixture.hex("1c00000000 1a00000000 1200000000"
                + " 030000000000 1c00000000 040000000000 1c00000000");
        for (int i = 0; i < ROUNDS; i++) {
            round(c, watcher, req);
        }
        // A per-request allocation shows in every window; a one-off (compiled code being
        // replaced, reallocating scalar-replaced objects) only in one. The quietest must be 0.
        long tid = Thread.currentThread().getId();
        long quietest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = threads.getThreadAllocatedBytes(tid);
            long bytes = 0;
            for (int i = 0; i < ROUNDS; i++) {
                bytes += round(c, watcher, req);
            }
            quietest = Math.min(quietest, threads.getThreadAllocatedBytes(tid) - before);
            assertThat(bytes).isEqualTo(ROUNDS * (32L + 16 + 12 + 39 + 32 + 39 + 32));
        }
        assertThat(quietest).as("bytes allocated by %d rounds", ROUNDS).isZero();
    }

    private static int round(ControlConnection c, ControlConnection watcher, byte[] req) {
        int taken = c.feed(req, 0, req.length);
        if (taken != req.length) {
            throw new AssertionError("taken " + taken);
        }
        int n = c.outputLength();
        c.consumed(n);
        watcher.consumed(watcher.outputLength());
        return n;
    }
}
