/**
 * The engine of Dinit/J: service records and the service set with their intrusive propagation
 * and transition queues ({@code io.dinitj.core.service}), the service-description loader
 * ({@code io.dinitj.core.load}) and the control-protocol command logic
 * ({@code io.dinitj.core.control}). Depends on dinit-api and dinit-collections only, never on
 * platform code; no recursion and no allocation on its hot paths.
 *
 * <p>Empty for now: the loader, engine and control logic arrive with their issues.
 */
package io.dinitj.core;
