package io.dinitj.posix.log;

import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The syslog main log's datagrams, against a real datagram socket. */
class SyslogSinkTest {

    private final Posix posix = JnrPosix.get();

    @Test
    void keepsMessagesUntilConnectedThenSendsThemInOrderWithTheDropReported() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "djsl-");
        Path path = dir.resolve("log");
        SyslogSink sink = new SyslogSink(posix, path.toString());
        assertThat(sink.connect()).isNegative(); // nobody there yet: passed over
        String line = "<29>dinit: " + "x".repeat(88) + "\n"; // 100 bytes
        for (int i = 0; i < 45; i++) { // 4500 bytes: the last 5 do not fit in 4096
            sink.send(line);
        }
        int fd = posix.bindUnixDatagram(path.toString());
        try {
            assertThat(fd).isNotNegative();
            assertThat(sink.connect()).isZero();
            sink.send("<27>dinit: after\n");
            List<String> got = new ArrayList<>();
            byte[] buf = new byte[8192];
            int n;
            // The receive queue holds about ten datagrams: past that the socket says EAGAIN
            // and the rest stays pending until the next flush (the log's writer retries).
            for (int round = 0; round < 100 && got.size() < 42; round++) {
                while ((n = posix.read(fd, buf, 0, buf.length)) > 0) {
                    got.add(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
                sink.flush();
            }
            assertThat(got).hasSize(1 + 40 + 1);
            assertThat(sink.hasPending()).isFalse();
            assertThat(got.get(0)).isEqualTo(DaemonLog.DISCARDED_LINE);
            assertThat(got.subList(1, 41)).allMatch(line::equals);
            assertThat(got.get(41)).isEqualTo("<27>dinit: after\n");
            // the receiver goes away: sending fails quietly and the sink lets go of the socket
            posix.close(fd);
            fd = -1;
            sink.send("<29>dinit: lost?\n");
            assertThat(sink.isConnected()).isFalse();
            assertThat(sink.hasPending()).isTrue(); // kept for a later connection
        } finally {
            if (fd >= 0) {
                posix.close(fd);
            }
            sink.close();
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    @Test
    void priorityIsLogDaemonPlusSeverity() {
        assertThat(DaemonLog.syslogPriority(io.dinitj.api.spi.ServiceContext.LogLevel.ERROR))
                .isEqualTo(27);
        assertThat(DaemonLog.syslogPriority(io.dinitj.api.spi.ServiceContext.LogLevel.WARN))
                .isEqualTo(28);
        assertThat(DaemonLog.syslogPriority(io.dinitj.api.spi.ServiceContext.LogLevel.INFO))
                .isEqualTo(29);
        assertThat(DaemonLog.syslogPriority(io.dinitj.api.spi.ServiceContext.LogLevel.DEBUG))
                .isEqualTo(31);
    }
}
