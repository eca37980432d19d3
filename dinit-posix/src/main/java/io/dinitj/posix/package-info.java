/**
 * The Linux platform layer and the {@code dinit} daemon's composition root: the epoll event
 * loop ({@link io.dinitj.posix.EventLoop}), {@code posix_spawn}-based process launching
 * ({@link io.dinitj.posix.Spawner}), the child reaper, signal handling, the services' contexts
 * ({@link io.dinitj.posix.PosixPlatform}) and the daemon ({@link io.dinitj.posix.DinitDaemon}).
 * libc is bound through jnr-ffi directly ({@link io.dinitj.posix.Native}): jnr-posix lacks the
 * spawn attributes, epoll and allocation-free reads the loop needs (platform-notes.md 1-3).
 */
package io.dinitj.posix;
