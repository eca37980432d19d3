package io.dinitj.posix.loop;

import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.WaitStatus;
import io.dinitj.posix.sys.Posix;
import io.dinitj.posix.sys.PosixTesting;
import io.dinitj.posix.sys.Spawner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.dinitj.posix.sys.PosixTesting.NATIVE;
import static io.dinitj.posix.sys.PosixTesting.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event loop with real fds, children and signals. Each test runs the loop on its own thread
 * and stops it from a handler; a watchdog timer stops a loop that would otherwise hang, so a
 * broken loop fails its test instead of blocking the build.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventLoopTest {

    private static final long WATCHDOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private EventLoop loop;
    private PosixTesting.Cleanup cleanup;
    private final Spawner spawner = new Spawner(NATIVE);
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile boolean watchdogFired;

    @BeforeEach
    void setUp() {
        loop = new EventLoop(NATIVE);
        cleanup = new PosixTesting.Cleanup();
        loop.onHandlerError(errors::add);
        loop.newTimer(() -> {
            watchdogFired = true;
            loop.stop();
        }).arm(WATCHDOG_NANOS);
    }

    @AfterEach
    void tearDown() {
        loop.close();
        cleanup.close();
    }

    /** Runs the loop on this thread until a handler stops it; fails if the watchdog did. */
    private void runLoop() {
        loop.run();
        assertThat(watchdogFired).as("the loop was stopped by the watchdog").isFalse();
        assertThat(errors).isEmpty();
    }

    /**
     * Timers nobody holds give their room in the timer heap back: 100,000 one-shot timers made,
     * fired and dropped (as a spawn's start report is) leave only a few reserved once collected,
     * rather than a heap grown for 100,000. A held timer keeps its room.
     */
    @Test
    void droppedTimers_giveTheirRoomBack() throws InterruptedException {
        ServiceContext.Timer held = loop.newTimer(() -> { });
        for (int i = 0; i < 100_000; i++) {
            loop.newTimer(() -> { }).arm(0);
            if (i % 1000 == 0) {
                loop.newTimer(loop::stop).arm(0);
                runLoop();
            }
        }
        loop.newTimer(loop::stop).arm(0);
        runLoop();
        int reserved = loop.reservedTimers();
        for (int i = 0; i < 100 && reserved > 1000; i++) {
            System.gc();
            Thread.sleep(20);
            loop.newTimer(() -> { });
            reserved = loop.reservedTimers();
        }
        assertThat(reserved).as("timers still reserved after collection").isLessThan(1000);
        held.arm(0);
        assertThat(held.isArmed()).isTrue();
    }

    /** A child's exit reaches the handler with its status, on the loop thread. */
    @Test
    void childExit_isDeliveredWithItsStatus() {
        List<String> seen = new ArrayList<>();
        AtomicInteger expected = new AtomicInteger();
        Thread me = Thread.currentThread();
        loop.onChildExit((pid, status) -> {
            cleanup.reaped(pid);
            seen.add((pid == expected.get()) + ":" + WaitStatus.exitCode(status) + ":"
                    + (Thread.currentThread() == me));
            loop.stop();
        });
        loop.startReaper();
        expected.set(cleanup.spawn(spawner,
                request(List.of("/bin/sh", "-c", "exit 3"), -1, null)));
        loop.childSpawned();
        runLoop();
        assertThat(seen).containsExactly("true:3:true");
    }

    /**
     * The reaper also wakes on SIGCHLD: a child spawned without childSpawned() while the reaper
     * is parked for want of children is still reaped. And as a subreaper the loop also reaps an
     * orphaned grandchild.
     */
    @Test
    void orphanedGrandchild_isReapedThroughSigchld() {
        assertThat(NATIVE.setChildSubreaper()).isZero();
        List<Integer> pids = Collections.synchronizedList(new ArrayList<>());
        loop.onChildExit((pid, status) -> {
            cleanup.reaped(pid);
            pids.add(pid);
            if (pids.size() == 2) {
                loop.stop();
            }
        });
        loop.startReaper();
        // No childSpawned(): only SIGCHLD can wake a reaper parked on ECHILD.
        int sh = cleanup.spawn(spawner, request(
                List.of("/bin/sh", "-c", "/bin/sleep 0.05 & exit 0"), -1, null));
        runLoop();
        assertThat(pids).hasSize(2).contains(sh).doesNotHaveDuplicates();
    }

    /** Timers fire in deadline order, not arming order; a cancelled one never fires. */
    @Test
    void timers_fireInDeadlineOrder_cancelWorks() {
        List<String> fired = new ArrayList<>();
        long ms = 1_000_000;
        ServiceContext.Timer c = loop.newTimer(() -> fired.add("c"));
        ServiceContext.Timer a = loop.newTimer(() -> fired.add("a"));
        ServiceContext.Timer cancelled = loop.newTimer(() -> fired.add("cancelled"));
        ServiceContext.Timer b = loop.newTimer(() -> fired.add("b"));
        ServiceContext.Timer moved = loop.newTimer(() -> fired.add("moved"));
        ServiceContext.Timer last = loop.newTimer(() -> {
            fired.add("last");
            loop.stop();
        });
        last.arm(160 * ms);
        c.arm(80 * ms);
        cancelled.arm(40 * ms);
        a.arm(0);
        b.arm(40 * ms);
        moved.arm(1);
        moved.arm(120 * ms);
        cancelled.cancel();
        assertThat(cancelled.isArmed()).isFalse();
        assertThat(moved.isArmed()).isTrue();
        long t0 = loop.nanoTime();
        runLoop();
        assertThat(fired).containsExactly("a", "b", "c", "moved", "last");
        assertThat(loop.nanoTime() - t0).isGreaterThanOrEqualTo(160 * ms);
        assertThat(last.isArmed()).isFalse();
    }

    /** A timer may re-arm itself from its own handler. */
    @Test
    void timer_reArmsItself() {
        AtomicInteger count = new AtomicInteger();
        ServiceContext.Timer[] t = new ServiceContext.Timer[1];
        t[0] = loop.newTimer(() -> {
            if (count.incrementAndGet() < 5) {
                t[0].arm(1000);
            } else {
                loop.stop();
            }
        });
        t[0].arm(0);
        runLoop();
        assertThat(count).hasValue(5);
    }

    /**
     * stop() from another thread wakes a loop that waits for nothing, also after a storm of
     * wake-ups from two threads racing with the loop's drain of the eventfd (a wake-up lost in
     * that race would leave the loop asleep, and the watchdog would stop it).
     */
    @Test
    void wakeupAndStop_fromOtherThreads() throws Exception {
        AtomicInteger done = new AtomicInteger();
        Runnable storm = () -> {
            for (int i = 0; i < 200_000; i++) {
                loop.wakeup();
            }
            if (done.incrementAndGet() == 2) {
                loop.stop();
            }
        };
        Thread a = new Thread(storm);
        Thread b = new Thread(storm);
        a.start();
        b.start();
        runLoop();
        a.join();
        b.join();
    }

    /** stop() before run() makes run() return at once; the loop can then run again. */
    @Test
    void stopBeforeRun_returnsAtOnce_andRunsAgain() {
        loop.stop();
        runLoop();
        AtomicInteger fired = new AtomicInteger();
        loop.newTimer(() -> {
            fired.incrementAndGet();
            loop.stop();
        }).arm(0);
        runLoop();
        assertThat(fired).hasValue(1);
    }

    /** A watched pipe: the handler sees the data, then end of file, and unwatches. */
    @Test
    void watchRead_seesDataThenEof() throws Exception {
        int[] p = cleanup.pipe();
        StringBuilder got = new StringBuilder();
        AtomicInteger eofs = new AtomicInteger();
        AtomicInteger afterEach = new AtomicInteger();
        byte[] buf = new byte[3];
        loop.watchRead(p[0], fd -> {
            while (true) {
                int n = NATIVE.read(fd, buf, 0, buf.length);
                if (n > 0) {
                    got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                    continue;
                }
                if (n == 0) {
                    eofs.incrementAndGet();
                    loop.unwatch(fd);
                    loop.stop();
                }
                return;
            }
        });
        loop.afterEachEvent(afterEach::incrementAndGet);
        Thread writer = new Thread(() -> {
            byte[] msg = "hello, loop".getBytes(StandardCharsets.US_ASCII);
            NATIVE.write(p[1], msg, 0, msg.length);
            cleanup.close(p[1]);
        });
        writer.start();
        runLoop();
        writer.join();
        assertThat(got.toString()).isEqualTo("hello, loop");
        assertThat(eofs).hasValue(1);
        assertThat(afterEach.get()).isGreaterThanOrEqualTo(1);
    }

    /**
     * watchInterest: a pipe's write end watched for writing fires at once; switched to reading
     * only (which a write end never is) it stays quiet until the reader closes (an error event).
     */
    @Test
    void watchInterest_switchesBetweenReadAndWrite() {
        int[] p = cleanup.pipe();
        AtomicInteger calls = new AtomicInteger();
        loop.watchRead(p[1], fd -> {
            if (calls.incrementAndGet() == 1) {
                assertThat(loop.watchInterest(fd, true, false)).isZero();
                loop.stop();
            } else {
                loop.unwatch(fd);
                loop.stop();
            }
        });
        assertThat(loop.watchInterest(p[1], false, true)).isZero();
        runLoop();
        assertThat(calls).hasValue(1);
        ServiceContext.Timer quiet = loop.newTimer(loop::stop);
        quiet.arm(50_000_000L);
        runLoop();
        assertThat(calls).hasValue(1);
        cleanup.close(p[0]);
        runLoop();
        assertThat(calls).hasValue(2);
        assertThat(loop.watchInterest(12345, true, true)).isZero(); // not watched: nothing
    }

    /** Watching a regular file is refused with the errno; a bad fd too. */
    @Test
    void watchRead_refusesWhatEpollCannotWatch() {
        int fd = cleanup.fd(NATIVE.open("/proc/self/stat", Posix.O_RDONLY, 0));
        assertThatThrownBy(() -> loop.watchRead(fd, x -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("errno 1");
        assertThatThrownBy(() -> loop.watchRead(-1, x -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A signal's handler runs on the loop thread. */
    @Test
    void signalHandler_runsOnTheLoopThread() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        loop.onSignal("USR1", () -> {
            ranOn.set(Thread.currentThread());
            loop.stop();
        });
        assertThat(NATIVE.kill(NATIVE.getpid(), 10)).isZero();
        runLoop();
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    }

    /** A handler that throws is reported, and the loop goes on. */
    @Test
    void handlerErrors_areReported_andTheLoopGoesOn() {
        List<Throwable> seen = new ArrayList<>();
        loop.onHandlerError(seen::add);
        loop.newTimer(() -> {
            throw new IllegalStateException("boom");
        }).arm(0);
        loop.afterEachEvent(() -> {
            throw new IllegalArgumentException("hook");
        });
        loop.newTimer(loop::stop).arm(1_000_000);
        runLoop();
        assertThat(seen).extracting(Throwable::getMessage)
                .containsExactly("boom", "hook", "hook");
    }

    /** close() gives back the epoll fd and the eventfd, and is idempotent. */
    @Test
    void close_releasesItsFds() {
        int before = NATIVE.openFdCount();
        EventLoop other = new EventLoop(NATIVE);
        assertThat(NATIVE.openFdCount()).isEqualTo(before + 2);
        other.close();
        other.close();
        assertThat(NATIVE.openFdCount()).isEqualTo(before);
        assertThatThrownBy(other::run).isInstanceOf(IllegalStateException.class);
    }
}
