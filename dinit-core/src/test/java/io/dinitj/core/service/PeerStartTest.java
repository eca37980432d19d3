package io.dinitj.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.spi.ServiceHandle.PeerStart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's side of {@code ServiceHandle.peerState} and {@code startPeer}, driven by the real
 * timer plugin and directly through a record's handle: a peer starts as {@code dinitctl start}
 * would start it, is loaded on demand when not loaded, and is refused (logged, naming both) from
 * within the engine's own work, when pinned stopped, and during shutdown.
 */
class PeerStartTest {

    private static final long SECOND = Engine.SECOND;

    @TempDir
    Path dir;

    private static ServiceDescription timer(String name, String target, long every) {
        return TestSets.timer(name, target, every);
    }

    private Engine engine() {
        Engine e = new Engine(dir);
        e.file("tick", "type = internal");
        return e;
    }

    /** A timer starts its (file-loaded, not yet loaded) target each period, explicitly. */
    @Test
    void timer_loadsAndStartsTarget_eachPeriod() {
        Engine e = engine();
        e.graph().install(List.of(timer("clock", "tick", SECOND)));
        e.set().start(e.rec("clock"), false);
        assertThat(e.set().find("tick")).isNull();
        e.advance(SECOND);
        e.expect("tick STARTED", "clock STARTED");
        assertThat(e.rec("tick").isExplicit()).isTrue();
        e.stop("tick");
        e.advance(SECOND);
        e.expect("tick STARTED");
        assertThat(e.eventsOf("tick")).containsExactly("STARTED", "STOPPED", "STARTED");
    }

    /** A target that is still started at the next due time is not started again. */
    @Test
    void timer_targetStillStarted_isLeftAlone() {
        Engine e = engine();
        e.graph().install(List.of(timer("clock", "tick", SECOND)));
        e.set().start(e.rec("clock"), false);
        e.advance(3 * SECOND);
        assertThat(e.eventsOf("tick")).containsExactly("STARTED");
        assertThat(e.fake.messages()).contains("clock: run of tick missed: it is still started");
    }

    /** peerState: the state of a loaded service, null for one not loaded or a placeholder. */
    @Test
    void peerState() {
        Engine e = engine();
        ServiceRecord tick = e.load("tick");
        e.graph().install(List.of(timer("clock", "tick", SECOND)));
        ServiceRecord clock = e.rec("clock");
        assertThat(clock.handle.peerState("tick")).isEqualTo(ServiceState.STOPPED);
        e.set().start(tick, false);
        assertThat(clock.handle.peerState("tick")).isEqualTo(ServiceState.STARTED);
        assertThat(clock.handle.peerState("nothing")).isNull();
        e.set().findOrCreate("placeholder");
        assertThat(clock.handle.peerState("placeholder")).isNull();
    }

    /** What startPeer answers: started, already active, not loaded (logged naming both). */
    @Test
    void startPeer_answers() {
        Engine e = engine();
        e.graph().install(List.of(timer("clock", "tick", SECOND)));
        ServiceRecord clock = e.rec("clock");
        assertThat(clock.handle.startPeer("tick")).isEqualTo(PeerStart.STARTED);
        e.expect("tick STARTED");
        assertThat(clock.handle.startPeer("tick")).isEqualTo(PeerStart.ALREADY_ACTIVE);
        assertThat(clock.handle.startPeer("ghost")).isEqualTo(PeerStart.NOT_LOADED);
        assertThat(e.events).anyMatch(ev -> ev.startsWith(
                "clock problem: Couldn't start service ghost: couldn't load ghost: "));
        assertThat(e.set().find("ghost")).isNull();
    }

    /** A service pinned stopped is refused, and so is everything during shutdown. */
    @Test
    void startPeer_pinnedStopped_andShutdown() {
        Engine e = engine();
        ServiceRecord tick = e.load("tick");
        e.graph().install(List.of(timer("clock", "tick", SECOND)));
        ServiceRecord clock = e.rec("clock");
        e.set().stop(tick, true);
        assertThat(clock.handle.startPeer("tick")).isEqualTo(PeerStart.REFUSED);
        assertThat(e.events).contains(
                "clock problem: start of service tick refused: it is pinned stopped");
        e.expect("tick STOPPED");
        e.set().unpin(tick);
        e.set().stopAll(ShutdownType.HALT);
        assertThat(clock.handle.startPeer("tick")).isEqualTo(PeerStart.SHUTTING_DOWN);
        e.expect("tick STOPPED");
    }

    /**
     * Called from within the engine's work (here a listener, during queue processing), it is
     * refused and logged; the queues carry on and the command that was running completes.
     */
    @Test
    void startPeer_fromWithinTheEngine_isRefused() {
        Engine e = engine();
        e.file("other", "type = internal");
        ServiceRecord tick = e.load("tick");
        e.load("other");
        e.graph().install(List.of(timer("clock", "tick", SECOND)));
        ServiceRecord clock = e.rec("clock");
        List<PeerStart> answers = new ArrayList<>();
        e.set().addListener((r, ev) -> {
            if (r.name().equals("other") && ev == ServiceEvent.STARTED) {
                answers.add(clock.handle.startPeer("tick"));
            }
        });
        e.start("other");
        assertThat(answers).containsExactly(PeerStart.REFUSED);
        assertThat(e.events).contains("clock problem: start of service tick refused: asked from"
                + " within the engine's work (bringUp, bringDown or a queue)");
        e.expect("other STARTED", "tick STOPPED");
        assertThat(tick.isExplicit()).isFalse();
        assertThat(e.set().activeCount()).isEqualTo(1);
        assertThat(clock.handle.startPeer("tick")).isEqualTo(PeerStart.STARTED);
    }
}
