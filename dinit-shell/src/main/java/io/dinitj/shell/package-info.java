/**
 * The user-facing commands: one-shot {@code dinitctl}, the interactive JLine shell with the
 * same command table, and the offline checker {@code dinit-check}.
 *
 * <p>Empty for now: {@code dinit-check} arrives with the service-description issue,
 * {@code dinitctl} with the control-protocol issue.
 */
package io.dinitj.shell;
