package io.dinitj.posix.launch;

import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.posix.sys.Posix;
import java.util.HashMap;
import java.util.Map;

/**
 * The output pipes of {@code log-type = pipe} services, which the daemon creates and holds
 * (docs/service-semantics.md §11). The producer's standard output and error are the write end;
 * the standard input of its {@code consumer-of} service is the read end.
 *
 * <p><b>Why the daemon holds both ends.</b> Because the daemon keeps the write end open, the
 * consumer never sees end-of-file when the producer exits or restarts; because it keeps the read
 * end open, the producer never gets {@code EPIPE} (or {@code SIGPIPE}) while no consumer runs.
 * The daemon never reads the pipe, so whatever the producer wrote while the consumer was down
 * stays in the kernel's pipe buffer, in order, for the next consumer; once that buffer is full
 * (64 KiB by default on Linux) the producer blocks, as the spec says. Both ends are blocking
 * for the children (unlike the daemon's own pipes, whose read end is non-blocking).
 *
 * <p><b>Lifetime.</b> A pipe is made on first need, by whichever side launches first: the
 * producer's start or the consumer's (a consumer may start before its producer is loaded at
 * all, standing for the spec's placeholder that keeps the pipe). It is keyed by the producer's
 * name, so it survives restarts of either side and reloads of either description. It is
 * closed, and anything still in it is lost, only when nothing loaded refers to it any more: no
 * loaded service of that name logs to a pipe, and no loaded service is its consumer. So
 * unloading the producer while its consumer is loaded keeps the pipe (the placeholder of
 * section 17), and unloading the consumer keeps it too while the producer is loaded: its
 * output waits for the next consumer. Processes still holding an end (a stopped service's
 * leftover grandchild) keep their copy; the daemon only closes its own.
 *
 * <p>Event-loop thread only. Not a hot path: called at launches, loads and unloads.
 */
final class LogPipes {

    private static final int READ = 0;
    private static final int WRITE = 1;

    private final Posix posix;
    /** Open pipes by producer name: {read end, write end}. */
    private final Map<String, int[]> pipes = new HashMap<>();
    /** The loaded description of each service, by name, as last loaded or reloaded. */
    private final Map<String, ServiceDescription> loaded = new HashMap<>();
    /** The error of the last failed {@code pipe2}, as {@code -errno}. */
    private int lastError;

    LogPipes(Posix posix) {
        this.posix = posix;
    }

    /**
     * Returns the write end of a producer's pipe, making the pipe if there is none.
     *
     * @param producer the producer's name
     * @return the descriptor (the daemon keeps it open), or {@code -errno}
     */
    int writeEnd(String producer) {
        int[] p = pipeOf(producer);
        return p == null ? lastError : p[WRITE];
    }

    /**
     * Returns the read end of a producer's pipe, making the pipe if there is none.
     *
     * @param producer the producer's name
     * @return the descriptor (the daemon keeps it open), or {@code -errno}
     */
    int readEnd(String producer) {
        int[] p = pipeOf(producer);
        return p == null ? lastError : p[READ];
    }

    /**
     * Tells whether a producer's pipe is open.
     *
     * @param producer the producer's name
     * @return true if open
     */
    boolean isOpen(String producer) {
        return pipes.containsKey(producer);
    }

    /**
     * Returns how many pipes are open.
     *
     * @return the count
     */
    int openCount() {
        return pipes.size();
    }

    /**
     * Notes a description that was loaded or reloaded; a reload that stops a service from
     * referring to a pipe may release it.
     *
     * @param d the new description
     */
    void described(ServiceDescription d) {
        ServiceDescription old = loaded.put(d.name(), d);
        releaseUnreferenced(d.name());
        if (old != null && old.consumerOf() != null) {
            releaseUnreferenced(old.consumerOf());
        }
    }

    /**
     * Notes that a service was unloaded and closes the pipes nothing refers to any more.
     *
     * @param name the service's name
     */
    void unloaded(String name) {
        ServiceDescription old = loaded.remove(name);
        releaseUnreferenced(name);
        if (old != null && old.consumerOf() != null) {
            releaseUnreferenced(old.consumerOf());
        }
    }

    private int[] pipeOf(String producer) {
        int[] p = pipes.get(producer);
        if (p != null) {
            return p;
        }
        p = new int[2];
        // Both ends blocking: they become the children's stdin and stdout. Close-on-exec: a
        // child gets an end only through the spawner's descriptor mapping.
        int r = posix.blockingPipe(p);
        if (r < 0) {
            lastError = r;
            return null;
        }
        pipes.put(producer, p);
        return p;
    }

    private void releaseUnreferenced(String producer) {
        if (pipes.containsKey(producer) && !referenced(producer)) {
            close(producer);
        }
    }

    /** O(loaded services): only at loads and unloads. */
    private boolean referenced(String producer) {
        ServiceDescription d = loaded.get(producer);
        if (d != null && d.log().type() == LogType.PIPE) {
            return true;
        }
        for (ServiceDescription other : loaded.values()) {
            if (producer.equals(other.consumerOf())) {
                return true;
            }
        }
        return false;
    }

    private void close(String producer) {
        int[] p = pipes.remove(producer);
        if (p != null) {
            posix.close(p[READ]);
            posix.close(p[WRITE]);
        }
    }
}
