/**
 * The interactive Dinit/J shell: {@code dinit-shell}, and {@code dinitctl} with no command on
 * a terminal. A JLine 3 line reader whose lines run through the same command table and code
 * as one-shot {@code dinitctl} commands, with completion of command names, options and
 * service names, and a persistent history.
 *
 * <p>The completer ({@code ShellCompleter}) also serves the shells outside: the hidden
 * {@code dinitctl __complete} ({@link io.dinitj.shell.interactive.CompletionCommand}) prints its
 * choices for a one-shot command line, and the bash, zsh and fish scripts of the distribution
 * ({@code dinit-dist/src/completions/}) call it, so Tab offers the same words in both.
 */
package io.dinitj.shell.interactive;
