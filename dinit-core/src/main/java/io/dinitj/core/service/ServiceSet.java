package io.dinitj.core.service;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle.PeerStart;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.TypeCapability;
import io.dinitj.api.spi.Triggerable;
import io.dinitj.api.spi.WaitStatus;
import io.dinitj.collections.DList;
import io.dinitj.collections.HotPath;
import io.dinitj.collections.SList;
import io.dinitj.core.type.ServiceTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The loaded services and the engine that runs them: the name index, the propagation and
 * transition queues, the console queue, the active count and the shutdown state
 * (docs/service-semantics.md §4, §14, §17, §19).
 *
 * <p><b>Two phases.</b> Every command first marks records and queues them, then
 * {@link #processQueues()} drains the propagation queue, then runs one transition, and repeats
 * until both are empty. The queues are intrusive stacks ({@link SList} nodes live in the
 * records), so queueing cannot fail or allocate, and nothing recurses however deep the graph.
 *
 * <p><b>Commands</b> here are the engine's half of the control commands (section 20): they
 * check what the engine decides (shutdown in progress, pins) and report it by return value; the
 * control layer adds its own checks and replies.
 *
 * <p><b>The graph</b> is built and edited from outside, by {@code io.dinitj.core.graph}, which
 * decides what may change (loading, reload, unload, run-time dependencies) through the few
 * mutators here: {@link #findOrCreate}, {@link #describe}, {@link #redescribe}, {@link #link},
 * {@link #hold}, {@link #unlink} and {@link #forget}. What the engine must load while running
 * (a chain-to target) it asks of the {@link OnDemandLoader} that the graph installs. So the
 * engine knows nothing of service files.
 *
 * <p>Not thread safe: the event-loop thread only.
 */
public final class ServiceSet {

    /**
     * What an engine command did, or a graph edit ({@code io.dinitj.core.graph}): IN_USE and
     * BAD_DEPENDENCY are the edits' refusals.
     */
    public enum Result {
        /** Done. */
        OK,
        /** Refused: a shutdown is in progress. */
        SHUTTING_DOWN,
        /** Refused: the service is pinned stopped. */
        PINNED_STOPPED,
        /** Refused: the service is pinned started. */
        PINNED_STARTED,
        /** Refused: the service is not started. */
        NOT_STARTED,
        /** Refused: no dependent is starting or started. */
        NO_ACTIVE_DEPENDENTS,
        /** Refused: the service's type has no trigger. */
        NOT_TRIGGERABLE,
        /** Refused: the service is not stopped, or still has dependents. */
        IN_USE,
        /** Refused: the edge would make a cycle, or does not exist. */
        BAD_DEPENDENCY
    }

    private final ServiceTypes types;
    private final ServicePlatform platform;
    private final Map<String, ServiceRecord> records = new HashMap<>();
    private final DList<ServiceRecord> all = new DList<>(r -> r.allNode);
    private final SList<ServiceRecord> propQueue = new SList<>(r -> r.propNode);
    private final SList<ServiceRecord> transitionQueue = new SList<>(r -> r.transitionNode);
    private final DList<ServiceRecord> consoleQueue = new DList<>(r -> r.consoleNode);
    private ServiceRecord consoleHolder;
    private ServiceListener[] listeners = new ServiceListener[0];
    private OnDemandLoader onDemand = name -> "no service loader is installed";

    int activeCount;
    boolean shuttingDown;
    /**
     * How deep the engine is in its own work: queue processing, or a call into a behaviour or
     * type. A peer start ({@link #startPeer}) is refused while it is not 0, since it would
     * process the queues from within themselves.
     */
    private int busy;
    private ShutdownType shutdownType = ShutdownType.NONE;

    /**
     * Creates an empty set. Services come in through {@code io.dinitj.core.graph}'s
     * {@code ServiceGraph}, made over this set.
     *
     * @param types the service types that plugins provide
     * @param platform gives each service its context
     */
    public ServiceSet(ServiceTypes types, ServicePlatform platform) {
        this.types = types;
        this.platform = platform;
    }

    /**
     * Returns the service types the set creates behaviours with.
     *
     * @return the registry
     */
    public ServiceTypes types() {
        return types;
    }

    /**
     * Adds a listener.
     *
     * @param l told of events from now on
     */
    public void addListener(ServiceListener l) {
        ServiceListener[] n = new ServiceListener[listeners.length + 1];
        System.arraycopy(listeners, 0, n, 0, listeners.length);
        n[listeners.length] = l;
        listeners = n;
    }

    /**
     * Removes a listener.
     *
     * @param l the listener
     */
    public void removeListener(ServiceListener l) {
        for (int i = 0; i < listeners.length; i++) {
            if (listeners[i] == l) {
                ServiceListener[] n = new ServiceListener[listeners.length - 1];
                System.arraycopy(listeners, 0, n, 0, i);
                System.arraycopy(listeners, i + 1, n, i, n.length - i);
                listeners = n;
                return;
            }
        }
    }

    // ---------------------------------------------------------------- building the graph (not hot)

    /**
     * Installs what the engine calls to load a service it needs while running (a chain-to
     * target that is not loaded yet); the graph editor installs itself. Until then such a load
     * fails, and the chain is reported as not made.
     *
     * @param loader the loader
     */
    public void loadOnDemand(OnDemandLoader loader) {
        onDemand = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Finds a record, or adds a placeholder for a name not loaded yet: a service about to be
     * described, or the target of an ordering link that is not loaded.
     *
     * @param name the full name
     * @return the record, never null
     */
    public ServiceRecord findOrCreate(String name) {
        ServiceRecord r = records.get(name);
        if (r == null) {
            r = new ServiceRecord(this, name);
            records.put(name, r);
            all.append(r);
        }
        return r;
    }

    /**
     * Gives a new (or placeholder) record its description: the settings the engine reads from
     * it, a context from the platform, and the behaviour its type creates. A type that cannot
     * create one is reported as a problem of the service, which then fails every start; the
     * record is described either way.
     *
     * @param r a record of this set that is not running
     * @param d its description
     */
    public void describe(ServiceRecord r, ServiceDescription d) {
        r.describe(d, null, null);
        Set<TypeCapability> can = types.capabilities(d.type());
        r.supervisesProcess = can.contains(TypeCapability.SUPERVISES_PROCESS);
        ServiceContext ctx = platform.contextFor(d, can);
        r.context = ctx;
        r.behaviour = createBehaviour(r, d, ctx);
    }

    /**
     * Gives a loaded record a new description (a reload). A stopped service takes it whole at
     * once; a started one takes the new settings now but keeps its running behaviour and
     * context until it stops, when the new ones take over ({@link #swapInReloaded}).
     *
     * @param r a stopped or started record of this set
     * @param d the new description
     */
    public void redescribe(ServiceRecord r, ServiceDescription d) {
        ServiceContext ctx = platform.contextFor(d, types.capabilities(d.type()));
        ServiceBehaviour b = createBehaviour(r, d, ctx);
        if (r.state == ServiceState.STARTED) {
            r.pendingBehaviour = b;
            r.pendingContext = ctx;
            r.describe(d, r.behaviour, r.context);
        } else {
            r.describe(d, b, ctx);
        }
        r.supervisesProcess = types.capabilities(d.type()).contains(
                TypeCapability.SUPERVISES_PROCESS);
    }

    private ServiceBehaviour createBehaviour(ServiceRecord r, ServiceDescription d,
            ServiceContext ctx) {
        ServiceType type;
        try {
            type = types.get(d.type());
        } catch (IllegalArgumentException e) {
            // The loader accepted the type against the registry it was given, which need not be
            // this one (dinit-check's, or one with a plugin since gone): the service then fails
            // each start, and the load that brought it in still succeeds, leaving the rest be.
            problem(r, e.getMessage());
            return new FailingBehaviour();
        }
        busy++;
        try {
            ServiceBehaviour b = type.create(d, r.handle, ctx);
            if (b != null) {
                return d.options().contains(ServiceOption.KILL_ALL_ON_STOP)
                        ? new KillAllOnStop(this, r, b, ctx) : b;
            }
            problem(r, "service type '" + d.type() + "' created no behaviour");
        } catch (RuntimeException | LinkageError e) {
            problem(r, "service type '" + d.type() + "' cannot run this service: " + e);
        } finally {
            busy--;
        }
        return new FailingBehaviour();
    }

    /** Stands in for a behaviour its type could not create: every start fails at once. */
    private static final class FailingBehaviour implements ServiceBehaviour {
        @Override
        public boolean bringUp() {
            return false;
        }

        @Override
        public void bringDown() {
            // Never brought up; the engine only tells it to bring down after a cancelled start.
        }
    }

    /**
     * Adds an edge, listed on both ends; it holds nothing yet ({@link #hold}).
     *
     * @param from the dependent (for {@code before: Y} in S, Y)
     * @param to the dependency (S)
     * @param kind the kind
     * @return the new edge
     */
    public ServiceEdge link(ServiceRecord from, ServiceRecord to, DependencyKind kind) {
        // Everything that may fail to allocate comes first: an edge is listed on both ends or
        // on neither.
        ServiceEdge e = new ServiceEdge(from, to, kind);
        from.roomForDependency();
        to.roomForDependent();
        from.addDependency(e);
        to.addDependent(e);
        return e;
    }

    /**
     * Makes an edge hold its dependency: one unit of its required-by count, which starts it if
     * it was not wanted. The change takes effect at the next {@link #processQueues()}.
     *
     * @param e an edge that does not hold yet
     */
    public void hold(ServiceEdge e) {
        e.holdingAcq = true;
        e.to.require();
    }

    /**
     * Removes an edge from both ends. A dependent that waited for it stops waiting (and goes on
     * starting if it waited for nothing else); a dependency it held is released, and stops if
     * nothing else needs it. The changes take effect at the next {@link #processQueues()}.
     *
     * @param e an edge of this set
     */
    public void unlink(ServiceEdge e) {
        e.from.removeDependency(e);
        e.to.removeDependent(e);
        if (e.waitingOn) {
            e.setWaitingOn(false);
            e.from.dependencyStarted();
        }
        if (e.holdingAcq) {
            e.holdingAcq = false;
            e.to.releaseWithStop();
        }
    }

    /**
     * Forgets an unloaded service's description and behaviour. The record stays, as a
     * placeholder, while edges still name it; otherwise it leaves the set. The platform is told,
     * so that it lets go of what it kept for the service.
     *
     * @param r a stopped record whose own edges, but for ordering links, are gone
     * @return true if a placeholder stays
     */
    public boolean forget(ServiceRecord r) {
        boolean keep = r.dependentCount > 0 || r.depCount > 0;
        r.behaviour = null;
        r.context = null;
        r.description = null;
        r.chainTo = null;
        if (!keep) {
            records.remove(r.name);
            all.remove(r);
        }
        platform.unloaded(r.name);
        return keep;
    }

    /** A service reloaded while running has stopped: its new behaviour takes over. */
    void swapInReloaded(ServiceRecord r) {
        becomingInactive(r);
        r.behaviour = r.pendingBehaviour;
        r.context = r.pendingContext;
        r.pendingBehaviour = null;
        r.pendingContext = null;
    }

    /**
     * Finds a loaded service (or placeholder).
     *
     * @param name the full name
     * @return the record, or null
     */
    public ServiceRecord find(String name) {
        return records.get(name);
    }

    /**
     * Returns the first record, for walking all of them without allocating.
     *
     * @return the first record, or null if none
     */
    @HotPath
    public ServiceRecord first() {
        return all.first();
    }

    /**
     * Returns the record after {@code r}.
     *
     * @param r a record of this set
     * @return the next, or null after the last
     */
    @HotPath
    public ServiceRecord next(ServiceRecord r) {
        return all.next(r);
    }

    /**
     * Returns the number of records, placeholders included.
     *
     * @return the count
     */
    @HotPath
    public int size() {
        return all.size();
    }

    /**
     * Returns how many services are active (starting, started, stopping, or stopped but still
     * wanted). The daemon runs until this is 0.
     *
     * @return the count
     */
    @HotPath
    public int activeCount() {
        return activeCount;
    }

    /**
     * Tells whether a shutdown is in progress.
     *
     * @return true once {@link #stopAll} was called; never reset
     */
    @HotPath
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /**
     * Returns the shutdown type requested.
     *
     * @return the type, {@code NONE} if none
     */
    @HotPath
    public ShutdownType shutdownType() {
        return shutdownType;
    }

    // ---------------------------------------------------------------- the queues

    @HotPath
    void enqueueProp(ServiceRecord r) {
        if (!propQueue.isQueued(r)) {
            propQueue.prepend(r);
        }
    }

    @HotPath
    void enqueueTransition(ServiceRecord r) {
        if (!transitionQueue.isQueued(r)) {
            transitionQueue.prepend(r);
        }
    }

    /**
     * Runs queued work until none is left: all propagation first, then one transition, again
     * and again. Commands call it themselves; the platform calls it after delivering an event
     * to a behaviour.
     *
     * <p>One pass takes at most {@link #workBound()} steps (a step is one propagation or one
     * transition). No correct pass comes near it; a pass that reaches it is a livelock, such as
     * a plugin that reports its service started and stopped from within its own calls. Then the
     * pass ends and the services with work still queued are reported to the listeners
     * ({@link ServiceListener#workBoundExceeded}), so that the daemon goes back to its other
     * events. The queued work stays queued, so the engine's state stays whole: the next pass
     * (the next command or event) goes on with it, and a command that ends the loop, such as
     * stopping the service, takes effect there.
     */
    @HotPath
    public void processQueues() {
        busy++;
        try {
            int bound = workBound();
            int steps = 0;
            ServiceRecord last = null;
            while (!propQueue.isEmpty() || !transitionQueue.isEmpty()) {
                while (!propQueue.isEmpty()) {
                    if (++steps > bound) {
                        overran(steps - 1, bound, last);
                        return;
                    }
                    last = propQueue.popFront();
                    last.doPropagation();
                }
                if (!transitionQueue.isEmpty()) {
                    if (++steps > bound) {
                        overran(steps - 1, bound, last);
                        return;
                    }
                    last = transitionQueue.popFront();
                    last.executeTransition();
                }
            }
        } finally {
            busy--;
        }
    }

    /** Steps one pass of {@link #processQueues} may take for each loaded service. */
    static final int STEPS_PER_SERVICE = 64;
    /** Steps one pass may take whatever the set's size. */
    static final int STEPS_FLOOR = 4096;

    /**
     * The most steps one pass of {@link #processQueues} may take: {@value #STEPS_FLOOR} plus
     * {@value #STEPS_PER_SERVICE} for each loaded service. A start or stop moves each service
     * through a few propagations and at most a few transitions, so a correct pass stays far
     * below it.
     *
     * @return the bound
     */
    @HotPath
    public int workBound() {
        long b = STEPS_FLOOR + (long) STEPS_PER_SERVICE * all.size();
        return b > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) b;
    }

    /** The tripwire: a pass reached its bound. Not on the hot path; it may allocate. */
    private void overran(int steps, int bound, ServiceRecord last) {
        List<ServiceRecord> involved = new ArrayList<>();
        for (ServiceRecord r = propQueue.first(); r != null; r = propQueue.next(r)) {
            involved.add(r);
        }
        for (ServiceRecord r = transitionQueue.first(); r != null; r = transitionQueue.next(r)) {
            if (!involved.contains(r)) {
                involved.add(r);
            }
        }
        if (last != null && !involved.contains(last)) {
            involved.add(last);
        }
        List<ServiceRecord> view = Collections.unmodifiableList(involved);
        for (ServiceListener l : listeners) {
            try {
                l.workBoundExceeded(steps, bound, view);
            } catch (RuntimeException | Error e) {
                continue;
            }
        }
    }

    // ---------------------------------------------------------------- events

    @HotPath
    void emit(ServiceRecord r, ServiceEvent event) {
        ServiceListener[] ls = listeners;
        for (int i = 0; i < ls.length; i++) {
            try {
                ls[i].serviceEvent(r, event);
            } catch (RuntimeException | Error e) {
                // A listener must not break the engine; nothing to do but drop it.
                continue;
            }
        }
    }

    @HotPath
    void emitFailedStart(ServiceRecord r) {
        emit(r, ServiceEvent.FAILEDSTART);
    }

    @HotPath
    void emitStopped(ServiceRecord r) {
        emit(r, ServiceEvent.STOPPED);
    }

    void restartingTooQuickly(ServiceRecord r) {
        for (ServiceListener l : listeners) {
            try {
                l.restartingTooQuickly(r);
            } catch (RuntimeException | Error e) {
                continue;
            }
        }
    }

    void problem(ServiceRecord r, String message) {
        for (ServiceListener l : listeners) {
            try {
                l.problem(r, message);
            } catch (RuntimeException | Error e) {
                continue;
            }
        }
    }

    void misplaced(ServiceRecord r, String call) {
        problem(r, "service type '" + (r.description == null ? "?" : r.description.type())
                + "' reported " + call + " while " + r.state + "; ignored");
    }

    // ---------------------------------------------------------------- behaviour calls, guarded

    @HotPath
    boolean bringUp(ServiceRecord r) {
        busy++;
        try {
            return r.behaviour.bringUp();
        } catch (RuntimeException | Error e) {
            threw(r, "bringUp", e);
            return false;
        } finally {
            busy--;
        }
    }

    @HotPath
    void bringDown(ServiceRecord r) {
        bringDown(r, r.behaviour);
    }

    /** Brings {@code r} down through {@code b}: its behaviour, or the one a decorator wraps. */
    @HotPath
    void bringDown(ServiceRecord r, ServiceBehaviour b) {
        busy++;
        try {
            b.bringDown();
        } catch (RuntimeException | Error e) {
            threw(r, "bringDown", e);
            if (r.state == ServiceState.STOPPING) {
                r.stopped();
            }
        } finally {
            busy--;
        }
    }

    @HotPath
    boolean canInterruptStart(ServiceRecord r) {
        busy++;
        try {
            return r.behaviour.canInterruptStart();
        } catch (RuntimeException | Error e) {
            threw(r, "canInterruptStart", e);
            return false;
        } finally {
            busy--;
        }
    }

    @HotPath
    boolean interruptStart(ServiceRecord r) {
        busy++;
        try {
            return r.behaviour.interruptStart();
        } catch (RuntimeException | Error e) {
            threw(r, "interruptStart", e);
            return true;
        } finally {
            busy--;
        }
    }

    @HotPath
    void becomingInactive(ServiceRecord r) {
        busy++;
        try {
            r.behaviour.becomingInactive();
        } catch (RuntimeException | Error e) {
            threw(r, "becomingInactive", e);
        } finally {
            busy--;
        }
    }

    /**
     * Reports a plugin's exception (or error: an assertion, an OutOfMemoryError) that the engine
     * caught; the engine carries on as the call site says. Reporting may itself fail under
     * memory pressure, and is then dropped.
     */
    void threw(ServiceRecord r, String call, Throwable e) {
        try {
            problem(r, "service type '" + r.description.type() + "' threw from " + call + ": "
                    + e);
        } catch (RuntimeException | Error again) {
            return;
        }
    }

    // ---------------------------------------------------------------- peers (ServiceHandle)

    /** {@code ServiceHandle.peerState}: a loaded service's state, or null. Allocates nothing. */
    @HotPath
    ServiceState peerState(String name) {
        ServiceRecord t = records.get(name);
        return t == null || t.isPlaceholder() ? null : t.state;
    }

    /**
     * {@code ServiceHandle.startPeer}: starts {@code name} for {@code from}'s behaviour as
     * {@code dinitctl start} does (explicit activation), loading it first through the
     * {@link OnDemandLoader} if it is not loaded (the graph's loader, the one LOADSERVICE uses),
     * then processes the queues. Refused, and logged, from within the engine's own work (queue
     * processing, a call into a behaviour or type): processing the queues there would re-enter
     * them. When the service is loaded, allocates nothing unless it fails.
     */
    @HotPath
    PeerStart startPeer(ServiceRecord from, String name) {
        if (busy != 0) {
            peerRefused(from, name, "asked from within the engine's work (bringUp, bringDown"
                    + " or a queue)");
            return PeerStart.REFUSED;
        }
        if (shuttingDown) {
            return PeerStart.SHUTTING_DOWN;
        }
        ServiceRecord t = records.get(name);
        if (t == null || t.isPlaceholder()) {
            t = loadPeer(from, name);
            if (t == null) {
                return PeerStart.NOT_LOADED;
            }
        }
        if (t.state != ServiceState.STOPPED) {
            return PeerStart.ALREADY_ACTIVE;
        }
        if (t.pinnedStopped) {
            peerRefused(from, name, "it is pinned stopped");
            return PeerStart.REFUSED;
        }
        t.start();
        processQueues();
        return PeerStart.STARTED;
    }

    /** Loads a peer on demand; null (logged, naming both) if it cannot be loaded. */
    private ServiceRecord loadPeer(ServiceRecord from, String name) {
        String failure;
        busy++;
        try {
            failure = onDemand.load(name);
        } catch (RuntimeException | Error e) {
            failure = e.toString();
        } finally {
            busy--;
        }
        ServiceRecord t = records.get(name);
        if (failure == null && (t == null || t.isPlaceholder())) {
            failure = "not loaded after loading";
        }
        if (failure != null) {
            problem(from, "Couldn't start service " + name + ": " + failure);
            return null;
        }
        return t;
    }

    private void peerRefused(ServiceRecord from, String name, String why) {
        problem(from, "start of service " + name + " refused: " + why);
    }

    // ---------------------------------------------------------------- chain-to

    /** Starts {@code r}'s chain-to service (section 10); load errors are only reported. */
    void chain(ServiceRecord r) {
        String to = r.chainTo;
        ServiceRecord target = records.get(to);
        if (target == null || target.isPlaceholder()) {
            String failure;
            try {
                failure = onDemand.load(to);
            } catch (RuntimeException | Error e) {
                problem(r, "Couldn't chain to service " + to + ": " + e);
                return;
            }
            if (failure != null) {
                problem(r, "Couldn't chain to service " + to + ": " + failure);
                return;
            }
            target = records.get(to);
        }
        target.propChainStart = true;
        enqueueProp(target);
    }

    // ---------------------------------------------------------------- console (section 14)

    @HotPath
    void queueForConsole(ServiceRecord r) {
        if (!consoleQueue.isQueued(r)) {
            consoleQueue.append(r);
        }
        grantConsole();
    }

    @HotPath
    void leaveConsoleQueue(ServiceRecord r) {
        consoleQueue.remove(r);
    }

    @HotPath
    void releaseConsole(ServiceRecord r) {
        if (consoleHolder == r) {
            consoleHolder = null;
            ServiceListener[] ls = listeners;
            for (int i = 0; i < ls.length; i++) {
                ls[i].consoleReleased(r);
            }
        }
        grantConsole();
    }

    @HotPath
    private void grantConsole() {
        if (consoleHolder != null || consoleQueue.isEmpty()) {
            return;
        }
        ServiceRecord next = consoleQueue.popFront();
        consoleHolder = next;
        next.consoleGranted();
        ServiceListener[] ls = listeners;
        for (int i = 0; i < ls.length; i++) {
            ls[i].consoleAcquired(next);
        }
    }

    /**
     * Returns the service that holds the console.
     *
     * @return the holder, or null if the daemon has it
     */
    @HotPath
    public ServiceRecord consoleHolder() {
        return consoleHolder;
    }

    // ---------------------------------------------------------------- commands (section 20)

    /**
     * Starts a service explicitly ({@code dinitctl start}, initial services).
     *
     * @param r the service
     * @param pin also pin it started
     * @return OK, SHUTTING_DOWN or PINNED_STOPPED
     */
    @HotPath
    public Result start(ServiceRecord r, boolean pin) {
        if (shuttingDown) {
            return Result.SHUTTING_DOWN;
        }
        if (r.pinnedStopped) {
            return Result.PINNED_STOPPED;
        }
        if (pin) {
            r.pinStart();
        }
        r.start();
        processQueues();
        return Result.OK;
    }

    /**
     * Stops a service ({@code dinitctl stop}): removes its explicit activation and stops it and
     * its hard dependents (which become unrecoverable). The stop is forced, so a new start
     * cannot cancel it (section 15). {@code --force} only matters to the control layer, which
     * refuses to stop a service that hard dependents hold without it
     * ({@link #heldByHardDependent}).
     *
     * @param r the service
     * @param pin also pin it stopped
     * @return OK or PINNED_STARTED
     */
    @HotPath
    public Result stop(ServiceRecord r, boolean pin) {
        if (r.isStartPinned() && (r.state == ServiceState.STARTED
                || r.state == ServiceState.STARTING)) {
            return Result.PINNED_STARTED;
        }
        if (pin) {
            r.pinStop();
        }
        r.stop(true);
        r.forcedStop();
        processQueues();
        return Result.OK;
    }

    /**
     * Tells whether a regular or prepared-by dependent holds the service (so a stop without
     * {@code --force} is refused).
     *
     * @param r the service
     * @return true if such a dependent holds it
     */
    @HotPath
    public boolean heldByHardDependent(ServiceRecord r) {
        for (int i = 0; i < r.dependentCount; i++) {
            ServiceEdge e = r.dependents[i];
            if (e.holdingAcq && (e.kind == DependencyKind.REGULAR
                    || e.kind == DependencyKind.PREPARED_BY)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes a service's explicit activation ({@code dinitctl release}); it stops if nothing
     * else requires it.
     *
     * @param r the service
     * @param pin also pin it stopped
     * @return OK
     */
    @HotPath
    public Result release(ServiceRecord r, boolean pin) {
        if (pin) {
            r.pinStop();
        }
        r.stop(false);
        processQueues();
        return Result.OK;
    }

    /**
     * Starts a service again for its running dependents, without explicit activation
     * ({@code dinitctl wake}).
     *
     * @param r the service
     * @param pin also pin it started
     * @return OK, SHUTTING_DOWN, PINNED_STOPPED or NO_ACTIVE_DEPENDENTS
     */
    @HotPath
    public Result wake(ServiceRecord r, boolean pin) {
        if (shuttingDown) {
            return Result.SHUTTING_DOWN;
        }
        if (r.pinnedStopped) {
            return Result.PINNED_STOPPED;
        }
        if (!r.wake()) {
            processQueues();
            return Result.NO_ACTIVE_DEPENDENTS;
        }
        if (pin) {
            r.pinStart();
        }
        processQueues();
        return Result.OK;
    }

    /**
     * Restarts a started service ({@code dinitctl restart}); hard dependents restart too.
     *
     * @param r the service
     * @return OK, SHUTTING_DOWN, PINNED_STARTED or NOT_STARTED
     */
    @HotPath
    public Result restart(ServiceRecord r) {
        if (shuttingDown) {
            return Result.SHUTTING_DOWN;
        }
        if (r.isStartPinned()) {
            return Result.PINNED_STARTED;
        }
        boolean done = r.restart();
        processQueues();
        return done ? Result.OK : Result.NOT_STARTED;
    }

    /**
     * Removes both pins ({@code dinitctl unpin}); never starts the service.
     *
     * @param r the service
     * @return OK
     */
    @HotPath
    public Result unpin(ServiceRecord r) {
        r.unpin();
        processQueues();
        return Result.OK;
    }

    /**
     * Sets or clears the trigger of a triggerable service.
     *
     * @param r the service
     * @param on true to trigger
     * @return OK or NOT_TRIGGERABLE
     */
    @HotPath
    public Result trigger(ServiceRecord r, boolean on) {
        if (!(r.behaviour instanceof Triggerable)) {
            return Result.NOT_TRIGGERABLE;
        }
        ((Triggerable) r.behaviour).setTriggered(on);
        processQueues();
        return Result.OK;
    }

    /**
     * Starts the shutdown: every service is released and unpinned, nothing restarts, and new
     * starts are refused (section 19). Called again, it only records the newer type.
     *
     * @param type what to do once all services have stopped
     */
    @HotPath
    public void stopAll(ShutdownType type) {
        shuttingDown = true;
        shutdownType = type;
        for (ServiceRecord r = all.first(); r != null; r = all.next(r)) {
            r.stop(false);
            r.unpin();
        }
        processQueues();
    }


    /**
     * Tells why a service stopped, in the words of {@code dinitctl list}'s failure mark.
     *
     * @param r the service
     * @return true if the last stop was a failure ({@code X} in the list)
     */
    @HotPath
    public static boolean stoppedByFailure(ServiceRecord r) {
        StopReason why = r.stopReason;
        if (why == StopReason.NORMAL || why == StopReason.DEPRESTART) {
            return false;
        }
        if (why == StopReason.TERMINATED) {
            int st = r.lastExitStatus;
            return st != -1 && !WaitStatus.isCleanExit(st);
        }
        return true;
    }

    /**
     * Returns the notice a system manager logs once every service has stopped (docs/cli.md §1.8):
     * what it will do next; with no shutdown requested that is a boot failure (edge case E49).
     *
     * @return the text, such as {@code No more active services. Will halt.}
     */
    public String allStoppedNotice() {
        String next = switch (shutdownType) {
            case REBOOT -> " Will reboot.";
            case SOFTREBOOT -> " Will soft-reboot.";
            case HALT -> " Will halt.";
            case POWEROFF -> " Will power down.";
            case KEXEC -> " Will kexec.";
            case REMAIN -> "";
            case NONE -> " Will handle boot failure.";
        };
        return "No more active services." + next;
    }

    /**
     * Tells whether everything stopped although no shutdown was requested: as a system manager,
     * a boot failure (edge case E49).
     *
     * @return true if no service is active and no shutdown is in progress
     */
    @HotPath
    public boolean isBootFailure() {
        return activeCount == 0 && !shuttingDown;
    }
}
