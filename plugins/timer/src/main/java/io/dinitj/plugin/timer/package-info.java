/**
 * The {@code timer} service type: while started, it starts another service
 * ({@code timer.service}) every {@code timer.every} seconds, never overlapping a run that is still
 * going (docs/service-semantics.md, the timer type).
 */
package io.dinitj.plugin.timer;
