/**
 * The control protocol as both ends share it, byte-compatible with upstream Dinit's protocol
 * version 7 (docs/control-protocol.md): the one codec the daemon
 * ({@code io.dinitj.core.control}) and the client ({@code io.dinitj.shell.ctl}) both use, so
 * every packet layout is written once.
 *
 * <ul>
 *   <li>{@link io.dinitj.api.protocol.Codes}: packet type codes, flags, versions and limits.</li>
 *   <li>{@link io.dinitj.api.protocol.Requests}, {@link io.dinitj.api.protocol.Replies},
 *       {@link io.dinitj.api.protocol.InfoPackets}: one nested class per packet shape with its
 *       size, field offsets, and static encode methods and field readers over a
 *       {@code byte[]} at an offset, in the manner of Agrona's flyweights: the daemon encodes
 *       into its output queue and decodes in its receive buffer without allocating.</li>
 *   <li>{@link io.dinitj.api.protocol.ServiceStatus}: the 10-, 14- and 30-byte status
 *       buffers, as a static field-wise encoder (daemon) and a decoded record (client).</li>
 *   <li>{@link io.dinitj.api.protocol.EnumCodes}: codes to the enums of
 *       {@code io.dinitj.api.service} (states, stop reasons, exec stages, events, dependency
 *       kinds, shutdown types), the one place the mapping lives.</li>
 *   <li>{@link io.dinitj.api.protocol.Wire}: the little-endian field primitives beneath.</li>
 * </ul>
 *
 * What a command means, and which packets a client sends in which order, live with the two
 * ends, not here.
 */
package io.dinitj.api.protocol;
