package io.dinitj.api.description;

/**
 * A soft and a hard resource limit ({@code SOFT:HARD}), each a byte or count value,
 * {@link #UNLIMITED}, or {@link #KEEP} to leave the inherited value alone.
 *
 * @param soft the soft limit, {@code UNLIMITED} or {@code KEEP}
 * @param hard the hard limit, {@code UNLIMITED} or {@code KEEP}
 */
public record ResourceLimit(long soft, long hard) {

    /** Leave this half of the limit as inherited. */
    public static final long KEEP = -2;
    /** No limit (RLIM_INFINITY), written {@code -} in a service file. */
    public static final long UNLIMITED = -1;

    /**
     * Checks the values.
     *
     * @param soft the soft limit, {@code UNLIMITED} or {@code KEEP}
     * @param hard the hard limit, {@code UNLIMITED} or {@code KEEP}
     */
    public ResourceLimit {
        if (soft < KEEP || hard < KEEP) {
            throw new IllegalArgumentException("resource limit below -2");
        }
    }
}
