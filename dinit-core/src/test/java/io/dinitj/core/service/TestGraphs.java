package io.dinitj.core.service;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.LogSettings;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.RestartSettings;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.service.DependencyKind;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Service graphs built in memory, for engine tests and benchmarks: a fan-out (one root
 * depending on every other service), a chain (each depending on the next) and a diamond lattice
 * (layers of {@value #LATTICE_WIDTH}, each service depending on two of the next layer). All
 * services are {@code internal}; {@code root} is the service to start.
 */
public final class TestGraphs {

    /** Services per layer of the lattice. */
    public static final int LATTICE_WIDTH = 10;

    private static final ServiceDescription.Source SOURCE =
            new ServiceDescription.Source("(memory)", "(memory)", FileTime.fromMillis(0));

    private TestGraphs() {
    }

    /** The graph shapes. */
    public enum Shape {
        /** root depends on n - 1 leaves. */
        FAN_OUT,
        /** root, s1, s2, ... each depending on the next. */
        CHAIN,
        /** layers of {@link #LATTICE_WIDTH}, each service depending on two of the next layer. */
        LATTICE
    }

    /**
     * Builds a graph of {@code n} internal services (the lattice rounds up to whole layers).
     *
     * @param shape the shape
     * @param n how many services
     * @return the descriptions; the first is {@code root}
     */
    public static List<ServiceDescription> build(Shape shape, int n) {
        List<ServiceDescription> out = new ArrayList<>(n + 1);
        switch (shape) {
            case FAN_OUT -> {
                List<Dependency> deps = new ArrayList<>(n);
                for (int i = 1; i < n; i++) {
                    deps.add(new Dependency("s" + i, DependencyKind.REGULAR));
                }
                out.add(internal("root", deps));
                for (int i = 1; i < n; i++) {
                    out.add(internal("s" + i, List.of()));
                }
            }
            case CHAIN -> {
                for (int i = 0; i < n; i++) {
                    String name = i == 0 ? "root" : "s" + i;
                    out.add(internal(name, i == n - 1 ? List.of()
                            : List.of(new Dependency("s" + (i + 1), DependencyKind.REGULAR))));
                }
            }
            case LATTICE -> {
                int layers = Math.max(1, (n - 1 + LATTICE_WIDTH - 1) / LATTICE_WIDTH);
                List<Dependency> top = new ArrayList<>();
                for (int j = 0; j < LATTICE_WIDTH; j++) {
                    top.add(new Dependency(node(0, j), DependencyKind.REGULAR));
                }
                out.add(internal("root", top));
                for (int l = 0; l < layers; l++) {
                    for (int j = 0; j < LATTICE_WIDTH; j++) {
                        List<Dependency> deps = l == layers - 1 ? List.of() : List.of(
                                new Dependency(node(l + 1, j), DependencyKind.REGULAR),
                                new Dependency(node(l + 1, (j + 1) % LATTICE_WIDTH),
                                        DependencyKind.REGULAR));
                        out.add(internal(node(l, j), deps));
                    }
                }
            }
            default -> throw new IllegalArgumentException(shape.toString());
        }
        return out;
    }

    private static String node(int layer, int j) {
        return "l" + layer + "n" + j;
    }

    /**
     * Describes an internal service.
     *
     * @param name its name
     * @param deps its dependencies
     * @return the description, with defaults for everything else
     */
    public static ServiceDescription internal(String name, List<Dependency> deps) {
        return new ServiceDescription(name, "internal", ProcessSettings.DEFAULT,
                RestartSettings.DEFAULT, LogSettings.DEFAULT, SocketSettings.DEFAULT, deps,
                Set.of(), Set.of(), ServiceEnvironment.NONE, null, null, null, null, SOURCE);
    }
}
