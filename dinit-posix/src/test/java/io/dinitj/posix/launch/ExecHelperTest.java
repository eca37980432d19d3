package io.dinitj.posix.launch;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.ChildProcess;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.posix.log.DaemonLog;
import io.dinitj.posix.loop.EventLoop;
import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import io.dinitj.posix.sys.Spawner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The helper's command line as built from service files, when a service needs the helper, and
 * how the platform reports a launch through it (asynchronously, from the status pipe). What the
 * helper applies is tested on real processes in ProcessContextIntegrationTest.
 */
class ExecHelperTest {

    @TempDir
    Path dir;

    private final ExecHelper helper = new ExecHelper(null, JnrPosix.get(),
            new DaemonLog(new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), null, DaemonLog.Threshold.NONE,
                    DaemonLog.Threshold.NONE, false), Path.of("/nonexistent/dinit-exec"));

    private ServiceDescription describe(String... lines) throws Exception {
        return TestServices.describe(dir, "svc", "type = process\ncommand = /bin/true\n"
                + String.join("\n", lines));
    }

    private List<String> args(String... lines) throws Exception {
        return helper.arguments(describe(lines), 5, false, "/bin/true", List.of("true", "x"));
    }

    /** Only services with a setting posix_spawn cannot apply go through the helper. */
    @Test
    void neededOnlyForProcessSettings() throws Exception {
        assertThat(ExecHelper.needed(describe())).isFalse();
        assertThat(ExecHelper.needed(describe("log-type = buffer", "working-dir = /"))).isFalse();
        for (String s : List.of("run-as = 65534", "rlimit-core = 0", "nice = 1",
                "ioprio = idle", "oom-score-adj = 1", "run-in-cgroup = /x",
                "capabilities = cap_kill", "securebits = noroot", "options = no-new-privs")) {
            assertThat(ExecHelper.needed(describe(s))).as(s).isTrue();
        }
    }

    /** Every setting, in the helper's syntax; the command follows "--". */
    @Test
    void everySetting() throws Exception {
        assertThat(args("rlimit-nofile = 64:128", "rlimit-core = :0", "rlimit-data = -",
                "rlimit-addrspace = 4096:", "nice = -3", "ioprio = realtime:2",
                "oom-score-adj = -500", "run-in-cgroup = /app/x", "run-as = 65534",
                "capabilities = ^cap_net_bind_service,!cap_sys_admin",
                "securebits = keep-caps noroot-locked", "options = no-new-privs"))
                .containsExactly("dinit-exec", "-S", "5", "-R", "7:64:128", "-R", "4:k:0",
                        "-R", "2:u:u", "-R", "9:4096:k", "-n", "-3", "-i", "8194", "-o", "-500",
                        "-c", "/sys/fs/cgroup/app/x/cgroup.procs", "-C", "-u", "65534",
                        "-I", "400", "-A", "400", "-B", "200000", "-s", "18", "-N", "--",
                        "/bin/true", "true", "x");
    }

    /** By name: initgroups with the user's primary group; I/O classes none, idle, best-effort. */
    @Test
    void runAsByNameAndIoClasses() throws Exception {
        assertThat(args("run-as = root")).containsSequence("-G", "root", "-g", "0", "-u", "0");
        assertThat(args("ioprio = none")).containsSequence("-i", "0");
        assertThat(args("ioprio = idle")).containsSequence("-i", "24576");
        assertThat(args("ioprio = best-effort:7")).containsSequence("-i", "16391");
        assertThat(helper.arguments(describe(), 3, true, "/bin/true", List.of("true")))
                .containsExactly("dinit-exec", "-S", "3", "-L", "--", "/bin/true", "true");
    }

    /**
     * Console: the holder takes the terminal's foreground (-F, and -U for unmask-intr), any
     * other console launch only makes its own process group (-P); first, before the settings.
     */
    @Test
    void consoleSteps() throws Exception {
        assertThat(helper.arguments(describe("options = runs-on-console", "nice = 1"), 3, false,
                ExecHelper.Console.FOREGROUND, "/bin/true", List.of("true")))
                .containsExactly("dinit-exec", "-S", "3", "-F", "-n", "1", "--", "/bin/true",
                        "true");
        assertThat(helper.arguments(describe("options = starts-on-console unmask-intr"), 3, false,
                ExecHelper.Console.FOREGROUND, "/bin/true", List.of("true")))
                .containsExactly("dinit-exec", "-S", "3", "-F", "-U", "--", "/bin/true", "true");
        assertThat(helper.arguments(describe("options = shares-console unmask-intr"), 3, false,
                ExecHelper.Console.GROUP, "/bin/true", List.of("true")))
                .containsExactly("dinit-exec", "-S", "3", "-P", "--", "/bin/true", "true");
    }

    /**
     * A relative cgroup is relative to the daemon's own cgroup, which is known only on a single
     * cgroup v2 hierarchy; otherwise the launch fails at "entering cgroup" with a reason.
     */
    @Test
    void relativeCgroup() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
        ServiceDescription d = describe("run-in-cgroup = sub/leaf");
        if (lines.size() == 1 && lines.get(0).startsWith("0::")) {
            String own = lines.get(0).substring(3);
            assertThat(helper.arguments(d, 3, false, "/bin/true", List.of("true")))
                    .contains("/sys/fs/cgroup" + (own.endsWith("/") ? own : own + "/")
                            + "sub/leaf/cgroup.procs");
        } else {
            assertThatThrownBy(() -> helper.arguments(d, 3, false, "/bin/true",
                    List.of("true")))
                    .isInstanceOfSatisfying(ExecHelper.SettingFailure.class, f -> {
                        assertThat(f.stage).isEqualTo(ExecStage.ENTER_CGROUP);
                        assertThat(f.errno).isEqualTo(Errno.ENOENT);
                    })
                    .hasMessage("cannot resolve relative run-in-cgroup path 'sub/leaf': dinit's"
                            + " own cgroup is unknown (not a single cgroup v2 hierarchy)");
        }
    }
    // ----- launching through the platform, with a real event loop and the real helper

    /** Launches in a fresh platform and runs the loop until the process is reaped. */
    private List<String> launch(ServiceDescription d, String... argv) {
        Posix n = JnrPosix.get();
        EventLoop loop = new EventLoop(n);
        List<String> events = new ArrayList<>();
        try {
            loop.startReaper();
            DaemonLog log = new DaemonLog(new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), null, DaemonLog.Threshold.NONE,
                    DaemonLog.Threshold.NONE, false);
            PosixPlatform platform = new PosixPlatform(loop, new Spawner(n), n,
                    new HashMap<>(System.getenv()), log);
            ServiceContext ctx = platform.contextFor(d, TestServices.capabilities(d));
            ChildProcess c = ctx.launch(CommandKind.START, List.of(argv),
                    TestServices.recorder(events, () -> { }));
            assertThat(c).as("the helper runs").isNotNull();
            // Nothing is known until the loop reads the status pipe.
            assertThat(events).isEmpty();
            long end = System.nanoTime() + 20_000_000_000L;
            ServiceContext.Timer[] poll = new ServiceContext.Timer[1];
            poll[0] = loop.newTimer(() -> {
                if (platform.childCount() == 0 || System.nanoTime() > end) {
                    loop.stop();
                } else {
                    poll[0].arm(5_000_000L);
                }
            });
            poll[0].arm(0);
            loop.run();
            assertThat(platform.childCount()).as("reaped").isZero();
            return events;
        } finally {
            loop.close();
        }
    }

    /** Success: the exec, then readiness, then the exit, in that order. */
    @Test
    void launchReportsExecThenReadinessThenExit() throws Exception {
        ServiceDescription d = describe("nice = 1", "ready-notification = pipefd:3");
        assertThat(launch(d, "/bin/sh", "-c", "echo ok >&3"))
                .containsExactly("exec", "ready", "exit 0");
    }

    /** A failure in the helper: the exec failure with its stage, and nothing after it. */
    @Test
    void launchReportsHelperFailureOnly() throws Exception {
        ServiceDescription d = describe("rlimit-nofile = 4294967296",
                "ready-notification = pipefd:3");
        assertThat(launch(d, "/bin/true"))
                .containsExactly("failed SET_RLIMITS " + Errno.EPERM);
    }
}
