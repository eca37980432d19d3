package io.dinitj.shell.check;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.DependencyKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Finds one dependency cycle among the checked services, as upstream dinit-check does, with an
 * explicit stack instead of recursion, so a chain of any depth is walked on a small thread
 * stack. There is deliberately no depth limit.
 *
 * <p>The graph: from each service an edge to each of its dependencies of every kind (file
 * order, {@code .d} entries where their setting was); then, visiting the services in name
 * order, for {@code before: Y} in S an edge Y to S (marked {@code before}), and for
 * {@code after: A} in S an edge S to A (marked {@code after}); upstream builds its lists in the
 * same order, so the same cycle is reported. Edges to services that did not load are ignored.
 * The search starts from the services named on the command line, in order, and stops at the
 * first edge to a service that is on the current path.
 *
 * <p>As upstream does, the service a search starts from is not marked as visited, so for a
 * cycle through it ({@code a -> b -> a}, checking {@code a}) the search goes round once more
 * and the cycle is printed from where it closed: {@code b -> a -> b.}; a service depending on
 * itself prints as {@code a -> a -> a.}.
 */
final class CycleFinder {

    /** An edge of the graph; {@code via} is BEFORE, AFTER, or null for a dependency. */
    private record Edge(String target, DependencyKind via) {
    }

    /** A service on the current search path, with the index of the edge being followed. */
    private static final class Frame {
        final String name;
        final List<Edge> edges;
        int next;

        Frame(String name, List<Edge> edges) {
            this.name = name;
            this.edges = edges;
        }
    }

    /** One line of the cycle: a service and how the link to the next one was made. */
    record Link(String service, DependencyKind via) {
    }

    private CycleFinder() {
    }

    /**
     * Finds one cycle.
     *
     * @param services the services that loaded, in the name order upstream iterates them
     * @param roots the services named on the command line, in order
     * @return the cycle, starting and (implicitly) ending at the same service, or null if none
     */
    static List<Link> find(SortedMap<String, ServiceDescription> services, List<String> roots) {
        Map<String, List<Edge>> graph = build(services);
        // Visited: pushed on the path once (a root is not marked when its search starts).
        Set<String> visited = new HashSet<>();
        // Searched completely: no cycle passes through it.
        Set<String> done = new HashSet<>();
        Deque<Frame> path = new ArrayDeque<>();
        for (String root : roots) {
            if (!graph.containsKey(root) || visited.contains(root)) {
                continue;
            }
            path.push(new Frame(root, graph.get(root)));
            while (!path.isEmpty()) {
                Frame top = path.peek();
                if (top.next >= top.edges.size()) {
                    done.add(top.name);
                    path.pop();
                    if (!path.isEmpty()) {
                        path.peek().next++;
                    }
                    continue;
                }
                String target = top.edges.get(top.next).target();
                if (!graph.containsKey(target) || done.contains(target)) {
                    top.next++;
                } else if (visited.contains(target)) {
                    return cycle(path, target);
                } else {
                    visited.add(target);
                    path.push(new Frame(target, graph.get(target)));
                }
            }
        }
        return null;
    }

    /** The part of the path from {@code start} to its top, each with the edge it follows. */
    private static List<Link> cycle(Deque<Frame> path, String start) {
        List<Link> out = new ArrayList<>();
        boolean in = false;
        // The deque's last element is the bottom of the path.
        for (Iterator<Frame> it = path.descendingIterator(); it.hasNext(); ) {
            Frame f = it.next();
            in |= f.name.equals(start);
            if (in) {
                out.add(new Link(f.name, f.edges.get(f.next).via()));
            }
        }
        return out;
    }

    private static Map<String, List<Edge>> build(SortedMap<String, ServiceDescription> services) {
        Map<String, List<Edge>> graph = new LinkedHashMap<>();
        for (ServiceDescription d : services.values()) {
            List<Edge> edges = new ArrayList<>();
            for (Dependency dep : d.dependencies()) {
                if (!dep.kind().isOrdering()) {
                    edges.add(new Edge(dep.name(), null));
                }
            }
            graph.put(d.name(), edges);
        }
        for (ServiceDescription d : services.values()) {
            for (Dependency dep : d.dependencies()) {
                if (dep.kind() == DependencyKind.BEFORE && graph.containsKey(dep.name())) {
                    graph.get(dep.name()).add(new Edge(d.name(), DependencyKind.BEFORE));
                }
            }
            for (Dependency dep : d.dependencies()) {
                if (dep.kind() == DependencyKind.AFTER && graph.containsKey(dep.name())) {
                    graph.get(d.name()).add(new Edge(dep.name(), DependencyKind.AFTER));
                }
            }
        }
        return graph;
    }
}
