package io.dinitj.api.spi;

import io.dinitj.api.description.LogSettings;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.RestartSettings;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.Signal;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.FakePlatform.FakeProcess;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakePlatformTest {

    private final FakePlatform platform = new FakePlatform();
    private final List<String> fired = new ArrayList<>();

    /** Time moves only on advance; timers fire at their deadlines, in order. */
    @Test
    void timersFireInDeadlineOrder() {
        ServiceContext.Timer late =
                platform.newTimer(() -> fired.add("late@" + platform.nanoTime()));
        ServiceContext.Timer early =
                platform.newTimer(() -> fired.add("early@" + platform.nanoTime()));
        late.arm(300);
        early.arm(100);
        assertThat(platform.nextDeadline()).isEqualTo(100);
        assertThat(platform.advance(99)).isZero();
        assertThat(platform.advance(1000)).isEqualTo(2);
        assertThat(fired).containsExactly("early@100", "late@300");
        assertThat(platform.nanoTime()).isEqualTo(1099);
        assertThat(late.isArmed()).isFalse();
    }

    /** Timers due at the same time fire in the order they were armed; re-arming moves them. */
    /** A stall moves the clock without firing; what fell due fires late, at the next advance. */
    @Test
    void stall_firesOverdueTimersLate() {
        ServiceContext.Timer t = platform.newTimer(() -> fired.add("t@" + platform.nanoTime()));
        t.arm(100);
        platform.stall(350);
        assertThat(fired).isEmpty();
        assertThat(platform.advance(0)).isEqualTo(1);
        assertThat(fired).containsExactly("t@350");
        assertThat(platform.nanoTime()).isEqualTo(350);
        assertThatThrownBy(() -> platform.stall(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameDeadline_firesInArmingOrder_andReArmMoves() {
        ServiceContext.Timer a = platform.newTimer(() -> fired.add("a"));
        ServiceContext.Timer b = platform.newTimer(() -> fired.add("b"));
        ServiceContext.Timer c = platform.newTimer(() -> fired.add("c"));
        b.arm(50);
        a.arm(50);
        c.arm(10);
        c.arm(50);
        platform.advance(50);
        assertThat(fired).containsExactly("b", "a", "c");
    }

    /** A cancelled timer does not fire; one armed by another's action fires if due in time. */
    @Test
    void cancelAndChainedTimers() {
        ServiceContext.Timer second = platform.newTimer(() -> fired.add("second"));
        ServiceContext.Timer first = platform.newTimer(() -> {
            fired.add("first");
            second.arm(10);
        });
        ServiceContext.Timer never = platform.newTimer(() -> fired.add("never"));
        first.arm(5);
        never.arm(7);
        never.cancel();
        assertThat(platform.advance(20)).isEqualTo(2);
        assertThat(fired).containsExactly("first", "second");
        assertThat(platform.nextDeadline()).isEqualTo(-1);
    }

    /** The log is captured for assertions. */
    @Test
    void logIsCaptured() {
        platform.log(ServiceContext.LogLevel.WARN, "careful");
        assertThat(platform.log()).containsExactly(
                new FakePlatform.LogLine(ServiceContext.LogLevel.WARN, "careful"));
    }

    private final List<String> heard = new ArrayList<>();

    /** A listener that writes what it hears into {@link #heard}. */
    private final ProcessListener listener = new ProcessListener() {
        @Override
        public void execSucceeded() {
            heard.add("exec");
        }

        @Override
        public void execFailed(ExecStage stage, int errno) {
            heard.add("execfailed " + stage + " " + errno);
        }

        @Override
        public void ready() {
            heard.add("ready");
        }

        @Override
        public void readinessFailed() {
            heard.add("eof");
        }

        @Override
        public void exited(int waitStatus) {
            heard.add("exited " + waitStatus);
        }
    };

    private static ServiceDescription service(String name) {
        return new ServiceDescription(name, "process", ProcessSettings.DEFAULT,
                RestartSettings.DEFAULT, LogSettings.DEFAULT, SocketSettings.DEFAULT, List.of(),
                Set.of(), Set.of(), ServiceEnvironment.NONE, null, null, null, null,
                new ServiceDescription.Source("/sd/" + name, "/sd", null));
    }

    /** A launch reports exec success from within, hands out pids from 1000, and is findable. */
    @Test
    void launch_succeedsSynchronously_andIsRecorded() {
        ServiceContext ctx = platform.contextFor(service("web"));
        ChildProcess first = ctx.launch(CommandKind.START, List.of("/bin/web", "-x"), listener);
        ChildProcess stop = ctx.launch(CommandKind.STOP, List.of("/bin/webstop"), listener);
        assertThat(heard).containsExactly("exec", "exec");
        assertThat(first.pid()).isEqualTo(FakePlatform.FIRST_PID);
        assertThat(stop.pid()).isEqualTo(FakePlatform.FIRST_PID + 1);
        FakeProcess p = platform.latest("web");
        assertThat(p).isSameAs(first);
        assertThat(p.argv()).containsExactly("/bin/web", "-x");
        assertThat(p.kind()).isEqualTo(CommandKind.START);
        assertThat(p.service()).isEqualTo("web");
        assertThat(platform.latest("web", CommandKind.STOP)).isSameAs(stop);
        assertThat(platform.running()).containsExactly(p, (FakeProcess) stop);
        assertThat(ctx.processExists(p.pid())).isTrue();
    }

    /** A scripted exec failure is reported from within launch, which returns null. */
    @Test
    void failExec_reportsFailure_andReturnsNull() {
        platform.failExec("/nope", ExecStage.DO_EXEC, 2);
        ServiceContext ctx = platform.contextFor(service("web"));
        assertThat(ctx.launch(CommandKind.START, List.of("/nope"), listener)).isNull();
        assertThat(heard).containsExactly("execfailed DO_EXEC 2");
        assertThat(platform.processes()).isEmpty();
    }

    /** exit, ready and closeReadiness reach the listener at once; a second exit is a test bug. */
    @Test
    void processEvents_reachTheListener() {
        FakeProcess p = (FakeProcess) platform.launch(CommandKind.START, List.of("/a"), listener);
        p.ready();
        p.closeReadiness();
        p.exit(WaitStatus.exited(3));
        assertThat(heard).containsExactly("exec", "ready", "eof", "exited 768");
        assertThat(p.isRunning()).isFalse();
        assertThat(p.exitStatus()).isEqualTo(WaitStatus.exited(3));
        assertThatThrownBy(() -> p.exit(0)).isInstanceOf(IllegalStateException.class);
    }

    /** A lethal signal ends the process on the next advance; others are only recorded. */
    @Test
    void signals_killOnTheNextAdvance() {
        FakeProcess p = (FakeProcess) platform.launch(CommandKind.START, List.of("/a"), listener);
        p.signal(Signal.NONE);
        p.signal(Signal.CONT);
        p.signal(Signal.TERM);
        assertThat(p.isRunning()).isTrue();
        platform.advance(0);
        assertThat(p.isRunning()).isFalse();
        assertThat(p.signals()).containsExactly(Signal.CONT, Signal.TERM);
        assertThat(heard).containsExactly("exec", "exited " + WaitStatus.signalled(15));
    }

    /** An ignored signal is recorded but harmless; KILL cannot be ignored. */
    @Test
    void ignoredSignal_isSurvived_butKillIsNot() {
        platform.ignore("/stubborn", Signal.TERM);
        assertThatThrownBy(() -> platform.ignore("/stubborn", Signal.KILL))
                .isInstanceOf(IllegalArgumentException.class);
        FakeProcess p =
                (FakeProcess) platform.launch(CommandKind.START, List.of("/stubborn"), listener);
        p.signal(Signal.TERM);
        platform.advance(1_000);
        assertThat(p.isRunning()).isTrue();
        p.signal(Signal.KILL);
        platform.advance(0);
        assertThat(heard).containsExactly("exec", "exited " + WaitStatus.signalled(9));
    }

    /** exitAfter and readyAfter scripts act at their times after each launch. */
    @Test
    void scripts_exitAndReadyAfterLaunch() {
        platform.exitAfter("/short", 500, WaitStatus.exited(1));
        platform.readyAfter("/short", 100);
        platform.advance(1_000);
        FakeProcess p = (FakeProcess) platform.launch(CommandKind.START, List.of("/short"), listener);
        assertThat(p.launchedAt()).isEqualTo(1_000);
        platform.advance(99);
        assertThat(heard).containsExactly("exec");
        platform.advance(1);
        assertThat(heard).containsExactly("exec", "ready");
        platform.advance(400);
        assertThat(heard).containsExactly("exec", "ready", "exited 256");
        assertThat(platform.running()).isEmpty();
    }

    /** Pid files back readPidFile; -2 (minus ENOENT) when absent. */
    @Test
    void pidFiles() {
        assertThat(platform.readPidFile("/run/d.pid")).isEqualTo(-2);
        platform.writePidFile("/run/d.pid", 4242);
        assertThat(platform.readPidFile("/run/d.pid")).isEqualTo(4242);
        platform.removePidFile("/run/d.pid");
        assertThat(platform.readPidFile("/run/d.pid")).isEqualTo(-2);
    }

    /** A spawned daemon can be adopted once; its later exit reaches the adopter. */
    @Test
    void daemon_isAdoptedAndWatched() {
        ServiceContext ctx = platform.contextFor(service("bg"));
        FakeProcess d = platform.spawnDaemon("/daemon");
        assertThat(ctx.adopt(d.pid(), listener)).isSameAs(d);
        assertThat(ctx.adopt(d.pid(), listener)).isNull();
        assertThat(d.service()).isEqualTo("bg");
        d.exit(WaitStatus.exited(0));
        assertThat(heard).containsExactly("exited 0");
    }

    /** A daemon that died before adoption is reported to the adopter on the next advance. */
    @Test
    void deadDaemon_isReportedAfterAdoption() {
        FakeProcess d = platform.spawnDaemon("/daemon");
        d.exit(WaitStatus.exited(4));
        assertThat(platform.adopt(d.pid(), listener)).isSameAs(d);
        assertThat(heard).isEmpty();
        platform.advance(0);
        assertThat(heard).containsExactly("exited 1024");
    }

    /** A foreign pid exists but cannot be adopted; signals to pids are recorded. */
    @Test
    void foreignPid_existsButIsNotAdoptable() {
        int pid = platform.spawnForeign();
        assertThat(platform.adopt(pid, listener)).isNull();
        assertThat(platform.processExists(pid)).isTrue();
        assertThat(platform.signal(pid, Signal.TERM)).isZero();
        assertThat(platform.sentSignals())
                .containsExactly(new FakePlatform.SentSignal(pid, Signal.TERM));
        platform.endForeign(pid);
        assertThat(platform.processExists(pid)).isFalse();
        assertThat(platform.processExists(99_999)).isFalse();
    }

    /** The after-event hook runs once per outermost event, never from within a launch. */
    @Test
    void afterEachEvent_runsAtTheTopOfEachEvent() {
        platform.afterEachEvent(() -> heard.add("hook"));
        FakeProcess p = (FakeProcess) platform.launch(CommandKind.START, List.of("/a"), listener);
        assertThat(heard).containsExactly("exec");
        p.ready();
        p.signal(Signal.TERM);
        platform.advance(0);
        FakeProcess q = (FakeProcess) platform.launch(CommandKind.START, List.of("/b"), listener);
        q.exit(0);
        assertThat(heard).containsExactly("exec", "ready", "hook", "exited 15", "hook", "exec",
                "exited 0", "hook");
    }
}
