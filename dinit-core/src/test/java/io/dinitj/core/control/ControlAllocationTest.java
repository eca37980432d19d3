package io.dinitj.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.EnumCodes;
import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.protocol.Replies;
import io.dinitj.api.protocol.Requests;
import io.dinitj.api.protocol.ServiceStatus;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status queries (all three sizes) and start/stop commands with their service events,
 * answered on a connection whose queue has grown to its working size, allocate nothing; nor
 * does the protocol codec they are encoded with.
 */
class ControlAllocationTest {

    private static final int ROUNDS = 10_000;

    @TempDir
    Path dir;

    @Test
    void statusQueriesAndStartStopAllocateNothing() {
        ControlFixture f = new ControlFixture(dir);
        f.file("svc", "type = internal");
        ControlConnection c = f.connect();
        ControlFixture.load(c, "svc");
        ControlConnection watcher = f.connect();
        ControlFixture.load(watcher, "svc");
        byte[] req = ControlFixture.hex("1c00000000 1a00000000 1200000000"
                + " 030000000000 1c00000000 040000000000 1c00000000");
        long quietest = quietestWindow(() -> round(c, watcher, req),
                ROUNDS * (32L + 16 + 12 + 39 + 32 + 39 + 32));
        assertThat(quietest).as("bytes allocated by %d rounds", ROUNDS).isZero();
    }

    /**
     * The codec the connection encodes and decodes with (api.protocol) allocates nothing
     * either, for each fixed layout and the static status encoding, whoever calls it.
     */
    @Test
    void codecAllocatesNothing() {
        byte[] b = new byte[256];
        int[] i = {0};
        long perWindow = 0;
        for (int k = 0; k < ROUNDS; k++) {
            perWindow += codecRound(b, k);
        }
        long quietest = quietestWindow(() -> codecRound(b, i[0]++ % ROUNDS), perWindow);
        assertThat(quietest).as("bytes allocated by %d codec rounds", ROUNDS).isZero();
    }

    /**
     * Warms {@code round} up, then runs it in five windows of {@link #ROUNDS} calls, checking
     * that each window's results add up to {@code expectedSum}. A per-call allocation shows in
     * every window; a one-off (compiled code being replaced, reallocating scalar-replaced
     * objects) only in one. Skips where the JVM cannot count allocated bytes per thread.
     *
     * @return the bytes the quietest window allocated
     */
    private static long quietestWindow(LongSupplier round, long expectedSum) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < ROUNDS; i++) {
            round.getAsLong();
        }
        long tid = Thread.currentThread().getId();
        long quietest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = threads.getThreadAllocatedBytes(tid);
            long sum = 0;
            for (int i = 0; i < ROUNDS; i++) {
                sum += round.getAsLong();
            }
            quietest = Math.min(quietest, threads.getThreadAllocatedBytes(tid) - before);
            assertThat(sum).isEqualTo(expectedSum);
        }
        return quietest;
    }

    private static long codecRound(byte[] b, int i) {
        long sum = 0;
        int p = Requests.FlagsHandle.encode(b, 0, Codes.Cmd.STARTSERVICE, Codes.FLAG_PIN, i);
        sum += Requests.FlagsHandle.flags(b, 0) + Requests.FlagsHandle.handle(b, 0);
        p = Requests.Handle.encode(b, p, Codes.Cmd.SERVICESTATUS6, i);
        sum += Requests.Handle.handle(b, Requests.FlagsHandle.SIZE);
        p = Requests.Dependency.encode(b, p, Codes.Cmd.ADD_DEP, 2, i, i + 1);
        sum += EnumCodes.linkableKind(Requests.Dependency.kind(b, p - Requests.Dependency.SIZE))
                .code();
        p = Requests.Signal.encode(b, p, 15, i);
        p = Requests.Trigger.encode(b, p, i, true);
        p = Replies.ServiceRecord.encode(b, p, 2, i, 2);
        sum += EnumCodes.state(Replies.ServiceRecord.state(b, p - Replies.ServiceRecord.SIZE))
                .code();
        p = Replies.Version.encode(b, p, Codes.MIN_VERSION, Codes.VERSION);
        p = Replies.Status.encodeHeader(b, p, Codes.RESERVED);
        p = ServiceStatus.encode(b, p, ServiceStatus.V6_SIZE, 2, 2, ServiceStatus.HAS_PID, 0,
                0, i, 0, i, i);
        p = InfoPackets.ServiceEvent.encodeHeader(b, p, true, i, 0);
        p = ServiceStatus.encode(b, p, ServiceStatus.V5_SIZE, 0, 0, 0, 3, 0, 1, 7, 0, 0);
        p = InfoPackets.ServiceEvent.encodeHeader(b, p, false, i, 0);
        p = ServiceStatus.encode(b, p, ServiceStatus.LEGACY_SIZE, 0, 0, 0, 3, 0, 1, 7, 0, 0);
        sum += InfoPackets.ServiceEvent.handle(b, p - InfoPackets.ServiceEvent.LEGACY_SIZE);
        p = Replies.Dependents.encodeHeader(b, p, 1);
        p = Replies.Dependents.encodeHandle(b, p, i);
        return sum + p;
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
