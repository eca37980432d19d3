package io.dinitj.api.description;

/**
 * A socket the daemon opens and passes to the process ({@code socket-listen}).
 *
 * @param path the socket path, or null for none
 * @param permissions mode of the socket (default 0666)
 * @param owner owner, or null to leave it
 * @param group group id, or -1 for the owner's primary group (if given by name) or unchanged
 */
public record SocketSettings(String path, int permissions, UserSpec owner, int group) {

    /** No socket. */
    public static final SocketSettings DEFAULT = new SocketSettings(null, 0666, null, -1);
}
