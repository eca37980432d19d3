package io.dinitj.posix.launch;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import io.dinitj.api.spi.TypeCapability;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.dinitj.posix.launch.TestServices.describe;
import static org.assertj.core.api.Assertions.assertThat;

/** A launch is planned from the description and the request alone: no descriptor, no process. */
class LaunchPlanTest {

    private static final Map<String, String> GLOBAL = Map.of("PATH", "/usr/bin:/bin");
    private static final List<String> ARGV = List.of("/bin/true");

    @TempDir
    Path dir;

    private LaunchPlan plan(ServiceDescription d, CommandKind kind, boolean activation) {
        return LaunchPlan.of(d, TestServices.capabilities(d), kind, ARGV, GLOBAL,
                ExecHelper.Console.NONE, activation);
    }

    /** A plain process: /dev/null output, the description's directory, a session, no helper. */
    @Test
    void plainProcess_startsInItsOwnSessionWithNothingExtra() throws Exception {
        LaunchPlan p = plan(describe(dir, "s", "type = process", "command = /bin/true"),
                CommandKind.START, false);
        assertThat(p.refusal()).isNull();
        assertThat(p.output()).isEqualTo(LaunchPlan.Output.NULL);
        assertThat(p.workingDir()).isEqualTo(dir);
        assertThat(p.newSession()).isTrue();
        assertThat(p.viaHelper()).isFalse();
        assertThat(p.groupSignals()).isTrue();
        assertThat(p.activationTarget()).isEqualTo(-1);
        assertThat(p.readyTarget()).isEqualTo(-1);
        assertThat(p.controlTarget()).isEqualTo(-1);
        assertThat(p.envList()).contains("PATH=/usr/bin:/bin");
    }

    /** A log file is resolved against the working directory; a stop command logs only there. */
    @Test
    void logFile_resolvedInTheWorkingDir_andUsedByStopCommandsToo() throws Exception {
        ServiceDescription d = describe(dir, "s", "type = process", "command = /bin/true",
                "working-dir = " + dir.resolve("w"), "logfile = out.log");
        LaunchPlan p = plan(d, CommandKind.START, false);
        assertThat(p.output()).isEqualTo(LaunchPlan.Output.FILE);
        assertThat(p.logFile()).isEqualTo(dir.resolve("w").resolve("out.log"));
        assertThat(plan(d, CommandKind.STOP, false).output()).isEqualTo(LaunchPlan.Output.FILE);
    }

    /** Buffer output is for the start command only (of a non-scripted service). */
    @Test
    void bufferOutput_onlyForTheStartCommand() throws Exception {
        ServiceDescription d = describe(dir, "s", "type = process", "command = /bin/true",
                "stop-command = /bin/true", "log-type = buffer");
        assertThat(plan(d, CommandKind.START, false).output())
                .isEqualTo(LaunchPlan.Output.BUFFER);
        assertThat(plan(d, CommandKind.STOP, false).output()).isEqualTo(LaunchPlan.Output.NULL);
    }

    /**
     * A scripted service's stop command logs per log-type, because its type declares
     * STOP_COMMAND_LOGGED; the same description without the capability logs nowhere.
     */
    @Test
    void stopCommandLogged_followsTheCapability() throws Exception {
        ServiceDescription d = describe(dir, "s", "type = scripted", "command = /bin/true",
                "stop-command = /bin/true", "log-type = buffer");
        assertThat(plan(d, CommandKind.STOP, false).output())
                .isEqualTo(LaunchPlan.Output.BUFFER);
        assertThat(LaunchPlan.of(d, Set.of(TypeCapability.RUNS_COMMAND), CommandKind.STOP, ARGV,
                GLOBAL, ExecHelper.Console.NONE, false).output())
                .isEqualTo(LaunchPlan.Output.NULL);
    }

    /** Socket activation: fd 3, LISTEN_FDS=1, through the helper; pipevar then takes fd 4. */
    @Test
    void activationSocket_takesFd3_andPushesTheReadinessPipeUp() throws Exception {
        ServiceDescription d = describe(dir, "s", "type = process", "command = /bin/true",
                "socket-listen = " + dir.resolve("sock"), "ready-notification = pipevar:READY",
                "options = pass-cs-fd");
        LaunchPlan p = plan(d, CommandKind.START, true);
        assertThat(p.refusal()).isNull();
        assertThat(p.activationTarget()).isEqualTo(3);
        assertThat(p.readyTarget()).isEqualTo(4);
        assertThat(p.controlTarget()).isEqualTo(5);
        assertThat(p.viaHelper()).isTrue();
        assertThat(p.env()).containsEntry("LISTEN_FDS", "1").containsEntry("READY", "4")
                .containsEntry("DINIT_CS_FD", "5");
    }

    /** pipefd:3 next to an activation socket cannot be: the plan is refused with EINVAL. */
    @Test
    void readinessOnFd3_besideAnActivationSocket_isRefused() throws Exception {
        ServiceDescription d = describe(dir, "s", "type = process", "command = /bin/true",
                "socket-listen = " + dir.resolve("sock"), "ready-notification = pipefd:3");
        LaunchPlan.Refusal r = plan(d, CommandKind.START, true).refusal();
        assertThat(r).isNotNull();
        assertThat(r.stage()).isEqualTo(ExecStage.ARRANGE_FDS);
        assertThat(r.errno()).isEqualTo(Errno.EINVAL);
        assertThat(r.message()).contains("collides with the activation socket");
    }

    /** The control connection takes the lowest free number from 3. */
    @Test
    void passCsFd_takesTheLowestFreeNumber() throws Exception {
        ServiceDescription d = describe(dir, "s", "type = process", "command = /bin/true",
                "ready-notification = pipefd:3", "options = pass-cs-fd");
        LaunchPlan p = plan(d, CommandKind.START, false);
        assertThat(p.readyTarget()).isEqualTo(3);
        assertThat(p.controlTarget()).isEqualTo(4);
        assertThat(p.env()).containsEntry("DINIT_CS_FD", "4");
    }

    /** A stop command gets no readiness pipe and no control connection. */
    @Test
    void stopCommand_getsNoReadinessPipeOrControlConnection() throws Exception {
        ServiceDescription d = describe(dir, "s", "type = process", "command = /bin/true",
                "stop-command = /bin/true", "ready-notification = pipefd:3",
                "options = pass-cs-fd signal-process-only");
        LaunchPlan p = plan(d, CommandKind.STOP, false);
        assertThat(p.readyTarget()).isEqualTo(-1);
        assertThat(p.controlTarget()).isEqualTo(-1);
        assertThat(p.env()).doesNotContainKey("DINIT_CS_FD");
        assertThat(p.groupSignals()).isFalse();
    }

    /** On the console: the console's descriptors, no session of its own, through the helper. */
    @Test
    void consoleStart_usesTheConsoleThroughTheHelper() throws Exception {
        ServiceDescription d = describe(dir, "s", "type = process", "command = /bin/true",
                "log-type = buffer");
        LaunchPlan p = LaunchPlan.of(d, TestServices.capabilities(d), CommandKind.START, ARGV,
                GLOBAL,
                ExecHelper.Console.values()[1], false);
        assertThat(p.output()).isEqualTo(LaunchPlan.Output.CONSOLE);
        assertThat(p.newSession()).isFalse();
        assertThat(p.viaHelper()).isTrue();
        assertThat(p.inputFrom()).isNull();
    }
}
