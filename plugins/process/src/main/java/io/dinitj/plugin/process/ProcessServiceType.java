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

/** The {@code process} service type (docs/service-semantics.md §7.3). */
@AutoService(ServiceType.class)
public final class ProcessServiceType implements ServiceType {

    /** Creates the type; {@link java.util.ServiceLoader} calls this. */
    public ProcessServiceType() {
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Set<TypeCapability> capabilities() {
        return EnumSet.of(TypeCapability.RUNS_COMMAND, TypeCapability.SUPERVISES_PROCESS,
                TypeCapability.LOG_CONSUMER);
    }

    @Override
    public ServiceBehaviour create(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        return new ProcessBehaviour(description, handle, context);
    }
}
