/**
 * The {@code internal} service type: no process; it is up as soon as its dependencies are, and
 * down as soon as its dependents are. Used for targets and milestones such as {@code boot}.
 */
package io.dinitj.plugin.internal;
