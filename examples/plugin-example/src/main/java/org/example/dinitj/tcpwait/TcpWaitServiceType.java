package org.example.dinitj.tcpwait;

import com.google.auto.service.AutoService;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.SettingParser;
import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.TypeCapability;
import java.util.List;
import java.util.Set;

/**
 * The {@code tcp-wait} service type: a service of this type is started once a TCP connection
 * to {@code tcp-wait.address} succeeds, trying again every {@code tcp-wait.interval} seconds
 * (1 by default) until then or until its {@code start-timeout} (60 s by default; 0 for none)
 * runs out. The connection is closed as soon as it is made: the service is a gate for the
 * services that depend on it, not a health check, and once started it stays started.
 *
 * <pre>
 * type = tcp-wait
 * tcp-wait.address = db.example.org:5432
 * tcp-wait.interval = 0.5
 * start-timeout = 120
 * </pre>
 *
 * <p>The daemon finds this class through {@code META-INF/services}, which
 * {@link AutoService @AutoService} writes at compile time; it creates one instance, at
 * start-up, and asks it for its {@link #settings()} and {@link #capabilities()} once.
 */
@AutoService(ServiceType.class)
public final class TcpWaitServiceType implements ServiceType {

    /** The type's name, as service files write it after {@code type =}. */
    public static final String NAME = "tcp-wait";

    /** {@code tcp-wait.address = HOST:PORT}: where to connect; required. */
    public static final TypeSetting<TcpAddress> ADDRESS = TypeSetting.required("address",
            TcpAddress::parse, "the HOST:PORT to connect to ([ADDRESS]:PORT for IPv6)");

    /** The shortest interval allowed: a shorter one would only spin. */
    public static final long MIN_INTERVAL_NANOS = 10_000_000L;

    /** {@code tcp-wait.interval = SECONDS}: time between attempts; default 1, at least 0.01. */
    public static final TypeSetting<Long> INTERVAL = TypeSetting.optional("interval",
            SettingParser.seconds(MIN_INTERVAL_NANOS),
            "seconds between connection attempts (default 1)").withDefault(1_000_000_000L);

    private final Resolver resolver;

    /** Creates the type; the daemon calls this once, through {@link java.util.ServiceLoader}. */
    public TcpWaitServiceType() {
        this(Resolver.onHelperThread());
    }

    /** Creates the type with its own way of looking names up (tests). */
    TcpWaitServiceType(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Returns no capabilities: the type runs no command of the service's, so {@code command},
     * {@code run-as} and the other process settings do not apply to it (dinit-check says so),
     * and {@code restart = on-failure} means no restart.
     */
    @Override
    public Set<TypeCapability> capabilities() {
        return Set.of();
    }

    @Override
    public List<TypeSetting<?>> settings() {
        return List.of(ADDRESS, INTERVAL);
    }

    /**
     * Creates the behaviour of one service.
     *
     * @throws IllegalArgumentException if the description has no {@code tcp-wait.address}
     *     (the loader reports a missing required setting first; this guards a description made
     *     another way)
     */
    @Override
    public ServiceBehaviour create(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        TcpAddress address = ADDRESS.get(description);
        if (address == null) {
            throw new IllegalArgumentException("'" + NAME + "." + ADDRESS.name()
                    + "' setting not specified");
        }
        return new TcpWaitBehaviour(address, INTERVAL.get(description),
                description.restart().startTimeout().toNanos(), handle, context, resolver);
    }
}
