package io.dinitj.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceState;

/**
 * The engine's books, checked from outside any command: what must hold of every record of a
 * set whenever the queues are empty. Shared by the model test and the fuzzers that drive the
 * engine through the control protocol.
 */
public final class EngineInvariants {

    private EngineInvariants() {
    }

    /**
     * Checks every record of the set: the required-by count is the explicit mark plus the
     * holding edges; the count of waiting edges is right; a service that is up has its regular
     * and prepared-by dependencies started; a stopped service that is not pinned is not wanted;
     * and the active count is the number of records counted active.
     *
     * @param set the set, with its queues processed
     * @param after what was done, for the failure message
     */
    public static void check(ServiceSet set, Object after) {
        int active = 0;
        for (ServiceRecord r = set.first(); r != null; r = set.next(r)) {
            int holding = 0;
            for (int i = 0; i < r.dependentCount(); i++) {
                if (r.dependent(i).isHolding()) {
                    holding++;
                }
            }
            assertThat(r.requiredBy()).as("required-by of %s after %s", r.name(), after)
                    .isEqualTo((r.isExplicit() ? 1 : 0) + holding);
            int waiting = 0;
            for (int i = 0; i < r.dependencyCount(); i++) {
                if (r.dependency(i).isWaiting()) {
                    waiting++;
                }
            }
            assertThat(r.waitingEdges).as("waiting edges of %s after %s", r.name(), after)
                    .isEqualTo(waiting);
            if (r.active) {
                active++;
            }
            boolean up = r.state() == ServiceState.STARTED
                    || (r.state() == ServiceState.STARTING && !r.isWaitingForDeps());
            if (up) {
                for (int i = 0; i < r.dependencyCount(); i++) {
                    ServiceEdge e = r.dependency(i);
                    if (e.kind() == DependencyKind.REGULAR
                            || e.kind() == DependencyKind.PREPARED_BY) {
                        assertThat(e.to().state()).as("%s is up, so its dependency %s after %s",
                                r.name(), e.to().name(), after).isEqualTo(ServiceState.STARTED);
                    }
                }
            }
            if (r.state() == ServiceState.STOPPED && !r.isStopPinned()) {
                assertThat(r.requiredBy() == 0 || r.target() == ServiceState.STOPPED)
                        .as("%s is stopped but still wanted after %s", r.name(), after).isTrue();
            }
        }
        assertThat(set.activeCount()).as("active count after %s", after).isEqualTo(active);
    }
}
