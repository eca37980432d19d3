package io.dinitj.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dinitj.api.spi.ServiceContext.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

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
     * A console that does not take output (a stalled terminal) never blocks the caller: lines
     * past the queue are dropped, and the drop is reported once output flows again.
     */
    @Test
    void stalledConsoleNeverBlocksTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream stalled = new OutputStream() {
            @Override
            public void write(int b) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.write(b);
            }
        };
        DaemonLog log = new DaemonLog(new PrintStream(stalled, false, StandardCharsets.UTF_8),
                null, DaemonLog.Threshold.INFO, DaemonLog.Threshold.NONE, true);
        // A liveness guard, not a speed limit: a blocking log would hang here for ever.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 5_000; i++) {
                log.log(LogLevel.ERROR, "line " + i);
            }
        });
        release.countDown();
        log.close(); // the queued lines drain
        log.log(LogLevel.ERROR, "after");
        log.close();
        String text = sink.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("dinit: *** log message discarded due to full buffer ***")
                .contains("dinit: line 0\n").endsWith("dinit: after\n");
    }
}
