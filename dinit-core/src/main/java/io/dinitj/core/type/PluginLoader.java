package io.dinitj.core.type;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Finds the plugins in plugin directories and gives each its own class loader.
 *
 * <p>In a plugin directory each {@code *.jar} file is one plugin; each subdirectory holding
 * {@code *.jar} files is one plugin made of all of them (a plugin with its libraries), loaded
 * by one loader. Names starting with {@code .} and other files are passed over. Directories are
 * read in the order given (one met again, by its real path, is read once), entries in name
 * order, so the outcome does not depend on the file system's order. A directory that does not
 * exist is no problem; one that cannot be read, a subdirectory without jars and a jar that
 * cannot be opened are problems, reported naming the path, and the rest load.
 *
 * <p>Each plugin's loader is a {@link URLClassLoader} over its jars whose parent is an
 * {@link ApiOnlyClassLoader}: it sees dinit-api and the JDK only. Not thread safe; used once,
 * at discovery.
 */
final class PluginLoader {

    private static final String JAR = ".jar";

    /** One plugin found: where it is (a jar, or a subdirectory) and its jars. */
    record Plugin(Path origin, List<Path> jars) {
    }

    private PluginLoader() {
    }

    /**
     * Lists the plugins of the directories.
     *
     * @param dirs the plugin directories, in order
     * @param problems where what is wrong is added, one message each
     * @return the plugins, in order
     */
    static List<Plugin> find(List<Path> dirs, List<String> problems) {
        List<Plugin> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path given : dirs) {
            Path dir = given.toAbsolutePath().normalize();
            if (!Files.exists(dir)) {
                continue;
            }
            if (!Files.isDirectory(dir)) {
                problems.add("plugin directory " + dir + " is not a directory");
                continue;
            }
            try {
                if (!seen.add(dir.toRealPath())) {
                    continue;
                }
            } catch (IOException e) {
                problems.add("plugin directory " + dir + " cannot be read: " + reason(e));
                continue;
            }
            List<Path> entries;
            try {
                entries = sortedEntries(dir);
            } catch (IOException e) {
                problems.add("plugin directory " + dir + " cannot be read: " + reason(e));
                continue;
            }
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (Files.isDirectory(e)) {
                    subdirectory(e, out, problems);
                } else if (name.endsWith(JAR) && Files.isRegularFile(e)) {
                    out.add(new Plugin(e, List.of(e)));
                }
            }
        }
        return out;
    }

    /** A subdirectory: one plugin of all its jars, or a problem if it has none. */
    private static void subdirectory(Path dir, List<Plugin> out, List<String> problems) {
        List<Path> jars = new ArrayList<>();
        try {
            for (Path e : sortedEntries(dir)) {
                if (e.getFileName().toString().endsWith(JAR) && Files.isRegularFile(e)) {
                    jars.add(e);
                }
            }
        } catch (IOException e) {
            problems.add("plugin " + dir + " cannot be read: " + reason(e));
            return;
        }
        if (jars.isEmpty()) {
            problems.add("plugin " + dir + " holds no .jar file; ignored");
            return;
        }
        out.add(new Plugin(dir, List.copyOf(jars)));
    }

    /** The entries of a directory not starting with a dot, in name order. */
    private static List<Path> sortedEntries(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path e : s) {
                if (!e.getFileName().toString().startsWith(".")) {
                    entries.add(e);
                }
            }
        }
        entries.sort(null);
        return entries;
    }

    /**
     * Makes the plugin's class loader, after checking that each of its jars opens.
     *
     * @param p the plugin
     * @param api the loader that defines dinit-api for the daemon
     * @param problems where a jar that cannot be opened is reported
     * @return the loader, or null if a jar cannot be opened (the plugin is not loaded)
     */
    static URLClassLoader open(Plugin p, ClassLoader api, List<String> problems) {
        URL[] urls = new URL[p.jars().size()];
        for (int i = 0; i < urls.length; i++) {
            Path jar = p.jars().get(i);
            try (JarFile f = new JarFile(jar.toFile())) {
                // Opened only to prove it is a zip: URLClassLoader would fail later, silently.
                f.size();
                urls[i] = jar.toUri().toURL();
            } catch (MalformedURLException e) {
                problems.add("plugin jar " + jar + " has no URL: " + e.getMessage());
                return null;
            } catch (IOException e) {
                problems.add("plugin jar " + jar + " cannot be opened: " + reason(e)
                        + (p.jars().size() > 1 ? "; plugin " + p.origin() + " not loaded" : ""));
                return null;
            } catch (SecurityException e) {
                problems.add("plugin jar " + jar + " cannot be opened: " + e.getMessage());
                return null;
            }
        }
        return new URLClassLoader("plugin " + p.origin(), urls, new ApiOnlyClassLoader(api));
    }

    /**
     * What a failed file operation says, without Java's exception names: the system's reason
     * (missing and non-directory paths are checked before reading, so seldom reach here).
     */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        String r = e instanceof FileSystemException ? ((FileSystemException) e).getReason()
                : e.getMessage();
        return r == null || r.isEmpty() ? e.toString() : r;
    }
}
