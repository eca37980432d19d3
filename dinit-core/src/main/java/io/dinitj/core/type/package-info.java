/**
 * The registry of service types: {@link io.dinitj.core.type.ServiceTypes} finds every
 * {@link io.dinitj.api.spi.ServiceType} plugin once at start-up with
 * {@link java.util.ServiceLoader}, on the daemon's class path and in the plugin directories
 * ({@link io.dinitj.core.type.PluginDirectories}), keeps the ones that load, and records for the
 * log the plugins and providers that fail and the names that more than one plugin claims.
 *
 * <p>In a plugin directory each jar is one plugin, and each subdirectory of jars is one plugin
 * with its libraries; each plugin has its own class loader, whose parent shows it dinit-api and
 * the JDK only (not the engine, the platform, their libraries or another plugin).
 *
 * <p>A room of its own because two neighbours need it and neither owns it: the loader
 * ({@code io.dinitj.core.load}) accepts a {@code type =} only if some plugin provides it, and the
 * engine ({@code io.dinitj.core.service}) asks the type to create each service's behaviour. It
 * depends on dinit-api alone, so both can depend on it without depending on each other.
 */
package io.dinitj.core.type;
