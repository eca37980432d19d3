package io.dinitj.posix.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bounded memory of unclaimed child exits (adopted orphans, early bgprocess deaths). */
class RecentExitsTest {

    /** An exit is taken once; a pid never recorded has none. */
    @Test
    void takeReturnsTheStatusOnce() {
        RecentExits r = new RecentExits();
        r.record(100, 0x0300);
        assertThat(r.take(101)).isEqualTo(-1);
        assertThat(r.take(100)).isEqualTo(0x0300);
        assertThat(r.take(100)).isEqualTo(-1);
    }

    /** A pid launched anew (the kernel reused it) forgets the old exit. */
    @Test
    void forgetDropsAStaleExit() {
        RecentExits r = new RecentExits();
        r.record(100, 9);
        r.forget(100);
        assertThat(r.take(100)).isEqualTo(-1);
    }

    /** A second exit of the same pid replaces the first. */
    @Test
    void theNewerExitOfAPidWins() {
        RecentExits r = new RecentExits();
        r.record(100, 1);
        r.record(100, 2);
        assertThat(r.take(100)).isEqualTo(2);
        assertThat(r.take(100)).isEqualTo(-1);
    }

    /**
     * Nothing accumulates: after many more orphans than the capacity, only the newest are held,
     * and a bgprocess daemon that dies after a flood of orphans is still found (the old map
     * stopped recording at 1,024 entries).
     */
    @Test
    void boundedAndNewestKept() {
        RecentExits r = new RecentExits();
        for (int pid = 2; pid < 2 + 10 * RecentExits.CAPACITY; pid++) {
            r.record(pid, 0);
        }
        assertThat(r.size()).isEqualTo(RecentExits.CAPACITY);
        assertThat(r.recorded()).isEqualTo(10L * RecentExits.CAPACITY);
        assertThat(r.take(2)).isEqualTo(-1);
        int newest = 1 + 10 * RecentExits.CAPACITY;
        assertThat(r.take(newest)).isZero();
        assertThat(r.take(newest - RecentExits.CAPACITY + 1)).isZero();
        assertThat(r.take(newest - RecentExits.CAPACITY)).isEqualTo(-1);
        r.record(99_999, 0x0100);
        assertThat(r.take(99_999)).isEqualTo(0x0100);
    }
}
