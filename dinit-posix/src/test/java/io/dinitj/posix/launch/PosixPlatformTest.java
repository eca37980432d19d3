package io.dinitj.posix.launch;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.core.log.LogBuffer;
import io.dinitj.posix.log.DaemonLog;
import io.dinitj.posix.loop.EventLoop;
import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import io.dinitj.posix.sys.Spawner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform's launching in-process, with a real event loop: output buffers and readiness. */
class PosixPlatformTest {

    @TempDir
    Path dir;

    private EventLoop loop;
    private PosixPlatform platform;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Posix n = JnrPosix.get();
        loop = new EventLoop(n);
        loop.startReaper();
        DaemonLog log = new DaemonLog(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), null, DaemonLog.Threshold.NONE,
                DaemonLog.Threshold.NONE, false);
        platform = new PosixPlatform(loop, new Spawner(n), n, new HashMap<>(System.getenv()),
                log);
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private ServiceDescription describe(String name, String... lines) throws Exception {
        return TestServices.describe(dir, name, lines);
    }

    /** Launches and runs the loop until the process exited; returns the events seen. */
    private List<String> runToExit(ServiceContext ctx, String... argv) {
        events.clear();
        ctx.launch(CommandKind.START, List.of(argv), TestServices.recorder(events, loop::stop));
        if (!events.contains("exit 0") && events.stream().noneMatch(e -> e.startsWith("failed"))) {
            loop.run();
        }
        return new ArrayList<>(events);
    }

    private static String text(LogBuffer b) {
        byte[] out = new byte[b.capacity()];
        return new String(out, 0, b.copyTo(out, 0), StandardCharsets.UTF_8);
    }

    /** E44: the buffer keeps the first bytes, and notes a relaunch only if the note fits. */
    @Test
    void e44_bufferKeepsFirstBytesAndNotesRestarts() throws Exception {
        ServiceDescription d = describe("talker", "type = process", "command = /bin/true",
                "log-type = buffer", "log-buffer-size = 64");
        ServiceContext ctx = platform.contextFor(d, TestServices.capabilities(d));
        assertThat(runToExit(ctx, "/bin/sh", "-c", "echo hello")).containsExactly("exec",
                "exit 0");
        // The pipe is drained as the loop turns; give it a turn after the exit.
        loop.newTimer(loop::stop).arm(50_000_000L);
        loop.run();
        assertThat(text(platform.buffer("talker"))).isEqualTo("hello\n");
        runToExit(ctx, "/bin/sh", "-c", "echo again");
        loop.newTimer(loop::stop).arm(50_000_000L);
        loop.run();
        assertThat(text(platform.buffer("talker")))
                .isEqualTo("hello\n(dinit: note: service restarted)\nagain\n");

        ServiceDescription small = describe("small", "type = process", "command = /bin/true",
                "log-type = buffer", "log-buffer-size = 16");
        ServiceContext s = platform.contextFor(small, TestServices.capabilities(small));
        runToExit(s, "/bin/sh", "-c", "printf '%0100d' 0");
        loop.newTimer(loop::stop).arm(50_000_000L);
        loop.run();
        assertThat(text(platform.buffer("small"))).isEqualTo("0000000000000000");
    }

    /** Readiness: data on the pipe means ready; EOF before data means not. */
    @Test
    void readinessPipe() throws Exception {
        ServiceDescription d = describe("ready", "type = process", "command = /bin/true",
                "ready-notification = pipefd:3");
        ServiceContext ctx = platform.contextFor(d, TestServices.capabilities(d));
        assertThat(runToExit(ctx, "/bin/sh", "-c", "echo ok >&3"))
                .containsExactly("exec", "ready", "exit 0");
        assertThat(runToExit(ctx, "/bin/sh", "-c", "exec 3>&-; sleep 0.1"))
                .containsExactly("exec", "not ready", "exit 0");
    }

    /** A missing program is an exec failure at "executing command" with ENOENT. */
    @Test
    void missingProgram() throws Exception {
        ServiceDescription d = describe("gone", "type = process", "command = /bin/true");
        assertThat(runToExit(platform.contextFor(d, TestServices.capabilities(d)),
                "no-such-program-here"))
                .containsExactly("failed DO_EXEC 2");
    }
}
