package io.dinitj.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.description.LogType;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.spi.WaitStatus;
import io.dinitj.core.load.LoadLog;
import io.dinitj.core.service.Engine;
import io.dinitj.core.service.ServiceRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload at the engine level (docs/service-semantics.md §17, edge case E45). */
class ReloadTest {

    @TempDir
    Path dir;

    /** E45: a running process service cannot change type; nothing changes. */
    @Test
    void e45_reloadOfRunningServiceChangingTypeIsRefused() {
        Engine e = new Engine(dir).file("P", "type = process", "command = /svc/p");
        e.start("P");
        e.file("P", "type = internal");
        assertThat(e.graph().reload(e.rec("P"))).isEqualTo(
                "cannot change type of a running service");
        assertThat(e.rec("P").description().type()).isEqualTo("process");
        e.expect("P STARTED");
        assertThat(e.rec("P").pid()).isPositive();
    }

    /** A stopped service may change anything, its type included. */
    @Test
    void stoppedServiceMayChangeType() {
        Engine e = new Engine(dir).file("P", "type = process", "command = /svc/p");
        e.load("P");
        e.file("P", "type = triggered");
        assertThat(e.graph().reload(e.rec("P"))).isNull();
        e.set().start(e.rec("P"), false);
        e.expect("P STARTING");
        assertThat(e.fake.processes()).isEmpty();
    }

    /**
     * Reload keeps consumer-of links sound: a producer with a loaded consumer must keep logging
     * to a pipe, and a consumer may only switch to a producer that logs to a pipe.
     */
    @Test
    void reloadKeepsConsumerLinksSound() {
        Engine e = new Engine(dir)
                .file("P", "type = process", "command = /svc/p", "log-type = pipe")
                .file("C", "type = process", "command = /svc/c", "consumer-of = P")
                .file("Q", "type = process", "command = /svc/q");
        e.load("P");
        e.load("C");
        e.load("Q");
        e.file("P", "type = process", "command = /svc/p", "log-type = buffer");
        assertThat(e.graph().reload(e.rec("P"))).isEqualTo("service 'P' has a consumer ('C'), so"
                + " it must be a process-based service with log-type 'pipe'.");
        assertThat(e.rec("P").description().log().type()).isEqualTo(LogType.PIPE);
        e.file("C", "type = process", "command = /svc/c", "consumer-of = Q");
        assertThat(e.graph().reload(e.rec("C"))).isEqualTo(
                "service 'Q' has log-type that is not 'pipe'.");
        assertThat(e.rec("C").description().consumerOf()).isEqualTo("P");
        e.file("C", "type = process", "command = /svc/c2", "consumer-of = P");
        assertThat(e.graph().reload(e.rec("C"))).isNull();
    }

    /** New settings of a running service apply at its next launch. */
    @Test
    void runningServiceGetsNewCommandAtNextLaunch() {
        Engine e = new Engine(dir).file("P", "type = process", "command = /svc/old");
        e.start("P");
        e.file("P", "type = process", "command = /svc/new");
        assertThat(e.graph().reload(e.rec("P"))).isNull();
        assertThat(e.proc("P").argv()).containsExactly("/svc/old");
        e.proc("P").exit(WaitStatus.exited(1));
        e.advance(Engine.SECOND);
        e.expect("P STARTED");
        assertThat(e.proc("P").argv()).containsExactly("/svc/new");
    }

    /** Dependencies are replaced: a dropped one is released, a new running one is held. */
    @Test
    void dependenciesAreReplaced() {
        Engine e = new Engine(dir)
                .file("A", "type = internal", "depends-on = X")
                .file("X", "type = internal")
                .file("Y", "type = internal");
        e.start("A");
        e.start("Y");
        e.file("A", "type = internal", "waits-for = Y");
        assertThat(e.graph().reload(e.rec("A"))).isNull();
        e.expect("A STARTED", "X STOPPED", "Y STARTED");
        ServiceRecord a = e.rec("A");
        assertThat(a.dependencyCount()).isEqualTo(1);
        assertThat(a.dependency(0).kind()).isEqualTo(DependencyKind.WAITS_FOR);
        assertThat(a.dependency(0).isHolding()).isTrue();
        e.release("Y");
        e.expect("Y STARTED");
        e.stop("A");
        e.expect("A STOPPED", "Y STOPPED");
    }

    /** A new hard dependency of a running service must be started; a cycle is refused. */
    @Test
    void refusals() {
        Engine e = new Engine(dir)
                .file("A", "type = internal")
                .file("B", "type = internal", "depends-on = A");
        e.start("A");
        e.file("A", "type = internal", "depends-on = Z").file("Z", "type = internal");
        assertThat(e.graph().reload(e.rec("A"))).isEqualTo("dependency 'Z' is not started");
        assertThat(e.rec("A").dependencyCount()).isZero();
        e.load("B");
        e.stop("A");
        e.file("A", "type = internal", "depends-on = B");
        assertThat(e.graph().reload(e.rec("A"))).contains("cyclic dependency");
        assertThat(e.rec("A").dependencyCount()).isZero();
        e.file("A", "type = internal", "before = B");
        assertThat(e.graph().reload(e.rec("A"))).isNull();
        e.file("A", "type = bogus");
        assertThat(e.graph().reload(e.rec("A"))).contains("service type");
        assertThat(e.rec("A").description().type()).isEqualTo("internal");
    }

    /**
     * A new dependency that fails to load fails the reload with upstream's words, and the
     * daemon is told which load failed, to log its cause first as upstream does.
     */
    @Test
    void failingNewDependency_isReportedWithItsCause() {
        Engine e = new Engine(dir).file("R", "type = internal");
        e.load("R");
        e.file("R", "type = internal", "depends-on = mid")
                .file("mid", "type = internal", "depends-on = nocmd")
                .file("nocmd", "type = process");
        assertThat(e.graph().reload(e.rec("R"))).isEqualTo("could not load dependency.");
        var failure = e.graph().reloadDependencyFailure();
        assertThat(failure.getKey()).isEqualTo("mid");
        assertThat(LoadLog.lines("mid", failure.getValue(),
                LoadLog.Origin.CONTROL))
                .extracting(LoadLog.Line::text).containsExactly(
                        "Could not load service nocmd: 'command' setting not specified.",
                        "Could not load service mid: could not load dependency.");
        e.file("R", "type = internal");
        assertThat(e.graph().reload(e.rec("R"))).isNull();
        assertThat(e.graph().reloadDependencyFailure()).isNull();
    }
}
