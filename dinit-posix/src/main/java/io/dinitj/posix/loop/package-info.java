/**
 * The event loop: {@link io.dinitj.posix.loop.EventLoop} runs one epoll set on one thread and
 * dispatches readable descriptors, timers, child exits and signals (docs/platform-notes.md
 * §2 to §4). The two helpers whose threads only wait and hand over live beside it: the
 * {@link io.dinitj.posix.loop.ChildReaper} and the {@link io.dinitj.posix.loop.SignalBridge}
 * from the JVM's signal threads; the loop owns both and delivers what they hand over.
 *
 * <p>It depends on the system-call room ({@code io.dinitj.posix.sys}) for epoll, eventfd and
 * {@code waitid}, through its {@code Posix} seam; the launching room and the daemon build on
 * it, never the other way round.
 */
package io.dinitj.posix.loop;
