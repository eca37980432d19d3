package io.dinitj.core.service;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.LogSettings;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.RestartPolicy;
import io.dinitj.api.description.RestartSettings;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ShutdownType;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random command sequences on random acyclic graphs of internal and triggered services, with
 * every dependency kind: after every command the engine's books must balance. The invariants:
 * the required-by count is the explicit mark plus the holding edges; the active count is the
 * number of services counted active; the count of waiting edges is right; a service that is up has its
 * regular and prepared-by dependencies up; nothing throws.
 */
class EngineModelTest {

    private static final int SERVICES = 12;
    private static final DependencyKind[] KINDS = {DependencyKind.REGULAR,
        DependencyKind.WAITS_FOR, DependencyKind.MILESTONE, DependencyKind.AFTER,
        DependencyKind.BEFORE, DependencyKind.PREPARED_BY};
    private static final ServiceDescription.Source SOURCE =
            new ServiceDescription.Source("(model)", "(model)", FileTime.fromMillis(0));

    @Provide
    Arbitrary<List<Integer>> numbers() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(20)
                .ofMaxSize(200);
    }

    @Property(tries = 1000)
    void booksBalanceAfterEveryCommand(@ForAll("numbers") List<Integer> graph,
            @ForAll("numbers") List<Integer> commands) {
        scenario(graph, commands, new ArrayList<>(), new ArrayList<>());
    }

    /** Builds the graph, runs the commands, checks after each; records what it did. */
    static void scenario(List<Integer> graph, List<Integer> commands, List<String> done,
            List<ServiceDescription> ds) {
        int g = 0;
        for (int i = 0; i < SERVICES; i++) {
            List<Dependency> deps = new ArrayList<>();
            // Edges only to higher numbers: acyclic, before edges included (they reverse).
            for (int j = i + 1; j < SERVICES; j++) {
                int x = graph.get(g++ % graph.size());
                if (x % 4 == 0) {
                    DependencyKind k = KINDS[(x / 4) % KINDS.length];
                    if (k == DependencyKind.BEFORE) {
                        continue; // "before" from i to j would be j -> i: keep acyclic
                    }
                    deps.add(new Dependency("s" + j, k));
                }
            }
            int x = graph.get(g++ % graph.size());
            String type = x % 5 == 0 ? "triggered" : "internal";
            RestartPolicy restart = x % 3 == 0 ? RestartPolicy.NO : RestartPolicy.YES;
            ds.add(new ServiceDescription("s" + i, type, ProcessSettings.DEFAULT,
                    new RestartSettings(restart, false, Duration.ofMillis(200),
                            Duration.ofSeconds(10), 3, Duration.ofSeconds(60),
                            Duration.ofSeconds(10)),
                    LogSettings.DEFAULT, SocketSettings.DEFAULT, deps, Set.of(), Set.of(),
                    ServiceEnvironment.NONE, null, null, null, null, SOURCE));
        }
        ServiceSet set = TestSets.inMemory(ds);
        for (int c : commands) {
            ServiceRecord r = set.find("s" + (c % SERVICES));
            int op = (c / SERVICES) % 11;
            done.add(op + ":" + r.name());
            switch (op) {
                case 0, 1 -> set.start(r, false);
                case 2 -> set.stop(r, false);
                case 3 -> set.release(r, false);
                case 4 -> set.wake(r, false);
                case 5 -> set.restart(r);
                case 6 -> set.unpin(r);
                case 7 -> set.start(r, true);
                case 8 -> set.stop(r, true);
                case 9 -> set.trigger(r, (c & 1) == 0);
                default -> {
                    if (c % 7 == 0) {
                        set.stopAll(ShutdownType.HALT);
                    } else {
                        set.start(r, false);
                    }
                }
            }
            EngineInvariants.check(set, done);
        }
    }
}
