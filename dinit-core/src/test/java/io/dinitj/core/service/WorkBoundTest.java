package io.dinitj.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.core.graph.ServiceGraph;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.DescriptionSet;
import io.dinitj.core.load.FileUserDatabase;
import io.dinitj.core.load.LoadContext;
import io.dinitj.core.load.ServiceDirectories;
import io.dinitj.core.type.FakeTypes;
import io.dinitj.core.type.ServiceTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tripwire in {@link ServiceSet#processQueues}: a plugin that livelocks the engine (the
 * 'looping' type restarts its service from within its own bringUp, for ever) ends one pass at
 * the bound derived from the set's size, the listeners are told which services were involved,
 * and the engine goes on serving every other command; a correct pass over a large set never
 * reaches the bound.
 */
// A hang guard, not a speed limit: without the tripwire the looping plugin's pass never ends,
// and a separate thread lets the test fail rather than hang the build.
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkBoundTest {

    @TempDir
    Path dir;

    private final List<String> reports = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private ServiceGraph graph;

    private ServiceSet set(String... files) throws IOException {
        Path services = Files.createDirectory(dir.resolve("sd"));
        for (int i = 0; i < files.length; i += 2) {
            TestSets.write(services, files[i], files[i + 1].split("\n"));
        }
        ServiceTypes types = FakeTypes.dinitAnd(FakeTypes.Looping.class.getName());
        LoadContext ctx = LoadContext.forDaemon(new ServiceDirectories(List.of(services)),
                Map.of(), types, FileUserDatabase.system());
        FakePlatform fake = new FakePlatform();
        ServiceSet set = new ServiceSet(types, fake::contextFor);
        fake.afterEachEvent(set::processQueues);
        graph = new ServiceGraph(set, new DescriptionLoader(ctx), new DescriptionSet());
        set.addListener(new ServiceListener() {
            @Override
            public void serviceEvent(ServiceRecord service, ServiceEvent event) {
                events.add(service.name() + " " + event);
            }

            @Override
            public void workBoundExceeded(int steps, int bound, List<ServiceRecord> involved) {
                StringBuilder b = new StringBuilder(steps + "/" + bound + ":");
                for (ServiceRecord r : involved) {
                    b.append(' ').append(r.name());
                }
                reports.add(b.toString());
            }
        });
        return set;
    }

    @Test
    void aLoopingPlugin_endsThePassAtTheBound_andTheEngineServesOn() throws IOException {
        ServiceSet set = set("loop", "type = looping\nrestart = yes",
                "needs-loop", "type = internal\ndepends-on = loop",
                "other", "type = internal");
        assertThat(graph.load("needs-loop").succeeded()).isTrue();
        assertThat(graph.load("other").succeeded()).isTrue();
        int bound = set.workBound();
        assertThat(bound).isEqualTo(ServiceSet.STEPS_FLOOR + 3 * ServiceSet.STEPS_PER_SERVICE);

        set.start(set.find("needs-loop"), false);

        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).startsWith(bound + "/" + bound + ":").contains(" loop");
        assertThat(events).contains("loop STARTED");

        // The engine is not stuck: another service starts and stops, and the looping one obeys
        // a stop, in passes of their own that end by themselves.
        ServiceRecord other = set.find("other");
        set.start(other, false);
        assertThat(other.state()).isEqualTo(ServiceState.STARTED);
        set.stop(other, false);
        assertThat(other.state()).isEqualTo(ServiceState.STOPPED);

        set.stop(set.find("needs-loop"), false);
        set.stop(set.find("loop"), false);
        assertThat(set.find("loop").state()).isEqualTo(ServiceState.STOPPED);
        assertThat(set.find("needs-loop").state()).isEqualTo(ServiceState.STOPPED);
        // Each pass that went on with the loop before the stop ended it was cut at the bound.
        assertThat(reports).allSatisfy(r -> assertThat(r).startsWith(bound + "/" + bound + ":"));
    }

    @Test
    void aCorrectPassOverManyServices_staysFarBelowTheBound() throws IOException {
        int n = 2000;
        String[] files = new String[2 * n + 2];
        StringBuilder boot = new StringBuilder("type = internal\n");
        for (int i = 0; i < n; i++) {
            files[2 * i] = "s" + i;
            // A chain with a fan: each service depends on the one before it.
            files[2 * i + 1] = i == 0 ? "type = internal" : "type = internal\ndepends-on = s" + (i - 1);
            boot.append("waits-for = s").append(i).append('\n');
        }
        files[2 * n] = "boot";
        files[2 * n + 1] = boot.toString();
        ServiceSet set = set(files);
        assertThat(graph.load("boot").succeeded()).isTrue();

        set.start(set.find("boot"), false);
        assertThat(set.find("boot").state()).isEqualTo(ServiceState.STARTED);
        assertThat(set.restart(set.find("s0"))).isEqualTo(ServiceSet.Result.OK);
        set.stop(set.find("boot"), false);
        set.stopAll(io.dinitj.api.service.ShutdownType.HALT);

        assertThat(reports).isEmpty();
        assertThat(set.find("s0").state()).isEqualTo(ServiceState.STOPPED);
    }
}
