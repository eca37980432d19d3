package io.dinitj.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.api.spi.FakePlatform.FakeProcess;
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
 * and restart-limit notices as {@code "name problem: ..."}.
 */
final class Engine {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;

    final Path dir;
    final FakePlatform fake = new FakePlatform();
    final Map<String, String> env = new HashMap<>();
    final List<String> events = new ArrayList<>();
    private ServiceSet set;

    Engine(Path dir) {
        this.dir = dir;
    }

    /** Writes a service file; lines are joined with newlines. */
    Engine file(String name, String... lines) {
        TestSets.write(dir, name, lines);
        return this;
    }

    ServiceSet set() {
        if (set == null) {
            set = TestSets.create(dir, env, fake);
            set.addListener(new ServiceListener() {
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
        return set;
    }

    LoadOutcome tryLoad(String name) {
        return set().load(name);
    }

    ServiceRecord load(String name) {
        LoadOutcome o = tryLoad(name);
        assertThat(o.succeeded()).as("loading %s: %s %s", name, o.message(), o.problems())
                .isTrue();
        return set.find(name);
    }

    ServiceRecord rec(String name) {
        ServiceRecord r = set().find(name);
        assertThat(r).as("record %s", name).isNotNull();
        return r;
    }

    ServiceSet.Result start(String name) {
        return set().start(load(name), false);
    }

    ServiceSet.Result stop(String name) {
        return set().stop(rec(name), false);
    }

    ServiceSet.Result forceStop(String name) {
        return set().stop(rec(name), false);
    }

    ServiceSet.Result release(String name) {
        return set().release(rec(name), false);
    }

    ServiceState state(String name) {
        return rec(name).state();
    }

    /** Asserts the states of several services: "A STARTED", "B STOPPED", ... */
    void expect(String... nameAndState) {
        for (String s : nameAndState) {
            String[] p = s.split(" ");
            assertThat(state(p[0])).as("state of %s", p[0]).isEqualTo(ServiceState.valueOf(p[1]));
        }
    }

    void advance(long nanos) {
        fake.advance(nanos);
    }

    FakeProcess proc(String service) {
        FakeProcess p = fake.latest(service);
        assertThat(p).as("process of %s", service).isNotNull();
        return p;
    }

    /** The events of one service, in order, without its name. */
    List<String> eventsOf(String name) {
        List<String> out = new ArrayList<>();
        for (String e : events) {
            if (e.startsWith(name + " ")) {
                out.add(e.substring(name.length() + 1));
            }
        }
        return out;
    }

    /** Index of an event in the whole log, -1 if absent. */
    int indexOf(String event) {
        return events.indexOf(event);
    }
}
