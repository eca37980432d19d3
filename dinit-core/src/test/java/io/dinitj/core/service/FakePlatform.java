package io.dinitj.core.service;

import io.dinitj.api.spi.ServiceContext;
import io.dinitj.collections.DHeap;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform as engine tests see it: a virtual clock that moves only when a test says so,
 * timers kept in a {@link DHeap} like the real loop's, and a captured log. Nothing sleeps, so
 * tests are instant and deterministic: timers that fall due together fire in the order they were
 * armed. Process launching joins it with the platform layer.
 */
final class FakePlatform implements ServiceContext {

    /** A timer: its place in the heap and what it runs. */
    final class FakeTimer implements Timer {
        final DHeap.Node<FakeTimer> node = new DHeap.Node<>(this);
        final Runnable onExpiry;

        FakeTimer(Runnable onExpiry) {
            this.onExpiry = onExpiry;
        }

        @Override
        public void arm(long delayNanos) {
            if (delayNanos < 0) {
                throw new IllegalArgumentException("negative delay");
            }
            long deadline = now + delayNanos;
            if (timers.isQueued(this)) {
                timers.changeKey(this, deadline);
            } else {
                timers.insert(this, deadline);
            }
        }

        @Override
        public void cancel() {
            timers.remove(this);
        }

        @Override
        public boolean isArmed() {
            return timers.isQueued(this);
        }
    }

    /** One captured log line. */
    record LogLine(LogLevel level, String message) {
    }

    private final DHeap<FakeTimer> timers = new DHeap<>(4, 16, t -> t.node);
    private final List<LogLine> log = new ArrayList<>();
    private long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Timer newTimer(Runnable onExpiry) {
        return new FakeTimer(onExpiry);
    }

    @Override
    public void log(LogLevel level, String message) {
        log.add(new LogLine(level, message));
    }

    /**
     * Moves the clock forward, firing every timer that falls due, each at its own deadline (a
     * timer armed by another's action fires too if it falls due in time).
     *
     * @param nanos how far to move, at least 0
     * @return how many timers fired
     */
    int advance(long nanos) {
        long end = now + nanos;
        int fired = 0;
        while (!timers.isEmpty() && timers.peekKey(Long.MAX_VALUE) <= end) {
            now = timers.peekKey(end);
            FakeTimer t = timers.poll();
            t.onExpiry.run();
            fired++;
        }
        now = end;
        return fired;
    }

    /**
     * Returns the time of the next timer, as the real loop would sleep until it.
     *
     * @return the deadline, or -1 if no timer is armed
     */
    long nextDeadline() {
        return timers.peekKey(-1);
    }

    List<LogLine> log() {
        return log;
    }
}
