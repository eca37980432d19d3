package io.dinitj.plugin.internal;

import com.google.auto.service.AutoService;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.TypeCapability;
import java.util.Set;

/** The {@code internal} service type (docs/service-semantics.md §7.1). */
@AutoService(ServiceType.class)
public final class InternalServiceType implements ServiceType {

    /** Creates the type; {@link java.util.ServiceLoader} calls this. */
    public InternalServiceType() {
    }

    @Override
    public String name() {
        return "internal";
    }

    @Override
    public Set<TypeCapability> capabilities() {
        return Set.of(TypeCapability.KILL_ALL_ON_STOP);
    }

    @Override
    public ServiceBehaviour create(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        return new Behaviour(handle);
    }

    /** Started and stopped at once: there is nothing to run. */
    static final class Behaviour implements ServiceBehaviour {
        private final ServiceHandle handle;

        Behaviour(ServiceHandle handle) {
            this.handle = handle;
        }

        @Override
        public boolean bringUp() {
            handle.started();
            return true;
        }

        @Override
        public void bringDown() {
            handle.stopped();
        }
    }
}
