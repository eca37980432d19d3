/**
 * {@code dinitctl}, the control client: {@link io.dinitj.shell.ctl.Dinitctl} runs one command
 * of the table {@link io.dinitj.shell.ctl.Command} over the control protocol, using the JDK's
 * Unix-domain socket channels only.
 */
package io.dinitj.shell.ctl;
