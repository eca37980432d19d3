/**
 * The service-type plugin SPI: what a plugin implements to add a {@code type =} to service files,
 * and what it may use of the daemon. A {@link io.dinitj.api.spi.ServiceType} is found with
 * {@link java.util.ServiceLoader} (registered with {@code @AutoService(ServiceType.class)}); for
 * each loaded service of its type it creates a {@link io.dinitj.api.spi.ServiceBehaviour}, which
 * the engine tells when to bring the service up and down (and, with
 * {@link io.dinitj.api.spi.Triggerable}, when it is triggered), and which reports back through the
 * service's {@link io.dinitj.api.spi.ServiceHandle}.
 *
 * <p>What a type may use of the daemon comes from its {@link io.dinitj.api.spi.ServiceContext}:
 * the monotonic clock, one-shot timers, the log, launching the service's commands (a
 * {@link io.dinitj.api.spi.ChildProcess} whose exec outcome, readiness and exit arrive at a
 * {@link io.dinitj.api.spi.ProcessListener}), adopting a bgprocess daemon read from its pid
 * file, signalling, and {@code kill-all-on-stop}. Readiness notification, activation sockets and
 * log pipes are set up by the platform as part of a launch; a type watches no descriptor itself.
 * Wait statuses are read with {@link io.dinitj.api.spi.WaitStatus}, error numbers and their texts
 * come from {@link io.dinitj.api.spi.Errno}. The engine (dinit-core) implements the handle, the
 * platform (dinit-posix) the context, and tests fake the context with a virtual clock; a plugin
 * depends on dinit-api alone.
 *
 * <p><b>Threads.</b> Every call into a behaviour, and every call a behaviour makes on its handle
 * or context, happens on the daemon's event-loop thread. Nothing here may block, and callbacks
 * must never throw.
 */
package io.dinitj.api.spi;
