/**
 * The contract between Dinit/J's engine and everything around it, in four packages that depend
 * on nothing but the JDK, so that a plugin needs only this module:
 *
 * <ul>
 *   <li>{@link io.dinitj.api.description}: the immutable, typed service description the loader
 *       makes of a service file ({@code ServiceDescription} and its value types);
 *   <li>{@link io.dinitj.api.service}: the enumerations every layer shares (states, dependency
 *       kinds, stop reasons, events, exec stages), each with its wire value;
 *   <li>{@link io.dinitj.api.spi}: the service-type plugin SPI ({@code ServiceType}, the
 *       {@code ServiceBehaviour} it creates, the {@code ServiceHandle} it reports through, the
 *       {@code ServiceContext} it may use) and the {@code Errno} texts;
 *   <li>{@link io.dinitj.api.protocol}: the control protocol's type codes and status buffers,
 *       shared by the daemon (dinit-core) and the clients (dinit-shell).
 * </ul>
 *
 * <p>This package itself holds no types; it documents the module. The engine
 * ({@code io.dinitj.core}) implements the handle, the platform ({@code io.dinitj.posix})
 * implements the context, and the plugins ({@code io.dinitj.plugin.*}) implement the types.
 */
package io.dinitj.api;
