/**
 * Output the daemon keeps in memory: the bounded buffer behind {@code log-type = buffer}
 * ({@code dinitctl catlog}). Fixed size, allocation-free once created.
 */
package io.dinitj.core.log;
