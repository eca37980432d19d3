/**
 * The engine that runs loaded services: a {@link io.dinitj.core.service.ServiceRecord} per
 * service, a {@link io.dinitj.core.service.ServiceEdge} per dependency, and the
 * {@link io.dinitj.core.service.ServiceSet} that owns them, their queues and the commands. What
 * follows is how it works; docs/service-semantics.md gives the rules it implements, section by
 * section, and the edge cases (E1 to E50) its tests are named after.
 *
 * <h2>Records, states and targets</h2>
 *
 * <p>A record is in one of four states: STOPPED, STARTING, STARTED, STOPPING. It also has a
 * <em>target</em>, STARTED or STOPPED: where it is heading. The two differ while it moves, and
 * also in the quieter cases: STOPPING with target STARTED is a restart under way, STARTING with
 * target STOPPED a start that cannot be interrupted and will stop as soon as it is up. Only the
 * engine sets the state to STARTING or STOPPING; only the service's type (its
 * {@code ServiceBehaviour}, through the record's {@code ServiceHandle}) says when the service is
 * really up or down, and the engine then sets STARTED or STOPPED. The rest of a record is flags:
 * explicitly started, pins, waiting for dependencies or for the console, force-stop, the
 * restart in progress, why it last stopped, and one flag per kind of pending propagation.
 *
 * <h2>Edges, acquire and release</h2>
 *
 * <p>An edge is stored once and listed on both ends (the dependent's dependencies, the
 * dependency's dependents), in arrays built at load time. Its kind decides how strongly it
 * binds: {@code depends-on} and {@code prepared-by} are hard, a milestone ({@code depends-ms})
 * is hard only until the dependency has started, {@code waits-for} is soft, and
 * {@code before}/{@code after} only order starts ({@code before: Y} in S is stored as an edge
 * from Y to S). Two booleans on the edge carry all the state: {@code waitingOn} (the dependent
 * waits for this dependency to start) and {@code holdingAcq} (the dependent holds one unit of
 * the dependency's <em>required-by count</em>).
 *
 * <p>The required-by count, not the commands, decides whether a service should run: it is one
 * for an explicit start plus one per holding edge. When a service becomes active it
 * <em>acquires</em> every dependency that is not an ordering link, soft ones included (so a
 * {@code waits-for} dependency keeps running while its dependent runs). When the count falls to
 * zero the target becomes STOPPED, the service stops, and it <em>releases</em> its own
 * dependencies, whose counts fall in turn. A stop command removes the explicit unit and stops the
 * service even if dependents still hold it, taking its hard dependents down with it; a release
 * removes only the explicit unit. Dinit/J does not let ordering edges acquire anywhere, also not
 * when a dependency re-attaches its running dependents (upstream's quirk Q1; see
 * {@code ServiceRecord#doStart}).
 *
 * <h2>Pins</h2>
 *
 * <p>A service pinned started ({@code start --pin}) does not stop while pinned, whatever its
 * count: a release or stop is recorded (target STOPPED) and carried out on {@code unpin}. The pin
 * is inherited down hard edges as {@code deptPinned}, so nothing a pinned service needs can stop
 * under it; the inheritance is itself propagated through the queue, one level per step. A
 * service pinned stopped ({@code stop --pin}) refuses to start: a start that reaches it through
 * a hard edge fails the dependent; a soft dependent starts without it. Unpinning never starts
 * anything.
 *
 * <h2>Two phases: propagate, then transition</h2>
 *
 * <p>Every entry point (a command of {@code ServiceSet}, a report through a handle, a timer or
 * a process exit delivered to a behaviour) does only local work on the records it is given: it
 * sets flags ({@code propRequire}, {@code propRelease}, {@code propFailure}, {@code propStart},
 * {@code propStop}, {@code propPinDpt}, {@code propChainStart}) and puts records on one of two
 * queues. {@link io.dinitj.core.service.ServiceSet#processQueues()} then runs the work:
 *
 * <pre>{@code
 * while (propagation queue or transition queue not empty) {
 *     while (propagation queue not empty) pop a record, doPropagation();   // messages
 *     if (transition queue not empty) pop a record, executeTransition();   // up or down
 * }
 * }</pre>
 *
 * <p><em>Propagation</em> passes messages along edges: acquire and release the dependencies,
 * fail the hard dependents of a service that failed to start, stop the dependents of one that
 * stops, push pins down. It may move a record to STARTING or STOPPING, but never brings anything
 * up or down. A <em>transition</em> is the step that does: a STARTING record whose dependencies
 * are all up (no edge {@code waitingOn}, counted in {@code waitingEdges} so the test is O(1))
 * asks for the console if it needs it and then calls its behaviour's {@code bringUp()}; a STOPPING
 * record whose hard dependents are all down calls {@code bringDown()}. Because all propagation
 * runs before the next transition, every required-by count has settled before any service decides
 * whether to start, stop or restart, so the outcome does not depend on the order in which the
 * messages happened to be queued. When the type reports back ({@code started()},
 * {@code stopped()}, {@code failedToStart()}), the record notifies the edges waiting on it and
 * queues the dependents that may now move, and the loop goes on.
 *
 * <h2>Why queues and not recursion</h2>
 *
 * <p>Starting the top of a chain must start the whole chain, and a failure at the bottom must
 * fail everything above it. Written as calls (start calls start on each dependency), the Java
 * stack would be as deep as the graph: a 100,000-deep chain overflows a 256 KiB thread stack long
 * before it is started, and the daemon that must survive everything dies of its own
 * configuration. So no method here calls onward through the graph: where one service affects
 * another, it marks a flag on the other and queues it. The stack depth of any engine call is
 * therefore bounded by a constant, whatever the shape of the graph; {@code EngineDeepChainTest}
 * starts and stops a 100,000-deep chain on a 256 KiB stack, and the architecture rules reject any
 * cycle in the call graph of this module. Upstream Dinit uses the same scheme but still calls
 * onward in a few places (docs/service-semantics.md §4.6); here those are queued too.
 *
 * <p>The queues are intrusive stacks ({@code SList} of dinit-collections): the link lives in the
 * record ({@code propNode}, {@code transitionNode}), a record is on each queue at most once (its
 * link says whether), and queueing is two field writes. It cannot fail and allocates nothing, so
 * after loading, starting and stopping any graph allocates nothing either; edges are arrays made
 * at load time, and events reach listeners as the record itself. {@code EngineAllocationTest}
 * measures 0 bytes for the start and stop of a 10,000-service graph. The queues are LIFO, so the
 * relative order of independent services is not defined; only the orders that dependencies imply
 * are.
 *
 * <h2>Start, stop, restart and failure</h2>
 *
 * <p>A start marks the record explicit and STARTING, acquires its dependencies (queued), and
 * marks every edge to a dependency that is not yet STARTED as waiting; ordering edges wait only
 * for a dependency that is itself STARTING. A stop marks it STOPPING, tells hard dependents to
 * stop first and breaks soft links (soft dependents carry on); it is brought down once no hard
 * dependent holds it. A start while a service is still waiting for its dependents to stop cancels
 * the stop (STOPCANCELLED); a forced stop ({@code dinitctl stop}, a crash) cannot be cancelled
 * and runs to the end, after which a pending start begins again. If the start of a process had
 * already been brought up and only the stop was cancelled, Dinit/J resumes the running process
 * rather than launching a second one (quirk Q3). A failed start fails its hard dependents that
 * are still starting (a milestone only while it is still awaited), lets soft dependents proceed,
 * drops every hold, and emits FAILEDSTART before STOPPED. When a stopped service's target is
 * still STARTED, it restarts: automatically per its {@code restart} setting, subject to the rate
 * limit ({@code restart-limit-count} in {@code restart-limit-interval}, process types only), or on
 * command ({@code dinitctl restart}, which restarts hard dependents too); a {@code prepared-by}
 * dependency is restarted first. A clean exit of a service with {@code chain-to} queues the start
 * of the next one (never during a shutdown).
 *
 * <h2>Console</h2>
 *
 * <p>Services that run or start on the console wait on a third queue, a FIFO
 * ({@code DList}, {@code consoleNode}), for the one console; the set grants it to the first in
 * line when the holder gives it back, and tells its listeners so that the platform can hand the
 * terminal over ({@code ServiceListener#consoleAcquired}).
 *
 * <h2>Shutdown</h2>
 *
 * <p>{@link io.dinitj.core.service.ServiceSet#stopAll} sets the shutdown flag, then releases and
 * unpins every service: they stop in reverse dependency order, nothing restarts or chains, and
 * new starts are refused. The daemon exits (or, for {@code REMAIN}, idles) once the active count
 * reaches zero.
 *
 * <h2>Who drives it</h2>
 *
 * <p>Everything here runs on the daemon's one event-loop thread (dinit-posix); nothing is thread
 * safe. The loop delivers an event (a readable control connection, a child exit from the reaper,
 * a timer, a signal) to its handler, which calls into the engine or into a behaviour, and after
 * each event it calls {@code processQueues()} (the daemon's {@code afterEachEvent} hook), then
 * flushes the control connections' replies. Commands from the control protocol
 * ({@code io.dinitj.core.control}) call the {@code ServiceSet} commands, which drain the queues
 * themselves and report refusals ({@code Result}) by value. What the engine asks of the
 * platform is {@link io.dinitj.core.service.ServicePlatform} (a context per service); what it
 * tells the world goes to {@link io.dinitj.core.service.ServiceListener}s: the protocol's
 * service events and the console's {@code [  OK  ]}, {@code [FAILED]} and {@code [STOPPD]}
 * lines. A behaviour's exception is caught at the boundary, logged, and treated as a failure,
 * never thrown through the engine. {@code KillAllOnStop} wraps the behaviour of a service with
 * that option; the loader ({@code io.dinitj.core.load}) produces the descriptions the records
 * are made from.
 */
package io.dinitj.core.service;
