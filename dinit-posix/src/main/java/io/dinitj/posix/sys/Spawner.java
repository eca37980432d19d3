package io.dinitj.posix.sys;

import java.util.Objects;

/**
 * Starts processes through the system-call seam ({@link Posix#spawn}) and gives the outcome as
 * a {@link SpawnResult}, the form the launching code reads. What the child gets is said by
 * {@link Posix#spawn}; the jnr implementation behind it is package-private.
 *
 * <p><b>Threads.</b> Thread safe, as the seam is.
 */
public final class Spawner {

    private final Posix posix;

    /**
     * Creates a spawner on a system-call layer.
     *
     * @param posix the system calls, not null
     */
    public Spawner(Posix posix) {
        this.posix = Objects.requireNonNull(posix, "posix");
    }

    /**
     * Starts a process.
     *
     * @param r what to start
     * @return the child's pid, or the error number ({@code ENOENT} for a missing program or
     *     working directory, {@code EACCES}, {@code EBADF} for a source descriptor that is not
     *     open, ...)
     * @throws NullPointerException if {@code r} is null
     */
    public SpawnResult spawn(SpawnRequest r) {
        int pid = posix.spawn(r);
        return pid > 0 ? new SpawnResult(pid, 0) : new SpawnResult(-1, -pid);
    }
}
