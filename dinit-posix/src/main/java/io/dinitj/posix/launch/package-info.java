/**
 * Launching and supervising services' processes: {@link io.dinitj.posix.launch.PosixPlatform}
 * is the engine's platform and every service's context (processes, timers, signals, logs); it
 * starts a process directly or through the exec helper ({@link
 * io.dinitj.posix.launch.ExecHelper}), gives it activation sockets ({@link
 * io.dinitj.posix.launch.ActivationSockets}), log pipes ({@link
 * io.dinitj.posix.launch.LogPipes}) or the console ({@link
 * io.dinitj.posix.launch.ConsoleHandover}), and reads pid files ({@link
 * io.dinitj.posix.launch.PidFiles}). What one launch does is first computed as a {@link
 * io.dinitj.posix.launch.LaunchPlan} (a value, tested without processes), then carried out.
 *
 * <p>It builds on the loop ({@code io.dinitj.posix.loop}), the daemon log
 * ({@code io.dinitj.posix.log}) and the system calls ({@code io.dinitj.posix.sys}); only the
 * daemon ({@code io.dinitj.posix.daemon}) depends on it.
 */
package io.dinitj.posix.launch;
