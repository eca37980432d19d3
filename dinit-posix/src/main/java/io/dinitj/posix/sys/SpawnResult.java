package io.dinitj.posix.sys;

/**
 * The outcome of {@link Spawner#spawn}: a process id, or the error number that made it fail.
 *
 * @param pid the child's process id, greater than 0 on success; -1 on failure
 * @param errno 0 on success; otherwise the error {@code posix_spawn} (or setting up its file
 *     actions) returned, for example {@code ENOENT} for a missing program or working
 *     directory, or {@code EACCES} for one that may not be executed
 */
public record SpawnResult(int pid, int errno) {

    /**
     * Tells whether the process started.
     *
     * @return true if {@link #pid()} is a running (or already exited, not yet reaped) child
     */
    public boolean ok() {
        return pid > 0;
    }
}
