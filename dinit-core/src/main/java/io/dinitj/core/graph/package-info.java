/**
 * Editing the live service graph: {@link io.dinitj.core.graph.ServiceGraph} brings loaded
 * descriptions into the engine's {@link io.dinitj.core.service.ServiceSet} as records and edges,
 * and carries out reload, unload and the run-time dependency commands ({@code add-dep},
 * {@code rm-dep}, {@code enable}), deciding first whether each may happen (a running service's
 * fixed settings, cycles, dependents that still need a service) so that a refused edit changes
 * nothing. A package-private {@code Reload} holds the reload rules, {@code Edges} the graph
 * questions both kinds of edit ask.
 *
 * <p>Between its neighbours: it uses {@code io.dinitj.core.load} to read descriptions and
 * {@code io.dinitj.core.service} to change records, edges and acquisitions, through the
 * engine's public mutators; neither of them knows this package. The engine reaches back only
 * through {@link io.dinitj.core.service.OnDemandLoader}, which a graph installs in its set for
 * chain-to targets. The control layer ({@code io.dinitj.core.control}) and the daemon call it
 * for loads and graph commands.
 *
 * <p>Not a hot path: edits allocate, and every graph walk uses an explicit work list (no
 * recursion, checked by the architecture tests like the rest of dinit-core).
 */
package io.dinitj.core.graph;
