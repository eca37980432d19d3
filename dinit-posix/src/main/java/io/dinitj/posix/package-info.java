/**
 * The Linux platform layer and the {@code dinit} daemon's composition root: the epoll event
 * loop, {@code posix_spawn}-based process launching, the child reaper, signal handling and the
 * control socket, bound through jnr-posix, jnr-unixsocket and jnr-ffi.
 *
 * <p>Empty for now: it arrives with the daemon issue.
 */
package io.dinitj.posix;
