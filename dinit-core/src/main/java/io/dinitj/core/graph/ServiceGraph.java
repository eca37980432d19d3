package io.dinitj.core.graph;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceState;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.DescriptionSet;
import io.dinitj.core.load.LoadOutcome;
import io.dinitj.core.service.ServiceEdge;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.core.service.ServiceSet;
import io.dinitj.core.service.ServiceSet.Result;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live service graph as it is edited: loading services (from files or from memory) into a
 * {@link ServiceSet}, reloading and unloading them, and adding and removing dependencies at run
 * time (docs/service-semantics.md §17, docs/control-protocol.md §6). The loader
 * ({@code io.dinitj.core.load}) says what a file describes; this class decides what may change
 * in the running set and makes the change through the engine's mutators
 * ({@link ServiceSet#findOrCreate}, {@link ServiceSet#link} and the rest), then lets the engine
 * run what the change queued.
 *
 * <p>Every edit is checked before anything changes: a load is atomic, a refused reload, unload
 * or dependency edit leaves the set as it was. None of this is a hot path: edits may allocate,
 * and their graph walks use explicit work lists, never the Java stack.
 *
 * <p>Made over its set, it installs itself as the set's {@link ServiceSet#loadOnDemand
 * on-demand loader}, so that a chain-to target not loaded yet is loaded here.
 *
 * <p>Not thread safe: the event-loop thread only.
 */
public final class ServiceGraph {

    private final ServiceSet set;
    private final DescriptionLoader loader;
    private final DescriptionSet descriptions;
    private final Reload reload;

    /**
     * Creates the editor of a set, and installs it as the set's on-demand loader.
     *
     * @param set the engine's services
     * @param loader reads service descriptions
     * @param descriptions the loaded descriptions (shared with the loader); those of the
     *     services in {@code set}
     */
    public ServiceGraph(ServiceSet set, DescriptionLoader loader, DescriptionSet descriptions) {
        this.set = set;
        this.loader = loader;
        this.descriptions = descriptions;
        this.reload = new Reload(this, set, loader, descriptions);
        set.loadOnDemand(this::loadForEngine);
    }

    /**
     * Returns the set this graph edits.
     *
     * @return the set
     */
    public ServiceSet set() {
        return set;
    }

    // ---------------------------------------------------------------- loading

    /**
     * Loads a service and whatever it depends on, if not loaded yet. Atomic: on failure nothing
     * changes.
     *
     * @param name the full name
     * @return the loader's outcome; on success {@link ServiceSet#find} returns the record
     */
    public LoadOutcome load(String name) {
        LoadOutcome outcome = loader.load(name, descriptions);
        if (!outcome.succeeded()) {
            return outcome;
        }
        List<String> names = outcome.loaded();
        Made made = new Made(names, descriptions);
        try {
            materialize(names, made);
        } catch (RuntimeException | Error e) {
            // Out of memory, or a type that threw: take back what was made, so that a failed
            // load changes nothing (OomSweepTest fails each allocation in turn).
            made.undo(set, descriptions, names);
            throw e;
        }
        return outcome;
    }

    /**
     * What one {@link #materialize} made, in arrays sized at the start, so that noting a record
     * or an edge is a plain store that cannot fail, and taking them back allocates nothing.
     */
    private static final class Made {
        final ServiceRecord[] created;
        int createdCount;
        final ServiceEdge[] edges;
        int edgeCount;

        Made(List<String> names, DescriptionSet descriptions) {
            int links = 0;
            for (int i = 0; i < names.size(); i++) {
                links += descriptions.get(names.get(i)).dependencies().size();
            }
            created = new ServiceRecord[names.size() + links];
            edges = new ServiceEdge[links];
        }

        void undo(ServiceSet set, DescriptionSet descriptions, List<String> names) {
            for (int i = edgeCount - 1; i >= 0; i--) {
                set.unlink(edges[i]);
            }
            for (int i = 0; i < names.size(); i++) {
                ServiceRecord r = set.find(names.get(i));
                boolean keep = r != null && set.forget(r);
                descriptions.unload(names.get(i), keep);
            }
            for (int i = 0; i < createdCount; i++) {
                ServiceRecord r = created[i];
                if (set.find(r.name()) == r) {
                    set.forget(r);
                }
            }
        }
    }

    /** A chain-to target, as the engine asks for it: null once loaded, else the reason. */
    private String loadForEngine(String name) {
        LoadOutcome o = load(name);
        return o.succeeded() ? null
                : "couldn't load " + o.failedService() + ": " + o.message();
    }

    /**
     * Adds services described in memory rather than in files (embedding, tests, benchmarks).
     * Every non-ordering dependency must be loaded or among {@code added}; the caller makes sure
     * there is no cycle.
     *
     * @param added the descriptions
     * @throws IllegalArgumentException if a name is taken or a dependency is missing; nothing
     *     changes then
     */
    public void install(List<ServiceDescription> added) {
        descriptions.addAll(added);
        List<String> names = new ArrayList<>(added.size());
        for (ServiceDescription d : added) {
            names.add(d.name());
        }
        materialize(names, new Made(names, descriptions));
    }

    /**
     * Creates the records, behaviours and edges of services just added to the descriptions,
     * noting each in {@code made}.
     */
    private void materialize(List<String> names, Made made) {
        for (String n : names) {
            set.describe(record(n, made), descriptions.get(n));
        }
        for (String n : linkOrder(names)) {
            ServiceRecord r = set.find(n);
            for (Dependency dep : r.description().dependencies()) {
                ServiceRecord other = record(dep.name(), made);
                ServiceEdge e = dep.kind() == DependencyKind.BEFORE
                        ? set.link(other, r, DependencyKind.BEFORE)
                        : set.link(r, other, dep.kind());
                made.edges[made.edgeCount++] = e;
            }
        }
    }

    private ServiceRecord record(String name, Made made) {
        ServiceRecord r = set.find(name);
        if (r == null) {
            r = set.findOrCreate(name);
            made.created[made.createdCount] = r;
            made.createdCount++;
        }
        return r;
    }

    /**
     * The order in which the new services' links are made: a service after everything it
     * depends on (depth-first post-order, dependencies in declaration order), as upstream makes
     * a service's links only once its dependencies have loaded. It decides the order of each
     * service's dependents list, which DEPENDENTS replies show (docs/control-protocol.md §6.3).
     * Iterative: an explicit stack, no recursion.
     */
    private List<String> linkOrder(List<String> names) {
        Set<String> fresh = new HashSet<>(names);
        Set<String> done = new HashSet<>();
        List<String> order = new ArrayList<>(names.size());
        ArrayDeque<String> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        for (String root : names) {
            if (!done.add(root)) {
                continue;
            }
            stack.push(root);
            next.push(0);
            while (!stack.isEmpty()) {
                List<Dependency> deps = descriptions.get(stack.peek()).dependencies();
                int i = next.pop();
                String child = null;
                while (i < deps.size() && child == null) {
                    Dependency dep = deps.get(i++);
                    if (dep.kind() != DependencyKind.BEFORE && !dep.kind().isOrdering()
                            && fresh.contains(dep.name()) && done.add(dep.name())) {
                        child = dep.name();
                    }
                }
                next.push(i);
                if (child != null) {
                    stack.push(child);
                    next.push(0);
                } else {
                    order.add(stack.pop());
                    next.pop();
                }
            }
        }
        return order;
    }

    // ---------------------------------------------------------------- unload, reload

    /**
     * Unloads a stopped service that nothing but ordering links refer to (section 17). A
     * placeholder stays if ordering links still name it.
     *
     * @param r the service
     * @return OK or IN_USE
     */
    public Result unload(ServiceRecord r) {
        if (r.isPlaceholder() || r.state() != ServiceState.STOPPED || r.requiredBy() != 0) {
            return Result.IN_USE;
        }
        for (int i = 0; i < r.dependentCount(); i++) {
            if (!r.dependent(i).kind().isOrdering()) {
                return Result.IN_USE;
            }
        }
        // Stopped and required by none, the service holds and waits for nothing: unlinking
        // only takes the edges out of both lists.
        for (int i = r.dependencyCount() - 1; i >= 0; i--) {
            ServiceEdge e = r.dependency(i);
            if (e.kind() == DependencyKind.BEFORE) {
                continue; // a link another service made; it stays with the placeholder
            }
            set.unlink(e);
        }
        descriptions.unload(r.name(), set.forget(r));
        return Result.OK;
    }

    /**
     * Reloads a service's description from its file ({@code dinitctl reload}, section 17). A
     * stopped service may change anything, type included. A started one may not change its type,
     * console options, pid file, inittab settings, log type or consumer-of, and every new
     * regular or prepared-by dependency must be started; its new settings take effect at its
     * next launch (a smooth-recovery relaunch still uses the old ones). Dependencies are
     * replaced: dropped ones are released, new ones that run are acquired. New dependencies not
     * yet loaded are loaded. Refused while starting or stopping, or if the new dependencies would
     * make a cycle. On refusal the service is unchanged (though dependencies loaded for the
     * check stay loaded, stopped).
     *
     * @param r the service
     * @return null if reloaded, else why not
     */
    public String reload(ServiceRecord r) {
        return reload.reload(r);
    }

    /**
     * Tells which dependency load made the last {@link #reload} fail, so that the daemon can
     * log its cause as upstream does before the reload's own failure.
     *
     * @return the dependency's name and the outcome of loading it, or null if the last reload
     *     did not fail for a dependency
     */
    public Map.Entry<String, LoadOutcome> reloadDependencyFailure() {
        return reload.dependencyFailure();
    }

    // ---------------------------------------------------------------- run-time dependencies

    /**
     * Adds a dependency at run time ({@code dinitctl add-dep}, and {@code enable} with
     * {@code enable} true; regular, milestone or waits-for), as upstream does: a new link
     * holds its dependency only if the dependent is starting or started and the link is
     * regular or its dependency is already starting or started, so {@code add-dep} never
     * starts anything. An {@code enable} then also makes the link (new or already there) hold,
     * which starts the dependency, if the dependent is starting or started.
     *
     * @param from the dependent
     * @param to the dependency
     * @param kind the kind
     * @param enable hold the link, starting the dependency (ENABLESERVICE)
     * @return OK (an identical link is reused), or BAD_DEPENDENCY if it would make a cycle or
     *     is of another kind
     */
    public Result addDependency(ServiceRecord from, ServiceRecord to, DependencyKind kind,
            boolean enable) {
        if (kind != DependencyKind.REGULAR && kind != DependencyKind.MILESTONE
                && kind != DependencyKind.WAITS_FOR) {
            return Result.BAD_DEPENDENCY;
        }
        if (from == to || from.isPlaceholder() || to.isPlaceholder()) {
            return Result.BAD_DEPENDENCY;
        }
        ServiceEdge e = Edges.find(from, to, kind);
        boolean fromActive = from.state() == ServiceState.STARTING
                || from.state() == ServiceState.STARTED;
        if (e == null) {
            if (Edges.reaches(to, from)) {
                return Result.BAD_DEPENDENCY;
            }
            e = set.link(from, to, kind);
            if (fromActive && (kind == DependencyKind.REGULAR
                    || to.state() == ServiceState.STARTING || to.state() == ServiceState.STARTED)) {
                set.hold(e);
            }
        }
        if (enable && fromActive && !set.isShuttingDown() && !e.isHolding()) {
            set.hold(e);
        }
        set.processQueues();
        return Result.OK;
    }

    /**
     * Removes a dependency at run time ({@code dinitctl rm-dep}); a held dependency is released
     * (and stops if nothing else needs it).
     *
     * @param from the dependent
     * @param to the dependency
     * @param kind the kind
     * @return OK, or BAD_DEPENDENCY if there is no such edge
     */
    public Result removeDependency(ServiceRecord from, ServiceRecord to, DependencyKind kind) {
        ServiceEdge e = Edges.find(from, to, kind);
        if (e == null) {
            return Result.BAD_DEPENDENCY;
        }
        set.unlink(e);
        set.processQueues();
        return Result.OK;
    }
}
