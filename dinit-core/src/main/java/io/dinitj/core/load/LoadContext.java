package io.dinitj.core.load;

import java.util.Map;
import java.util.Set;

/**
 * What loading needs from outside the service files: where to look, the daemon's global
 * environment (for substitution before and after load), the user database, the service types
 * that exist, and the daemon's own user and group.
 */
public final class LoadContext {

    /** The service types built into Dinit. */
    public static final Set<String> BUILT_IN_TYPES =
            Set.of("process", "bgprocess", "scripted", "internal", "triggered");

    final ServiceDirectories dirs;
    final Map<String, String> globalEnv;
    final UserDatabase users;
    final Set<String> knownTypes;
    final int uid;
    final int gid;

    LoadContext(ServiceDirectories dirs, Map<String, String> globalEnv, UserDatabase users,
            Set<String> knownTypes, int uid, int gid) {
        this.dirs = dirs;
        this.globalEnv = Map.copyOf(globalEnv);
        this.users = users;
        this.knownTypes = Set.copyOf(knownTypes);
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * Creates a context for this process: the system user database, the built-in types, and
     * this process's user and group.
     *
     * @param dirs where to look for service files
     * @param globalEnv the daemon's global environment
     * @return the context
     */
    public static LoadContext forThisProcess(ServiceDirectories dirs,
            Map<String, String> globalEnv) {
        ProcessIds ids = ProcessIds.current();
        return new LoadContext(dirs, globalEnv, FileUserDatabase.system(), BUILT_IN_TYPES,
                ids.effectiveUid(), ids.effectiveGid());
    }

    /**
     * Returns the search path.
     *
     * @return the service directories
     */
    public ServiceDirectories dirs() {
        return dirs;
    }
}
