/**
 * The engine of Dinit/J, independent of any platform: it depends on dinit-api and
 * dinit-collections only, never on jnr or the operating system, and has no recursion and no
 * allocation on its hot paths. Its packages, whose arrows point one way:
 *
 * <ul>
 *   <li>{@link io.dinitj.core.type}: the registry of the service types that plugins provide;
 *   <li>{@link io.dinitj.core.load}: finding, lexing and parsing service files, substitution and
 *       environment files, and loading a service's description with its dependencies,
 *       iteratively and atomically (uses type);
 *   <li>{@link io.dinitj.core.service}: the running engine: service records, dependency edges,
 *       the service set with its propagation, transition and console queues, start, stop,
 *       restart, pins and shutdown (uses type; its package doc explains how they work);
 *   <li>{@link io.dinitj.core.graph}: loading descriptions into the live set, reload, unload
 *       and dependencies added or removed at run time (uses load and service);
 *   <li>{@link io.dinitj.core.log}: the fixed-size buffer behind {@code log-type = buffer};
 *   <li>{@link io.dinitj.core.control}: the daemon's half of the control protocol, on byte
 *       arrays rather than sockets (uses graph, service, load and log).
 * </ul>
 *
 * <p>This package itself holds no types. The platform ({@code io.dinitj.posix}) drives the
 * engine from its event loop through {@code ServicePlatform} and {@code ControlHooks}; the
 * clients ({@code io.dinitj.shell}) use the loader offline.
 */
package io.dinitj.core;
