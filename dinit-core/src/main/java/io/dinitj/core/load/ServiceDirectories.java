package io.dinitj.core.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ordered list of directories searched for service description files. The first directory
 * that holds a file named after the service's base name wins.
 */
public final class ServiceDirectories {

    private static final List<String> SYSTEM = List.of(
            "/etc/dinit.d", "/run/dinit.d", "/usr/local/lib/dinit.d", "/lib/dinit.d");
    private static final List<String> USER_SHARED = List.of(
            "/etc/dinit.d/user", "/usr/lib/dinit.d/user", "/usr/local/lib/dinit.d/user");

    private final List<Path> dirs;

    /**
     * Creates a search path from directories given explicitly ({@code -d}), in that order.
     *
     * @param dirs the directories; relative ones are used as given (relative to the cwd)
     */
    public ServiceDirectories(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /**
     * Returns the system-mode defaults: /etc/dinit.d, /run/dinit.d, /usr/local/lib/dinit.d,
     * /lib/dinit.d.
     *
     * @return the search path
     */
    public static ServiceDirectories system() {
        return new ServiceDirectories(SYSTEM.stream().map(Path::of).toList());
    }

    /**
     * Returns the user-mode defaults: $XDG_CONFIG_HOME/dinit.d (if set and non-empty),
     * $HOME/.config/dinit.d (unless the same), then /etc/dinit.d/user, /usr/lib/dinit.d/user,
     * /usr/local/lib/dinit.d/user. Without either home, the system defaults.
     *
     * @param env the environment to read XDG_CONFIG_HOME and HOME from
     * @param passwdHome the home directory from the password database, used when HOME is unset;
     *     may be null
     * @return the search path
     */
    public static ServiceDirectories user(Map<String, String> env, String passwdHome) {
        List<Path> out = new ArrayList<>();
        String xdg = env.get("XDG_CONFIG_HOME");
        String xdgDir = null;
        if (xdg != null && !xdg.isEmpty()) {
            if (xdg.endsWith("/") && xdg.length() > 1) {
                xdg = xdg.substring(0, xdg.length() - 1);
            }
            xdgDir = xdg + "/dinit.d";
            out.add(Path.of(xdgDir));
        }
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = passwdHome;
        }
        if (home != null && !home.isEmpty()) {
            String homeDir = home + "/.config/dinit.d";
            if (!homeDir.equals(xdgDir)) {
                out.add(Path.of(homeDir));
            }
        }
        if (out.isEmpty()) {
            return system();
        }
        USER_SHARED.forEach(d -> out.add(Path.of(d)));
        return new ServiceDirectories(out);
    }

    /**
     * Returns the directories, in search order.
     *
     * @return the directories
     */
    public List<Path> dirs() {
        return dirs;
    }

    /** The outcome of looking for a service file. */
    sealed interface Lookup permits Found, NotFound, Failed {
    }

    /** The file was found. */
    record Found(Path file, Path directory) implements Lookup {
    }

    /** No directory holds the file. */
    record NotFound() implements Lookup {
    }

    /** No directory holds the file, and one gave an error other than "no such file". */
    record Failed(Path path, String reason) implements Lookup {
        /** Upstream's text for a directory found where the file should be. */
        static final String IS_A_DIRECTORY = "Is a directory";

        /**
         * Tells whether the path is a directory.
         *
         * @return true if the reason is {@link #IS_A_DIRECTORY}
         */
        boolean isDirectory() {
            return IS_A_DIRECTORY.equals(reason);
        }

    }

    /**
     * Looks for the file of a service, without reading it.
     *
     * @param baseName the base name (before any {@code @})
     * @return where it is, or why it is not
     */
    Lookup find(String baseName) {
        Failed firstError = null;
        for (Path dir : dirs) {
            // Joined as upstream joins strings: a name starting with '/' stays inside dir.
            Path file = Path.of(dir.toString(), baseName);
            try {
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                if (attrs.isDirectory()) {
                    if (firstError == null) {
                        firstError = new Failed(file, Failed.IS_A_DIRECTORY);
                    }
                    continue;
                }
                return new Found(file, dir);
            } catch (NoSuchFileException e) {
                continue; // Not here (a dangling symlink too): try the next directory.
            } catch (IOException e) {
                if (firstError == null) {
                    firstError = new Failed(file, IoErrorText.describe(e));
                }
            }
        }
        return firstError != null ? firstError : new NotFound();
    }
}
