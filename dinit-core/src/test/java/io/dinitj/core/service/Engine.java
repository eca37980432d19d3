package io.dinitj.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.api.spi.FakePlatform.FakeProcess;
import io.dinitj.core.graph.ServiceGraph;
import io.dinitj.core.load.LoadOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine as the edge-case tests drive it: service files in a temporary directory, the real
 * loader and plugins (internal, triggered, process, bgprocess, scripted), and the fake platform's
 * virtual clock and scripted processes. Every event is recorded as {@code "name EVENT"}; problems
 * and restart-limit notices as {@code "name problem: ..."}. Loads and graph edits go through
 * {@link #graph()}, commands through {@link #set()}.
 */
public final class Engine {

    public static final long MS = 1_000_000L;
    public static final long SECOND = 1_000 * MS;

    public final Path dir;
    public final FakePlatform fake = new FakePlatform();
    public final Map<String, String> env = new HashMap<>();
    public final List<String> events = new ArrayList<>();
    private ServiceGraph graph;

    public Engine(Path dir) {
        this.dir = dir;
    }

    /** Writes a service file; lines are joined with newlines. */
    public Engine file(String name, String... lines) {
        TestSets.write(dir, name, lines);
        return this;
    }

    public ServiceSet set() {
        return graph().set();
    }

    public ServiceGraph graph() {
        if (graph == null) {
            graph = TestSets.create(dir, env, fake);
            graph.set().addListener(new ServiceListener() {
                @Override
                public void serviceEvent(ServiceRecord service, ServiceEvent event) {
                    events.add(service.name() + " " + event);
                }

                @Override
                public void restartingTooQuickly(ServiceRecord service) {
                    events.add(service.name() + " restarting too quickly");
                }

                @Override
                public void problem(ServiceRecord service, String message) {
                    events.add(service.name() + " problem: " + message);
                }
            });
        }
        return graph;
    }

    public LoadOutcome tryLoad(String name) {
        return graph().load(name);
    }

    public ServiceRecord load(String name) {
        LoadOutcome o = tryLoad(name);
        assertThat(o.succeeded()).as("loading %s: %s %s", name, o.message(), o.problems())
                .isTrue();
        return set().find(name);
    }

    public ServiceRecord rec(String name) {
        ServiceRecord r = set().find(name);
        assertThat(r).as("record %s", name).isNotNull();
        return r;
    }

    public ServiceSet.Result start(String name) {
        return set().start(load(name), false);
    }

    public ServiceSet.Result stop(String name) {
        return set().stop(rec(name), false);
    }

    public ServiceSet.Result forceStop(String name) {
        return set().stop(rec(name), false);
    }

    public ServiceSet.Result release(String name) {
        return set().release(rec(name), false);
    }

    public ServiceState state(String name) {
        return rec(name).state();
    }

    /** Asserts the states of several services: "A STARTED", "B STOPPED", ... */
    public void expect(String... nameAndState) {
        for (String s : nameAndState) {
            String[] p = s.split(" ");
            assertThat(state(p[0])).as("state of %s", p[0]).isEqualTo(ServiceState.valueOf(p[1]));
        }
    }

    public void advance(long nanos) {
        fake.advance(nanos);
    }

    public FakeProcess proc(String service) {
        FakeProcess p = fake.latest(service);
        assertThat(p).as("process of %s", service).isNotNull();
        return p;
    }

    /** The events of one service, in order, without its name. */
    public List<String> eventsOf(String name) {
        List<String> out = new ArrayList<>();
        for (String e : events) {
            if (e.startsWith(name + " ")) {
                out.add(e.substring(name.length() + 1));
            }
        }
        return out;
    }

    /** Index of an event in the whole log, -1 if absent. */
    public int indexOf(String event) {
        return events.indexOf(event);
    }
}
