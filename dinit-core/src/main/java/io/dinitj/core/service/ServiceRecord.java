package io.dinitj.core.service;

import io.dinitj.api.description.RestartPolicy;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.WaitStatus;
import io.dinitj.collections.DList;
import io.dinitj.collections.HotPath;
import io.dinitj.collections.SList;

/**
 * One loaded service and its share of the engine: state, target, required-by count, pins, the
 * flags that carry propagation, and the intrusive nodes that put it on the set's queues
 * (docs/service-semantics.md §1 to §15; the pseudo-code there is the specification of every
 * method here).
 *
 * <p><b>No recursion.</b> Nothing here calls onward through the graph. A method that affects
 * another service marks a flag on it and queues it; {@link ServiceSet#processQueues()} runs the
 * queued work. Where upstream Dinit calls onward directly (section 4.6) this code marks and
 * queues instead, with the same outcome: {@link #stopDependents} does a dependent's release
 * bookkeeping and queues its stop instead of stopping it inline, and a {@code chain-to} start is
 * queued as a propagation. The stack depth of any engine call is therefore bounded, whatever the
 * depth of the graph; the architecture rules prove that no method reaches itself.
 *
 * <p><b>No allocation.</b> After loading, nothing here allocates: queues are intrusive, edges are
 * arrays built at load time, events go to listeners as the record itself.
 *
 * <p>Not thread safe: the event-loop thread only.
 */
@HotPath
public final class ServiceRecord {

    private static final ServiceEdge[] NO_EDGES = new ServiceEdge[0];

    final ServiceSet set;
    final String name;
    final SList.Node<ServiceRecord> propNode = new SList.Node<>(this);
    final SList.Node<ServiceRecord> transitionNode = new SList.Node<>(this);
    final DList.Node<ServiceRecord> consoleNode = new DList.Node<>(this);
    final DList.Node<ServiceRecord> allNode = new DList.Node<>(this);
    final Handle handle = new Handle();

    /** Null while this is a placeholder for an ordering or consumer-of target. */
    ServiceDescription description;
    ServiceBehaviour behaviour;
    ServiceContext context;
    /** From a reload while running: takes over at the next stop (the next launch). */
    ServiceBehaviour pendingBehaviour;
    /**
     * Its type supervises a long-running process ({@code TypeCapability.SUPERVISES_PROCESS}):
     * {@code restart = on-failure} and the restart rate limit apply.
     */
    boolean supervisesProcess;
    ServiceContext pendingContext;

    // Settings read from the description at load.
    RestartPolicy restartPolicy = RestartPolicy.NO;
    long restartLimitInterval;
    int restartLimitCount;
    boolean startsOnConsole;
    boolean runsOnConsole;
    boolean alwaysChain;
    String chainTo;

    ServiceEdge[] deps = NO_EDGES;
    int depCount;
    /**
     * How many outgoing edges have {@code waitingOn}: kept so that "are all dependencies up?"
     * is O(1). Scanning instead made starting a fan-out of n services O(n^2), since the root is
     * re-checked after each dependency starts.
     */
    int waitingEdges;
    /** Dependents before this index were found clear by the last stop check. */
    int stopCheckFrom;
    ServiceEdge[] dependents = NO_EDGES;
    int dependentCount;

    ServiceState state = ServiceState.STOPPED;
    ServiceState target = ServiceState.STOPPED;
    int requiredBy;
    boolean explicit;
    /** Counted in the set's active count. */
    boolean active;
    boolean pinnedStarted;
    boolean pinnedStopped;
    boolean deptPinned;
    /** STARTING: not yet brought up (dependencies or console); STOPPING: dependents not down. */
    boolean waitingForDeps;
    boolean waitingForConsole;
    boolean haveConsole;
    boolean forceStop;
    boolean startFailed;
    boolean startSkipped;
    boolean inAutoRestart;
    boolean inUserRestart;
    /** The behaviour reported started and has not been brought down since (quirk Q3). */
    boolean behaviourUp;
    /** STOPPING: the behaviour was told to bring down (or is bringing a failed start down). */
    boolean bringingDown;
    StopReason stopReason = StopReason.NORMAL;
    int lastExitStatus = -1;
    ExecStage execStage;
    int execErrno;
    long restartWindowStart;
    int restartCount;

    boolean propRequire;
    boolean propRelease;
    boolean propFailure;
    boolean propStart;
    boolean propStop;
    boolean propPinDpt;
    boolean propChainStart;

    ServiceRecord(ServiceSet set, String name) {
        this.set = set;
        this.name = name;
    }

    // ---------------------------------------------------------------- queries

    /**
     * Returns the full name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the description.
     *
     * @return the loaded description, or null for a placeholder
     */
    public ServiceDescription description() {
        return description;
    }

    /**
     * Tells whether this stands in for a service that is named by an ordering or
     * {@code consumer-of} link but not loaded. A placeholder never starts.
     *
     * @return true for a placeholder
     */
    public boolean isPlaceholder() {
        return description == null;
    }

    /**
     * Returns the current state.
     *
     * @return the state
     */
    public ServiceState state() {
        return state;
    }

    /**
     * Returns the target (desired) state.
     *
     * @return STARTED or STOPPED
     */
    public ServiceState target() {
        return target;
    }

    /**
     * Returns the required-by count: one for an explicit activation plus one per dependent
     * holding this service.
     *
     * @return the count
     */
    public int requiredBy() {
        return requiredBy;
    }

    /**
     * Tells whether the service was explicitly activated.
     *
     * @return true if marked active
     */
    public boolean isExplicit() {
        return explicit;
    }

    /**
     * Tells whether the service is pinned started, directly or through a hard dependent.
     *
     * @return true if start-pinned
     */
    public boolean isStartPinned() {
        return pinnedStarted || deptPinned;
    }

    /**
     * Tells whether the service is pinned stopped.
     *
     * @return true if stop-pinned
     */
    public boolean isStopPinned() {
        return pinnedStopped;
    }

    /**
     * Returns why the service last stopped.
     *
     * @return the stop reason
     */
    public StopReason stopReason() {
        return stopReason;
    }

    /**
     * Tells whether the last start failed.
     *
     * @return true after a failed start, until the next start
     */
    public boolean startFailed() {
        return startFailed;
    }

    /**
     * Tells whether the last start was skipped.
     *
     * @return true if started as skipped
     */
    public boolean startSkipped() {
        return startSkipped;
    }

    /**
     * Tells whether the service waits for its dependencies (STARTING) or dependents (STOPPING).
     *
     * @return true while waiting
     */
    public boolean isWaitingForDeps() {
        return waitingForDeps;
    }

    /**
     * Tells whether the service holds the console.
     *
     * @return true while it has the console
     */
    public boolean hasConsole() {
        return haveConsole;
    }

    /**
     * Tells whether the service waits in the console queue.
     *
     * @return true while queued for the console
     */
    public boolean isWaitingForConsole() {
        return waitingForConsole;
    }

    /**
     * Returns the raw wait status of the main process's last exit.
     *
     * @return the status, or -1 if no process has exited
     */
    public int lastExitStatus() {
        return lastExitStatus;
    }

    /**
     * Returns the stage at which the last launch failed.
     *
     * @return the stage, or null if the last start did not fail to launch
     */
    public ExecStage execStage() {
        return execStage;
    }

    /**
     * Returns the error number of the last failed launch.
     *
     * @return the errno, or 0
     */
    public int execErrno() {
        return execErrno;
    }

    /**
     * Returns the pid of the main process.
     *
     * @return the pid, or -1 if there is none
     */
    public int pid() {
        return behaviour == null ? -1 : behaviour.pid();
    }

    /**
     * Returns the behaviour (the type-specific part).
     *
     * @return the behaviour, or null for a placeholder
     */
    public ServiceBehaviour behaviour() {
        return behaviour;
    }

    /**
     * Returns the number of dependencies (outgoing edges).
     *
     * @return the count
     */
    public int dependencyCount() {
        return depCount;
    }

    /**
     * Returns one dependency edge.
     *
     * @param i the index, 0 to {@link #dependencyCount()} - 1
     * @return the edge
     */
    public ServiceEdge dependency(int i) {
        return deps[i];
    }

    /**
     * Returns the number of dependents (incoming edges).
     *
     * @return the count
     */
    public int dependentCount() {
        return dependentCount;
    }

    /**
     * Returns one dependent edge.
     *
     * @param i the index, 0 to {@link #dependentCount()} - 1
     * @return the edge
     */
    public ServiceEdge dependent(int i) {
        return dependents[i];
    }

    // ---------------------------------------------------------------- queue helpers

    private void enqueueProp() {
        set.enqueueProp(this);
    }

    private void enqueueTransition() {
        set.enqueueTransition(this);
    }

    private boolean startPinned() {
        return pinnedStarted || deptPinned;
    }

    // ---------------------------------------------------------------- activation (spec 3)

    void require() {
        requiredBy++;
        if (requiredBy == 1 && state != ServiceState.STARTING && state != ServiceState.STARTED) {
            propStart = true;
            enqueueProp();
        }
    }

    /**
     * Drops one unit of the required-by count; never stops the service itself (section 4.6).
     *
     * @return true if the count reached 0 and the service should now stop
     */
    boolean releaseNoStop() {
        requiredBy--;
        if (requiredBy != 0) {
            return false;
        }
        if (state == ServiceState.STOPPING && target == ServiceState.STARTED && !startPinned()) {
            set.emit(this, ServiceEvent.STARTCANCELLED);
        }
        target = ServiceState.STOPPED;
        if (startPinned()) {
            return false;
        }
        if (propRequire) {
            propRequire = false;
        } else {
            propRelease = true;
            enqueueProp();
        }
        if (state == ServiceState.STOPPED) {
            leaveActive();
        }
        return true;
    }

    void releaseWithStop() {
        if (releaseNoStop()
                && (state == ServiceState.STARTING || state == ServiceState.STARTED)) {
            stopReason = StopReason.NORMAL;
            doStop(false);
        }
    }

    private void releaseDependencies() {
        for (int i = 0; i < depCount; i++) {
            ServiceEdge e = deps[i];
            if (e.holdingAcq) {
                e.holdingAcq = false;
                e.to.releaseWithStop();
            }
        }
    }

    /** Leaves the set's active count if stopped, unwanted and counted (section 4.5, note). */
    private void leaveActive() {
        if (active && requiredBy == 0 && state == ServiceState.STOPPED) {
            active = false;
            set.activeCount--;
        }
    }

    // ---------------------------------------------------------------- propagation (spec 4.2)

    void doPropagation() {
        if (propRequire) {
            for (int i = 0; i < depCount; i++) {
                ServiceEdge e = deps[i];
                if (!e.isOrdering() && !e.holdingAcq) {
                    e.holdingAcq = true;
                    e.to.require();
                }
            }
            propRequire = false;
        }
        if (propRelease) {
            releaseDependencies();
            propRelease = false;
        }
        if (propFailure) {
            propFailure = false;
            if (state == ServiceState.STARTING) {
                stopReason = StopReason.DEPFAILED;
                state = ServiceState.STOPPED;
                failedToStart(true, true);
            }
        }
        if (propStart) {
            propStart = false;
            doStart();
        }
        if (propStop) {
            propStop = false;
            doStop(inUserRestart);
        }
        if (propPinDpt) {
            propPinDpt = false;
            recomputeDeptPin();
        }
        if (propChainStart) {
            propChainStart = false;
            if (!set.shuttingDown) {
                start();
            }
        }
    }

    private void recomputeDeptPin() {
        boolean pinned = false;
        for (int i = 0; i < dependentCount; i++) {
            ServiceEdge e = dependents[i];
            if (e.isHard() && e.from.startPinned()) {
                pinned = true;
                break;
            }
        }
        if (pinned == deptPinned) {
            return;
        }
        deptPinned = pinned;
        pushPinToDependencies();
        if (!startPinned()) {
            afterUnpinned();
        }
    }

    private void pushPinToDependencies() {
        for (int i = 0; i < depCount; i++) {
            ServiceEdge e = deps[i];
            if (e.isHard()) {
                e.to.propPinDpt = true;
                e.to.enqueueProp();
            }
        }
    }

    /** What a release or stop left pending while the service was start-pinned (section 6). */
    private void afterUnpinned() {
        if (state == ServiceState.STARTING) {
            // A stop that arrived while pinned is due now: a start that can be interrupted is
            // (one that cannot finishes and then stops, as started() checks the target).
            // Leaving it starting let a dependency stop under it (found by EngineModelTest).
            if (target == ServiceState.STOPPED || forceStop) {
                doStop(false);
            }
            return;
        }
        if (state != ServiceState.STARTED) {
            return;
        }
        if (requiredBy == 0 && !propRelease) {
            propRelease = true;
            enqueueProp();
        }
        if (target == ServiceState.STOPPED || forceStop) {
            doStop(false);
        }
    }

    // ---------------------------------------------------------------- starting (spec 4.3)

    /** Explicit activation (dinitctl start, initial services, chain-to). */
    void start() {
        if (pinnedStopped || description == null) {
            return;
        }
        if (!explicit) {
            explicit = true;
            requiredBy++;
        }
        doStart();
    }

    void doStart() {
        boolean wasActive = state != ServiceState.STOPPED;
        target = ServiceState.STARTED;
        if (pinnedStopped || description == null) {
            if (!wasActive) {
                failedToStart(false, false);
            }
            return;
        }
        if (!wasActive) {
            // Re-attach running soft dependents. Quirk Q1: upstream re-attaches ordering
            // (before/after) dependents too, so that releasing this service later leaves it
            // running until they stop. We deliberately do not: an ordering link never keeps a
            // service running anywhere else (section 3), and a user who releases B expects
            // "A after B" not to hold it. Edge case E50 asserts this.
            for (int i = 0; i < dependentCount; i++) {
                ServiceEdge e = dependents[i];
                if (!e.isHard() && !e.isOrdering() && !e.holdingAcq
                        && (e.from.state == ServiceState.STARTING
                                || e.from.state == ServiceState.STARTED)) {
                    e.holdingAcq = true;
                    requiredBy++;
                }
            }
        }
        if (wasActive) {
            if (state != ServiceState.STOPPING) {
                return;
            }
            if (!waitingForDeps || forceStop) {
                return;
            }
            set.emit(this, ServiceEvent.STOPCANCELLED);
        } else {
            if (!active) {
                active = true;
                set.activeCount++;
            }
            if (propRelease) {
                propRelease = false;
            } else {
                propRequire = true;
                enqueueProp();
            }
        }
        initiateStart();
    }

    void initiateStart() {
        startFailed = false;
        startSkipped = false;
        state = ServiceState.STARTING;
        waitingForDeps = true;
        boolean ready = true;
        for (int i = 0; i < depCount; i++) {
            ServiceEdge e = deps[i];
            if (e.isOrdering() && e.to.state != ServiceState.STARTING) {
                e.setWaitingOn(false);
                continue;
            }
            if (e.to.state != ServiceState.STARTED) {
                e.setWaitingOn(true);
                ready = false;
            } else {
                e.setWaitingOn(false);
            }
        }
        for (int i = 0; i < dependentCount; i++) {
            ServiceEdge e = dependents[i];
            if (e.isOrdering() && !e.waitingOn && e.from.state == ServiceState.STARTING
                    && e.from.waitingForDeps) {
                e.setWaitingOn(true);
            }
        }
        if (ready) {
            enqueueTransition();
        }
    }

    void executeTransition() {
        if (state == ServiceState.STARTING) {
            if (waitingForDeps && !waitingForConsole) {
                if (!anyDependencyWaiting()) {
                    allDepsStarted();
                } else if (haveConsole) {
                    releaseConsole(); // granted, but its dependencies are not ready after all
                }
            }
        } else if (state == ServiceState.STOPPING) {
            if (!bringingDown && stopCheckDependents()) {
                waitingForDeps = false;
                bringingDown = true;
                behaviourUp = false;
                set.bringDown(this);
            }
        } else if (haveConsole && !(runsOnConsole && state == ServiceState.STARTED)) {
            releaseConsole(); // granted after it stopped needing it
        }
    }

    private boolean anyDependencyWaiting() {
        return waitingEdges != 0;
    }

    private void allDepsStarted() {
        if ((startsOnConsole || runsOnConsole) && !haveConsole) {
            queueForConsole();
            return;
        }
        waitingForDeps = false;
        if (behaviourUp) {
            // Quirk Q3: a stop that had not yet reached the behaviour was cancelled. Upstream
            // brings the service up again, launching a second process next to the running one;
            // we resume the one that is still up instead.
            started();
            return;
        }
        if (!inAutoRestart) {
            restartCount = 0;
            restartWindowStart = context.nanoTime();
        }
        execStage = null;
        execErrno = 0;
        if (!set.bringUp(this)) {
            if (state == ServiceState.STARTING) {
                stopReason = StopReason.FAILED;
                failedToStart(false, true);
            }
        }
    }

    void started() {
        if (haveConsole && !runsOnConsole) {
            releaseConsole();
        }
        state = ServiceState.STARTED;
        behaviourUp = true;
        inAutoRestart = false;
        set.emit(this, ServiceEvent.STARTED);
        if (forceStop || target == ServiceState.STOPPED) {
            doStop(false);
            return;
        }
        for (int i = 0; i < dependentCount; i++) {
            ServiceEdge e = dependents[i];
            if (e.waitingOn) {
                e.setWaitingOn(false);
                e.from.dependencyStarted();
            }
        }
    }

    void dependencyStarted() {
        if ((state == ServiceState.STARTING || state == ServiceState.STARTED) && waitingForDeps) {
            enqueueTransition();
        }
    }

    // ---------------------------------------------------------------- start failure (spec 4.4)

    void failedToStart(boolean depFailed, boolean immediateStop) {
        target = ServiceState.STOPPED;
        inAutoRestart = false;
        behaviourUp = false;
        if (waitingForConsole) {
            leaveConsoleQueue();
        }
        if (explicit) {
            explicit = false;
            releaseNoStop();
        }
        for (int i = 0; i < dependentCount; i++) {
            ServiceEdge e = dependents[i];
            ServiceRecord d = e.from;
            if (e.failsWithDependency()) {
                // A milestone fails its dependent only while the dependent still waits for it.
                if (d.state == ServiceState.STARTING
                        && (e.waitingOn || e.kind != DependencyKind.MILESTONE)) {
                    d.propFailure = true;
                    d.enqueueProp();
                }
            } else if (e.waitingOn) {
                e.setWaitingOn(false);
                d.dependencyStarted();
            }
            if (e.holdingAcq) {
                e.holdingAcq = false;
                releaseNoStop();
            }
        }
        startFailed = true;
        pinnedStarted = false;
        set.emitFailedStart(this);
        if (immediateStop) {
            stopped();
        }
    }

    // ---------------------------------------------------------------- stopping (spec 4.5, 8)

    /**
     * Removes the explicit activation; with {@code bringDown}, also stops the service.
     *
     * @param bringDown stop even if something else still requires it
     */
    void stop(boolean bringDown) {
        if (explicit) {
            explicit = false;
            requiredBy--;
        }
        if (bringDown || requiredBy == 0) {
            target = ServiceState.STOPPED;
        }
        if (startPinned()) {
            return;
        }
        if (requiredBy == 0) {
            bringDown = true;
            if (!propRequire) {
                propRelease = true;
                enqueueProp();
            } else {
                propRequire = false;
            }
            leaveActive();
        }
        if (bringDown && state != ServiceState.STOPPED) {
            stopReason = StopReason.NORMAL;
            doStop(false);
        }
    }

    void forcedStop() {
        if (state != ServiceState.STOPPED) {
            forceStop = true;
            if (!startPinned()) {
                propStop = true;
                enqueueProp();
            }
        }
    }

    void unrecoverableStop() {
        target = ServiceState.STOPPED;
        forcedStop();
    }

    void doStop(boolean withRestart) {
        if (startPinned()) {
            return;
        }
        inAutoRestart = false;
        inUserRestart = false;
        boolean forRestart = withRestart
                || (wantsAutoRestart() && target == ServiceState.STARTED);
        if (forRestart && !withRestart) {
            forRestart = checkRestart();
            inAutoRestart = forRestart;
        }
        if (!forRestart && explicit) {
            explicit = false;
            releaseNoStop();
        }
        boolean allStopped = stopDependents(forRestart, withRestart);
        if (state == ServiceState.STARTING) {
            if (!waitingForDeps && !waitingForConsole) {
                if (!set.canInterruptStart(this)) {
                    return;
                }
                if (!set.interruptStart(this)) {
                    // The behaviour reports stopped() once what it launched has ended.
                    state = ServiceState.STOPPING;
                    waitingForDeps = false;
                    bringingDown = true;
                    set.emit(this, ServiceEvent.STARTCANCELLED);
                    return;
                }
            } else if (waitingForConsole) {
                leaveConsoleQueue();
            }
            set.emit(this, ServiceEvent.STARTCANCELLED);
        } else if (state != ServiceState.STARTED) {
            return;
        }
        state = ServiceState.STOPPING;
        waitingForDeps = !allStopped;
        stopCheckFrom = 0;
        if (allStopped) {
            enqueueTransition();
        }
    }

    private boolean wantsAutoRestart() {
        if (restartPolicy == RestartPolicy.YES) {
            return true;
        }
        // on-failure is only meaningful for types that supervise a process (section 8.1); for
        // the others it counts as "no".
        return restartPolicy == RestartPolicy.ON_FAILURE && behaviour != null
                && supervisesProcess && lastExitStatus != -1
                && WaitStatus.isFailure(lastExitStatus);
    }

    /** The restart rate limit (section 8.2); process-supervising types only. */
    boolean checkRestart() {
        if (behaviour == null || !supervisesProcess || restartLimitCount == 0) {
            return true;
        }
        long now = context.nanoTime();
        if (now - restartWindowStart < restartLimitInterval) {
            if (restartCount >= restartLimitCount) {
                set.restartingTooQuickly(this);
                target = ServiceState.STOPPED;
                return false;
            }
            restartCount++;
        } else {
            restartWindowStart = now;
            restartCount = 1;
        }
        return true;
    }

    private boolean stopDependents(boolean forRestart, boolean restartDeps) {
        boolean all = true;
        for (int i = 0; i < dependentCount; i++) {
            ServiceEdge e = dependents[i];
            ServiceRecord d = e.from;
            if (e.isHard()) {
                if (!(d.state == ServiceState.STOPPED
                        || (d.state == ServiceState.STARTING && d.waitingForDeps))) {
                    all = false;
                }
                boolean waitingToStart = d.state == ServiceState.STARTING && d.waitingForDeps;
                if (forceStop) {
                    if (target == ServiceState.STOPPED) {
                        d.stopReason = StopReason.DEPFAILED;
                        d.unrecoverableStop();
                    } else if (!waitingToStart) {
                        d.forcedStop();
                    }
                }
                if (waitingToStart && target == ServiceState.STARTED) {
                    // A dependent still waiting to start just waits for us to come back (it
                    // must not start while we are down). Stopping it instead made a restarting
                    // prepared-by dependency and its dependent restart each other for ever
                    // (found by EngineModelTest).
                    e.setWaitingOn(true);
                }
                if (d.state != ServiceState.STOPPED) {
                    if (target == ServiceState.STOPPED) {
                        if (d.target != ServiceState.STOPPED) {
                            d.target = ServiceState.STOPPED;
                            if (d.explicit) {
                                d.explicit = false;
                                d.releaseNoStop();
                            }
                            d.propStop = true;
                            d.enqueueProp();
                        }
                    } else if (restartDeps && d.state != ServiceState.STOPPING && !waitingToStart) {
                        d.stopReason = StopReason.DEPRESTART;
                        d.inUserRestart = true;
                        d.propStop = true;
                        d.enqueueProp();
                    }
                }
            } else if (!forRestart) {
                if (e.waitingOn) {
                    e.setWaitingOn(false);
                    d.dependencyStarted();
                }
                if (e.holdingAcq) {
                    e.holdingAcq = false;
                    releaseNoStop();
                }
            }
        }
        return all;
    }

    /**
     * May the service be brought down now? True once no dependent holds it through a hard edge
     * without waiting for it (a dependent waiting for us is restarting, so counts as stopped).
     * Resumes from where the last check stopped: a dependent found clear stays clear while this
     * service is stopping (one that starts again must wait for us), so checking n dependents as
     * they stop one by one costs O(n) in all, not O(n^2).
     */
    private boolean stopCheckDependents() {
        while (stopCheckFrom < dependentCount) {
            ServiceEdge e = dependents[stopCheckFrom];
            if (e.isHard() && e.holdingAcq && !e.waitingOn
                    && e.from.state != ServiceState.STOPPED) {
                return false;
            }
            stopCheckFrom++;
        }
        return true;
    }

    void dependentStopped() {
        if (state == ServiceState.STOPPING && waitingForDeps) {
            enqueueTransition();
        }
    }

    void stopped() {
        if (haveConsole) {
            releaseConsole();
        }
        forceStop = false;
        behaviourUp = false;
        bringingDown = false;
        boolean willRestart = target == ServiceState.STARTED && !pinnedStopped;
        if (!willRestart) {
            for (int i = 0; i < dependentCount; i++) {
                ServiceEdge e = dependents[i];
                if (e.isHard()) {
                    continue;
                }
                if (e.waitingOn) {
                    e.setWaitingOn(false);
                    e.from.dependencyStarted();
                }
                if (e.holdingAcq) {
                    e.holdingAcq = false;
                    releaseNoStop();
                }
            }
        }
        for (int i = 0; i < depCount; i++) {
            ServiceEdge e = deps[i];
            if (!willRestart) {
                e.setWaitingOn(false);
            }
            e.to.dependentStopped();
        }
        state = ServiceState.STOPPED;
        if (pendingBehaviour != null) {
            set.swapInReloaded(this);
        }
        if (willRestart) {
            for (int i = 0; i < depCount; i++) {
                ServiceEdge e = deps[i];
                if (e.kind == DependencyKind.PREPARED_BY) {
                    e.to.restart();
                }
            }
            initiateStart();
        } else {
            inAutoRestart = false;
            inUserRestart = false;
            set.becomingInactive(this);
            if (explicit) {
                explicit = false;
                releaseNoStop();
            }
            leaveActive();
        }
        if (!startFailed) {
            if (chainTo != null && !set.shuttingDown && !willRestart
                    && (alwaysChain || (stopReason == StopReason.TERMINATED
                            && lastExitStatus != -1 && WaitStatus.isCleanExit(lastExitStatus)))) {
                set.chain(this);
            }
        }
        set.emitStopped(this);
    }

    // ---------------------------------------------------------------- restart, pins (spec 4.7, 6)

    /**
     * Commanded restart.
     *
     * @return false if the service is not started
     */
    boolean restart() {
        if (state != ServiceState.STARTED) {
            return false;
        }
        stopReason = StopReason.NORMAL;
        forceStop = true;
        doStop(true);
        return true;
    }

    void pinStart() {
        if (!pinnedStarted) {
            pinnedStarted = true;
            pushPinToDependencies();
        }
    }

    void pinStop() {
        pinnedStopped = true;
    }

    void unpin() {
        if (pinnedStarted) {
            pinnedStarted = false;
            pushPinToDependencies();
            if (!deptPinned) {
                afterUnpinned();
            }
        }
        pinnedStopped = false;
    }

    /**
     * Makes a running dependent hold this service again ({@code dinitctl wake}).
     *
     * @return false if no dependent is starting or started
     */
    boolean wake() {
        boolean any = false;
        for (int i = 0; i < dependentCount; i++) {
            ServiceEdge e = dependents[i];
            if (!e.isOrdering() && (e.from.state == ServiceState.STARTING
                    || e.from.state == ServiceState.STARTED)) {
                any = true;
                if (!e.holdingAcq) {
                    e.holdingAcq = true;
                    require();
                }
            }
        }
        return any;
    }

    // ---------------------------------------------------------------- console (spec 14)

    private void queueForConsole() {
        waitingForConsole = true;
        set.queueForConsole(this);
    }

    private void leaveConsoleQueue() {
        waitingForConsole = false;
        set.leaveConsoleQueue(this);
    }

    /** The console is this service's now. */
    void consoleGranted() {
        waitingForConsole = false;
        haveConsole = true;
        enqueueTransition();
    }

    private void releaseConsole() {
        haveConsole = false;
        set.releaseConsole(this);
    }

    // ---------------------------------------------------------------- the handle

    /** How the behaviour reports; each call checks that it is in place and ignores it if not. */
    final class Handle implements ServiceHandle {

        @Override
        public String name() {
            return name;
        }

        @Override
        public void started() {
            if (state == ServiceState.STARTING && !waitingForDeps) {
                ServiceRecord.this.started();
            } else {
                set.misplaced(ServiceRecord.this, "started");
            }
        }

        @Override
        public void skipped() {
            if (state == ServiceState.STARTING && !waitingForDeps) {
                ServiceRecord.this.started();
                startSkipped = true;
            } else {
                set.misplaced(ServiceRecord.this, "skipped");
            }
        }

        @Override
        public void failedToStart(StopReason reason) {
            if (state == ServiceState.STARTING && !waitingForDeps) {
                stopReason = reason;
                ServiceRecord.this.failedToStart(false, true);
            } else {
                set.misplaced(ServiceRecord.this, "failedToStart");
            }
        }

        @Override
        public void failingToStart(StopReason reason) {
            if (state == ServiceState.STARTING && !waitingForDeps) {
                stopReason = reason;
                state = ServiceState.STOPPING;
                bringingDown = true;
                ServiceRecord.this.failedToStart(false, false);
            } else {
                set.misplaced(ServiceRecord.this, "failingToStart");
            }
        }

        @Override
        public void stopped() {
            if (state == ServiceState.STOPPING && bringingDown) {
                ServiceRecord.this.stopped();
            } else {
                set.misplaced(ServiceRecord.this, "stopped");
            }
        }

        @Override
        public void terminatedUnexpectedly(int waitStatus) {
            lastExitStatus = waitStatus;
            behaviourUp = false;
            if (state == ServiceState.STARTED) {
                stopReason = StopReason.TERMINATED;
                forceStop = true;
                doStop(false);
            } else if (state == ServiceState.STOPPING) {
                // Still waiting for dependents: bring-down will find the process gone.
                stopReason = StopReason.TERMINATED;
                forceStop = true;
            } else {
                set.misplaced(ServiceRecord.this, "terminatedUnexpectedly");
            }
        }

        @Override
        public void execFailed(ExecStage stage, int errno) {
            execStage = stage;
            execErrno = errno;
            failedToStart(StopReason.EXECFAILED);
        }

        @Override
        public void exitStatus(int waitStatus) {
            lastExitStatus = waitStatus;
        }

        @Override
        public boolean isAutoRestart() {
            return inAutoRestart;
        }

        @Override
        public boolean tryRestart() {
            return checkRestart();
        }

        @Override
        public ServiceState peerState(String peer) {
            return set.peerState(peer);
        }

        @Override
        public PeerStart startPeer(String peer) {
            return set.startPeer(ServiceRecord.this, peer);
        }

        @Override
        public void stopUnrecoverably(StopReason reason) {
            behaviourUp = false;
            if (state == ServiceState.STOPPED) {
                set.misplaced(ServiceRecord.this, "stopUnrecoverably");
                return;
            }
            stopReason = reason;
            unrecoverableStop();
        }
    }

    // ---------------------------------------------------------------- graph building (not hot)

    void describe(ServiceDescription d, ServiceBehaviour b, ServiceContext c) {
        description = d;
        behaviour = b;
        context = c;
        restartPolicy = d.restart().restart();
        restartLimitInterval = d.restart().restartLimitInterval().toNanos();
        restartLimitCount = d.restart().restartLimitCount();
        startsOnConsole = d.options().contains(ServiceOption.STARTS_ON_CONSOLE);
        runsOnConsole = d.options().contains(ServiceOption.RUNS_ON_CONSOLE);
        alwaysChain = d.options().contains(ServiceOption.ALWAYS_CHAIN);
        chainTo = d.chainTo();
    }

    /** Makes room for one more dependency edge; the only step of adding one that allocates. */
    void roomForDependency() {
        if (depCount == deps.length) {
            deps = EdgeArrays.grow(deps);
        }
    }

    /** Makes room for one more dependent edge; the only step of adding one that allocates. */
    void roomForDependent() {
        if (dependentCount == dependents.length) {
            dependents = EdgeArrays.grow(dependents);
        }
    }

    void addDependency(ServiceEdge e) {
        roomForDependency();
        deps[depCount++] = e;
    }

    void addDependent(ServiceEdge e) {
        roomForDependent();
        dependents[dependentCount++] = e;
    }

    void removeDependency(ServiceEdge e) {
        depCount = EdgeArrays.remove(deps, depCount, e);
    }

    void removeDependent(ServiceEdge e) {
        dependentCount = EdgeArrays.remove(dependents, dependentCount, e);
        stopCheckFrom = 0;
    }
}
