package io.dinitj.plugin.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dinitj.api.description.LogSettings;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.RestartSettings;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.description.TypeSettings;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.api.spi.RecordingHandle;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.ServiceHandle.PeerStart;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The timer type on the fake platform's virtual clock, with a recording handle for peers. */
class TimerServiceTypeTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final ServiceDescription.Source SOURCE =
            new ServiceDescription.Source("(memory)", "(memory)", FileTime.fromMillis(0));

    private final FakePlatform platform = new FakePlatform();
    private final RecordingHandle handle = new RecordingHandle();
    private final TimerServiceType type = new TimerServiceType();

    /** Parses settings as the loader would, with the type's own parsers: name, text, ... */
    private ServiceDescription timer(String... nameAndText) {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        for (int i = 0; i < nameAndText.length; i += 2) {
            TypeSetting<?> s = setting(nameAndText[i]);
            values.computeIfAbsent(s.name(), k -> new ArrayList<>())
                    .add(s.parser().parse(nameAndText[i + 1]));
        }
        return new ServiceDescription("timer", "timer", ProcessSettings.DEFAULT,
                RestartSettings.DEFAULT, LogSettings.DEFAULT, SocketSettings.DEFAULT, List.of(),
                Set.of(), Set.of(), ServiceEnvironment.NONE, null, null, null, null, SOURCE,
                TypeSettings.of(values));
    }

    private TypeSetting<?> setting(String name) {
        for (TypeSetting<?> s : type.settings()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no setting " + name);
    }

    private TimerBehaviour create(String... nameAndText) {
        return (TimerBehaviour) type.create(timer(nameAndText), handle, platform);
    }

    private List<String> peerStarts() {
        return handle.events().stream().filter(e -> e.startsWith("startpeer")).toList();
    }

    private Map<String, String> detail(ServiceBehaviour b) {
        Map<String, String> lines = new LinkedHashMap<>();
        b.describe(lines::put);
        return lines;
    }

    /** The type declares its settings and no capability: it runs nothing of its own. */
    @Test
    void declaresSettings_andNoCapabilities() {
        assertThat(type.name()).isEqualTo("timer");
        assertThat(type.settings()).extracting(TypeSetting::name)
                .containsExactly("service", "every", "at-start");
        assertThat(TimerServiceType.SERVICE.required()).isTrue();
        assertThat(TimerServiceType.EVERY.required()).isTrue();
        assertThat(type.capabilities()).isEmpty();
    }

    /** Started at once; the target starts once per period, not before the first period. */
    @Test
    void startsTarget_everyPeriod() {
        handle.peers.put("tick", ServiceState.STOPPED);
        TimerBehaviour b = create("service", "tick", "every", "1");
        assertThat(b.bringUp()).isTrue();
        assertThat(handle.events()).containsExactly("started");
        platform.advance(999 * MS);
        assertThat(peerStarts()).isEmpty();
        platform.advance(MS);
        assertThat(peerStarts()).containsExactly("startpeer tick");
        for (int i = 0; i < 4; i++) {
            handle.peers.put("tick", ServiceState.STOPPED); // the run ended
            platform.advance(SECOND);
        }
        assertThat(peerStarts()).hasSize(5);
        assertThat(b.runs()).isEqualTo(5);
        assertThat(b.missed()).isZero();
    }

    /** A due time while the target still runs is missed, counted and logged; never overlapped. */
    @Test
    void targetStillGoing_runIsMissed() {
        handle.peers.put("tick", ServiceState.STOPPED);
        TimerBehaviour b = create("service", "tick", "every", "0.5");
        b.bringUp();
        platform.advance(500 * MS);
        assertThat(handle.peers.get("tick")).isEqualTo(ServiceState.STARTED);
        platform.advance(500 * MS); // still started: missed, startPeer not even asked
        platform.advance(500 * MS);
        assertThat(peerStarts()).containsExactly("startpeer tick");
        assertThat(b.runs()).isEqualTo(1);
        assertThat(b.missed()).isEqualTo(2);
        assertThat(platform.log()).filteredOn(l -> l.level() == LogLevel.INFO)
                .extracting(FakePlatform.LogLine::message)
                .containsExactly("svc: run of tick missed: it is still started",
                        "svc: run of tick missed: it is still started");
        handle.peers.put("tick", ServiceState.STOPPING);
        platform.advance(500 * MS);
        assertThat(b.missed()).isEqualTo(3);
        handle.peers.put("tick", ServiceState.STOPPED);
        platform.advance(500 * MS);
        assertThat(b.runs()).isEqualTo(2);
    }

    /** Due times stay on the grid (previous due + period), wherever the timer fired. */
    @Test
    void fixedRate_lateExpiry_countsEachPassedDueOnce() {
        handle.peers.put("tick", ServiceState.STOPPED);
        TimerBehaviour b = create("service", "tick", "every", "1");
        b.bringUp();
        assertThat(b.nextDue()).isEqualTo(SECOND);
        platform.advance(SECOND);
        assertThat(b.nextDue()).isEqualTo(2 * SECOND);
        handle.peers.put("tick", ServiceState.STOPPED);
        // The loop was blocked: the expiry due at 2 s is delivered at 5.25 s. The dues at 2, 3,
        // 4 and 5 s have passed: one runs now, three are missed, and the next is at 6 s.
        platform.stall(4_250 * MS);
        platform.advance(0);
        assertThat(b.runs()).isEqualTo(2);
        assertThat(b.missed()).isEqualTo(3);
        assertThat(b.nextDue()).isEqualTo(6 * SECOND);
        assertThat(platform.messages()).containsExactly(
                "svc: 3 runs of tick missed: the timer fired late");
        handle.peers.put("tick", ServiceState.STOPPED);
        platform.advance(749 * MS); // 5.999 s
        assertThat(b.runs()).isEqualTo(2);
        platform.advance(MS);
        assertThat(b.runs()).isEqualTo(3);
        assertThat(b.nextDue()).isEqualTo(7 * SECOND);
    }

    /** Stopping the timer disarms it and leaves a running target alone; starting re-arms. */
    @Test
    void stopAndStart() {
        handle.peers.put("tick", ServiceState.STOPPED);
        TimerBehaviour b = create("service", "tick", "every", "1");
        b.bringUp();
        platform.advance(SECOND);
        b.bringDown();
        assertThat(handle.events()).containsExactly("started", "startpeer tick", "stopped");
        assertThat(handle.peers.get("tick")).isEqualTo(ServiceState.STARTED);
        assertThat(platform.nextDeadline()).isEqualTo(-1);
        handle.peers.put("tick", ServiceState.STOPPED);
        platform.advance(10 * SECOND);
        assertThat(peerStarts()).hasSize(1);
        assertThat(detail(b)).containsEntry("Next run", "none (timer stopped)");
        b.bringUp(); // at 11 s: next due at 12 s
        platform.advance(999 * MS);
        assertThat(peerStarts()).hasSize(1);
        platform.advance(MS);
        assertThat(peerStarts()).hasSize(2);
        assertThat(b.runs()).isEqualTo(2);
    }

    /** With at-start the first run is at once (on the next loop turn), then every period. */
    @Test
    void atStart_runsAtOnce() {
        handle.peers.put("tick", ServiceState.STOPPED);
        TimerBehaviour b = create("service", "tick", "every", "2", "at-start", "yes");
        b.bringUp();
        assertThat(peerStarts()).isEmpty(); // not from within bringUp
        platform.advance(0);
        assertThat(peerStarts()).hasSize(1);
        handle.peers.put("tick", ServiceState.STOPPED);
        platform.advance(2 * SECOND - 1);
        assertThat(peerStarts()).hasSize(1);
        platform.advance(1);
        assertThat(peerStarts()).hasSize(2);
    }

    /** A target that cannot be loaded is a failed start; the timer keeps its schedule. */
    @Test
    void targetNotLoaded_countsFailure_andKeepsTicking() {
        TimerBehaviour b = create("service", "ghost", "every", "1");
        b.bringUp();
        platform.advance(3 * SECOND);
        assertThat(peerStarts()).hasSize(3);
        assertThat(b.failed()).isEqualTo(3);
        assertThat(b.runs()).isZero();
        assertThat(detail(b)).containsEntry("Failed starts", "3");
        handle.peerStartAnswer = PeerStart.SHUTTING_DOWN;
        platform.advance(SECOND);
        assertThat(b.failed()).isEqualTo(3);
    }

    /** describe: next run, runs, missed runs, last run, as status shows them. */
    @Test
    void describe_givesNextRunRunsMissedAndLastRun() {
        handle.peers.put("tick", ServiceState.STOPPED);
        TimerBehaviour b = create("service", "tick", "every", "1");
        assertThat(detail(b)).containsEntry("Last run", "never")
                .containsEntry("Next run", "none (timer stopped)");
        b.bringUp();
        platform.advance(SECOND);
        platform.advance(SECOND); // still started: missed
        platform.advance(600 * MS);
        assertThat(detail(b)).containsExactly(Map.entry("Starts", "tick"),
                Map.entry("Every", "1.0 s"), Map.entry("Next run", "in 0.4 s"),
                Map.entry("Runs", "1"), Map.entry("Missed runs", "1"),
                Map.entry("Last run", "1.6 s ago"));
    }

    /** Bad settings: missing, zero, not a number, self-reference. */
    @Test
    void badSettings_areRefused() {
        assertThatThrownBy(() -> create("every", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'timer.service' setting not specified");
        assertThatThrownBy(() -> create("service", "tick"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'timer.every' setting not specified");
        assertThatThrownBy(() -> setting("every").parser().parse("0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 0.000000001 seconds");
        assertThatThrownBy(() -> setting("every").parser().parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a number of seconds");
        assertThatThrownBy(() -> setting("service").parser().parse("a b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> setting("at-start").parser().parse("maybe"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> create("service", "timer", "every", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot start itself");
    }

    /** Seconds with one decimal, rounded. */
    @Test
    void secondsFormat() {
        assertThat(TimerBehaviour.seconds(0)).isEqualTo("0.0");
        assertThat(TimerBehaviour.seconds(449 * MS)).isEqualTo("0.4");
        assertThat(TimerBehaviour.seconds(450 * MS)).isEqualTo("0.5");
        assertThat(TimerBehaviour.seconds(61 * SECOND)).isEqualTo("61.0");
    }
}
