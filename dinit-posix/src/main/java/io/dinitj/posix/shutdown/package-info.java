/**
 * The shutdown program, {@code dinit-shutdown} (upstream's {@code shutdown}): {@link
 * io.dinitj.posix.shutdown.DinitShutdown} reads upstream's options ({@code ShutdownOptions}),
 * then either asks the daemon for a shutdown over the control socket with the protocol codec
 * of {@code io.dinitj.api.protocol} ({@code ShutdownClient}), or, with {@code --system}, ends
 * the machine's run itself ({@code SystemShutdown}: kill every process, the shutdown hook, swap
 * off and unmount from the kernel's tables ({@code MountTable}), {@code reboot(2)}).
 *
 * <p>A program of its own beside the daemon: it uses {@code sys} (the system calls) and the
 * API only; no room of the daemon uses it, and it uses none of theirs (an architecture rule
 * says both), so the daemon execs it as a separate program, never calls it.
 */
package io.dinitj.posix.shutdown;
