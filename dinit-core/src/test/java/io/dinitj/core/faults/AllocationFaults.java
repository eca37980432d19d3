package io.dinitj.core.faults;

/**
 * The switch of the allocation-failure sweep: code that {@link AllocationFaultLoader} loaded
 * calls {@link #site()} before each allocation site (each {@code new}, array creation,
 * {@code invokedynamic}, and each call out of Dinit/J's code into the JDK or a library, which
 * may allocate), and the n-th call after {@link #arm} throws {@link OutOfMemoryError}, once.
 * Not loaded by that loader itself, so the test and the code under test share it. One thread.
 */
public final class AllocationFaults {

    private static int countdown;
    private static int sites;
    private static boolean fired;
    private static StackTraceElement[] where;

    private AllocationFaults() {
    }

    /**
     * Makes the n-th allocation site from now throw.
     *
     * @param n 1 for the next one
     */
    public static void arm(int n) {
        countdown = n;
        sites = 0;
        fired = false;
        where = null;
    }

    /** Stops counting; nothing throws until the next {@link #arm}. */
    public static void disarm() {
        countdown = 0;
    }

    /**
     * Tells whether the armed failure was thrown.
     *
     * @return true once it was
     */
    public static boolean fired() {
        return fired;
    }

    /**
     * Returns the sites passed since {@link #arm}.
     *
     * @return the count
     */
    public static int sites() {
        return sites;
    }

    /**
     * Returns where the failure was thrown, for messages.
     *
     * @return the frames, or an empty array
     */
    public static StackTraceElement[] where() {
        return where == null ? new StackTraceElement[0] : where.clone();
    }

    /** Called before each allocation site of instrumented code. */
    public static void site() {
        if (countdown <= 0) {
            return;
        }
        sites++;
        if (--countdown == 0) {
            fired = true;
            OutOfMemoryError e = new OutOfMemoryError("injected at allocation site " + sites);
            where = e.getStackTrace();
            throw e;
        }
    }
}
