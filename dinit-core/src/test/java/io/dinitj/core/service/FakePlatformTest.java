package io.dinitj.core.service;

import io.dinitj.api.spi.ServiceContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FakePlatformTest {

    private final FakePlatform platform = new FakePlatform();
    private final List<String> fired = new ArrayList<>();

    /** Time moves only on advance; timers fire at their deadlines, in order. */
    @Test
    void timersFireInDeadlineOrder() {
        ServiceContext.Timer late =
                platform.newTimer(() -> fired.add("late@" + platform.nanoTime()));
        ServiceContext.Timer early =
                platform.newTimer(() -> fired.add("early@" + platform.nanoTime()));
        late.arm(300);
        early.arm(100);
        assertThat(platform.nextDeadline()).isEqualTo(100);
        assertThat(platform.advance(99)).isZero();
        assertThat(platform.advance(1000)).isEqualTo(2);
        assertThat(fired).containsExactly("early@100", "late@300");
        assertThat(platform.nanoTime()).isEqualTo(1099);
        assertThat(late.isArmed()).isFalse();
    }

    /** Timers due at the same time fire in the order they were armed; re-arming moves them. */
    @Test
    void sameDeadline_firesInArmingOrder_andReArmMoves() {
        ServiceContext.Timer a = platform.newTimer(() -> fired.add("a"));
        ServiceContext.Timer b = platform.newTimer(() -> fired.add("b"));
        ServiceContext.Timer c = platform.newTimer(() -> fired.add("c"));
        b.arm(50);
        a.arm(50);
        c.arm(10);
        c.arm(50);
        platform.advance(50);
        assertThat(fired).containsExactly("b", "a", "c");
    }

    /** A cancelled timer does not fire; one armed by another's action fires if due in time. */
    @Test
    void cancelAndChainedTimers() {
        ServiceContext.Timer second = platform.newTimer(() -> fired.add("second"));
        ServiceContext.Timer first = platform.newTimer(() -> {
            fired.add("first");
            second.arm(10);
        });
        ServiceContext.Timer never = platform.newTimer(() -> fired.add("never"));
        first.arm(5);
        never.arm(7);
        never.cancel();
        assertThat(platform.advance(20)).isEqualTo(2);
        assertThat(fired).containsExactly("first", "second");
        assertThat(platform.nextDeadline()).isEqualTo(-1);
    }

    /** The log is captured for assertions. */
    @Test
    void logIsCaptured() {
        platform.log(ServiceContext.LogLevel.WARN, "careful");
        assertThat(platform.log()).containsExactly(
                new FakePlatform.LogLine(ServiceContext.LogLevel.WARN, "careful"));
    }
}
