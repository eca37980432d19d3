package io.dinitj.core.load;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.core.type.ServiceTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a service and, transitively, the services it depends on, into a {@link DescriptionSet}.
 *
 * <p><b>Iterative.</b> Dependencies are found with an explicit work list and cycles with an
 * explicit-stack depth-first search, so a chain of any depth loads on a small thread stack.
 * Unlike upstream there is no depth limit (upstream refuses chains deeper than 32 because its
 * loader recurses).
 *
 * <p><b>Atomic.</b> Everything a load reads is staged and added to the set only when the whole
 * load succeeds; a failure leaves the set exactly as it was, placeholders included.
 *
 * <p>{@code before}, {@code after} and {@code consumer-of} targets are not loaded: a name that
 * is not loaded gets a placeholder, which the real service replaces when it loads.
 *
 * <p>Not thread safe: one thread at a time.
 */
public final class DescriptionLoader {

    private static final String DEPENDENCY_FAILED = "could not load dependency.";
    private static final String NOT_FOUND = "service description not found.";
    /** Upstream's description of a service found to close a dependency cycle. */
    private static final String CYCLE = "has cyclic dependency.";

    private final LoadContext ctx;

    /**
     * Creates a loader.
     *
     * @param ctx where to look and what to substitute
     */
    public DescriptionLoader(LoadContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Returns the service types this loader accepts, with what each declares.
     *
     * @return the registry of its context
     */
    public ServiceTypes types() {
        return ctx.types;
    }

    /**
     * Loads {@code name} and its dependencies, unless already loaded.
     *
     * @param name the full service name, {@code base} or {@code base@argument}
     * @param set the set to add to; unchanged if the load fails
     * @return the outcome, with every problem found
     */
    public LoadOutcome load(String name, DescriptionSet set) {
        ServiceDescription existing = set.get(name);
        if (existing != null) {
            return new LoadOutcome(existing, null, null, null, List.of(), List.of(), false,
                    List.of(), null);
        }
        Attempt a = new Attempt(set);
        return a.run(name);
    }

    /**
     * Reads one service's file, without loading what it names and without adding it to any
     * set: what dinit-check does for each service it checks.
     *
     * @param name the full service name
     * @return the outcome; {@link LoadOutcome#named()} lists the services the file names, and
     *     its problems include a {@link LoadProblem.Severity#SUBSTITUTED} mark where variable
     *     substitution was first used
     */
    public LoadOutcome parseOne(String name) {
        return readSettings(name).outcome();
    }

    /**
     * Reads one service's file as {@link #parseOne} does, keeping its dependency settings as
     * written: what {@code dinitctl enable} and {@code disable} need, through the same
     * {@code @include} and substitution as loading.
     *
     * @param name the full service name
     * @return the reading; its settings are empty if the file could not be found or read
     */
    public SettingsReading readSettings(String name) {
        Located where = locate(name, true);
        if (where.found() == null && where.isDirectory()) {
            // Upstream opens a directory as the file and fails reading it, with two messages.
            List<LoadProblem> ps = List.of(new LoadProblem(name, null, 0, null,
                    "error reading service description: Is a directory",
                    LoadProblem.Severity.ERROR, true), unreadable(name, where.directory()));
            return new SettingsReading(new LoadOutcome(null, LoadOutcome.Failure.LOAD_ERROR,
                    name, where.message(), ps, List.of(), false, List.of(), null), List.of(),
                    null);
        }
        if (where.found() == null) {
            return new SettingsReading(new LoadOutcome(null, where.failure(), name,
                    where.message(), List.of(), List.of(), false, List.of(), null), List.of(),
                    null);
        }
        ServiceFileParser.Result r = ServiceFileParser.parse(name, where.found(), ctx, true);
        List<LoadProblem> problems = r.problems();
        if (r.substitutedAt() >= 0) {
            problems = new ArrayList<>(problems);
            problems.add(r.substitutedAt(), new LoadProblem(name, null, 0, null,
                    "variable substitution used", LoadProblem.Severity.SUBSTITUTED, false));
        }
        LoadOutcome outcome = r.failed()
                ? new LoadOutcome(null, LoadOutcome.Failure.DESCRIPTION_ERROR, name,
                        firstError(r.problems()), problems, List.of(), r.substituted(),
                        r.named(), r.partial())
                : new LoadOutcome(r.description(), null, null, null, problems,
                        List.of(name), r.substituted(), r.named(), null);
        ServiceDescription read = r.failed() ? r.partial() : r.description();
        return new SettingsReading(outcome, r.dependencySettings(),
                read == null ? null : read.enableVia());
    }

    /**
     * A service's file, or why it cannot be read: failure and message set, file null, and
     * {@code directory} the path when the first one found is a directory.
     */
    private record Located(ServiceDirectories.Found found, LoadOutcome.Failure failure,
            String message, String directory) {
        Located(ServiceDirectories.Found found, LoadOutcome.Failure failure, String message) {
            this(found, failure, message, null);
        }

        boolean isDirectory() {
            return directory != null;
        }
    }

    /** dinit-check's line for a service file that was opened but could not be read. */
    static LoadProblem unreadable(String name, String path) {
        return new LoadProblem(name, null, 0, null, path
                + ": error while reading service description", LoadProblem.Severity.FATAL, false);
    }

    private Located locate(String name) {
        return locate(name, false);
    }

    /**
     * Finds a service's file. dinit-check ({@code asUpstreamCheck}) looks up any name it is
     * given, as upstream's does, refusing only what cannot be a file name; the daemon refuses
     * names that are not valid service names.
     */
    private Located locate(String name, boolean asUpstreamCheck) {
        if (asUpstreamCheck && name.getBytes(StandardCharsets.UTF_8).length > 65535) {
            return new Located(null, LoadOutcome.Failure.LOAD_ERROR, "service name is too long");
        }
        if (asUpstreamCheck && (name.isEmpty() || name.charAt(0) == '@')) {
            // No file has an empty name.
            return new Located(null, LoadOutcome.Failure.NOT_FOUND, NOT_FOUND);
        }
        boolean usable = asUpstreamCheck ? name.indexOf('\0') < 0
                : ServiceFileParser.isValidName(name);
        if (!usable) {
            return new Located(null, LoadOutcome.Failure.LOAD_ERROR,
                    "invalid service name '" + name + "'.");
        }
        int at = name.indexOf('@');
        ServiceDirectories.Lookup where = ctx.dirs.find(at < 0 ? name : name.substring(0, at));
        if (where instanceof ServiceDirectories.Found f) {
            return new Located(f, null, null);
        }
        if (where instanceof ServiceDirectories.Failed f) {
            return new Located(null, LoadOutcome.Failure.LOAD_ERROR,
                    f.path() + ": " + f.reason(), f.isDirectory() ? f.path().toString() : null);
        }
        return new Located(null, LoadOutcome.Failure.NOT_FOUND, NOT_FOUND);
    }

    private static String firstError(List<LoadProblem> ps) {
        for (LoadProblem p : ps) {
            if (!p.warning()) {
                return p.message();
            }
        }
        return "error in service description.";
    }

    /** The state of one load: what has been staged so far, and who asked for what. */
    private final class Attempt {
        final DescriptionSet set;
        final Map<String, ServiceDescription> staged = new LinkedHashMap<>();
        final Map<String, String> requestedBy = new HashMap<>();
        /** For each service named by a staged {@code before}: the staged services naming it. */
        final Map<String, List<String>> stagedBefore = new HashMap<>();
        final List<LoadProblem> problems = new ArrayList<>();
        /**
         * The staged services in the order upstream's recursive loader finishes them (each
         * after its dependencies), as {@link #findDependencyCycle} last found it.
         */
        final Set<String> loadOrder = new LinkedHashSet<>();
        boolean substituted;

        Attempt(DescriptionSet set) {
            this.set = set;
        }

        LoadOutcome run(String root) {
            Deque<String> work = new ArrayDeque<>();
            work.push(root);
            while (!work.isEmpty()) {
                String n = work.pop();
                if (set.get(n) != null || staged.containsKey(n)) {
                    continue;
                }
                Located where = locate(n);
                if (where.found() == null) {
                    return fail(root, n, where.failure(), where.message(), true);
                }
                ServiceFileParser.Result r = ServiceFileParser.parse(n, where.found(), ctx, false);
                problems.addAll(r.problems());
                substituted |= r.substituted();
                if (r.failed()) {
                    // The parser's problems are in the list already; fail() adds none.
                    return fail(root, n, r.failure(), firstError(r.problems()), false);
                }
                ServiceDescription d = r.description();
                staged.put(n, d);
                // Push in reverse so that dependencies load in file order.
                List<Dependency> deps = d.dependencies();
                for (int i = deps.size() - 1; i >= 0; i--) {
                    Dependency dep = deps.get(i);
                    if (dep.kind().isOrdering()) {
                        continue;
                    }
                    // The root was requested by nobody; a dependency cycle back to it must not
                    // give it a requester, or the walk in fail() would go round forever.
                    if (!dep.name().equals(root)) {
                        requestedBy.putIfAbsent(dep.name(), n);
                    }
                    work.push(dep.name());
                }
            }
            List<String> dependencyPath = findDependencyCycle(root);
            List<String> cycle = dependencyPath != null ? null : findCycle();
            if (dependencyPath != null || cycle != null) {
                return failCycle(root, dependencyPath, cycle);
            }
            String consumerError = checkConsumers();
            if (consumerError != null) {
                return new LoadOutcome(null, LoadOutcome.Failure.LOAD_ERROR, root,
                        consumerError, problems, List.of(), substituted, List.of(), null);
            }
            set.commit(staged.values(), placeholdersNeeded());
            return new LoadOutcome(staged.get(root), null, null, null, problems,
                    List.copyOf(staged.keySet()), substituted, List.of(), null);
        }

        /** Fails the whole load because of {@code n}; each service that needed it fails too. */
        LoadOutcome fail(String root, String n, LoadOutcome.Failure failure, String message,
                boolean addProblem) {
            if (addProblem) {
                problems.add(new LoadProblem(n, null, 0, null, message, false));
            }
            // Each service has one requester and the chain ends at the root; the set of seen
            // names is a second guard against going round.
            Set<String> seen = new HashSet<>();
            for (String p = requestedBy.get(n); p != null && seen.add(p); p = requestedBy.get(p)) {
                problems.add(new LoadProblem(p, null, 0, null, DEPENDENCY_FAILED, false));
            }
            if (!n.equals(root)) {
                return new LoadOutcome(null, LoadOutcome.Failure.LOAD_ERROR, n,
                        DEPENDENCY_FAILED, problems, List.of(), substituted, List.of(), null);
            }
            return new LoadOutcome(null, failure, n, message, problems, List.of(), substituted,
                    List.of(), null);
        }

        /**
         * Fails the load for a cycle, with the problems in the order upstream's recursive loader
         * meets them (so the daemon logs the same chain): first the service found to close the
         * cycle ({@code has cyclic dependency.}), then each service that needed it, back to
         * the root ({@code could not load dependency.}).
         *
         * <p>A cycle of dependencies is found by following them from the root in file order:
         * the service met again while it is being loaded closes it, and the chain is the path
         * that led there. A cycle through a {@code before} or {@code after} is found once
         * loading is complete: the service that declared the ordering closes it, and its chain
         * is its requesters.
         *
         * @param dependencyPath root to the service that names the one met again, then that
         *     one; or null
         * @param cycle the cycle through an ordering, first service repeated at the end; used
         *     when {@code dependencyPath} is null
         */
        LoadOutcome failCycle(String root, List<String> dependencyPath, List<String> cycle) {
            List<String> shown = dependencyPath != null
                    ? dependencyPath.subList(dependencyPath.indexOf(
                            dependencyPath.get(dependencyPath.size() - 1)), dependencyPath.size())
                    : cycle;
            String text = "service '" + shown.get(0) + "' has cyclic dependency: "
                    + String.join(" -> ", shown);
            String closer;
            List<String> chain = new ArrayList<>();
            if (dependencyPath != null) {
                closer = dependencyPath.get(dependencyPath.size() - 1);
                for (int i = dependencyPath.size() - 2; i >= 0; i--) {
                    chain.add(dependencyPath.get(i));
                }
            } else {
                closer = orderingOwner(cycle);
                Set<String> seen = new HashSet<>();
                for (String p = requestedBy.get(closer); p != null && seen.add(p);
                        p = requestedBy.get(p)) {
                    chain.add(p);
                }
            }
            problems.add(new LoadProblem(closer, null, 0, null, CYCLE, false));
            for (String p : chain) {
                problems.add(new LoadProblem(p, null, 0, null, DEPENDENCY_FAILED, false));
            }
            return new LoadOutcome(null, LoadOutcome.Failure.LOAD_ERROR, closer, text,
                    problems, List.of(), substituted, List.of(), null);
        }

        /**
         * Follows dependencies (not orderings) depth first from the root, in file order, as
         * upstream's loader does; returns the path from the root to the first service that
         * names one already on the path, followed by that one, or null if there is no cycle.
         */
        List<String> findDependencyCycle(String root) {
            List<String> path = new ArrayList<>();
            Deque<Integer> nextEdge = new ArrayDeque<>();
            Set<String> onPath = new HashSet<>();
            Set<String> done = loadOrder;
            done.clear();
            path.add(root);
            onPath.add(root);
            nextEdge.push(0);
            while (!path.isEmpty()) {
                String n = path.get(path.size() - 1);
                ServiceDescription d = staged.get(n);
                List<Dependency> deps = d != null ? d.dependencies() : List.of();
                int i = nextEdge.pop();
                String m = null;
                while (i < deps.size() && m == null) {
                    Dependency dep = deps.get(i++);
                    if (dep.kind().isOrdering()) {
                        continue;
                    }
                    if (onPath.contains(dep.name())) {
                        path.add(dep.name());
                        return path;
                    }
                    if (!done.contains(dep.name()) && staged.containsKey(dep.name())) {
                        m = dep.name();
                    }
                }
                if (m == null) {
                    path.remove(path.size() - 1);
                    onPath.remove(n);
                    done.add(n);
                    continue;
                }
                nextEdge.push(i);
                path.add(m);
                onPath.add(m);
                nextEdge.push(0);
            }
            return null;
        }

        /**
         * The service that declared the ordering closing a cycle: the first edge of the cycle
         * that is an {@code after} of its source or a {@code before} of its target, and not
         * also a dependency.
         */
        String orderingOwner(List<String> cycle) {
            List<String> order = new ArrayList<>(loadOrder);
            String owner = null;
            for (int i = 0; i + 1 < cycle.size(); i++) {
                String from = cycle.get(i);
                String to = cycle.get(i + 1);
                String declarer = null;
                if (hasEdge(from, to, false)) {
                    continue;
                }
                if (hasEdge(from, to, true) && staged.containsKey(from)) {
                    declarer = from;
                } else if (staged.containsKey(to)) {
                    declarer = to;
                }
                // Upstream finds the cycle when the last of the declarers finishes loading.
                if (declarer != null
                        && (owner == null || order.indexOf(declarer) > order.indexOf(owner))) {
                    owner = declarer;
                }
            }
            return owner != null ? owner : cycle.get(0);
        }

        /** Whether {@code from} names {@code to} as an {@code after} (or a dependency). */
        boolean hasEdge(String from, String to, boolean after) {
            ServiceDescription d = lookup(from);
            if (d != null) {
                for (Dependency dep : d.dependencies()) {
                    if (dep.name().equals(to) && (after ? dep.kind() == DependencyKind.AFTER
                            : !dep.kind().isOrdering())) {
                        return true;
                    }
                }
            }
            return false;
        }

        ServiceDescription lookup(String n) {
            ServiceDescription d = staged.get(n);
            return d != null ? d : set.get(n);
        }

        /**
         * The edges out of {@code n} that order starts: its dependencies and {@code after}s,
         * and an edge to every service that named {@code n} in a {@code before}.
         */
        /**
         * The edges out of {@code n}: first its own dependencies and afters (as many as
         * {@link #ownEdges}), then those made by other services' befores.
         */
        int ownEdges(String n) {
            int k = 0;
            ServiceDescription d = lookup(n);
            if (d != null) {
                for (Dependency dep : d.dependencies()) {
                    if (dep.kind() != DependencyKind.BEFORE) {
                        k++;
                    }
                }
            }
            return k;
        }

        List<String> successors(String n) {
            List<String> out = new ArrayList<>();
            ServiceDescription d = lookup(n);
            if (d != null) {
                for (Dependency dep : d.dependencies()) {
                    if (dep.kind() != DependencyKind.BEFORE) {
                        out.add(dep.name());
                    }
                }
            }
            out.addAll(set.namedBefore(n));
            out.addAll(stagedBefore.getOrDefault(n, List.of()));
            return out;
        }

        /**
         * Finds a cycle through a newly staged service, with an explicit-stack depth-first
         * search. Loaded services form no cycle among themselves, so every cycle passes through
         * a staged service.
         */
        List<String> findCycle() {
            for (ServiceDescription s : staged.values()) {
                for (Dependency dep : s.dependencies()) {
                    if (dep.kind() == DependencyKind.BEFORE) {
                        stagedBefore.computeIfAbsent(dep.name(), k -> new ArrayList<>())
                                .add(s.name());
                    }
                }
            }
            // A path can come back from a loaded service only over an edge into a staged one:
            // an 'after' aimed at a former placeholder, or a staged 'before' naming a loaded one.
            boolean reentry = false;
            for (String n : staged.keySet()) {
                reentry |= set.isPlaceholder(n);
            }
            for (String target : stagedBefore.keySet()) {
                reentry |= set.get(target) != null;
            }
            Map<String, Integer> color = new HashMap<>(); // absent: new; 1: on stack; 2: done
            for (String start : staged.keySet()) {
                if (color.containsKey(start)) {
                    continue;
                }
                Deque<String> path = new ArrayDeque<>();
                Deque<List<String>> edges = new ArrayDeque<>();
                Deque<Integer> nextEdge = new ArrayDeque<>();
                // For each service on the path: whether the edge into it came from a 'before'.
                Deque<Boolean> reachedByBefore = new ArrayDeque<>();
                Deque<Integer> own = new ArrayDeque<>();
                path.push(start);
                own.push(ownEdges(start));
                edges.push(successors(start));
                nextEdge.push(0);
                reachedByBefore.push(Boolean.TRUE);
                color.put(start, 1);
                while (!path.isEmpty()) {
                    List<String> out = edges.peek();
                    int i = nextEdge.pop();
                    if (i >= out.size()) {
                        color.put(path.pop(), 2);
                        edges.pop();
                        own.pop();
                        reachedByBefore.pop();
                        continue;
                    }
                    nextEdge.push(i + 1);
                    String m = out.get(i);
                    boolean viaBefore = i >= own.peek();
                    Integer c = color.get(m);
                    if (c != null && c == 1) {
                        List<String> cycle = new ArrayList<>();
                        boolean onlyBefore = viaBefore;
                        Iterator<Boolean> kinds = reachedByBefore.iterator();
                        for (String p : path) {
                            boolean k = kinds.next();
                            cycle.add(p);
                            if (p.equals(m)) {
                                break;
                            }
                            onlyBefore &= k;
                        }
                        // Upstream checks a 'before' only against the declared dependencies
                        // of the service that names it, so services ordered only by 'before'
                        // in a ring (a before b, b before a) load; they then wait for each
                        // other, as with upstream. A service before itself is checked against
                        // itself and refused, as is any other cycle.
                        if (onlyBefore && cycle.size() > 1) {
                            continue;
                        }
                        Collections.reverse(cycle);
                        cycle.add(m);
                        return cycle;
                    }
                    if (c != null || lookup(m) == null
                            || (!reentry && !staged.containsKey(m))) {
                        continue;
                    }
                    color.put(m, 1);
                    path.push(m);
                    own.push(ownEdges(m));
                    edges.push(successors(m));
                    nextEdge.push(0);
                    reachedByBefore.push(viaBefore);
                }
            }
            return null;
        }

        /**
         * consumer-of: the producer, if loaded, must log to a pipe and have no other consumer;
         * and a service loaded in place of a placeholder that a loaded consumer names must be a
         * producer (process-based, logging to a pipe).
         */
        String checkConsumers() {
            Map<String, String> claimed = new HashMap<>();
            for (ServiceDescription d : staged.values()) {
                String error = DescriptionSet.producerProblem(d, set.consumerOf(d.name()),
                        ctx.types);
                if (error != null) {
                    problems.add(new LoadProblem(d.name(), null, 0, "log-type", error, false));
                    return error;
                }
            }
            for (ServiceDescription d : staged.values()) {
                String producer = d.consumerOf();
                if (producer == null) {
                    continue;
                }
                ServiceDescription p = lookup(producer);
                String error = null;
                if (p != null && !DescriptionSet.isProcessBased(p, ctx.types)) {
                    error = "service '" + producer + "' is not a process-based service and"
                            + " cannot have a consumer.";
                } else if (p != null && p.log().type() != LogType.PIPE) {
                    error = "service '" + producer + "' has log-type that is not 'pipe'.";
                } else {
                    String other = set.consumerOf(producer);
                    String previous = claimed.put(producer, d.name());
                    if ((other != null && !other.equals(d.name())) || previous != null) {
                        error = "service '" + producer + "' already has a consumer ('"
                                + (other != null ? other : previous) + "').";
                    }
                }
                if (error != null) {
                    problems.add(new LoadProblem(d.name(), null, 0, "consumer-of", error, false));
                    return error;
                }
            }
            return null;
        }

        Set<String> placeholdersNeeded() {
            Set<String> out = new LinkedHashSet<>();
            for (ServiceDescription d : staged.values()) {
                for (Dependency dep : d.dependencies()) {
                    if (dep.kind().isOrdering() && lookup(dep.name()) == null) {
                        out.add(dep.name());
                    }
                }
                if (d.consumerOf() != null && lookup(d.consumerOf()) == null) {
                    out.add(d.consumerOf());
                }
            }
            return out;
        }
    }
}
