/**
 * The service-type plugin SPI. A service type is a {@link io.dinitj.api.spi.ServiceType} found
 * with {@link java.util.ServiceLoader} (register it with {@code @AutoService(ServiceType.class)});
 * for each loaded service of its type it creates a {@link io.dinitj.api.spi.ServiceBehaviour},
 * which the engine tells when to bring the service up and down, and which reports back through
 * the service's {@link io.dinitj.api.spi.ServiceHandle}. What a type may use of the daemon
 * (time, timers, the log; process launching and descriptor watching with the platform) comes
 * from the {@link io.dinitj.api.spi.ServiceContext}. A plugin depends on dinit-api alone.
 *
 * <p><b>Threads.</b> Every call into a behaviour, and every call a behaviour makes on its handle
 * or context, happens on the daemon's event-loop thread. Nothing here may block.
 */
package io.dinitj.api.spi;
