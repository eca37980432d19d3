/**
 * The engine of Dinit/J, in rooms whose arrows point one way:
 *
 * <ul>
 *   <li>{@code io.dinitj.core.type}: the registry of service types that plugins provide;</li>
 *   <li>{@code io.dinitj.core.load}: reading service descriptions from files (uses type);</li>
 *   <li>{@code io.dinitj.core.service}: service records, the service set with its intrusive
 *       propagation and transition queues, the console queue, commands and shutdown (uses
 *       type);</li>
 *   <li>{@code io.dinitj.core.graph}: loading descriptions into the live set, reload, unload
 *       and run-time dependencies (uses load and service);</li>
 *   <li>{@code io.dinitj.core.log}: the fixed-size log buffers;</li>
 *   <li>{@code io.dinitj.core.control}: the control-protocol command logic (uses graph,
 *       service, load and log).</li>
 * </ul>
 *
 * <p>Depends on dinit-api and dinit-collections only, never on platform code; no recursion
 * anywhere and no allocation on its hot paths.
 */
package io.dinitj.core;
