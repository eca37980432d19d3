/**
 * Enumerations shared by the engine, the control protocol and the clients: service states,
 * dependency kinds, stop reasons and service events, each with its control-protocol wire value.
 */
package io.dinitj.api.service;
