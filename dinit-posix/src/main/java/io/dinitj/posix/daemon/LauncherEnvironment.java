package io.dinitj.posix.daemon;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment the user gave the daemon, without what its launcher added for the JVM
 * (docs/cli.md §1.10). A launcher ({@code bin/lib/launch.sh}) sets a few variables for the JVM
 * itself ({@code _JAVA_SR_SIGNUM}, and {@code LD_LIBRARY_PATH} when /proc is not mounted yet)
 * and names them in {@value #LIST}; a value the variable had before is kept in
 * {@value #SAVED_PREFIX}{@code NAME}. Services must not inherit those additions: a library path
 * into the daemon's Java runtime would be every service's, and a JVM-only variable would reach
 * every Java program a service starts.
 *
 * <p>The rule: a variable the launcher set is removed, unless the user had set it in the
 * launcher's environment, whose value it gets back; the bookkeeping variables are removed too.
 * Anything else the user gave the daemon on purpose ({@code JAVA_TOOL_OPTIONS},
 * {@code DINITJ_JAVA_OPTIONS}, ...), the environment file ({@code -e}) and {@code dinitctl
 * setenv}, which apply after this, are kept as given.
 */
final class LauncherEnvironment {

    /** The variable naming, space-separated, the variables the launcher set. */
    static final String LIST = "DINITJ_LAUNCHER_ENV";
    /** The prefix of the variables keeping the user's values of those the launcher changed. */
    static final String SAVED_PREFIX = "DINITJ_SAVED_";

    private LauncherEnvironment() {
    }

    /**
     * The environment as the user gave it to the launcher.
     *
     * @param environment the daemon's own environment
     * @return a new, mutable map
     */
    static Map<String, String> asGivenToTheLauncher(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        String list = env.remove(LIST);
        if (list != null) {
            for (String name : list.trim().split(" +")) {
                if (name.isEmpty()) {
                    continue;
                }
                String saved = env.get(SAVED_PREFIX + name);
                if (saved != null) {
                    env.put(name, saved);
                } else {
                    env.remove(name);
                }
            }
        }
        env.keySet().removeIf(name -> name.startsWith(SAVED_PREFIX));
        return env;
    }
}
