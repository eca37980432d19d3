package io.dinitj.core.load;

import io.dinitj.core.type.ServiceTypes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What loading needs from outside the service files: where to look, the daemon's global
 * environment (for substitution before and after load), the user database, the service types
 * that exist, and the daemon's own user and group.
 */
public final class LoadContext {

    /**
     * The service types of Dinit, accepted even when their plugin is not on the class path
     * (dinit-check has none): whether a provider exists is the engine's concern.
     */
    public static final Set<String> BUILT_IN_TYPES =
            Set.of("process", "bgprocess", "scripted", "internal", "triggered");

    final ServiceDirectories dirs;
    final Map<String, String> globalEnv;
    final UserDatabase users;
    final Set<String> knownTypes;
    final int uid;
    final int gid;
    /** For each type name that more than one plugin provides: the message saying so. */
    final Map<String, String> typeClashes;

    LoadContext(ServiceDirectories dirs, Map<String, String> globalEnv, UserDatabase users,
            Set<String> knownTypes, int uid, int gid) {
        this(dirs, globalEnv, users, knownTypes, uid, gid, Map.of());
    }

    LoadContext(ServiceDirectories dirs, Map<String, String> globalEnv, UserDatabase users,
            Set<String> knownTypes, int uid, int gid, Map<String, String> typeClashes) {
        this.dirs = dirs;
        this.globalEnv = Map.copyOf(globalEnv);
        this.users = users;
        this.knownTypes = Set.copyOf(knownTypes);
        this.uid = uid;
        this.gid = gid;
        this.typeClashes = Map.copyOf(typeClashes);
    }

    /**
     * Creates a context for this process: the system user database, the built-in types and
     * those of the plugins on the class path, and this process's user and group.
     *
     * @param dirs where to look for service files
     * @param globalEnv the daemon's global environment
     * @return the context
     */
    public static LoadContext forThisProcess(ServiceDirectories dirs,
            Map<String, String> globalEnv) {
        return forThisProcess(dirs, globalEnv, FileUserDatabase.system());
    }

    /**
     * Creates a context for this process as {@link #forThisProcess(ServiceDirectories, Map)}
     * does, with the given user database.
     *
     * @param dirs where to look for service files
     * @param globalEnv the daemon's global environment
     * @param users where users and groups are looked up
     * @return the context
     */
    public static LoadContext forThisProcess(ServiceDirectories dirs,
            Map<String, String> globalEnv, UserDatabase users) {
        ProcessIds ids = ProcessIds.current();
        ServiceTypes plugins = ServiceTypes.discover(LoadContext.class.getClassLoader());
        Set<String> types = new HashSet<>(BUILT_IN_TYPES);
        types.addAll(plugins.names());
        return new LoadContext(dirs, globalEnv, users, types,
                ids.effectiveUid(), ids.effectiveGid(), plugins.clashes());
    }

    /**
     * Creates a context for the daemon: only the types that a plugin provides are accepted, so a
     * service whose type cannot run fails to load, with the types that exist in the message.
     *
     * @param dirs where to look for service files
     * @param globalEnv the daemon's global environment
     * @param types the service types found on the class path
     * @param users where users and groups are looked up: the daemon's platform asks the C
     *     library's name service at each lookup, as upstream does (core has no native code)
     * @return the context
     */
    public static LoadContext forDaemon(ServiceDirectories dirs, Map<String, String> globalEnv,
            ServiceTypes types, UserDatabase users) {
        ProcessIds ids = ProcessIds.current();
        return new LoadContext(dirs, globalEnv, users, types.names(),
                ids.effectiveUid(), ids.effectiveGid(), types.clashes());
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
