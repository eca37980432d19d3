/**
 * The user-facing programs, in three packages: {@link io.dinitj.shell.ctl} is one-shot
 * {@code dinitctl} (the command table {@code Command}, the connection, upstream's texts and the
 * Dinit/J additions {@code --json}, {@code tree}, {@code graph}, {@code watch} and
 * {@code catlog --follow}), {@link io.dinitj.shell.interactive} is the JLine shell that runs the
 * same table line by line, and {@link io.dinitj.shell.check} is the offline checker
 * {@code dinit-check}.
 *
 * <p>This package itself holds no types. The client speaks the protocol through the JDK's
 * Unix-domain socket channels and the codes of {@code io.dinitj.api.protocol}; it loads no
 * native code except for {@code --use-passed-cfd} ({@code io.dinitj.shell.ctl.passedfd}).
 * {@code dinit-check} and offline {@code enable}/{@code disable} read service files through the
 * daemon's own loader ({@code io.dinitj.core.load}).
 */
package io.dinitj.shell;
