/**
 * The {@code dinit} daemon, the composition root of the Linux platform: {@link
 * io.dinitj.posix.daemon.DinitDaemon} (the main class {@code bin/dinit} runs) parses its options
 * ({@link io.dinitj.posix.daemon.DaemonOptions}, {@link io.dinitj.posix.daemon.DaemonMode}),
 * serves the control socket ({@link io.dinitj.posix.daemon.ControlSocket}) and ends with the
 * right exit, halt or reboot ({@link io.dinitj.posix.daemon.DaemonExit}).
 *
 * <p>The platform is split into rooms with one purpose each, and arrows that point one way:
 * {@code daemon} uses {@code launch} (processes and service contexts), which uses {@code loop}
 * (the event loop, reaper and signal bridge) and {@code log} (the daemon's log), which all use
 * {@code sys} (the system calls, through jnr-ffi). libc is bound directly because jnr-posix
 * lacks the spawn attributes, epoll and allocation-free reads the loop needs
 * (docs/platform-notes.md §1 to §3).
 */
package io.dinitj.posix.daemon;
