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
import io.dinitj.core.load.LoadOutcome;
import io.dinitj.core.load.ServiceDirectories;
import io.dinitj.core.type.FakeTypes;
import io.dinitj.core.type.ServiceTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service whose type the loader accepted but the engine's registry does not provide (the
 * plugin went away between load and start) loads, fails each start with a message naming the
 * type, and leaves every other service and the engine's counts as they were.
 */
class VanishedTypeTest {

    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();
    private ServiceGraph graph;

    /** The registry the engine gets: only the 'internal' plugin, as if the others were gone. */
    private ServiceTypes onlyInternal() throws IOException {
        return FakeTypes.only(dir, "io.dinitj.plugin.internal.InternalServiceType");
    }

    private ServiceSet set() throws IOException {
        Path services = Files.createDirectory(dir.resolve("sd"));
        TestSets.write(services, "other", "type = internal");
        TestSets.write(services, "gone", "type = process", "command = /bin/true");
        ServiceTypes all = ServiceTypes.discover(getClass().getClassLoader());
        LoadContext ctx = LoadContext.forDaemon(new ServiceDirectories(List.of(services)),
                Map.of(), all, FileUserDatabase.system());
        FakePlatform fake = new FakePlatform();
        ServiceSet set = new ServiceSet(onlyInternal(), fake::contextFor);
        fake.afterEachEvent(set::processQueues);
        graph = new ServiceGraph(set, new DescriptionLoader(ctx), new DescriptionSet());
        set.addListener(new ServiceListener() {
            @Override
            public void serviceEvent(ServiceRecord service, ServiceEvent event) {
                events.add(service.name() + " " + event);
            }

            @Override
            public void problem(ServiceRecord service, String message) {
                events.add(service.name() + " problem: " + message);
            }
        });
        return set;
    }

    @Test
    void typeGoneBeforeStart_failsThatServiceOnly() throws IOException {
        ServiceSet set = set();
        assertThat(graph.load("other").succeeded()).isTrue();
        set.start(set.find("other"), false);
        assertThat(set.activeCount()).isEqualTo(1);

        LoadOutcome o = graph.load("gone");

        assertThat(o.succeeded()).as("%s", o.problems()).isTrue();
        assertThat(events).containsExactly("other STARTED",
                "gone problem: no service type 'process' (known types: internal)");
        ServiceRecord gone = set.find("gone");
        assertThat(set.start(gone, false)).isEqualTo(ServiceSet.Result.OK);
        assertThat(gone.state()).isEqualTo(ServiceState.STOPPED);
        assertThat(gone.startFailed()).isTrue();
        assertThat(events).endsWith("gone FAILEDSTART", "gone STOPPED");
        assertThat(set.find("other").state()).isEqualTo(ServiceState.STARTED);
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.activeCount()).isEqualTo(1);
        assertThat(set.isShuttingDown()).isFalse();
    }
}
