/**
 * The {@code tcp-wait} service type, an example of a third-party Dinit/J plugin: a service of
 * this type is started once a TCP connection to {@code tcp-wait.address} succeeds, so that
 * services depending on it wait for something outside the machine (a database, a gateway).
 * {@link org.example.dinitj.tcpwait.TcpWaitServiceType} is the provider the daemon finds;
 * {@link org.example.dinitj.tcpwait.TcpAddress} shows how a type parses a setting of its own.
 */
package org.example.dinitj.tcpwait;
