package io.dinitj.posix.launch;

import io.dinitj.collections.HotPath;

/**
 * Exits of children that no service claimed when they were reaped, most recent first: the
 * daemon is a child subreaper (and may be PID 1), so orphaned descendants of every service are
 * re-parented to it and reaped by the loop's reaper like its own children.
 *
 * <p>Most of them nobody ever asks about, and none is reported to a service as its own child.
 * Only one case needs them: a bgprocess daemon (the launcher's grandchild) that died, and was
 * reaped, before its pid file was read. {@link PosixPlatform} looks its pid up here when it
 * adopts the pid.
 *
 * <p>Bounded, so adopted orphans cannot accumulate: a fixed ring of {@link #CAPACITY} (pid,
 * status) pairs where a new exit overwrites the oldest. A pid leaves the ring when it is taken,
 * and when the daemon launches a new child with that pid (the kernel reused it, so the old exit
 * is stale). Allocates nothing after construction.
 *
 * <p>Event-loop thread only.
 */
final class RecentExits {

    /** How many unclaimed exits are remembered; a power of two. */
    static final int CAPACITY = 1024;
    private static final int NONE = 0;

    private final int[] pids = new int[CAPACITY];
    private final int[] statuses = new int[CAPACITY];
    /** Where the next exit goes; the oldest entry when the ring is full. */
    private int next;
    private int size;
    private long recorded;

    /**
     * Remembers an exit, forgetting the oldest one if the ring is full. A pid remembered already
     * is replaced (its older exit is stale).
     *
     * @param pid the reaped process, positive
     * @param status its wait status
     */
    @HotPath
    void record(int pid, int status) {
        forget(pid);
        pids[next] = pid;
        statuses[next] = status;
        next = (next + 1) & (CAPACITY - 1);
        if (size < CAPACITY) {
            size++;
        }
        recorded++;
    }

    /**
     * Takes a remembered exit.
     *
     * @param pid the process
     * @return its wait status, or -1 if none is remembered (a wait status is never negative)
     */
    @HotPath
    int take(int pid) {
        int i = indexOf(pid);
        if (i < 0) {
            return -1;
        }
        pids[i] = NONE;
        return statuses[i];
    }

    /**
     * Forgets a pid's exit, if remembered: the pid now names another process.
     *
     * @param pid the process
     */
    @HotPath
    void forget(int pid) {
        int i = indexOf(pid);
        if (i >= 0) {
            pids[i] = NONE;
        }
    }

    /**
     * Returns how many exits are held (taken and forgotten ones still count until overwritten).
     *
     * @return at most {@link #CAPACITY}
     */
    int size() {
        return size;
    }

    /**
     * Returns how many exits were recorded since construction.
     *
     * @return the count
     */
    long recorded() {
        return recorded;
    }

    /** O(CAPACITY), newest first; only when a pid is launched, adopted or reaped. */
    @HotPath
    private int indexOf(int pid) {
        for (int k = 1; k <= size; k++) {
            int i = (next - k) & (CAPACITY - 1);
            if (pids[i] == pid) {
                return i;
            }
        }
        return -1;
    }
}
