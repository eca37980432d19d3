/**
 * {@code dinitctl}, the control client: {@link io.dinitj.shell.ctl.Dinitctl} runs one command
 * of the table {@link io.dinitj.shell.ctl.Command} over the control protocol, using the JDK's
 * Unix-domain socket channels only. The layers, top down: the command handlers, split by family
 * (start/stop/status, service changes, environment, list and views, enable/disable), decide
 * what to send and what to print; {@code DaemonClient} turns each request into the packets of
 * the {@code io.dinitj.api.protocol} codec and decodes the replies into typed values;
 * {@code Connection} moves the bytes and records the service events seen while a reply is
 * awaited. No layout is written here: it is the codec's, shared with the daemon.
 */
package io.dinitj.shell.ctl;
