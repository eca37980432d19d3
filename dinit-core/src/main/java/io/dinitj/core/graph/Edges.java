package io.dinitj.core.graph;

import io.dinitj.api.service.DependencyKind;
import io.dinitj.core.service.ServiceEdge;
import io.dinitj.core.service.ServiceRecord;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/** Questions about the live graph that its edits ask before they change it. Not hot. */
final class Edges {

    private Edges() {
    }

    /** The edge {@code from -> to} of {@code kind}, or null. */
    static ServiceEdge find(ServiceRecord from, ServiceRecord to, DependencyKind kind) {
        for (int i = 0; i < from.dependencyCount(); i++) {
            ServiceEdge e = from.dependency(i);
            if (e.to() == to && e.kind() == kind) {
                return e;
            }
        }
        return null;
    }

    /**
     * Whether {@code target} is reachable from {@code start} along dependencies of any kind:
     * an edge from {@code target} to {@code start} would close a cycle. Iterative: an explicit
     * stack, however long the chain.
     */
    static boolean reaches(ServiceRecord start, ServiceRecord target) {
        ArrayDeque<ServiceRecord> work = new ArrayDeque<>();
        Set<ServiceRecord> seen = new HashSet<>();
        work.push(start);
        while (!work.isEmpty()) {
            ServiceRecord r = work.pop();
            if (r == target) {
                return true;
            }
            if (seen.add(r)) {
                for (int i = 0; i < r.dependencyCount(); i++) {
                    work.push(r.dependency(i).to());
                }
            }
        }
        return false;
    }
}
