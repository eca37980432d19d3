package io.dinitj.posix;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.spi.ServiceContext.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DaemonLogTest {

    /** Levels, status lines and -q, in order. */
    @Test
    void levelsAndStatusLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DaemonLog log = new DaemonLog(new PrintStream(out, false, StandardCharsets.UTF_8), null,
                DaemonLog.Threshold.WARN, DaemonLog.Threshold.INFO, true);
        log.log(LogLevel.INFO, "not shown");
        log.log(LogLevel.ERROR, "shown");
        log.status(LogLevel.INFO, "[  OK  ] svc", "service svc started.");
        log.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("dinit: shown\n[  OK  ] svc\n");
    }

    /**
     * A console that does not take output (a stalled terminal) never blocks the caller: the
     * stream would block every writer but the caller's own thread, and records whether the
     * caller ever wrote to it (which a blocking log would). Lines past the queue are dropped,
     * and the drop is reported once output flows again.
     */
    @Test
    // A deadlock guard, not a speed limit: a log that blocked its caller would hang here (the
    // caller's println would wait for the writer stuck on the stalled stream).
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stalledConsoleNeverBlocksTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread caller = Thread.currentThread(); // the test's thread (JUnit runs it separately)
        AtomicBoolean callerWrote = new AtomicBoolean();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream stalled = new OutputStream() {
            @Override
            public void write(int b) {
                if (Thread.currentThread() == caller) {
                    callerWrote.set(true); // the log wrote on its caller's thread
                } else {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                synchronized (sink) {
                    sink.write(b);
                }
            }
        };
        DaemonLog log = new DaemonLog(new PrintStream(stalled, false, StandardCharsets.UTF_8),
                null, DaemonLog.Threshold.INFO, DaemonLog.Threshold.NONE, true);
        for (int i = 0; i < 5_000; i++) {
            log.log(LogLevel.ERROR, "line " + i);
        }
        assertThat(callerWrote).isFalse();
        release.countDown();
        log.close(); // the queued lines drain
        log.log(LogLevel.ERROR, "after");
        log.close();
        String text;
        synchronized (sink) {
            text = sink.toString(StandardCharsets.UTF_8);
        }
        assertThat(text).contains("dinit: *** log message discarded due to full buffer ***")
                .contains("dinit: line 0\n").endsWith("dinit: after\n");
    }
}
