package io.dinitj.api.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ServiceStatusTest {

    private static String hex(ServiceStatus s, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        s.encode(b, size);
        assertThat(b.position()).isEqualTo(size);
        return HexFormat.of().formatHex(b.array());
    }

    /** The started, explicitly active internal service of docs/control-protocol.md §6.3. */
    @Test
    void startedStatusMatchesTheSpecExample() {
        ServiceStatus s = new ServiceStatus(2, 2, ServiceStatus.MARKED_ACTIVE, 0, 0, 0, 0, 0, 0);
        assertThat(hex(s, ServiceStatus.V5_SIZE)).isEqualTo("0202080000000000000000000000");
        assertThat(hex(s, ServiceStatus.LEGACY_SIZE)).isEqualTo("02020800000000000000");
    }

    /** Legacy status: pid, errno for exec failures, else 0/-1 by exit status. */
    @Test
    void legacyFieldAndRoundTrip() {
        ServiceStatus failed = new ServiceStatus(0, 0, 0, 6, 0, 1, 3, 0, 0);
        assertThat(hex(failed, ServiceStatus.LEGACY_SIZE)).endsWith("ffffffff");
        ServiceStatus v6 = new ServiceStatus(2, 2, ServiceStatus.HAS_PID, 0, 0, 1234, 0,
                1_700_000_000L, 123_456_789L);
        ByteBuffer b = ByteBuffer.allocate(ServiceStatus.V6_SIZE);
        v6.encode(b, ServiceStatus.V6_SIZE);
        b.flip();
        assertThat(ServiceStatus.decode(b, ServiceStatus.V6_SIZE)).isEqualTo(v6);
    }
}
