package io.dinitj.api.service;

/**
 * The kind of a dependency edge, with its control-protocol wire value. {@code SOFT} exists only
 * on the wire (upstream never creates it from a service file).
 */
public enum DependencyKind {
    /** {@code depends-on}: hard; this starts after it, fails if it fails, stops before it. */
    REGULAR(0, "depends-on"),
    /** Protocol-only soft dependency. */
    SOFT(1, "soft"),
    /** {@code waits-for}: started and waited for, its failure and stop ignored. */
    WAITS_FOR(2, "waits-for"),
    /** {@code depends-ms}: hard until the dependency has started once, soft afterwards. */
    MILESTONE(3, "depends-ms"),
    /** {@code before}: ordering only, stored as an edge from the named service to this one. */
    BEFORE(4, "before"),
    /** {@code after}: ordering only. */
    AFTER(5, "after"),
    /** {@code prepared-by}: as {@code depends-on}, and restarted whenever this restarts. */
    PREPARED_BY(6, "prepared-by");

    private final int code;
    private final String setting;

    DependencyKind(int code, String setting) {
        this.code = code;
        this.setting = setting;
    }

    /**
     * Returns the value sent on the wire.
     *
     * @return the protocol code, 0 to 6
     */
    public int code() {
        return code;
    }

    /**
     * Returns the service-file setting that creates this kind.
     *
     * @return the setting name, such as {@code depends-on}
     */
    public String setting() {
        return setting;
    }

    /**
     * Tells whether the edge is hard from the start: the dependent cannot run without the
     * dependency (a milestone is hard only until the dependency first starts).
     *
     * @return true for {@code REGULAR}, {@code PREPARED_BY} and {@code MILESTONE}
     */
    public boolean isHard() {
        return this == REGULAR || this == PREPARED_BY || this == MILESTONE;
    }

    /**
     * Tells whether the edge only orders starts and never starts the other service.
     *
     * @return true for {@code BEFORE} and {@code AFTER}
     */
    public boolean isOrdering() {
        return this == BEFORE || this == AFTER;
    }
}
