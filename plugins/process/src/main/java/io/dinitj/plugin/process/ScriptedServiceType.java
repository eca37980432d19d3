package io.dinitj.plugin.process;

import com.google.auto.service.AutoService;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.TypeCapability;
import java.util.EnumSet;
import java.util.Set;

/** The {@code scripted} service type (docs/service-semantics.md §7.5). */
@AutoService(ServiceType.class)
public final class ScriptedServiceType implements ServiceType {

    /** Creates the type; {@link java.util.ServiceLoader} calls this. */
    public ScriptedServiceType() {
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public Set<TypeCapability> capabilities() {
        return EnumSet.of(TypeCapability.RUNS_COMMAND, TypeCapability.STOP_COMMAND_LOGGED,
                TypeCapability.KILL_ALL_ON_STOP);
    }

    @Override
    public ServiceBehaviour create(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        return new ScriptedBehaviour(description, handle, context);
    }
}
