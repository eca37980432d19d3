package io.dinitj.core.type;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the daemon and {@code dinit-check} look for plugins, in this order (docs/cli.md §1.9):
 * the distribution's {@code lib/plugins/} (the installed tree's launcher names it in the system
 * property {@value #DISTRIBUTION_PROPERTY}); in user mode {@code $XDG_DATA_HOME/dinitj/plugins}
 * (when XDG_DATA_HOME is set to an absolute path, else {@code $HOME/.local/share/dinitj/plugins});
 * then each {@code --plugin-dir}, in command-line order. The order changes only the order of
 * the log lines: a type provided twice is refused wherever the copies are.
 */
public final class PluginDirectories {

    /** The system property in which the installed tree's launcher names its plugin directory. */
    public static final String DISTRIBUTION_PROPERTY = "dinitj.plugin.dir";

    private PluginDirectories() {
    }

    /**
     * Lists the plugin directories.
     *
     * @param given the {@code --plugin-dir} values, in order
     * @param distribution the distribution's plugin directory, or null or empty for none
     * @param userMode true for a user instance (or dinit-check in user mode)
     * @param env the environment, for XDG_DATA_HOME and HOME
     * @param passwdHome the home directory from the password database, used when HOME is unset;
     *     may be null
     * @return the directories, in order; they need not exist
     */
    public static List<Path> of(List<String> given, String distribution, boolean userMode,
            Map<String, String> env, String passwdHome) {
        List<Path> dirs = new ArrayList<>();
        if (distribution != null && !distribution.isEmpty()) {
            dirs.add(Path.of(distribution));
        }
        if (userMode) {
            Path user = userDirectory(env, passwdHome);
            if (user != null) {
                dirs.add(user);
            }
        }
        for (String d : given) {
            dirs.add(Path.of(d));
        }
        return dirs;
    }

    /**
     * Lists the plugin directories, with the distribution's from {@value #DISTRIBUTION_PROPERTY}.
     *
     * @param given the {@code --plugin-dir} values, in order
     * @param userMode true for a user instance
     * @param env the environment
     * @param passwdHome the home directory from the password database, or null
     * @return the directories, in order
     */
    public static List<Path> of(List<String> given, boolean userMode, Map<String, String> env,
            String passwdHome) {
        return of(given, System.getProperty(DISTRIBUTION_PROPERTY), userMode, env, passwdHome);
    }

    /** The user's plugin directory, or null without a home. */
    private static Path userDirectory(Map<String, String> env, String passwdHome) {
        String xdg = env.get("XDG_DATA_HOME");
        // The XDG base directory specification: a relative value is invalid and ignored.
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg, "dinitj", "plugins");
        }
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = passwdHome;
        }
        return home == null || home.isEmpty() ? null
                : Path.of(home, ".local", "share", "dinitj", "plugins");
    }
}
