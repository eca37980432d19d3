/**
 * The control protocol as both ends share it: type codes ({@link io.dinitj.api.protocol.Codes})
 * and the status buffers ({@link io.dinitj.api.protocol.ServiceStatus}), byte-compatible with
 * upstream Dinit's protocol version 7 (control-protocol.md).
 */
package io.dinitj.api.protocol;
