package io.dinitj.posix.log;

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
        // An urgent report (a cut engine pass) takes the oldest queued line's place.
        log.logUrgent(LogLevel.ERROR, "urgent");
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
                .contains("dinit: line 0\n").contains("dinit: urgent\n")
                .endsWith("dinit: after\n");
    }

    /**
     * While a service holds the console, console lines are kept back and the main log goes on;
     * on resume they follow in order, unless the console was away for a second or more.
     */
    @Test
    void consoleLinesAreKeptBackWhileAServiceHoldsTheConsole() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream main = new ByteArrayOutputStream();
        DaemonLog log = new DaemonLog(new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(main, false, StandardCharsets.UTF_8), DaemonLog.Threshold.WARN,
                DaemonLog.Threshold.INFO, true);
        long[] now = {0};
        log.clock(() -> now[0]);
        log.status(LogLevel.INFO, "[  OK  ] before", "service before started.");
        log.holdConsole();
        assertThat(log.consoleHeld()).isTrue();
        log.status(LogLevel.INFO, "[  OK  ] during", "service during started.");
        log.log(LogLevel.ERROR, "an error");
        log.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[  OK  ] before\n");
        assertThat(main.toString(StandardCharsets.UTF_8)).isEqualTo(
                "dinit: service before started.\ndinit: service during started.\n"
                        + "dinit: an error\n");
        now[0] = 999_000_000L;
        log.resumeConsole();
        assertThat(log.consoleHeld()).isFalse();
        log.status(LogLevel.INFO, "[  OK  ] after", "service after started.");
        log.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "[  OK  ] before\n[  OK  ] during\ndinit: an error\n[  OK  ] after\n");

        out.reset();
        log.holdConsole();
        log.status(LogLevel.INFO, "[FAILED] stale", "service stale failed to start.");
        now[0] += 1_000_000_000L;
        log.resumeConsole();
        log.status(LogLevel.INFO, "[STOPPD] fresh", "service fresh stopped.");
        log.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[STOPPD] fresh\n");
    }
}
