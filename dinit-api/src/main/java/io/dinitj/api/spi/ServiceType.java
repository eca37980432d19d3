package io.dinitj.api.spi;

import io.dinitj.api.description.ServiceDescription;

/**
 * A kind of service ({@code type = NAME} in a service file), provided by a plugin and found with
 * {@link java.util.ServiceLoader}. Implementations are {@code public final} classes with a public
 * no-argument constructor, registered with {@code @AutoService(ServiceType.class)}.
 *
 * <p><b>Names.</b> The name is what service files write after {@code type =}. Two providers
 * with the same name are a clash: the daemon refuses to load any service of that type, naming
 * both providers, rather than pick one silently.
 */
public interface ServiceType {

    /**
     * Returns the type's name as service files write it.
     *
     * @return a non-empty name such as {@code internal}
     */
    String name();

    /**
     * Creates the behaviour of one loaded service. Called once per load (and again on reload),
     * on the event-loop thread; it may allocate, but must not block, and should fail only for a
     * description its type cannot run (the service then fails to load with the message).
     *
     * @param description the service's description
     * @param handle how the behaviour reports what happened to the service
     * @param context what the behaviour may use of the daemon
     * @return the behaviour, never null
     * @throws IllegalArgumentException if the description cannot be run by this type
     */
    ServiceBehaviour create(ServiceDescription description, ServiceHandle handle,
            ServiceContext context);
}
