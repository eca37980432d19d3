package io.dinitj.plugin.internal;

import io.dinitj.api.spi.RecordingHandle;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceType;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InternalServiceTypeTest {

    /** The type is registered for ServiceLoader under the name 'internal'. */
    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(ServiceType.class).stream().map(p -> p.get().name()))
                .contains("internal");
    }

    /** Bring-up reports started at once; bring-down reports stopped at once. */
    @Test
    void startsAndStopsAtOnce() {
        RecordingHandle handle = new RecordingHandle();
        ServiceBehaviour b = new InternalServiceType().create(null, handle, null);
        assertThat(b.bringUp()).isTrue();
        b.bringDown();
        assertThat(handle.events()).containsExactly("started", "stopped");
        assertThat(b.canInterruptStart()).isTrue();
    }
}
