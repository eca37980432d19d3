package io.dinitj.posix.sys;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Spawner#spawn} starts: an executable by absolute or relative path (the caller
 * resolves {@code PATH}; nothing is searched), its arguments and environment, its working
 * directory, its standard descriptors and any further descriptors at fixed numbers.
 *
 * <p>The lists and the array are copied, so later changes to the caller's do not reach the
 * request. {@link #fdMap()} returns the request's own array: do not modify it.
 *
 * @param path the executable, used as given (no {@code PATH} search), not null
 * @param argv the arguments, {@code argv[0]} first, not empty, no null element
 * @param env the environment as {@code "NAME=value"} strings, not null (empty: no environment)
 * @param workingDir the directory the child starts in, or null for the daemon's own
 * @param stdin the parent descriptor the child gets as 0, or -1 for {@code /dev/null}
 * @param stdout the parent descriptor the child gets as 1, or -1 for {@code /dev/null}
 * @param stderr the parent descriptor the child gets as 2, -1 for {@code /dev/null}, or -2 for
 *     "the same as the child's standard output"
 * @param fdMap further descriptors as pairs {@code parentFd0, childFd0, parentFd1, childFd1, ...};
 *     each child number at least 3 and used once; null for none
 * @param newSession whether the child starts a new session (and so a new process group), with
 *     {@code pid == pgid == sid}
 */
public record SpawnRequest(String path, List<String> argv, List<String> env, String workingDir,
        int stdin, int stdout, int stderr, int[] fdMap, boolean newSession) {

    /** The {@link #stderr} value meaning "the same as standard output". */
    public static final int SAME_AS_STDOUT = -2;

    /** The {@link #stdin}, {@link #stdout} and {@link #stderr} value meaning {@code /dev/null}. */
    public static final int DEV_NULL = -1;

    /**
     * An environment as the {@code "NAME=value"} strings {@link #env} and {@code execve} take.
     *
     * @param env the variables, in the map's order
     * @return a new immutable list
     */
    public static List<String> envStrings(Map<String, String> env) {
        String[] out = new String[env.size()];
        int i = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            out[i++] = e.getKey() + "=" + e.getValue();
        }
        return List.of(out);
    }

    /**
     * Checks and copies the request.
     *
     * @param path the executable, used as given
     * @param argv the arguments, {@code argv[0]} first
     * @param env the environment as {@code "NAME=value"} strings
     * @param workingDir the directory the child starts in, or null
     * @param stdin the child's 0: a parent descriptor or {@link #DEV_NULL}
     * @param stdout the child's 1: a parent descriptor or {@link #DEV_NULL}
     * @param stderr the child's 2: a parent descriptor, {@link #DEV_NULL} or
     *     {@link #SAME_AS_STDOUT}
     * @param fdMap (parent, child) pairs of further descriptors, or null
     * @param newSession whether the child starts a new session
     * @throws NullPointerException if {@code path}, {@code argv}, {@code env} or an element of
     *     them is null
     * @throws IllegalArgumentException if {@code argv} is empty, a standard descriptor is below
     *     its allowed range, {@code fdMap} has an odd length, a negative parent descriptor, a
     *     child number below 3, or a child number twice
     */
    public SpawnRequest {
        Objects.requireNonNull(path, "path");
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
        if (stdin < DEV_NULL || stdout < DEV_NULL || stderr < SAME_AS_STDOUT) {
            throw new IllegalArgumentException("bad standard descriptor: stdin " + stdin
                    + ", stdout " + stdout + ", stderr " + stderr);
        }
        fdMap = fdMap == null ? new int[0] : fdMap.clone();
        if ((fdMap.length & 1) != 0) {
            throw new IllegalArgumentException("fdMap must hold (parent, child) pairs");
        }
        for (int i = 0; i < fdMap.length; i += 2) {
            if (fdMap[i] < 0) {
                throw new IllegalArgumentException("fdMap: bad parent descriptor " + fdMap[i]);
            }
            if (fdMap[i + 1] < 3) {
                throw new IllegalArgumentException("fdMap: child descriptor " + fdMap[i + 1]
                        + " collides with standard input, output or error");
            }
            for (int j = i + 3; j < fdMap.length; j += 2) {
                if (fdMap[j] == fdMap[i + 1]) {
                    throw new IllegalArgumentException("fdMap: child descriptor " + fdMap[j]
                            + " mapped twice");
                }
            }
        }
    }
}
