package io.dinitj.plugin.triggered;

import com.google.auto.service.AutoService;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.Triggerable;

/** The {@code triggered} service type (docs/service-semantics.md §7.2, edge case E28). */
@AutoService(ServiceType.class)
public final class TriggeredServiceType implements ServiceType {

    /** Creates the type; {@link java.util.ServiceLoader} calls this. */
    public TriggeredServiceType() {
    }

    @Override
    public String name() {
        return "triggered";
    }

    @Override
    public ServiceBehaviour create(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        return new Behaviour(handle);
    }

    /**
     * Started at once if triggered, else when triggered. The trigger survives a stop: a later
     * start completes at once unless it was untriggered in between.
     */
    static final class Behaviour implements ServiceBehaviour, Triggerable {
        private final ServiceHandle handle;
        private boolean triggered;
        /** Brought up, waiting for the trigger. */
        private boolean waiting;

        Behaviour(ServiceHandle handle) {
            this.handle = handle;
        }

        @Override
        public boolean bringUp() {
            if (triggered) {
                handle.started();
            } else {
                waiting = true;
            }
            return true;
        }

        @Override
        public void bringDown() {
            waiting = false;
            handle.stopped();
        }

        /** A stop while waiting for the trigger cancels the start at once. */
        @Override
        public boolean interruptStart() {
            waiting = false;
            return true;
        }

        @Override
        public void setTriggered(boolean on) {
            triggered = on;
            if (on && waiting) {
                waiting = false;
                handle.started();
            }
        }

        @Override
        public boolean isTriggered() {
            return triggered;
        }
    }
}
