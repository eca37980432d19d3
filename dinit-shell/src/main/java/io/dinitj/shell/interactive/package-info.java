/**
 * The interactive Dinit/J shell: {@code dinit-shell}, and {@code dinitctl} with no command on
 * a terminal. A JLine 3 line reader whose lines run through the same command table and code
 * as one-shot {@code dinitctl} commands, with completion of command names, options and
 * service names, and a persistent history.
 */
package io.dinitj.shell.interactive;
