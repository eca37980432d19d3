package io.dinitj.posix.sys;

import io.dinitj.api.spi.Errno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Every process" for {@code kill-all-on-stop}. As PID 1 of a PID namespace (a container's init,
 * or the machine's) that is {@code kill(-1, sig)}, as upstream: every process of the namespace
 * but the daemon itself.
 *
 * <p>Not PID 1, {@code kill(-1)} would reach every process of the daemon's user, or, for root,
 * of the whole machine: a user instance or a test run would take down the desktop or the build
 * that started it. Dinit/J then signals only the daemon's descendants (its services, their
 * children, and the orphans re-parented to it as a child subreaper), read from {@code /proc}, which
 * is everything the daemon is responsible for. A process forked during the walk may be missed by
 * SIGTERM; the SIGKILL round a second later walks again.
 */
public final class AllProcesses {


    private AllProcesses() {
    }

    /**
     * Sends a signal to every process (see the class comment).
     *
     * @param posix libc
     * @param signo the signal number
     * @return 0, or the errno of a failure other than "no such process"
     */
    public static int signal(Posix posix, int signo) {
        int self = posix.getpid();
        if (self == 1) {
            int rc = posix.kill(-1, signo);
            return rc == -Errno.ESRCH ? 0 : -rc;
        }
        int error = 0;
        for (int pid : descendants(self)) {
            int rc = posix.kill(pid, signo);
            if (rc < 0 && rc != -Errno.ESRCH) {
                error = -rc;
            }
        }
        return error;
    }

    /**
     * Lists a process's descendants, parents before their children.
     *
     * @param root the process
     * @return their pids
     */
    public static List<Integer> descendants(int root) {
        Map<Integer, List<Integer>> byParent = new HashMap<>();
        for (int[] p : ProcessTable.all()) {
            byParent.computeIfAbsent(p[1], k -> new ArrayList<>()).add(p[0]);
        }
        List<Integer> out = new ArrayList<>();
        List<Integer> frontier = new ArrayList<>(List.of(root));
        while (!frontier.isEmpty()) {
            int parent = frontier.remove(frontier.size() - 1);
            for (int child : byParent.getOrDefault(parent, List.of())) {
                out.add(child);
                frontier.add(child);
            }
        }
        return out;
    }
}
