/**
 * The service types that run processes: {@code process} (the command is the service, supervised
 * and restarted), {@code bgprocess} (the command launches a daemon whose pid appears in a pid
 * file) and {@code scripted} (a start command and a stop command, nothing running in between).
 * They share one base behaviour: launching through the service's
 * {@link io.dinitj.api.spi.ServiceContext}, one timer for the restart delay and the start and
 * stop timeouts, stopping with the stop command or the term signal, and SIGKILL at the stop
 * timeout (docs/service-semantics.md §7.3 to §7.5, §8.3, §9 and §12).
 */
package io.dinitj.plugin.process;
