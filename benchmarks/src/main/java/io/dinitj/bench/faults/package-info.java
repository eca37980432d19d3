/**
 * The client side of the fault battery (benchmarks/scripts/faults/, README "Reliability"): a
 * packet fuzzer, stalled and non-reading connections, a crowd of concurrent clients, a churn
 * driver for the soak and a large-set loader, all speaking the control protocol over the JDK's
 * Unix-domain {@code SocketChannel} against a real daemon, with {@link
 * io.dinitj.bench.faults.Conn} as the good client whose every answer is checked. The entry
 * point is {@link io.dinitj.bench.faults.FaultClient}.
 */
package io.dinitj.bench.faults;
