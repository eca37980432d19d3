package io.dinitj.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.service.StopReason;
import io.dinitj.core.service.ServiceSet.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge cases of docs/service-semantics.md §22 that need no process: internal and
 * triggered services only. Each test is named after its case.
 */
class EngineCasesTest {

    @TempDir
    Path dir;

    private Engine engine() {
        return new Engine(dir);
    }

    /** E1: a chain starts bottom-up and stops top-down; nothing stays active. */
    @Test
    void e01_chainStartsBottomUpAndStopsTopDown() {
        Engine e = engine()
                .file("A", "type = internal", "depends-on = B")
                .file("B", "type = internal", "depends-on = C")
                .file("C", "type = triggered");
        e.start("A");
        // C waits for its trigger: all three are STARTING at once.
        e.expect("A STARTING", "B STARTING", "C STARTING");
        e.set().trigger(e.rec("C"), true);
        assertThat(e.events).containsExactly("C STARTED", "B STARTED", "A STARTED");
        e.events.clear();
        e.stop("A");
        assertThat(e.events).containsExactly("A STOPPED", "B STOPPED", "C STOPPED");
        assertThat(e.set().activeCount()).isZero();
    }

    /** E2: a shared dependency stays up while another dependent holds it. */
    @Test
    void e02_sharedDependencyStaysForOtherDependent() {
        Engine e = engine()
                .file("A", "type = internal", "depends-on = C")
                .file("B", "type = internal", "depends-on = C")
                .file("C", "type = internal");
        e.start("A");
        e.start("B");
        e.stop("A");
        e.expect("A STOPPED", "B STARTED", "C STARTED");
        assertThat(e.rec("C").requiredBy()).isEqualTo(1);
    }

    /** E5: hard dependents make the control layer refuse; waits-for dependents do not. */
    @Test
    void e05_stopRefusedOnlyForHardDependents() {
        Engine e = engine()
                .file("B", "type = internal", "depends-on = C")
                .file("C", "type = internal")
                .file("W", "type = internal", "waits-for = X")
                .file("X", "type = internal");
        e.start("B");
        assertThat(e.set().heldByHardDependent(e.rec("C"))).isTrue();
        e.start("W");
        assertThat(e.set().heldByHardDependent(e.rec("X"))).isFalse();
        e.stop("X");
        e.expect("X STOPPED", "W STARTED");
    }

    /** E6: a forced stop takes hard dependents down for good, marked as failed by dependency. */
    @Test
    void e06_forcedStopTakesDependentsDownForGood() {
        Engine e = engine()
                .file("B", "type = internal", "depends-on = C", "restart = yes")
                .file("C", "type = internal", "restart = yes");
        e.start("B");
        e.forceStop("C");
        e.expect("B STOPPED", "C STOPPED");
        assertThat(e.rec("B").isExplicit()).isFalse();
        assertThat(e.rec("B").stopReason()).isEqualTo(StopReason.DEPFAILED);
        assertThat(ServiceSet.stoppedByFailure(e.rec("B"))).isTrue();
        assertThat(e.set().activeCount()).isZero();
    }

    /** E8: a milestone's failure fails a waiting dependent; once started its stop does not. */
    @Test
    void e08_milestoneFailsWaitingDependentOnly() {
        Engine e = engine()
                .file("D", "type = internal", "depends-ms = M")
                .file("M", "type = bgprocess", "command = /svc/launcher", "pid-file = /run/m")
                .file("D2", "type = internal", "depends-ms = M2")
                .file("M2", "type = internal");
        e.fake.exitAfter("/svc/launcher", 0, 1 << 8);
        e.start("D");
        e.advance(Engine.MS);
        e.expect("D STOPPED", "M STOPPED");
        assertThat(e.rec("D").stopReason()).isEqualTo(StopReason.DEPFAILED);
        assertThat(e.eventsOf("D")).containsExactly("FAILEDSTART", "STOPPED");

        e.start("D2");
        e.stop("M2");
        e.expect("D2 STARTED", "M2 STOPPED");
    }

    /** E9: stopping a milestone a dependent waits for cancels the dependent's start. */
    @Test
    void e09_stoppingWaitedMilestoneCancelsDependent() {
        Engine e = engine()
                .file("D", "type = internal", "depends-ms = M")
                .file("M", "type = triggered");
        e.start("D");
        e.expect("D STARTING", "M STARTING");
        e.stop("M");
        e.expect("D STOPPED", "M STOPPED");
        assertThat(e.eventsOf("D")).containsExactly("STARTCANCELLED", "STOPPED");
        assertThat(e.set().activeCount()).isZero();
    }

    /** E10: "after" never starts the other service. */
    @Test
    void e10_afterDoesNotStartTheOther() {
        Engine e = engine()
                .file("A", "type = internal", "after = B")
                .file("B", "type = internal");
        e.load("B");
        e.start("A");
        e.expect("A STARTED", "B STOPPED");
    }

    /** E11: "after" waits while the other is starting, and proceeds when it stops or fails. */
    @Test
    void e11_afterWaitsForStartingServiceUntilItSettles() {
        Engine e = engine()
                .file("A", "type = internal", "after = B")
                .file("B", "type = triggered");
        e.start("B");
        e.start("A");
        e.expect("A STARTING", "B STARTING");
        e.set().trigger(e.rec("B"), true);
        e.expect("A STARTED", "B STARTED");

        Engine s = new Engine(dir.resolve("stop"))
                .file("A", "type = internal", "after = B")
                .file("B", "type = triggered");
        s.start("B");
        s.start("A");
        s.stop("B");
        s.expect("A STARTED", "B STOPPED");

        Engine f = new Engine(dir.resolve("fail"))
                .file("A", "type = internal", "after = B")
                .file("B", "type = process", "command = /svc/missing");
        f.fake.failExec("/svc/missing", io.dinitj.api.service.ExecStage.DO_EXEC, 2);
        f.fake.ignore("/svc/never", io.dinitj.api.description.Signal.TERM);
        // B fails at once when started on its own, so start A while B is held starting by a
        // dependency that is not yet there: B waits for T.
        f.file("B", "type = process", "command = /svc/missing", "depends-on = T")
                .file("T", "type = triggered");
        f.start("B");
        f.start("A");
        f.expect("A STARTING", "B STARTING");
        f.set().trigger(f.rec("T"), true);
        f.expect("A STARTED", "B STOPPED");
        assertThat(f.rec("B").stopReason()).isEqualTo(StopReason.EXECFAILED);
    }

    /** E12: "S before Y" delays Y's bring-up until S has started. */
    @Test
    void e12_beforeDelaysTheOther() {
        Engine e = engine()
                .file("boot", "type = internal", "depends-on = Y", "depends-on = S")
                .file("S", "type = triggered", "before = Y")
                .file("Y", "type = internal");
        e.start("boot");
        e.expect("S STARTING", "Y STARTING", "boot STARTING");
        e.set().trigger(e.rec("S"), true);
        e.expect("S STARTED", "Y STARTED", "boot STARTED");
        assertThat(e.indexOf("S STARTED")).isLessThan(e.indexOf("Y STARTED"));
    }

    /** E16 (internal part): a start pin is inherited down hard edges and refuses stops. */
    @Test
    void e16_pinIsInheritedDownHardEdges() {
        Engine e = engine()
                .file("S3", "type = internal", "depends-on = S2", "restart = no")
                .file("S2", "type = internal", "depends-on = S1", "restart = no")
                .file("S1", "type = internal", "restart = no");
        assertThat(e.set().start(e.load("S3"), true)).isEqualTo(Result.OK);
        assertThat(e.set().stop(e.rec("S2"), false)).isEqualTo(Result.PINNED_STARTED);
        assertThat(e.set().stop(e.rec("S1"), false)).isEqualTo(Result.PINNED_STARTED);
        e.expect("S3 STARTED", "S2 STARTED", "S1 STARTED");
        e.set().unpin(e.rec("S3"));
        e.expect("S3 STARTED", "S2 STARTED", "S1 STARTED");
        e.stop("S3");
        e.expect("S3 STOPPED", "S2 STOPPED", "S1 STOPPED");
    }

    /** E17: a stop-pinned dependency fails hard dependents and lets soft ones run. */
    @Test
    void e17_stopPinnedDependency() {
        Engine e = engine()
                .file("S3", "type = internal", "depends-on = S2")
                .file("S2", "type = internal", "depends-on = S1")
                .file("S1", "type = internal");
        e.load("S3");
        e.set().stop(e.rec("S2"), true);
        e.set().start(e.rec("S3"), false);
        e.expect("S3 STOPPED", "S2 STOPPED", "S1 STOPPED");
        assertThat(e.eventsOf("S3")).contains("FAILEDSTART");
        assertThat(e.eventsOf("S2")).contains("FAILEDSTART");
        assertThat(e.eventsOf("S1")).isEmpty();
        assertThat(e.set().activeCount()).isZero();

        Engine w = new Engine(dir.resolve("w"))
                .file("S3", "type = internal", "waits-for = S2")
                .file("S2", "type = internal", "depends-on = S1")
                .file("S1", "type = internal");
        w.load("S3");
        w.set().stop(w.rec("S2"), true);
        w.set().start(w.rec("S3"), false);
        w.expect("S3 STARTED", "S2 STOPPED", "S1 STOPPED");
        w.set().unpin(w.rec("S2"));
        w.expect("S3 STARTED", "S2 STOPPED");
        assertThat(w.set().activeCount()).isEqualTo(1);
    }

    /** E28: a triggered service waits for its trigger, which survives stops. */
    @Test
    void e28_triggeredService() {
        Engine e = engine().file("T", "type = triggered");
        e.start("T");
        e.expect("T STARTING");
        e.stop("T");
        e.expect("T STOPPED");
        assertThat(e.set().activeCount()).isZero();
        e.start("T");
        e.set().trigger(e.rec("T"), true);
        e.expect("T STARTED");
        e.set().trigger(e.rec("T"), false);
        e.expect("T STARTED");
        e.set().trigger(e.rec("T"), true);
        e.stop("T");
        e.start("T");
        e.expect("T STARTED");
        assertThat(e.set().trigger(e.load("T"), true)).isEqualTo(Result.OK);
        e.file("I", "type = internal");
        assertThat(e.set().trigger(e.load("I"), true)).isEqualTo(Result.NOT_TRIGGERABLE);
    }

    /** E33: restart of a stopped service is refused; hard dependents restart too. */
    @Test
    void e33_restartCascadesToHardDependentsOnly() {
        Engine e = engine()
                .file("X", "type = internal")
                .file("B", "type = internal", "depends-on = X")
                .file("W", "type = internal", "waits-for = X");
        assertThat(e.set().restart(e.load("X"))).isEqualTo(Result.NOT_STARTED);
        e.start("B");
        e.start("W");
        assertThat(e.set().heldByHardDependent(e.rec("X"))).isTrue();
        e.events.clear();
        assertThat(e.set().restart(e.rec("X"))).isEqualTo(Result.OK);
        e.expect("X STARTED", "B STARTED", "W STARTED");
        assertThat(e.eventsOf("B")).containsExactly("STOPPED", "STARTED");
        assertThat(e.rec("B").stopReason()).isEqualTo(StopReason.DEPRESTART);
        assertThat(e.eventsOf("W")).isEmpty();
        assertThat(e.rec("B").isExplicit()).isTrue();
    }

    /** E37: releasing an explicit service a running dependent waits for keeps it running. */
    @Test
    void e37_releaseKeepsServiceForSoftDependent() {
        Engine e = engine()
                .file("X", "type = internal")
                .file("D", "type = internal", "waits-for = X");
        e.start("X");
        e.start("D");
        e.release("X");
        e.expect("X STARTED", "D STARTED");
        e.stop("D");
        e.expect("X STOPPED", "D STOPPED");
        assertThat(e.set().activeCount()).isZero();
    }

    /** E38: wake needs an active dependent, and does not mark the service explicit. */
    @Test
    void e38_wakeNeedsActiveDependent() {
        Engine e = engine()
                .file("X", "type = internal")
                .file("D", "type = internal", "waits-for = X");
        assertThat(e.set().wake(e.load("X"), false)).isEqualTo(Result.NO_ACTIVE_DEPENDENTS);
        e.expect("X STOPPED");
        e.start("D");
        e.stop("X");
        e.expect("X STOPPED", "D STARTED");
        assertThat(e.set().wake(e.rec("X"), false)).isEqualTo(Result.OK);
        e.expect("X STARTED");
        assertThat(e.rec("X").isExplicit()).isFalse();
        e.stop("D");
        e.expect("X STOPPED");
    }

    /** E39: a soft dependency started explicitly re-attaches to its running dependent. */
    @Test
    void e39_softDependencyReattaches() {
        Engine e = engine()
                .file("X", "type = internal")
                .file("D", "type = internal", "waits-for = X");
        e.start("D");
        e.stop("X");
        e.start("X");
        e.release("X");
        e.expect("X STARTED", "D STARTED");
    }

    /** E46 (internal part): a shutdown stops everything, restarts nothing, refuses starts. */
    @Test
    void e46_shutdownStopsAllAndRefusesStarts() {
        Engine e = engine()
                .file("A", "type = internal", "depends-on = B", "restart = yes")
                .file("B", "type = internal", "restart = yes");
        e.start("A");
        e.set().stopAll(ShutdownType.HALT);
        e.expect("A STOPPED", "B STOPPED");
        assertThat(e.set().activeCount()).isZero();
        assertThat(e.set().start(e.rec("A"), false)).isEqualTo(Result.SHUTTING_DOWN);
        assertThat(e.set().shutdownType()).isEqualTo(ShutdownType.HALT);
    }

    /**
     * E50, quirk Q1 (decided: deviate). Upstream re-attaches ordering dependents when a service
     * starts, so "A after B" keeps B running after B is released. We do not: ordering links
     * never hold a service.
     */
    @Test
    void e50_q1_orderingLinksNeverHold() {
        Engine e = engine()
                .file("A", "type = internal", "after = B")
                .file("B", "type = internal");
        e.start("A");
        e.start("B");
        e.release("B");
        e.expect("A STARTED", "B STOPPED");
    }

    /**
     * E50, quirk Q3 (decided: fix). A start while a non-forced stop still waits for dependents
     * cancels the stop; the service is resumed, not brought up a second time (upstream launches
     * a second process). The commands rarely reach this state (dinitctl stop, restarts and
     * process deaths all force the stop), so the test puts the service there directly.
     */
    @Test
    void e50_q3_cancelledStopResumesInsteadOfRelaunching() {
        Engine e = engine()
                .file("P", "type = process", "command = /svc/p")
                .file("R", "type = process", "command = /svc/r", "depends-on = P");
        e.fake.ignore("/svc/r", io.dinitj.api.description.Signal.TERM);
        e.start("R");
        e.expect("P STARTED", "R STARTED");
        ServiceRecord p = e.rec("P");
        ServiceRecord r = e.rec("R");
        // A normal (not forced) stop of P with target STOPPED, as a stop cascade makes it.
        p.target = ServiceState.STOPPED;
        r.target = ServiceState.STOPPED;
        p.doStop(false);
        r.propStop = true;
        e.set().enqueueProp(r);
        e.set().processQueues();
        e.expect("P STOPPING", "R STOPPING");
        assertThat(p.isWaitingForDeps()).isTrue();
        int[] bringUps = new int[1];
        io.dinitj.api.spi.ServiceBehaviour real = p.behaviour;
        p.behaviour = new io.dinitj.api.spi.ServiceBehaviour() {
            @Override
            public boolean bringUp() {
                bringUps[0]++;
                return real.bringUp();
            }

            @Override
            public void bringDown() {
                real.bringDown();
            }

            @Override
            public int pid() {
                return real.pid();
            }
        };
        p.supervisesProcess = true;
        e.set().start(p, false);
        assertThat(e.eventsOf("P")).contains("STOPCANCELLED");
        e.advance(20 * Engine.SECOND); // R is killed after its stop timeout
        e.expect("P STARTED", "R STOPPED");
        assertThat(e.fake.processes().stream().filter(x -> x.argv().get(0).equals("/svc/p")))
                .hasSize(1);
        assertThat(e.proc("P").isRunning()).isTrue();
        assertThat(bringUps[0]).as("the engine resumes P without bringing it up again").isZero();
    }

    /**
     * Two services each 'before' the other load (as upstream) and wait for each other: they
     * stay STARTING, nothing loops, and stopping what needs them stops them.
     */
    @Test
    void ringOfBeforesWaitsAndStops() {
        Engine e = engine()
                .file("boot", "type = internal", "depends-on = a", "depends-on = b")
                .file("a", "type = internal", "before = b")
                .file("b", "type = internal", "before = a");
        e.start("boot");
        e.expect("boot STARTING", "a STARTING", "b STARTING");
        e.set().stop(e.rec("boot"), false);
        e.expect("boot STOPPED", "a STOPPED", "b STOPPED");
    }

    /**
     * E49 (engine part): when every service stops without a shutdown, the set reports a boot
     * failure and the notice says so; the daemon (system manager) then prompts or starts
     * recovery. After a shutdown request the notice names the action instead.
     */
    @Test
    void e49_bootFailureWhenAllStopWithoutShutdown() {
        Engine e = engine().file("boot", "type = internal", "restart = no");
        e.start("boot");
        assertThat(e.set().isBootFailure()).isFalse();
        e.stop("boot");
        assertThat(e.set().isBootFailure()).isTrue();
        assertThat(e.set().allStoppedNotice())
                .isEqualTo("No more active services. Will handle boot failure.");
        e.set().stopAll(ShutdownType.REBOOT);
        assertThat(e.set().isBootFailure()).isFalse();
        assertThat(e.set().allStoppedNotice()).isEqualTo("No more active services. Will reboot.");
    }

    /**
     * Console queue (section 14): console services take the console one at a time, in order;
     * starts-on-console gives it back when started, runs-on-console when stopped, and a queued
     * service that is stopped leaves the queue.
     */
    @Test
    void consoleQueueServesOneAtATime() {
        Engine e = engine()
                .file("first", "type = process", "command = /svc/first",
                        "options = starts-on-console", "ready-notification = pipefd:3")
                .file("second", "type = process", "command = /svc/second",
                        "options = runs-on-console")
                .file("third", "type = process", "command = /svc/third",
                        "options = starts-on-console");
        e.start("first");
        e.start("second");
        e.start("third");
        assertThat(e.set().consoleHolder()).isSameAs(e.rec("first"));
        assertThat(e.rec("second").isWaitingForConsole()).isTrue();
        assertThat(e.fake.processes()).hasSize(1);
        e.stop("third");
        e.expect("third STOPPED");
        assertThat(e.rec("third").isWaitingForConsole()).isFalse();
        e.proc("first").ready();
        e.expect("first STARTED", "second STARTED");
        assertThat(e.set().consoleHolder()).isSameAs(e.rec("second"));
        e.stop("second");
        e.advance(Engine.SECOND);
        e.expect("second STOPPED");
        assertThat(e.set().consoleHolder()).isNull();
        assertThat(e.fake.processes()).hasSize(2);
    }

    /**
     * A plugin that throws (even an Error) from bring-up or bring-down cannot break the engine:
     * the start fails, the stop completes, the problem is reported, the others run on.
     */
    @Test
    void throwingBehaviourFailsOnlyItsService() {
        Engine e = engine()
                .file("bad", "type = internal")
                .file("good", "type = internal", "waits-for = bad");
        e.load("good");
        ServiceRecord bad = e.rec("bad");
        bad.behaviour = new io.dinitj.api.spi.ServiceBehaviour() {
            @Override
            public boolean bringUp() {
                throw new AssertionError("plugin bug");
            }

            @Override
            public void bringDown() {
                throw new IllegalStateException("plugin bug");
            }
        };
        e.set().start(e.rec("good"), false);
        e.expect("good STARTED", "bad STOPPED");
        assertThat(bad.startFailed()).isTrue();
        assertThat(e.events).anyMatch(x -> x.startsWith("bad problem: ")
                && x.contains("threw from bringUp") && x.contains("plugin bug"));
        e.stop("good");
        assertThat(e.set().activeCount()).isZero();
    }
}
