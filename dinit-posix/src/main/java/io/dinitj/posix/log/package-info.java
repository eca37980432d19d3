/**
 * The daemon's own log: {@link io.dinitj.posix.log.DaemonLog} writes dinit's console and main
 * log (a file, or syslog through {@link io.dinitj.posix.log.SyslogSink}) without ever blocking
 * the event loop, keeping lines for a log file that cannot be opened yet.
 *
 * <p>It depends on the system-call room ({@code io.dinitj.posix.sys}) only; the loop, the
 * launching room and the daemon log through it.
 */
package io.dinitj.posix.log;
