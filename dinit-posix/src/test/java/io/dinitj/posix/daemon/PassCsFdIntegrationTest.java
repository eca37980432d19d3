package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.ControlSocketIntegrationTest.fdCount;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code options = pass-cs-fd} on the real daemon (docs/control-protocol.md §2): the service
 * process gets one end of a socketpair, named in {@code DINIT_CS_FD}, and the daemon serves the
 * other end as an ordinary control connection, closed when the process side is. Compared with
 * upstream, whose {@code dinitctl --use-passed-cfd} works the same way against both daemons.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PassCsFdIntegrationTest {

    @Test
    void aServiceSpeaksTheProtocolOnThePassedConnection() throws Exception {
        try (DaemonHarness d = new DaemonHarness("pass-cs-fd")) {
            Path log = d.dir.resolve("client.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            d.service("anchor", "type = internal");
            d.service("other", "type = internal");
            d.service("client", "type = scripted",
                    "command = " + java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "
                    + System.getProperty("java.class.path") + " "
                    + PassedConnectionClient.class.getName() + " other",
                    "options = pass-cs-fd", "logfile = " + log);
            d.start("anchor");
            d.awaitLine("[  OK  ] anchor");
            d.await(() -> fdCount(d) >= 0, "fd listing");
            int baseline = fdCount(d);
            assertThat(Ctl.ctl(d, "start", "client").status()).isZero();
            d.awaitLine("[  OK  ] client");
            d.awaitLine("[  OK  ] other"); // started by the client's request
            String out = Files.readString(log);
            assertThat(out).contains("fd=3\n", "version 3a01000700\n", "start sent\n");
            assertThat(out).containsPattern("load 3b00[0-9a-f]{8}00\n");
            // the client has exited: its connection is closed, nothing is left open
            d.await(() -> fdCount(d) == baseline, "fd count back to " + baseline);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void theDescriptorSkipsTheActivationSocketAndReadinessPipeAndJunkHarmsNothing()
            throws Exception {
        try (DaemonHarness d = new DaemonHarness("pass-cs-fd-fds")) {
            Path log = d.dir.resolve("proc.log");
            Path script = d.dir.resolve("proc.sh");
            // reports its fds, signals readiness, then writes junk on the control connection
            Files.writeString(script, "#!/bin/sh\n"
                    + "echo \"cs=$DINIT_CS_FD ready=$READY listen=$LISTEN_FDS\"\n"
                    + "[ -S /proc/self/fd/$DINIT_CS_FD ] || readlink /proc/self/fd/$DINIT_CS_FD"
                    + " | grep -q '^socket:' && echo cs-is-a-socket\n"
                    + "echo ready >&$READY\n"
                    + "printf '\\377\\377\\377\\377' >&$DINIT_CS_FD\n"
                    + "exec sleep 60\n");
            d.service("anchor", "type = internal");
            d.service("proc", "type = process", "command = /bin/sh " + script,
                    "options = pass-cs-fd", "logfile = " + log,
                    "socket-listen = " + d.dir.resolve("act.sock"),
                    "ready-notification = pipevar:READY");
            d.start("anchor", "proc");
            d.awaitLine("[  OK  ] proc");
            d.await(() -> read(log).contains("cs-is-a-socket"), "the process's report");
            assertThat(read(log)).startsWith("cs=5 ready=4 listen=1\n");
            // the junk ended that connection, not the daemon
            assertThat(Ctl.ctl(d, "stop", "proc").status()).isZero();
            d.awaitLine("[STOPPD] proc");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
