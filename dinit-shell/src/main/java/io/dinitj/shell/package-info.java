/**
 * The user-facing commands: one-shot {@code dinitctl}, the interactive JLine shell with the
 * same command table, and the offline checker {@code dinit-check}.
 *
 * <p>{@code dinit-check} is in {@link io.dinitj.shell.check}; {@code dinitctl} and the shell
 * arrive with the control-protocol issue.
 */
package io.dinitj.shell;
