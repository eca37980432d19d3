package io.dinitj.api.spi;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.TypeSetting;
import java.util.List;
import java.util.Set;

/**
 * A kind of service ({@code type = NAME} in a service file), provided by a plugin and found with
 * {@link java.util.ServiceLoader}. Implementations are {@code public final} classes with a public
 * no-argument constructor, registered with {@code @AutoService(ServiceType.class)}.
 *
 * <p><b>Names.</b> The name is what service files write after {@code type =}. Two providers
 * with the same name are a clash: the daemon refuses to load any service of that type, naming
 * both providers, rather than pick one silently.
 *
 * <p><b>What it is.</b> {@link #capabilities()} tells the loader, engine and platform what the
 * type does (runs the service's command, supervises a process, ...): nothing outside the type
 * decides that from its name. {@link #settings()} declares the type's own settings, written
 * {@code NAME.SETTING = value} in service files; the loader checks and parses them and the
 * behaviour reads them from {@link ServiceDescription#typeSettings()}.
 */
public interface ServiceType {

    /**
     * Returns the type's name as service files write it.
     *
     * @return a non-empty name such as {@code internal}
     */
    String name();

    /**
     * Returns what the type does, for the loader's checks, the engine's restart policy and the
     * platform's launching. Called once, at discovery.
     *
     * @return the capabilities; empty by default (a type that runs nothing of the service's)
     */
    default Set<TypeCapability> capabilities() {
        return Set.of();
    }

    /**
     * Returns the type's own settings. Called once, at discovery; names must be distinct.
     *
     * @return the settings; none by default
     */
    default List<TypeSetting<?>> settings() {
        return List.of();
    }

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
