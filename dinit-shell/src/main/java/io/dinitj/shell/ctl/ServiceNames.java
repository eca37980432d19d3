package io.dinitj.shell.ctl;

import io.dinitj.core.load.ServiceDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Service names for completion in the interactive shell: the services the daemon has loaded
 * (a LIST request over a fresh connection, as {@code dinitctl list} sends) and the services
 * that could be loaded (the file names in the service directories). Both read dinitctl's
 * general options ({@code -p}, {@code -u}/{@code -s}, {@code -d}) and environment exactly as
 * a one-shot command does.
 *
 * <p>Never throws and never prints: any failure (no daemon, a protocol error, an unreadable
 * directory) gives no names. Not thread safe only in the sense that each call opens its own
 * connection; calls may come from any thread.
 */
public final class ServiceNames {

    private ServiceNames() {
    }

    /**
     * The names of the services the daemon has loaded.
     *
     * @param options dinitctl's general options, without a command
     * @param env the process environment (chooses the socket as dinitctl does)
     * @return the names in the daemon's order; empty if the daemon cannot be asked
     */
    public static List<String> loaded(List<String> options, Map<String, String> env) {
        List<String> names = new ArrayList<>();
        Session s = session(options, env, "list");
        if (s == null) {
            return names;
        }
        try {
            s.conn = Connection.open(Dinitctl.socketPath(s), false);
            s.conn.queryVersion();
            names.addAll(s.client().list().keySet());
            return names;
        } catch (CtlException | RuntimeException e) {
            return new ArrayList<>();
        } finally {
            if (s.conn != null) {
                s.conn.close();
            }
        }
    }

    /**
     * The names of the service description files in the service directories: the
     * {@code -d} directories, else the defaults for the user or system instance.
     *
     * @param options dinitctl's general options, without a command
     * @param env the process environment ({@code HOME}, {@code XDG_CONFIG_HOME})
     * @return the names, sorted, without duplicates; empty if none can be read
     */
    public static List<String> loadable(List<String> options, Map<String, String> env) {
        TreeSet<String> names = new TreeSet<>();
        Session s = session(options, env, "list");
        if (s == null) {
            return new ArrayList<>(names);
        }
        List<Path> dirs = new ArrayList<>();
        try {
            if (!s.opts.serviceDirs.isEmpty()) {
                for (String d : s.opts.serviceDirs) {
                    dirs.add(Path.of(d));
                }
            } else if (s.userMode) {
                String home = env.get("HOME");
                dirs.addAll(ServiceDirectories.user(env,
                        home == null || home.isEmpty() ? System.getProperty("user.home") : null)
                        .dirs());
            } else {
                dirs.addAll(ServiceDirectories.system().dirs());
            }
        } catch (RuntimeException e) {
            return new ArrayList<>(names);
        }
        for (Path d : dirs) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
                for (Path f : files) {
                    String n = f.getFileName().toString();
                    if (!n.startsWith(".") && Files.isRegularFile(f)) {
                        names.add(n);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable or missing directory offers no names.
            }
        }
        return new ArrayList<>(names);
    }

    /** A session for the options and a command word, or null if they do not parse. */
    private static Session session(List<String> options, Map<String, String> env,
            String command) {
        List<String> argv = new ArrayList<>(options);
        argv.add(command);
        CtlOptions o;
        try {
            o = CtlOptions.parse(argv.toArray(new String[0]));
        } catch (CtlException | RuntimeException e) {
            return null;
        }
        if (o.invalid || o.help || o.version) {
            return null;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false,
                StandardCharsets.UTF_8);
        return new Session(o, sink, sink, env, o.userMode != null ? o.userMode : !root);
    }
}
