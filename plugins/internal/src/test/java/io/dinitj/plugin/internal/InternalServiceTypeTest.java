package io.dinitj.plugin.internal;

import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InternalServiceTypeTest {

    /** Records what a behaviour reports. */
    static final class Recorder implements ServiceHandle {
        final List<String> events = new ArrayList<>();

        @Override
        public String name() {
            return "svc";
        }

        @Override
        public void started() {
            events.add("started");
        }

        @Override
        public void failedToStart(StopReason reason) {
            events.add("failed " + reason);
        }

        @Override
        public void stopped() {
            events.add("stopped");
        }

        @Override
        public void terminatedUnexpectedly(int waitStatus) {
            events.add("terminated " + waitStatus);
        }
    }

    /** The type is registered for ServiceLoader under the name 'internal'. */
    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(ServiceType.class).stream().map(p -> p.get().name()))
                .contains("internal");
    }

    /** Bring-up reports started at once; bring-down reports stopped at once. */
    @Test
    void startsAndStopsAtOnce() {
        Recorder handle = new Recorder();
        ServiceBehaviour b = new InternalServiceType().create(null, handle, null);
        assertThat(b.bringUp()).isTrue();
        b.bringDown();
        assertThat(handle.events).containsExactly("started", "stopped");
        assertThat(b.canInterruptStart()).isTrue();
    }
}
