/**
 * The engine of Dinit/J, independent of any platform: it depends on dinit-api and
 * dinit-collections only, never on jnr or the operating system, and has no recursion and no
 * allocation on its hot paths. Its packages:
 *
 * <ul>
 *   <li>{@link io.dinitj.core.load}: finding, lexing and parsing service files, substitution and
 *       environment files, and loading a service with its dependencies, iteratively and
 *       atomically;
 *   <li>{@link io.dinitj.core.service}: the running engine: service records, dependency edges,
 *       the service set with its propagation, transition and console queues, start, stop,
 *       restart, pins and shutdown (its package doc explains how they work);
 *   <li>{@link io.dinitj.core.control}: the daemon's half of the control protocol, on byte
 *       arrays rather than sockets;
 *   <li>{@link io.dinitj.core.log}: the fixed-size buffer behind {@code log-type = buffer}.
 * </ul>
 *
 * <p>This package itself holds no types. The platform ({@code io.dinitj.posix}) drives the
 * engine from its event loop through {@code ServicePlatform} and {@code ControlHooks}; the
 * clients ({@code io.dinitj.shell}) use the loader offline.
 */
package io.dinitj.core;
