package io.dinitj.core.load;

import io.dinitj.core.type.PluginDirectories;
import io.dinitj.core.type.ServiceTypes;
import java.util.List;
import java.util.Map;

/**
 * What loading needs from outside the service files: where to look, the daemon's global
 * environment (for substitution before and after load), the user database, the service types
 * that exist, and the daemon's own user and group.
 */
public final class LoadContext {

    final ServiceDirectories dirs;
    final Map<String, String> globalEnv;
    final UserDatabase users;
    /** The types that exist: their names, capabilities and settings. */
    final ServiceTypes types;
    final int uid;
    final int gid;

    LoadContext(ServiceDirectories dirs, Map<String, String> globalEnv, UserDatabase users,
            ServiceTypes types, int uid, int gid) {
        this.dirs = dirs;
        this.globalEnv = Map.copyOf(globalEnv);
        this.users = users;
        this.types = types;
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * Creates a context for this process: the system user database, the types of the plugins
     * on the class path and in the installed tree's plugin directory, and this process's user and
     * group.
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
        // The class path's types (the checkout) and the installed tree's lib/plugins, which its
        // launchers name in a system property: a client like dinitctl enable reads files as
        // dinit-check does, not only with what happens to be on its class path.
        return forCheck(dirs, globalEnv, ServiceTypes.discover(LoadContext.class.getClassLoader(),
                PluginDirectories.of(List.of(), false, Map.of(), null)), users);
    }

    /**
     * Creates a context for reading files outside the daemon as
     * {@link #forCheck(ServiceDirectories, Map, ServiceTypes, UserDatabase)} does, with the
     * system's user database files.
     *
     * @param dirs where to look for service files
     * @param globalEnv the environment to substitute from
     * @param types the service types of the loaded plugins
     * @return the context
     */
    public static LoadContext forCheck(ServiceDirectories dirs, Map<String, String> globalEnv,
            ServiceTypes types) {
        return forCheck(dirs, globalEnv, types, FileUserDatabase.system());
    }

    /**
     * Creates a context for reading files outside the daemon (dinit-check, {@code dinitctl
     * enable}): the given types, the given user database, and this process's user and group.
     * As in the daemon, a service loads only if a plugin of {@code types} provides its type.
     *
     * @param dirs where to look for service files
     * @param globalEnv the environment to substitute from
     * @param types the service types of the loaded plugins
     * @param users where users and groups are looked up
     * @return the context
     */
    public static LoadContext forCheck(ServiceDirectories dirs, Map<String, String> globalEnv,
            ServiceTypes types, UserDatabase users) {
        ProcessIds ids = ProcessIds.current();
        return new LoadContext(dirs, globalEnv, users, types, ids.effectiveUid(),
                ids.effectiveGid());
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
        return new LoadContext(dirs, globalEnv, users, types, ids.effectiveUid(),
                ids.effectiveGid());
    }

    /**
     * Returns the service types that loading accepts.
     *
     * @return the registry
     */
    public ServiceTypes types() {
        return types;
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
