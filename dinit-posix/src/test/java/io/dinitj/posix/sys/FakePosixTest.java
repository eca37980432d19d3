package io.dinitj.posix.sys;

import io.dinitj.api.spi.Errno;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The system-call seam's test twin fails exactly the calls it is told to, then passes them on. */
class FakePosixTest {

    private final FakePosix fake = new FakePosix(JnrPosix.get());

    /** With no fault set every call reaches the real system calls. */
    @Test
    void passesCallsOn_whenNothingFails() {
        int[] p = new int[2];
        assertThat(fake.pipe(p)).isZero();
        try {
            assertThat(fake.write(p[1], new byte[] {7}, 0, 1)).isEqualTo(1);
            byte[] got = new byte[1];
            assertThat(fake.read(p[0], got, 0, 1)).isEqualTo(1);
            assertThat(got[0]).isEqualTo((byte) 7);
        } finally {
            fake.close(p[0]);
            fake.close(p[1]);
        }
        assertThat(fake.getpid()).isEqualTo(ProcessHandle.current().pid());
    }

    /** fail(call, errno, n): the next n calls return -errno and open nothing, then real ones. */
    @Test
    void failsTheNextCalls_thenHeals() {
        int before = fake.openFdCount();
        fake.fail(FakePosix.Call.PIPE, Errno.EMFILE, 2);
        int[] p = new int[2];
        assertThat(fake.pipe(p)).isEqualTo(-Errno.EMFILE);
        assertThat(fake.pipe(p)).isEqualTo(-Errno.EMFILE);
        assertThat(fake.openFdCount()).isEqualTo(before);
        assertThat(fake.pipe(p)).isZero();
        fake.close(p[0]);
        fake.close(p[1]);
        assertThat(fake.injectedCount(FakePosix.Call.PIPE)).isEqualTo(2);
        assertThat(fake.pending(FakePosix.Call.PIPE)).isZero();
    }

    /** failAlways fails until heal; other calls are not touched. */
    @Test
    void failsAlways_untilHealed_andOnlyThatCall() {
        fake.failAlways(FakePosix.Call.EVENT_FD, Errno.ENOMEM);
        for (int i = 0; i < 5; i++) {
            assertThat(fake.eventFd()).isEqualTo(-Errno.ENOMEM);
        }
        int ep = fake.epollCreate();
        assertThat(ep).isPositive();
        fake.close(ep);
        fake.heal(FakePosix.Call.EVENT_FD);
        int ev = fake.eventFd();
        assertThat(ev).isPositive();
        fake.close(ev);
        assertThat(fake.injectedCount(FakePosix.Call.EVENT_FD)).isEqualTo(5);
    }

    /** A fault needs a real error number and a positive count. */
    @Test
    void rejectsBadFaults() {
        assertThatThrownBy(() -> fake.fail(FakePosix.Call.ACCEPT, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fake.fail(FakePosix.Call.ACCEPT, Errno.EAGAIN, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
