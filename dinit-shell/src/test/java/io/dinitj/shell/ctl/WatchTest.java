package io.dinitj.shell.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.protocol.ServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watch table's pieces that need no daemon: rendering, durations, exits. */
class WatchTest {

    private static Watch.Row row(String name, ServiceStatus st, long startedAt, String exit) {
        Watch.Row r = new Watch.Row(name);
        r.status = st;
        r.startedAt = startedAt;
        r.lastExit = exit;
        return r;
    }

    @Test
    void render_showsStateTargetPidUptimeAndLastExit() {
        long now = 1_000_000;
        List<String> frame = Watch.render(List.of(
                row("web", new ServiceStatus(2, 2, 16 | 8, 0, 0, 4321, 0, 0, 0), now - 65_000,
                        "exit 1"),
                row("setup", new ServiceStatus(0, 0, 0, 6, 0, 1, 3, 0, 0), -1, "exit 3"),
                row("db", new ServiceStatus(1, 2, 0, 0, 0, 0, 0, 0, 0), -1, "-")),
                80, 24, now, false);
        assertThat(frame).containsExactly(
                "dinit watch: 3 services, 1 started, 1 failed    (q quits, r re-lists)",
                "SERVICE  STATE     TARGET   PID      UPTIME    LAST EXIT",
                "web      started   started  4321     1m05s     exit 1",
                "setup    failed    stopped  -        -         exit 3",
                "db       starting  started  -        -         -");
    }

    @Test
    void render_fitsTheScreen() {
        List<Watch.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(row("service-with-a-long-name-" + i,
                    new ServiceStatus(0, 0, 0, 0, 0, 0, 0, 0, 0), -1, "-"));
        }
        List<String> frame = Watch.render(rows, 40, 10, 0, false);
        assertThat(frame).hasSize(10);
        assertThat(frame.get(9)).isEqualTo("… 23 more");
        assertThat(frame).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
    }

    @Test
    void render_coloursOnlyTheStateWord() {
        List<String> frame = Watch.render(List.of(row("a",
                new ServiceStatus(2, 2, 0, 0, 0, 0, 0, 0, 0), 0, "-")), 80, 24, 0, true);
        assertThat(frame.get(2)).startsWith("a        \u001b[32mstarted\u001b[0m   started");
    }

    @Test
    void duration_isShortAndCoarse() {
        assertThat(Watch.duration(59_999)).isEqualTo("59s");
        assertThat(Watch.duration(245_000)).isEqualTo("4m05s");
        assertThat(Watch.duration(3 * 3600_000 + 7 * 60_000)).isEqualTo("3h07m");
        assertThat(Watch.duration(2 * 86400_000L + 4 * 3600_000)).isEqualTo("2d04h");
        assertThat(Watch.duration(-5)).isEqualTo("0s");
    }

    @Test
    void lastExit_readsTheStatusFields() {
        assertThat(Watch.lastExit(new ServiceStatus(0, 0, 0, 6, 0, 1, 2, 0, 0)))
                .isEqualTo("exit 2");
        assertThat(Watch.lastExit(new ServiceStatus(0, 0, 0, 6, 0, 2, 9, 0, 0)))
                .isEqualTo("signal 9 (KILL)");
        assertThat(Watch.lastExit(new ServiceStatus(0, 0, 0, 4, 3, 2, 0, 0, 0)))
                .isEqualTo("exec failed: No such file or directory");
        assertThat(Watch.lastExit(new ServiceStatus(2, 2, 16, 0, 0, 77, 0, 0, 0))).isNull();
        assertThat(Watch.lastExit(new ServiceStatus(0, 0, 0, 0, 0, 0, 0, 0, 0))).isNull();
    }

    @Test
    void processStart_ofThisProcess_isInThePast() {
        long start = Watch.processStart((int) ProcessHandle.current().pid());
        assertThat(start).isPositive().isLessThanOrEqualTo(System.currentTimeMillis());
        long jdk = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        assertThat(Math.abs(start - jdk)).isLessThan(1500);
        assertThat(Watch.processStart(Integer.MAX_VALUE)).isEqualTo(-1);
    }
}
