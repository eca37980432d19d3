package io.dinitj.core.service;

import io.dinitj.api.service.DependencyKind;
import io.dinitj.collections.HotPath;

/**
 * A dependency between two loaded services, stored once and listed on both ends: in the
 * dependent's dependencies and the dependency's dependents (docs/service-semantics.md §1). A
 * {@code before: Y} in S is stored as an edge from Y to S.
 */
@HotPath
public final class ServiceEdge {

    final ServiceRecord from;
    final ServiceRecord to;
    final DependencyKind kind;
    /** The dependent is waiting for the dependency to start; set only through setWaitingOn. */
    boolean waitingOn;
    /** The dependent holds one unit of the dependency's required-by count. */
    boolean holdingAcq;

    ServiceEdge(ServiceRecord from, ServiceRecord to, DependencyKind kind) {
        this.from = from;
        this.to = to;
        this.kind = kind;
    }

    /**
     * Returns the dependent.
     *
     * @return the service that depends
     */
    public ServiceRecord from() {
        return from;
    }

    /**
     * Returns the dependency.
     *
     * @return the service depended on
     */
    public ServiceRecord to() {
        return to;
    }

    /**
     * Returns the kind.
     *
     * @return the kind
     */
    public DependencyKind kind() {
        return kind;
    }

    /**
     * Tells whether the edge is hard now: regular and prepared-by always, a milestone only while
     * the dependent waits for it.
     *
     * @return true if the dependent cannot run without the dependency
     */
    public boolean isHard() {
        return kind == DependencyKind.REGULAR || kind == DependencyKind.PREPARED_BY
                || (kind == DependencyKind.MILESTONE && waitingOn);
    }

    /**
     * Tells whether the dependent currently holds the dependency active.
     *
     * @return true if the dependency is acquired through this edge
     */
    public boolean isHolding() {
        return holdingAcq;
    }

    /**
     * Tells whether the dependent waits for the dependency to start.
     *
     * @return true while waiting
     */
    public boolean isWaiting() {
        return waitingOn;
    }

    /** Sets {@link #waitingOn}, keeping the dependent's count of waiting edges. */
    void setWaitingOn(boolean waiting) {
        if (waiting != waitingOn) {
            waitingOn = waiting;
            from.waitingEdges += waiting ? 1 : -1;
        }
    }

    boolean isOrdering() {
        return kind == DependencyKind.BEFORE || kind == DependencyKind.AFTER;
    }

    /** Hard by kind (whether or not a milestone is still waiting): these fail with the other. */
    boolean failsWithDependency() {
        return kind == DependencyKind.REGULAR || kind == DependencyKind.PREPARED_BY
                || kind == DependencyKind.MILESTONE;
    }
}
