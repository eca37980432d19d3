/**
 * The {@code triggered} service type: like {@code internal}, but once its dependencies are up it
 * stays starting until something triggers it ({@code dinitctl trigger}).
 */
package io.dinitj.plugin.triggered;
