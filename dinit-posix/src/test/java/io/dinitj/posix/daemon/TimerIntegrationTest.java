package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The timer type in the real daemon: {@code timer.every = 1} starts a real one-shot process
 * about once a second, and {@code dinitctl status} shows the timer's detail lines. Times are
 * checked in a wide window (the machine may be busy), never exactly.
 */
class TimerIntegrationTest {

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Test
    void timerRunsItsServiceAboutOnceASecond_andStatusShowsDetail() throws Exception {
        try (DaemonHarness d = new DaemonHarness("timer")) {
            Path ticks = d.dir.resolve("ticks");
            d.service("tick", "type = process", "restart = no",
                    "command = /bin/sh -c \"echo x >> " + ticks + "\"");
            d.service("timer", "type = timer", "timer.service = tick", "timer.every = 1");
            // spare keeps the daemon running once the timer stops (a user daemon exits when
            // nothing is active).
            d.service("spare", "type = internal");
            d.start("timer", "spare");
            d.awaitLine("[  OK  ] timer");
            long started = System.nanoTime();
            d.await(() -> {
                try {
                    return lines(ticks) >= 3;
                } catch (IOException e) {
                    return false;
                }
            }, "three runs of tick");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(seconds).as("seconds until the third run").isBetween(2.5, 4.5);
            Ctl status = ctl(d, "status", "timer");
            assertThat(status.status()).isZero();
            assertThat(status.out()).startsWith("Service: timer\n")
                    .contains("    State: STARTED\n", "    Starts: tick\n",
                            "    Every: 1.0 s\n", "    Missed runs: 0\n")
                    .containsPattern("    Next run: in [01]\\.\\d s\n")
                    .containsPattern("    Runs: [3-5]\n")
                    .containsPattern("    Last run: [01]\\.\\d s ago\n");
            Ctl json = ctl(d, "--json", "status", "timer");
            assertThat(json.out()).contains("\"detail\":{\"starts\":\"tick\",\"every\":\"1.0 s\","
                    + "\"next-run\":\"in ");
            assertThat(ctl(d, "stop", "timer").status()).isZero();
            assertThat(ctl(d, "status", "timer").out())
                    .contains("    Next run: none (timer stopped)\n");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }
}
