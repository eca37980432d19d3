package io.dinitj.core.graph;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceState;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.DescriptionSet;
import io.dinitj.core.load.LoadOutcome;
import io.dinitj.core.service.ServiceEdge;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.core.service.ServiceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code dinitctl reload} (docs/service-semantics.md §17): what a reload may change, the
 * checks that refuse it, and the replacement of the service's edges. {@link ServiceGraph#reload}
 * is its entry point; it keeps the cause of the last failure for the daemon's log.
 *
 * <p>Not thread safe: the event-loop thread only.
 */
final class Reload {

    private final ServiceGraph graph;
    private final ServiceSet set;
    private final DescriptionLoader loader;
    private final DescriptionSet descriptions;

    /** The dependency load that made the last reload fail, or null. */
    private LoadOutcome dependencyFailure;
    private String dependencyName;

    Reload(ServiceGraph graph, ServiceSet set, DescriptionLoader loader,
            DescriptionSet descriptions) {
        this.graph = graph;
        this.set = set;
        this.loader = loader;
        this.descriptions = descriptions;
    }

    /** See {@link ServiceGraph#reloadDependencyFailure()}. */
    Map.Entry<String, LoadOutcome> dependencyFailure() {
        return dependencyFailure == null ? null : Map.entry(dependencyName, dependencyFailure);
    }

    /** See {@link ServiceGraph#reload}. */
    String reload(ServiceRecord r) {
        dependencyFailure = null;
        if (r.isPlaceholder()) {
            return "service is not loaded";
        }
        if (r.state() == ServiceState.STARTING || r.state() == ServiceState.STOPPING) {
            return "service is starting or stopping";
        }
        LoadOutcome o = loader.parseOne(r.name());
        if (!o.succeeded()) {
            return o.message();
        }
        ServiceDescription d = o.service();
        ServiceDescription old = r.description();
        boolean running = r.state() == ServiceState.STARTED;
        if (running) {
            String change = forbiddenChange(old, d);
            if (change != null) {
                return "cannot change " + change + " of a running service";
            }
        }
        for (Dependency dep : d.dependencies()) {
            if (dep.kind().isOrdering()) {
                continue;
            }
            ServiceRecord target = set.find(dep.name());
            if (target == null || target.isPlaceholder()) {
                LoadOutcome lo = graph.load(dep.name());
                if (!lo.succeeded()) {
                    // Upstream's words; the log names the dependency and why (see above).
                    dependencyFailure = lo;
                    dependencyName = dep.name();
                    return "could not load dependency.";
                }
                target = set.find(dep.name());
            }
            if (running && (dep.kind() == DependencyKind.REGULAR
                    || dep.kind() == DependencyKind.PREPARED_BY)
                    && target.state() != ServiceState.STARTED) {
                return "dependency '" + dep.name() + "' is not started";
            }
        }
        String consumers = descriptions.consumerProblem(d, loader.types());
        if (consumers != null) {
            return consumers;
        }
        String cycle = cycle(r, d);
        if (cycle != null) {
            return cycle;
        }
        descriptions.replace(d);
        set.redescribe(r, d);
        relink(r, old, d, running);
        set.processQueues();
        return null;
    }

    private static String forbiddenChange(ServiceDescription a, ServiceDescription b) {
        if (!a.type().equals(b.type())) {
            return "type";
        }
        for (ServiceOption o : new ServiceOption[] {ServiceOption.STARTS_ON_CONSOLE,
            ServiceOption.SHARES_CONSOLE, ServiceOption.RUNS_ON_CONSOLE}) {
            if (a.options().contains(o) != b.options().contains(o)) {
                return "'" + o.word() + "'";
            }
        }
        if (!Objects.equals(a.process().pidFile(), b.process().pidFile())) {
            return "'pid-file'";
        }
        if (!Objects.equals(a.process().inittabId(), b.process().inittabId())
                || !Objects.equals(a.process().inittabLine(), b.process().inittabLine())) {
            return "'inittab-id'/'inittab-line'";
        }
        if (a.log().type() != b.log().type()) {
            return "'log-type'";
        }
        if (!Objects.equals(a.consumerOf(), b.consumerOf())) {
            return "'consumer-of'";
        }
        return null;
    }

    /** Would the new description's edges make a cycle through {@code r}? */
    private String cycle(ServiceRecord r, ServiceDescription d) {
        List<ServiceRecord> outTargets = new ArrayList<>();
        for (Dependency dep : d.dependencies()) {
            if (dep.kind() != DependencyKind.BEFORE) {
                ServiceRecord t = set.find(dep.name());
                if (t != null) {
                    outTargets.add(t);
                }
            }
        }
        for (int i = 0; i < r.dependencyCount(); i++) {
            if (r.dependency(i).kind() == DependencyKind.BEFORE) {
                outTargets.add(r.dependency(i).to()); // another service's "before: r"
            }
        }
        for (ServiceRecord t : outTargets) {
            if (Edges.reaches(t, r)) {
                return "service '" + r.name() + "' would have a cyclic dependency through '"
                        + t.name() + "'";
            }
        }
        for (Dependency dep : d.dependencies()) {
            if (dep.kind() != DependencyKind.BEFORE) {
                continue;
            }
            ServiceRecord y = set.find(dep.name());
            if (y == r) {
                return "service '" + r.name() + "' would have a cyclic dependency on itself";
            }
            for (ServiceRecord t : outTargets) {
                if (y != null && Edges.reaches(t, y)) {
                    return "service '" + r.name() + "' would have a cyclic dependency through '"
                            + y.name() + "'";
                }
            }
        }
        return null;
    }

    /**
     * Replaces the edges that {@code old} made with those {@code d} makes. The service is
     * stopped or started, so no one waits on an edge to or from it: unlinking one only releases
     * what it held.
     */
    private void relink(ServiceRecord r, ServiceDescription old, ServiceDescription d,
            boolean running) {
        List<Dependency> wanted = new ArrayList<>(d.dependencies());
        for (int i = r.dependencyCount() - 1; i >= 0; i--) {
            ServiceEdge e = r.dependency(i);
            if (e.kind() == DependencyKind.BEFORE) {
                continue; // made by the other service
            }
            if (!wanted.remove(new Dependency(e.to().name(), e.kind()))) {
                set.unlink(e);
            }
        }
        for (Dependency dep : old.dependencies()) {
            if (dep.kind() != DependencyKind.BEFORE || wanted.remove(dep)) {
                continue;
            }
            ServiceRecord y = set.find(dep.name());
            ServiceEdge e = y == null ? null : Edges.find(y, r, DependencyKind.BEFORE);
            if (e != null) {
                set.unlink(e);
            }
        }
        for (Dependency dep : wanted) {
            ServiceRecord other = set.findOrCreate(dep.name());
            if (dep.kind() == DependencyKind.BEFORE) {
                if (Edges.find(other, r, DependencyKind.BEFORE) == null) {
                    set.link(other, r, DependencyKind.BEFORE);
                }
                continue;
            }
            ServiceEdge e = set.link(r, other, dep.kind());
            if (running && !dep.kind().isOrdering() && (other.state() == ServiceState.STARTED
                    || other.state() == ServiceState.STARTING)) {
                set.hold(e);
            }
        }
    }
}
