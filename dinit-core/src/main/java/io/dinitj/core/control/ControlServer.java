package io.dinitj.core.control;

import io.dinitj.api.service.ServiceEvent;
import io.dinitj.collections.HotPath;
import io.dinitj.core.graph.ServiceGraph;
import io.dinitj.core.service.ServiceListener;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.core.service.ServiceSet;
import java.util.Map;
import java.util.Objects;

/**
 * The control protocol's daemon side, one per daemon: it owns the open
 * {@link ControlConnection}s, shares the service set, the activation environment and the
 * platform hooks with them, and, registered as a {@link ServiceListener}, turns engine events
 * into {@code SERVICEEVENT5} + {@code SERVICEEVENT} packets for every handle a connection
 * holds to the service (docs/control-protocol.md §7). Events happen synchronously inside
 * commands, so those a command causes are queued before its reply.
 *
 * <p>Not thread safe: the event-loop thread only.
 */
public final class ControlServer implements ServiceListener {

    final ServiceSet set;
    /** Loads and graph commands (load, reload, unload, add-dep, rm-dep) go through it. */
    final ServiceGraph graph;
    final Map<String, String> env;
    final ControlHooks hooks;
    private ControlConnection[] connections = new ControlConnection[16];
    private int connectionCount;

    /**
     * Creates the server and registers it as a listener of the graph's set.
     *
     * @param graph the services, as loaded and edited; its set runs them
     * @param env the activation environment that {@code SETENV} changes and {@code GETALLENV}
     *     reports (the daemon's own map, shared, changed in place)
     * @param hooks what the daemon does for the control layer
     */
    public ControlServer(ServiceGraph graph, Map<String, String> env, ControlHooks hooks) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.set = graph.set();
        this.env = Objects.requireNonNull(env, "env");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        set.addListener(this);
    }

    /**
     * Opens a connection for a new client. It allocates (buffers and handle table).
     *
     * @return the connection, registered until {@link ControlConnection#close()}
     */
    public ControlConnection open() {
        ControlConnection c = new ControlConnection(this);
        if (connectionCount == connections.length) {
            ControlConnection[] n = new ControlConnection[connections.length * 2];
            System.arraycopy(connections, 0, n, 0, connectionCount);
            connections = n;
        }
        connections[connectionCount++] = c;
        return c;
    }

    /**
     * Returns the number of open connections.
     *
     * @return the count
     */
    @HotPath
    public int connectionCount() {
        return connectionCount;
    }

    void remove(ControlConnection c) {
        for (int i = 0; i < connectionCount; i++) {
            if (connections[i] == c) {
                System.arraycopy(connections, i + 1, connections, i, connectionCount - i - 1);
                connections[--connectionCount] = null;
                return;
            }
        }
    }

    /** Does a connection other than {@code self} hold a handle to {@code r}? */
    boolean heldElsewhere(ControlConnection self, ServiceRecord r) {
        for (int i = 0; i < connectionCount; i++) {
            if (connections[i] != self && connections[i].holds(r)) {
                return true;
            }
        }
        return false;
    }

    /** Queues an ENVEVENT on every connection that asked for them. */
    void envEvent(byte[] src, int off, int len, boolean existed) {
        for (int i = 0; i < connectionCount; i++) {
            connections[i].envEvent(src, off, len, existed);
        }
    }

    @Override
    @HotPath
    public void serviceEvent(ServiceRecord service, ServiceEvent event) {
        for (int i = 0; i < connectionCount; i++) {
            connections[i].serviceEvent(service, event);
        }
    }
}
