package io.dinitj.core.service;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.Triggerable;
import io.dinitj.api.spi.WaitStatus;
import io.dinitj.collections.DList;
import io.dinitj.collections.HotPath;
import io.dinitj.collections.SList;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.DescriptionSet;
import io.dinitj.core.load.LoadOutcome;
import io.dinitj.core.type.ServiceTypes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The loaded services and the engine that runs them: the name index, the propagation and
 * transition queues, the console queue, the active count and the shutdown state
 * (service-semantics.md sections 4, 14, 17, 19).
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
 * <p>Not thread safe: the event-loop thread only.
 */
public final class ServiceSet {

    /** What an engine command did. */
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

    private final DescriptionLoader loader;
    private final DescriptionSet descriptions;
    private final ServiceTypes types;
    private final ServicePlatform platform;
    private final Map<String, ServiceRecord> records = new HashMap<>();
    private final DList<ServiceRecord> all = new DList<>(r -> r.allNode);
    private final SList<ServiceRecord> propQueue = new SList<>(r -> r.propNode);
    private final SList<ServiceRecord> transitionQueue = new SList<>(r -> r.transitionNode);
    private final DList<ServiceRecord> consoleQueue = new DList<>(r -> r.consoleNode);
    private ServiceRecord consoleHolder;
    private ServiceListener[] listeners = new ServiceListener[0];

    int activeCount;
    boolean shuttingDown;
    private ShutdownType shutdownType = ShutdownType.NONE;

    /**
     * Creates an empty set.
     *
     * @param loader reads service descriptions
     * @param descriptions the loaded descriptions (shared with the loader)
     * @param types the service types that plugins provide
     * @param platform gives each service its context
     */
    public ServiceSet(DescriptionLoader loader, DescriptionSet descriptions, ServiceTypes types,
            ServicePlatform platform) {
        this.loader = loader;
        this.descriptions = descriptions;
        this.types = types;
        this.platform = platform;
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

    // ---------------------------------------------------------------- loading

    /**
     * Loads a service and whatever it depends on, if not loaded yet. Atomic: on failure nothing
     * changes.
     *
     * @param name the full name
     * @return the loader's outcome; on success {@link #find} returns the record
     */
    public LoadOutcome load(String name) {
        LoadOutcome outcome = loader.load(name, descriptions);
        if (!outcome.succeeded()) {
            return outcome;
        }
        materialize(outcome.loaded());
        return outcome;
    }

    /**
     * Adds services described in memory rather than in files (embedding, tests, benchmarks).
     * Every non-ordering dependency must be loaded or among {@code added}; the caller makes sure
     * there is no cycle.
     *
     * @param added the descriptions
     * @throws IllegalArgumentException if a name is taken or a dependency is missing; nothing
     *     changes then
     */
    public void install(List<ServiceDescription> added) {
        descriptions.addAll(added);
        List<String> names = new ArrayList<>(added.size());
        for (ServiceDescription d : added) {
            names.add(d.name());
        }
        materialize(names);
    }

    /** Creates the records, behaviours and edges of services just added to the descriptions. */
    private void materialize(List<String> names) {
        for (String n : names) {
            ServiceDescription d = descriptions.get(n);
            ServiceRecord r = recordFor(n);
            r.describe(d, null, null);
            ServiceContext ctx = platform.contextFor(d);
            r.context = ctx;
            r.behaviour = createBehaviour(r, d, ctx);
        }
        for (String n : linkOrder(names)) {
            ServiceRecord r = records.get(n);
            for (Dependency dep : r.description.dependencies()) {
                ServiceRecord other = recordFor(dep.name());
                if (dep.kind() == DependencyKind.BEFORE) {
                    link(other, r, DependencyKind.BEFORE);
                } else {
                    link(r, other, dep.kind());
                }
            }
        }
    }

    /**
     * The order in which the new services' links are made: a service after everything it
     * depends on (depth-first post-order, dependencies in declaration order), as upstream makes
     * a service's links only once its dependencies have loaded. It decides the order of each
     * service's dependents list, which DEPENDENTS replies show (control-protocol.md 6.3).
     * Iterative: an explicit stack, no recursion.
     */
    private List<String> linkOrder(List<String> names) {
        Set<String> fresh = new HashSet<>(names);
        Set<String> done = new HashSet<>();
        List<String> order = new ArrayList<>(names.size());
        ArrayDeque<String> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        for (String root : names) {
            if (!done.add(root)) {
                continue;
            }
            stack.push(root);
            next.push(0);
            while (!stack.isEmpty()) {
                List<Dependency> deps = descriptions.get(stack.peek()).dependencies();
                int i = next.pop();
                String child = null;
                while (i < deps.size() && child == null) {
                    Dependency dep = deps.get(i++);
                    if (dep.kind() != DependencyKind.BEFORE && !dep.kind().isOrdering()
                            && fresh.contains(dep.name()) && done.add(dep.name())) {
                        child = dep.name();
                    }
                }
                next.push(i);
                if (child != null) {
                    stack.push(child);
                    next.push(0);
                } else {
                    order.add(stack.pop());
                    next.pop();
                }
            }
        }
        return order;
    }

    private ServiceRecord recordFor(String name) {
        ServiceRecord r = records.get(name);
        if (r == null) {
            r = new ServiceRecord(this, name);
            records.put(name, r);
            all.append(r);
        }
        return r;
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
        try {
            ServiceBehaviour b = type.create(d, r.handle, ctx);
            if (b != null) {
                return d.options().contains(ServiceOption.KILL_ALL_ON_STOP)
                        ? new KillAllOnStop(this, r, b, ctx) : b;
            }
            problem(r, "service type '" + d.type() + "' created no behaviour");
        } catch (RuntimeException | LinkageError e) {
            problem(r, "service type '" + d.type() + "' cannot run this service: " + e);
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

    private static ServiceEdge link(ServiceRecord from, ServiceRecord to, DependencyKind kind) {
        ServiceEdge e = new ServiceEdge(from, to, kind);
        from.addDependency(e);
        to.addDependent(e);
        return e;
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
     */
    @HotPath
    public void processQueues() {
        while (!propQueue.isEmpty() || !transitionQueue.isEmpty()) {
            while (!propQueue.isEmpty()) {
                propQueue.popFront().doPropagation();
            }
            if (!transitionQueue.isEmpty()) {
                transitionQueue.popFront().executeTransition();
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
        try {
            return r.behaviour.bringUp();
        } catch (RuntimeException | Error e) {
            threw(r, "bringUp", e);
            return false;
        }
    }

    @HotPath
    void bringDown(ServiceRecord r) {
        bringDown(r, r.behaviour);
    }

    /** Brings {@code r} down through {@code b}: its behaviour, or the one a decorator wraps. */
    @HotPath
    void bringDown(ServiceRecord r, ServiceBehaviour b) {
        try {
            b.bringDown();
        } catch (RuntimeException | Error e) {
            threw(r, "bringDown", e);
            if (r.state == ServiceState.STOPPING) {
                r.stopped();
            }
        }
    }

    @HotPath
    boolean canInterruptStart(ServiceRecord r) {
        try {
            return r.behaviour.canInterruptStart();
        } catch (RuntimeException | Error e) {
            threw(r, "canInterruptStart", e);
            return false;
        }
    }

    @HotPath
    boolean interruptStart(ServiceRecord r) {
        try {
            return r.behaviour.interruptStart();
        } catch (RuntimeException | Error e) {
            threw(r, "interruptStart", e);
            return true;
        }
    }

    @HotPath
    void becomingInactive(ServiceRecord r) {
        try {
            r.behaviour.becomingInactive();
        } catch (RuntimeException | Error e) {
            threw(r, "becomingInactive", e);
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

    // ---------------------------------------------------------------- chain-to

    /** Starts {@code r}'s chain-to service (section 10); load errors are only reported. */
    void chain(ServiceRecord r) {
        String to = r.chainTo;
        ServiceRecord target = records.get(to);
        if (target == null || target.isPlaceholder()) {
            LoadOutcome o;
            try {
                o = load(to);
            } catch (RuntimeException | Error e) {
                problem(r, "Couldn't chain to service " + to + ": " + e);
                return;
            }
            if (!o.succeeded()) {
                problem(r, "Couldn't chain to service " + to + ": couldn't load "
                        + o.failedService() + ": " + o.message());
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

    // ---------------------------------------------------------------- graph changes (not hot)

    /**
     * Unloads a stopped service that nothing but ordering links refer to (section 17). A
     * placeholder stays if ordering links still name it.
     *
     * @param r the service
     * @return OK or IN_USE
     */
    public Result unload(ServiceRecord r) {
        if (r.isPlaceholder() || r.state != ServiceState.STOPPED || r.requiredBy != 0) {
            return Result.IN_USE;
        }
        for (int i = 0; i < r.dependentCount; i++) {
            if (!r.dependents[i].isOrdering()) {
                return Result.IN_USE;
            }
        }
        for (int i = r.depCount - 1; i >= 0; i--) {
            ServiceEdge e = r.deps[i];
            if (e.kind == DependencyKind.BEFORE) {
                continue; // a link another service made; it stays with the placeholder
            }
            e.to.removeDependent(e);
            r.removeDependency(e);
        }
        boolean keep = r.dependentCount > 0 || r.depCount > 0;
        descriptions.unload(r.name, keep);
        r.behaviour = null;
        r.context = null;
        r.description = null;
        r.chainTo = null;
        if (!keep) {
            records.remove(r.name);
            all.remove(r);
        }
        platform.unloaded(r.name);
        return Result.OK;
    }

    /** The dependency load that made the last {@link #reload} fail, or null. */
    private LoadOutcome reloadDependencyFailure;
    private String reloadDependencyName;

    /**
     * Tells which dependency load made the last {@link #reload} fail, so that the daemon can
     * log its cause as upstream does before the reload's own failure.
     *
     * @return the dependency's name and the outcome of loading it, or null if the last reload
     *     did not fail for a dependency
     */
    public Map.Entry<String, LoadOutcome> reloadDependencyFailure() {
        return reloadDependencyFailure == null ? null
                : Map.entry(reloadDependencyName, reloadDependencyFailure);
    }

    /**
     * Reloads a service's description from its file ({@code dinitctl reload}, section 17). A
     * stopped service may change anything, type included. A started one may not change its type,
     * console options, pid file, inittab settings, log type or consumer-of, and every new
     * regular or prepared-by dependency must be started; its new settings take effect at its
     * next launch (a smooth-recovery relaunch still uses the old ones). Dependencies are
     * replaced: dropped ones are released, new ones that run are acquired. New dependencies not
     * yet loaded are loaded. Refused while starting or stopping, or if the new dependencies would
     * make a cycle. On refusal the service is unchanged (though dependencies loaded for the
     * check stay loaded, stopped).
     *
     * @param r the service
     * @return null if reloaded, else why not
     */
    public String reload(ServiceRecord r) {
        reloadDependencyFailure = null;
        if (r.isPlaceholder()) {
            return "service is not loaded";
        }
        if (r.state == ServiceState.STARTING || r.state == ServiceState.STOPPING) {
            return "service is starting or stopping";
        }
        LoadOutcome o = loader.parseOne(r.name);
        if (!o.succeeded()) {
            return o.message();
        }
        ServiceDescription d = o.service();
        ServiceDescription old = r.description;
        boolean running = r.state == ServiceState.STARTED;
        if (running) {
            String change = forbiddenChange(old, d);
            if (change != null) {
                return "cannot change " + change + " of a running service";
            }
        }
        for (Dependency dep : d.dependencies()) {
            if (dep.kind().isOrdering()) {
                continue;
            }
            ServiceRecord target = records.get(dep.name());
            if (target == null || target.isPlaceholder()) {
                LoadOutcome lo = load(dep.name());
                if (!lo.succeeded()) {
                    // Upstream's words; the log names the dependency and why (see below).
                    reloadDependencyFailure = lo;
                    reloadDependencyName = dep.name();
                    return "could not load dependency.";
                }
                target = records.get(dep.name());
            }
            if (running && (dep.kind() == DependencyKind.REGULAR
                    || dep.kind() == DependencyKind.PREPARED_BY)
                    && target.state != ServiceState.STARTED) {
                return "dependency '" + dep.name() + "' is not started";
            }
        }
        String consumers = descriptions.consumerProblem(d);
        if (consumers != null) {
            return consumers;
        }
        String cycle = reloadCycle(r, d);
        if (cycle != null) {
            return cycle;
        }
        descriptions.replace(d);
        ServiceContext ctx = platform.contextFor(d);
        ServiceBehaviour b = createBehaviour(r, d, ctx);
        if (running) {
            r.pendingBehaviour = b;
            r.pendingContext = ctx;
            r.describe(d, r.behaviour, r.context);
        } else {
            r.describe(d, b, ctx);
        }
        relink(r, old, d, running);
        processQueues();
        return null;
    }

    private static String forbiddenChange(ServiceDescription a, ServiceDescription b) {
        if (!a.type().equals(b.type())) {
            return "type";
        }
        for (ServiceOption o : new ServiceOption[] {ServiceOption.STARTS_ON_CONSOLE,
            ServiceOption.SHARES_CONSOLE, ServiceOption.RUNS_ON_CONSOLE}) {
            if (a.options().contains(o) != b.options().contains(o)) {
                return "'" + o.word() + "'";
            }
        }
        if (!Objects.equals(a.process().pidFile(), b.process().pidFile())) {
            return "'pid-file'";
        }
        if (!Objects.equals(a.process().inittabId(), b.process().inittabId())
                || !Objects.equals(a.process().inittabLine(), b.process().inittabLine())) {
            return "'inittab-id'/'inittab-line'";
        }
        if (a.log().type() != b.log().type()) {
            return "'log-type'";
        }
        if (!Objects.equals(a.consumerOf(), b.consumerOf())) {
            return "'consumer-of'";
        }
        return null;
    }

    /** Would the new description's edges make a cycle through {@code r}? */
    private String reloadCycle(ServiceRecord r, ServiceDescription d) {
        List<ServiceRecord> outTargets = new ArrayList<>();
        for (Dependency dep : d.dependencies()) {
            if (dep.kind() != DependencyKind.BEFORE) {
                ServiceRecord t = records.get(dep.name());
                if (t != null) {
                    outTargets.add(t);
                }
            }
        }
        for (int i = 0; i < r.depCount; i++) {
            if (r.deps[i].kind == DependencyKind.BEFORE) {
                outTargets.add(r.deps[i].to); // another service's "before: r"
            }
        }
        for (ServiceRecord t : outTargets) {
            if (reaches(t, r)) {
                return "service '" + r.name + "' would have a cyclic dependency through '"
                        + t.name + "'";
            }
        }
        for (Dependency dep : d.dependencies()) {
            if (dep.kind() != DependencyKind.BEFORE) {
                continue;
            }
            ServiceRecord y = records.get(dep.name());
            if (y == r) {
                return "service '" + r.name + "' would have a cyclic dependency on itself";
            }
            for (ServiceRecord t : outTargets) {
                if (y != null && reaches(t, y)) {
                    return "service '" + r.name + "' would have a cyclic dependency through '"
                            + y.name + "'";
                }
            }
        }
        return null;
    }

    /** Replaces the edges that {@code old} made with those {@code d} makes. */
    private void relink(ServiceRecord r, ServiceDescription old, ServiceDescription d,
            boolean running) {
        List<Dependency> wanted = new ArrayList<>(d.dependencies());
        for (int i = r.depCount - 1; i >= 0; i--) {
            ServiceEdge e = r.deps[i];
            if (e.kind == DependencyKind.BEFORE) {
                continue; // made by the other service
            }
            if (!wanted.remove(new Dependency(e.to.name, e.kind))) {
                unlink(e);
            }
        }
        for (Dependency dep : old.dependencies()) {
            if (dep.kind() != DependencyKind.BEFORE || wanted.remove(dep)) {
                continue;
            }
            ServiceRecord y = records.get(dep.name());
            ServiceEdge e = y == null ? null : findEdge(y, r, DependencyKind.BEFORE);
            if (e != null) {
                unlink(e);
            }
        }
        for (Dependency dep : wanted) {
            ServiceRecord other = recordFor(dep.name());
            if (dep.kind() == DependencyKind.BEFORE) {
                if (findEdge(other, r, DependencyKind.BEFORE) == null) {
                    link(other, r, DependencyKind.BEFORE);
                }
                continue;
            }
            ServiceEdge e = link(r, other, dep.kind());
            if (running && !e.isOrdering() && (other.state == ServiceState.STARTED
                    || other.state == ServiceState.STARTING)) {
                e.holdingAcq = true;
                other.require();
            }
        }
    }

    private static void unlink(ServiceEdge e) {
        e.setWaitingOn(false);
        e.from.removeDependency(e);
        e.to.removeDependent(e);
        if (e.holdingAcq) {
            e.holdingAcq = false;
            e.to.releaseWithStop();
        }
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
     * Adds a dependency at run time ({@code dinitctl add-dep}, and {@code enable} with
     * {@code enable} true; regular, milestone or waits-for), as upstream does: a new link
     * holds its dependency only if the dependent is starting or started and the link is
     * regular or its dependency is already starting or started, so {@code add-dep} never
     * starts anything. An {@code enable} then also makes the link (new or already there) hold,
     * which starts the dependency, if the dependent is starting or started.
     *
     * @param from the dependent
     * @param to the dependency
     * @param kind the kind
     * @param enable hold the link, starting the dependency (ENABLESERVICE)
     * @return OK (an identical link is reused), or BAD_DEPENDENCY if it would make a cycle or
     *     is of another kind
     */
    public Result addDependency(ServiceRecord from, ServiceRecord to, DependencyKind kind,
            boolean enable) {
        if (kind != DependencyKind.REGULAR && kind != DependencyKind.MILESTONE
                && kind != DependencyKind.WAITS_FOR) {
            return Result.BAD_DEPENDENCY;
        }
        if (from == to || from.isPlaceholder() || to.isPlaceholder()) {
            return Result.BAD_DEPENDENCY;
        }
        ServiceEdge e = findEdge(from, to, kind);
        boolean fromActive = from.state == ServiceState.STARTING
                || from.state == ServiceState.STARTED;
        if (e == null) {
            if (reaches(to, from)) {
                return Result.BAD_DEPENDENCY;
            }
            e = link(from, to, kind);
            if (fromActive && (kind == DependencyKind.REGULAR
                    || to.state == ServiceState.STARTING || to.state == ServiceState.STARTED)) {
                e.holdingAcq = true;
                to.require();
            }
        }
        if (enable && fromActive && !shuttingDown && !e.holdingAcq) {
            e.holdingAcq = true;
            to.require();
        }
        processQueues();
        return Result.OK;
    }

    /**
     * Removes a dependency at run time ({@code dinitctl rm-dep}); a held dependency is released
     * (and stops if nothing else needs it).
     *
     * @param from the dependent
     * @param to the dependency
     * @param kind the kind
     * @return OK, or BAD_DEPENDENCY if there is no such edge
     */
    public Result removeDependency(ServiceRecord from, ServiceRecord to, DependencyKind kind) {
        ServiceEdge e = findEdge(from, to, kind);
        if (e == null) {
            return Result.BAD_DEPENDENCY;
        }
        from.removeDependency(e);
        to.removeDependent(e);
        if (e.waitingOn) {
            e.setWaitingOn(false);
            from.dependencyStarted();
        }
        if (e.holdingAcq) {
            e.holdingAcq = false;
            to.releaseWithStop();
        }
        processQueues();
        return Result.OK;
    }

    private static ServiceEdge findEdge(ServiceRecord from, ServiceRecord to,
            DependencyKind kind) {
        for (int i = 0; i < from.depCount; i++) {
            ServiceEdge e = from.deps[i];
            if (e.to == to && e.kind == kind) {
                return e;
            }
        }
        return null;
    }

    /** Whether {@code target} is reachable from {@code start} along dependencies (iterative). */
    private static boolean reaches(ServiceRecord start, ServiceRecord target) {
        ArrayDeque<ServiceRecord> work = new ArrayDeque<>();
        Set<ServiceRecord> seen = new HashSet<>();
        work.push(start);
        while (!work.isEmpty()) {
            ServiceRecord r = work.pop();
            if (r == target) {
                return true;
            }
            if (seen.add(r)) {
                for (int i = 0; i < r.depCount; i++) {
                    work.push(r.deps[i].to);
                }
            }
        }
        return false;
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
     * Returns the notice a system manager logs once every service has stopped (cli.md 1.8):
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
