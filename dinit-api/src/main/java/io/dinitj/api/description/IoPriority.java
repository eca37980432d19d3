package io.dinitj.api.description;

/**
 * The {@code ioprio} setting.
 *
 * @param ioClass the scheduling class
 * @param level the priority within the class, 0 to 7 (0 for {@code NONE} and {@code IDLE})
 */
public record IoPriority(IoClass ioClass, int level) {

    /** The I/O scheduling class. */
    public enum IoClass {
        /** {@code none}: the default class. */
        NONE,
        /** {@code realtime:N}. */
        REALTIME,
        /** {@code best-effort:N}. */
        BEST_EFFORT,
        /** {@code idle}. */
        IDLE
    }

    /**
     * Checks the values.
     *
     * @param ioClass the scheduling class
     * @param level the priority within the class, 0 to 7 (0 for {@code NONE} and {@code IDLE})
     */
    public IoPriority {
        java.util.Objects.requireNonNull(ioClass, "ioClass");
        if (level < 0 || level > 7) {
            throw new IllegalArgumentException("I/O priority level must be 0 to 7");
        }
    }
}
