package io.dinitj.api.description;

/** The {@code restart} setting: when a service that stopped by itself is started again. */
public enum RestartPolicy {
    /** Always ({@code yes} or {@code true}); the default. */
    YES,
    /** Only after a non-zero exit or a death by a signal other than HUP, INT, USR1, USR2, TERM. */
    ON_FAILURE,
    /** Never ({@code no} or {@code false}). */
    NO
}
