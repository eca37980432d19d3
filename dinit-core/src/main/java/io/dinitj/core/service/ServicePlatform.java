package io.dinitj.core.service;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.TypeCapability;
import java.util.Set;

/**
 * What the engine needs of the platform: a context for each service it loads. The daemon's
 * platform implements it with real processes and the event loop's timers; tests with a fake.
 *
 * <p>The platform must call {@link ServiceSet#processQueues()} after delivering each event
 * (a timer, a process exit, readiness data) to a behaviour: behaviours report through their
 * handles, which only mark and queue.
 */
@FunctionalInterface
public interface ServicePlatform {

    /**
     * Returns the context for one service, called once per load of the service.
     *
     * @param description the service
     * @param capabilities what the service's type declares (the registry's set, asked once at
     *     discovery): how launches go depends on it, never on the type's name (for example
     *     {@link TypeCapability#STOP_COMMAND_LOGGED})
     * @return its context
     */
    ServiceContext contextFor(ServiceDescription description, Set<TypeCapability> capabilities);

    /**
     * Tells the platform that a service was unloaded, so that it can let go of what it keeps
     * for the service across launches (a log pipe, a log buffer). The service's last context
     * is not used after this. Called after the unload succeeded; the default does nothing.
     *
     * @param name the service's name
     */
    default void unloaded(String name) {
        // Nothing kept by default.
    }
}
