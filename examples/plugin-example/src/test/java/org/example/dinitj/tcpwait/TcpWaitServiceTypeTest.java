package org.example.dinitj.tcpwait;

import io.dinitj.api.description.LogSettings;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.RestartSettings;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.api.spi.RecordingHandle;
import io.dinitj.api.spi.ServiceType;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpWaitServiceTypeTest {

    /** The jar registers the type for ServiceLoader, which is how the daemon finds it. */
    @Test
    void isFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(ServiceType.class).stream()
                .anyMatch(p -> p.type() == TcpWaitServiceType.class));
    }

    /** It declares its two settings, address required, and no capabilities. */
    @Test
    void declaresItsSettings() {
        ServiceType type = new TcpWaitServiceType();
        assertEquals("tcp-wait", type.name());
        assertEquals(Set.of(), type.capabilities());
        List<TypeSetting<?>> settings = type.settings();
        assertEquals(List.of("address", "interval"), settings.stream().map(TypeSetting::name)
                .toList());
        assertTrue(TcpWaitServiceType.ADDRESS.required());
        assertFalse(TcpWaitServiceType.INTERVAL.required());
        assertEquals(1_000_000_000L, TcpWaitServiceType.INTERVAL.defaultValue());
    }

    /** The interval is decimal seconds, at least 0.01. */
    @Test
    void interval_isSecondsFromAHundredth() {
        assertEquals(250_000_000L, TcpWaitServiceType.INTERVAL.parser().parse("0.25"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpWaitServiceType.INTERVAL.parser().parse("0.001"));
        assertEquals("duration must be at least 0.01 seconds", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TcpWaitServiceType.INTERVAL.parser().parse("soon"));
    }

    /** A description without an address (not made by the loader) cannot be created. */
    @Test
    void create_withoutAddress_isRefused() {
        ServiceDescription d = new ServiceDescription("svc", "tcp-wait", ProcessSettings.DEFAULT,
                RestartSettings.DEFAULT, LogSettings.DEFAULT, SocketSettings.DEFAULT, List.of(),
                Set.of(), Set.of(), ServiceEnvironment.NONE, null, null, null, null,
                new ServiceDescription.Source("/etc/dinit.d/svc", "/etc/dinit.d", null));
        FakePlatform platform = new FakePlatform();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TcpWaitServiceType().create(d, new RecordingHandle(),
                        platform.contextFor(d)));
        assertEquals("'tcp-wait.address' setting not specified", e.getMessage());
    }
}
