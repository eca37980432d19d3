package io.dinitj.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceState;
import io.dinitj.core.service.Engine;
import io.dinitj.core.service.ServiceSet.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unload and run-time dependency edits on a live set, through the graph editor. */
class GraphEditsTest {

    @TempDir
    Path dir;

    /** E45 (engine part): unload refuses a started service and one with hard dependents. */
    @Test
    void e45_unloadRefusals() {
        Engine e = new Engine(dir)
                .file("X", "type = internal")
                .file("B", "type = internal", "depends-on = X");
        e.start("X");
        assertThat(e.graph().unload(e.rec("X"))).isEqualTo(Result.IN_USE);
        e.stop("X");
        e.load("B");
        assertThat(e.graph().unload(e.rec("X"))).isEqualTo(Result.IN_USE);
        assertThat(e.graph().unload(e.rec("B"))).isEqualTo(Result.OK);
        assertThat(e.set().find("B")).isNull();
        assertThat(e.graph().unload(e.rec("X"))).isEqualTo(Result.OK);
        assertThat(e.set().find("X")).isNull();
        e.start("B");
        e.expect("B STARTED", "X STARTED");
    }

    /**
     * As upstream: adding a soft dependency to a running service only links it; enabling it
     * (also over the existing link) starts it; removing it releases it, and it stops.
     */
    @Test
    void addAndRemoveDependencyAtRunTime() {
        Engine e = new Engine(dir)
                .file("A", "type = internal")
                .file("X", "type = internal");
        e.start("A");
        e.load("X");
        assertThat(e.graph().addDependency(e.rec("A"), e.rec("X"), DependencyKind.WAITS_FOR,
                false)).isEqualTo(Result.OK);
        assertThat(e.rec("X").state()).isEqualTo(ServiceState.STOPPED);
        assertThat(e.rec("A").dependency(0).isHolding()).isFalse();
        assertThat(e.graph().addDependency(e.rec("A"), e.rec("X"), DependencyKind.WAITS_FOR,
                true)).isEqualTo(Result.OK);
        assertThat(e.rec("A").dependencyCount()).isEqualTo(1);
        e.expect("X STARTED");
        assertThat(e.graph().addDependency(e.rec("X"), e.rec("A"), DependencyKind.REGULAR,
                false)).isEqualTo(Result.BAD_DEPENDENCY);
        assertThat(e.graph().removeDependency(e.rec("A"), e.rec("X"), DependencyKind.WAITS_FOR))
                .isEqualTo(Result.OK);
        e.expect("X STOPPED", "A STARTED");
        assertThat(e.rec("X").state()).isEqualTo(ServiceState.STOPPED);
    }
}
