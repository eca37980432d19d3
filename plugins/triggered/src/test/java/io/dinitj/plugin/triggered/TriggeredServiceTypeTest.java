package io.dinitj.plugin.triggered;

import io.dinitj.api.spi.RecordingHandle;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.Triggerable;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TriggeredServiceTypeTest {

    private final RecordingHandle handle = new RecordingHandle();
    private final ServiceBehaviour behaviour =
            new TriggeredServiceType().create(null, handle, null);
    private final Triggerable trigger = (Triggerable) behaviour;

    /** The type is registered for ServiceLoader under the name 'triggered'. */
    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(ServiceType.class).stream().map(p -> p.get().name()))
                .contains("triggered");
    }

    /** E28: brought up, it waits; the trigger completes the start. */
    @Test
    void waitsForTheTrigger() {
        assertThat(behaviour.bringUp()).isTrue();
        assertThat(handle.events()).isEmpty();
        trigger.setTriggered(true);
        assertThat(handle.events()).containsExactly("started");
    }

    /** E28: a stop while waiting cancels at once, and a late trigger starts nothing. */
    @Test
    void stopWhileWaiting_cancels() {
        behaviour.bringUp();
        assertThat(behaviour.interruptStart()).isTrue();
        trigger.setTriggered(true);
        assertThat(handle.events()).isEmpty();
    }

    /** E28: the trigger survives a stop, so the next start completes at once. */
    @Test
    void triggerSurvivesAStop() {
        trigger.setTriggered(true);
        behaviour.bringUp();
        behaviour.bringDown();
        behaviour.bringUp();
        assertThat(handle.events()).containsExactly("started", "stopped", "started");
        trigger.setTriggered(false);
        assertThat(trigger.isTriggered()).isFalse();
        assertThat(handle.events()).hasSize(3);
    }
}
