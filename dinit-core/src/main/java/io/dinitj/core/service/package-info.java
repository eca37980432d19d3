/**
 * The engine: service records, the service set and its propagation and transition queues, and
 * the registry of service types. So far only the registry is here; the engine arrives with its
 * issue (see service-semantics.md for what it must do).
 */
package io.dinitj.core.service;
