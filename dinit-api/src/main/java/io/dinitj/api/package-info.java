/**
 * The contract between Dinit/J's engine and everything around it: the service-type plugin SPI
 * ({@code ServiceType}, the behaviour it creates, the handle it reports through, the context it
 * may use), the immutable service description and its value types, and the control-protocol
 * codec. Depends on nothing but the JDK, so plugins need only this module.
 *
 * <p>Empty for now: the model arrives with the service-description issue, the SPI with the
 * engine issue.
 */
package io.dinitj.api;
