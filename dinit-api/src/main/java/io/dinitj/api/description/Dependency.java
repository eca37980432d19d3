package io.dinitj.api.description;

import io.dinitj.api.service.DependencyKind;
import java.util.Objects;

/**
 * One dependency line of a service description, or one entry of a {@code .d} directory.
 *
 * @param name the full name of the other service
 * @param kind the kind of edge
 */
public record Dependency(String name, DependencyKind kind) {

    /**
     * Checks the values.
     *
     * @param name the full name of the other service
     * @param kind the kind of edge
     */
    public Dependency {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
