package io.dinitj.posix.loop;

import io.dinitj.api.spi.Errno;
import io.dinitj.collections.HotPath;
import io.dinitj.posix.sys.Posix;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The event loop's child reaper: a daemon thread that waits for any child to exit
 * ({@code waitid(P_ALL, WEXITED|WNOWAIT)}, then {@code waitpid} of that pid), puts (pid, wait
 * status) on a bounded single-producer, single-consumer ring, and wakes the loop, which
 * {@link #deliver delivers} the exits on its own thread. When the ring is full the reaper waits
 * for room, so no exit is ever dropped; with no child it parks until {@link #childSpawned()} or
 * a {@code SIGCHLD} (an orphan adopted by a subreaper).
 *
 * <p>It peeks before it reaps, so a child that exits after {@link #close()} stays a zombie for
 * whoever reaps next rather than being reaped and lost. Because it reaps every child of the
 * process, nothing else in the JVM may start processes ({@code ProcessBuilder} would lose its
 * exit statuses).
 *
 * <p><b>Threads.</b> {@link #childSpawned()} and {@link #close()} from any thread;
 * {@link #deliver} and {@link #onChildExit} on the loop thread; the reaper thread itself only
 * reads the ring's head and writes its tail. Delivering allocates nothing.
 */
final class ChildReaper {

    /** Child exits the reaper can hand over before it waits for the loop; a power of two. */
    private static final int EXIT_RING = 1024;
    /** How long the reaper backs off after an unexpected {@code waitid} error. */
    private static final long BACKOFF_NANOS = 10_000_000L;

    private final Posix posix;
    private final EventLoop loop;

    private final int[] exitPids = new int[EXIT_RING];
    private final int[] exitStatuses = new int[EXIT_RING];
    private final AtomicLong exitTail = new AtomicLong();
    private final AtomicLong exitHead = new AtomicLong();
    private volatile boolean waitingForRoom;
    private volatile boolean closed;
    private volatile Thread thread;
    private EventLoop.ChildExitHandler handler;

    ChildReaper(Posix posix, EventLoop loop) {
        this.posix = posix;
        this.loop = loop;
    }

    /** Sets the handler told about each exit (null: exits are dropped). Loop thread. */
    void onChildExit(EventLoop.ChildExitHandler h) {
        handler = h;
    }

    /** Unparks the reaper, which then waits for the new child. Any thread; allocates nothing. */
    @HotPath
    void childSpawned() {
        Thread r = thread;
        if (r != null) {
            LockSupport.unpark(r);
        }
    }

    /** Whether the reaper thread has been started. */
    boolean started() {
        return thread != null;
    }

    /** Starts the reaper thread; the caller has made sure it is not running yet. */
    void start() {
        Thread t = new Thread(this::reap, "dinit-reaper");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Makes the reaper end when it next wakes, without reaping; wakes it now. */
    void close() {
        closed = true;
        childSpawned();
    }

    /** The reaper thread's body. It allocates only here, before its loop. */
    private void reap() {
        int[] status = new int[1];
        while (!closed) {
            // Peek first (WNOWAIT): a reaper woken after close() leaves the child unreaped.
            int pid = posix.waitAnyExited();
            if (pid < 0) {
                if (pid == -Errno.ECHILD) {
                    LockSupport.park(this);
                } else if (pid != -Errno.EINTR) {
                    LockSupport.parkNanos(this, BACKOFF_NANOS);
                }
                continue;
            }
            if (closed) {
                return;
            }
            if (reapOne(pid, status)) {
                publish(pid, status[0]);
            }
        }
    }

    /**
     * Reaps the child the peek reported. {@code EINTR} is retried: the child is known to have
     * exited, so the call does not block, and giving up would leave a zombie behind.
     */
    private boolean reapOne(int pid, int[] status) {
        int r;
        do {
            r = posix.waitpid(pid, status, 0);
        } while (r == -Errno.EINTR && !closed);
        return r == pid;
    }

    private void publish(int pid, int status) {
        long tail = exitTail.get();
        while (tail - exitHead.get() >= EXIT_RING) {
            // Announce, re-check, park: the loop frees a slot, then reads the flag and unparks.
            waitingForRoom = true;
            if (tail - exitHead.get() >= EXIT_RING && !closed) {
                LockSupport.park(this);
            }
            waitingForRoom = false;
            if (closed) {
                return;
            }
        }
        int i = (int) tail & (EXIT_RING - 1);
        exitPids[i] = pid;
        exitStatuses[i] = status;
        exitTail.set(tail + 1);
        loop.wakeup();
    }

    /**
     * Delivers the exits the reaper has handed over, each to the handler and then to the loop's
     * after-event hook, both guarded. Loop thread; allocates nothing.
     */
    @HotPath
    void deliver() {
        long head = exitHead.get();
        long tail = exitTail.get();
        while (head != tail) {
            int i = (int) head & (EXIT_RING - 1);
            int pid = exitPids[i];
            int status = exitStatuses[i];
            exitHead.set(++head);
            if (waitingForRoom) {
                childSpawned();
            }
            EventLoop.ChildExitHandler h = handler;
            if (h != null) {
                try {
                    h.childExited(pid, status);
                } catch (Throwable t) {
                    loop.handlerFailed(t);
                }
                loop.afterEvent();
            }
        }
    }
}
