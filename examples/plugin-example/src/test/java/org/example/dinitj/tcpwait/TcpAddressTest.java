package org.example.dinitj.tcpwait;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TcpAddressTest {

    /** An IPv4 address is parsed here, so the connect needs no lookup. */
    @Test
    void ipv4_isALiteral() {
        TcpAddress a = TcpAddress.parse("127.0.0.1:5432");
        assertEquals("127.0.0.1", a.host());
        assertEquals(5432, a.port());
        assertInstanceOf(Inet4Address.class, a.literal());
        assertEquals("127.0.0.1:5432", a.toString());
    }

    /** An IPv6 address goes in brackets, and is written back with them. */
    @Test
    void ipv6_inBrackets_isALiteral() {
        TcpAddress a = TcpAddress.parse("[::1]:80");
        assertEquals("::1", a.host());
        assertEquals(80, a.port());
        assertInstanceOf(Inet6Address.class, a.literal());
        assertEquals("[::1]:80", a.toString());
        assertEquals(65535, TcpAddress.parse("[2001:db8::7]:65535").port());
    }

    /** A host name is kept for a lookup at start: parsing never looks it up. */
    @Test
    void name_isLookedUpLater() {
        TcpAddress a = TcpAddress.parse("db-1.example.org:1");
        assertEquals("db-1.example.org", a.host());
        assertNull(a.literal());
        assertNull(TcpAddress.parse("no-such-host.invalid.:9").literal());
    }

    /** Each malformed value is refused with a message that says what is wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost|'localhost' has no port (write HOST:PORT)",
        "localhost:|'localhost:' has no port (write HOST:PORT)",
        ":80|':80' has no host (write HOST:PORT)",
        "host:http|'http' is not a port number",
        "host:-1|'-1' is not a port number",
        "host:0|port must be from 1 to 65535",
        "host:65536|port must be from 1 to 65535",
        "host:123456|'123456' is not a port number",
        "::1:80|'::1:80': an IPv6 address goes in brackets, as [::1]:80",
        "[::1:80|'[::1:80' has no ']' after the IPv6 address",
        "[::1]|'[::1]' has no port after ']' (write [ADDRESS]:PORT)",
        "[::1]80|'[::1]80' has no port after ']' (write [ADDRESS]:PORT)",
        "[1.2.3.4]:80|'[1.2.3.4]' is not an IPv6 address",
        "[g::1]:80|'[g::1]' is not an IPv6 address",
        "[]:80|'[]' is not an IPv6 address",
        "1.2.3.400:80|'1.2.3.400' is not an IPv4 address",
        "1.2.3:80|'1.2.3' is not an IPv4 address",
        "010.0.0.1:80|'010.0.0.1' is not an IPv4 address",
        "db_1:80|'db_1' is not a host name",
        "-db:80|'-db' is not a host name",
        "a..b:80|'a..b' is not a host name",
        "host name:80|'host name' is not a host name",
    })
    void malformed_isRefused(String text, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TcpAddress.parse(text));
        assertEquals(message, e.getMessage());
    }

    /** A label longer than 63 characters is not a host name. */
    @Test
    void overlongLabel_isRefused() {
        String label = "a".repeat(64);
        assertThrows(IllegalArgumentException.class, () -> TcpAddress.parse(label + ":80"));
        assertEquals(80, TcpAddress.parse("a".repeat(63) + ":80").port());
    }
}
