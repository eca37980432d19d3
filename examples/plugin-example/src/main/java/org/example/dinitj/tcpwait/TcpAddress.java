package org.example.dinitj.tcpwait;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A {@code HOST:PORT} to connect to, the value of {@code tcp-wait.address}: an IPv4 address
 * ({@code 192.0.2.7:5432}), an IPv6 address in brackets ({@code [::1]:80}) or a host name
 * ({@code db.example.org:5432}).
 *
 * <p>{@link #parse} is the setting's parser (a {@link io.dinitj.api.description.SettingParser}):
 * the daemon's loader and {@code dinit-check} call it, off the event loop, and put file, line
 * and setting in front of its message. It never looks a name up (a service file is checked
 * offline, and a lookup may block): an address written as digits is parsed here, a name is
 * resolved when the service starts, on a helper thread.
 *
 * @param host the host as written, without brackets
 * @param port the port, 1 to 65535
 * @param literal the address if the host is written as one, else null (a name)
 */
public record TcpAddress(String host, int port, InetAddress literal) {

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    /**
     * Parses {@code HOST:PORT}.
     *
     * @param text the setting's value
     * @return the address
     * @throws IllegalArgumentException if the text is not {@code HOST:PORT}; the message says
     *     what is wrong in a few words
     */
    public static TcpAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' has no ']' after the IPv6"
                        + " address");
            }
            if (close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' has no port after ']'"
                        + " (write [ADDRESS]:PORT)");
            }
            String host = text.substring(1, close);
            return new TcpAddress(host, port(text, text.substring(close + 2)), ipv6(host));
        }
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' has no port (write HOST:PORT)");
        }
        String host = text.substring(0, colon);
        if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "': an IPv6 address goes in"
                    + " brackets, as [::1]:80");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host (write HOST:PORT)");
        }
        int port = port(text, text.substring(colon + 1));
        if (isDigitsAndDots(host)) {
            return new TcpAddress(host, port, ipv4(host));
        }
        checkName(host);
        return new TcpAddress(host, port, null);
    }

    /**
     * Returns the address as a service file writes it.
     *
     * @return {@code HOST:PORT}, with brackets around an IPv6 address
     */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static int port(String text, String port) {
        if (port.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no port (write HOST:PORT)");
        }
        if (port.length() > 5 || !isDigits(port)) {
            throw new IllegalArgumentException("'" + port + "' is not a port number");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535");
        }
        return p;
    }

    /** A dotted quad, each part 0 to 255 without leading zeros (which some read as octal). */
    private static InetAddress ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            String p = parts[i];
            ok = !p.isEmpty() && p.length() <= 3 && (p.length() == 1 || p.charAt(0) != '0')
                    && Integer.parseInt(p) <= 255;
        }
        if (!ok) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
        }
        return literal(host, "'" + host + "' is not an IPv4 address");
    }

    private static InetAddress ipv6(String host) {
        if (host.indexOf(':') < 0) {
            throw new IllegalArgumentException("'[" + host + "]' is not an IPv6 address");
        }
        // In brackets, InetAddress parses the text as an IPv6 literal or fails: it never
        // turns to a name lookup.
        return literal("[" + host + "]", "'[" + host + "]' is not an IPv6 address");
    }

    private static InetAddress literal(String text, String error) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(error);
        }
    }

    /** Letters, digits and '-' in dot-separated labels of 1 to 63, 253 in all (RFC 1123). */
    private static void checkName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        boolean ok = !name.isEmpty() && name.length() <= MAX_NAME;
        for (String label : name.split("\\.", -1)) {
            ok = ok && !label.isEmpty() && label.length() <= MAX_LABEL
                    && label.charAt(0) != '-' && label.charAt(label.length() - 1) != '-';
            for (int i = 0; ok && i < label.length(); i++) {
                char c = label.charAt(i);
                ok = c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z');
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("'" + host + "' is not a host name");
        }
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigitsAndDots(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
