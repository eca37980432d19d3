/**
 * The daemon's half of the control protocol (docs/control-protocol.md): a {@link
 * io.dinitj.core.control.ControlServer} per daemon and a {@link
 * io.dinitj.core.control.ControlConnection} per client. Both work on byte arrays, not sockets:
 * the platform reads bytes into a connection, the connection decodes complete packets, runs them
 * against the {@link io.dinitj.core.service.ServiceSet} and queues the replies, and the platform
 * writes the queued bytes out. What the engine cannot do itself (find a log buffer, signal a
 * process, request a shutdown, log) it asks of {@link io.dinitj.core.control.ControlHooks}.
 * Packets are encoded and decoded with the allocation-free codec of {@code io.dinitj.api.protocol},
 * which the client shares; this package holds what the commands mean, not their layouts.
 */
package io.dinitj.core.control;
