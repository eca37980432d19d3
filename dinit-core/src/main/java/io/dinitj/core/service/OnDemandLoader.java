package io.dinitj.core.service;

/**
 * How the engine loads, while running, a service it needs that is not loaded yet: the target of
 * a chain-to (docs/service-semantics.md §10). The graph editor ({@code io.dinitj.core.graph})
 * installs one with {@link ServiceSet#loadOnDemand}; the engine itself reads no files.
 *
 * <p>Called on the event-loop thread, from the engine's queue processing; it may allocate (it
 * is not a hot path) but must not process the queues itself.
 */
@FunctionalInterface
public interface OnDemandLoader {

    /**
     * Loads a service and what it depends on into the set, or nothing if that fails.
     *
     * @param name the full name
     * @return null if the service is now loaded ({@link ServiceSet#find} returns it), else why
     *     not, in the words that follow {@code Couldn't chain to service X: } in the log
     */
    String load(String name);
}
