package io.dinitj.shell.ctl;

import io.dinitj.core.load.IoErrorText;
import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceState;
import io.dinitj.core.load.DependencySetting;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.EnvFile;
import io.dinitj.core.load.LoadContext;
import io.dinitj.core.load.LoadProblem;
import io.dinitj.core.load.ServiceDirectories;
import io.dinitj.core.load.SettingsReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code enable} and {@code disable}, online (docs/cli.md §2.7) and offline (2.8): finds the
 * {@code waits-for.d} directory of the "from" service (the {@code --from} one, else the
 * target's {@code @meta enable-via}, else {@code boot}), tells the daemon (online) and creates
 * or removes the link {@code <waits-for.d>/<S>}.
 *
 * <p>Service files are read by the loader of dinit-core ({@link DescriptionLoader#readSettings}),
 * so {@code @include}, {@code @include-opt} and {@code $VAR} substitution work as when the
 * daemon loads them. Variables come from the daemon's environment ({@code GETALLENV}) online
 * and, offline, from {@code /etc/dinit/environment} in system mode and from nothing in user
 * mode, as upstream's dinitctl does. As there, only what enable needs can fail it: an error in
 * some other setting of the file does not. A relative {@code waits-for.d} in an included file
 * is the loader's directory (the fragment's), where the daemon will look for the link.
 */
final class Enabler {

    /** The environment file that system-mode offline enable substitutes from. */
    static final String SYSTEM_ENV_FILE = "/etc/dinit/environment";

    /** The settings whose errors stop enable from reading the from-service's file. */
    private static final Set<String> DEPENDENCY_SETTINGS =
            Set.of("depends-on", "depends-ms", "waits-for", "waits-for.d");

    private Enabler() {
    }

    /** {@code enable} and {@code disable} against the daemon (needs protocol version 3). */
    static int enable(Session s) throws CtlException {
        Handlers.requireVersion(s, Codes.Since.SERVICE_DIRECTORY);
        return online(s);
    }

    static int online(Session s) throws CtlException {
        CtlOptions o = s.opts;
        boolean enable = o.command == Command.ENABLE;
        String svc = o.target;
        if (o.from != null && o.from.contains("@")) {
            return s.fail("dinitctl: cannot enable/disable from a service with argument"
                    + " (service@arg).");
        }
        Map<String, String> env = environment(s.client().allEnv());
        DaemonClient.Lookup to = Handlers.load(s, svc, false, false);
        if (to == null) {
            return 1;
        }
        String dirS = Handlers.serviceDir(s, to.handle());
        String pathS = join(dirS, Handlers.baseName(svc));
        String from = o.from;
        if (from == null) {
            from = enableVia(s, reader(List.of(Path.of(dirS)), env), svc, pathS, "open");
            if (from == null) {
                return 1;
            }
        }
        DaemonClient.Lookup fromRec = Handlers.load(s, from, false, false);
        if (fromRec == null) {
            return 1;
        }
        String dirF = Handlers.serviceDir(s, fromRec.handle());
        String pathF = join(dirF, from);
        String link = linkPath(s, reader(List.of(Path.of(dirF)), env), svc, from, pathF,
                enable);
        if (link == null) {
            return 1;
        }
        if (enable && fromRec.state() != ServiceState.STARTED) {
            s.error("dinitctl: warning: enabling dependency for non-started service");
        }
        s.conn.watch(to.handle());
        ServiceStatus after = null;
        if (enable && s.client().version() >= Codes.Since.ENABLE_V7) {
            DaemonClient.Answer<ServiceStatus> a = s.client().enable(DependencyKind.WAITS_FOR,
                    fromRec.handle(), to.handle());
            if (a.reply() == Codes.Reply.NAK) {
                return s.fail("dinitctl: could not enable service: possible circular"
                        + " dependency");
            }
            if (a.value() == null) {
                return s.fail("dinitctl: control socket protocol error");
            }
            after = a.value();
        } else {
            int r = s.client().dependency(enable ? Codes.Cmd.ENABLESERVICE : Codes.Cmd.REM_DEP,
                    DependencyKind.WAITS_FOR, fromRec.handle(), to.handle());
            if (r == Codes.Reply.NAK) {
                return s.fail(enable ? "dinitctl: could not enable service: possible circular"
                        + " dependency" : "dinitctl: service not currently enabled");
            }
            if (r != Codes.Reply.ACK) {
                return s.fail("dinitctl: control socket protocol error");
            }
        }
        if (!changeLink(s, enable, link, pathS, svc, true)) {
            return 1;
        }
        s.info("Service '" + svc + "' has been " + (enable ? "enabled." : "disabled."));
        if (enable) {
            if (after == null) {
                after = Handlers.queryStatus(s, to.handle(), true);
                if (after == null) {
                    return s.fail("dinitctl: protocol error.");
                }
            }
            if (after.currentState() != ServiceState.STARTED
                    && after.targetState() == ServiceState.STARTED) {
                return StartStopHandlers.waitFor(s, svc, false);
            }
            return 0;
        }
        ServiceStatus st = Handlers.queryStatus(s, to.handle(), true);
        if (st == null) {
            return s.fail("dinitctl: protocol error.");
        }
        if (st.targetState() != ServiceState.STOPPED) {
            s.error("dinitctl: note: disabled service may have other dependents");
        }
        return 0;
    }

    static int offline(Session s) throws CtlException {
        CtlOptions o = s.opts;
        boolean enable = o.command == Command.ENABLE;
        String svc = o.target;
        if (o.from != null && o.from.contains("@")) {
            return s.fail("dinitctl: cannot enable/disable from a service with argument"
                    + " (service@arg).");
        }
        // The environment first, as upstream reads it before looking for any file.
        Map<String, String> env = Map.of();
        if (!s.userMode) {
            env = offlineEnvironment(s);
            if (env == null) {
                return 1;
            }
        }
        List<Path> dirs = new ArrayList<>();
        if (!o.serviceDirs.isEmpty()) {
            for (String d : o.serviceDirs) {
                dirs.add(Path.of(d));
            }
        } else if (s.userMode) {
            String home = s.env.get("HOME");
            dirs.addAll(ServiceDirectories.user(s.env,
                    home == null || home.isEmpty() ? System.getProperty("user.home") : null)
                    .dirs());
        } else {
            dirs.addAll(ServiceDirectories.system().dirs());
        }
        String pathS = locate(dirs, Handlers.baseName(svc));
        if (pathS == null) {
            return s.fail("dinitctl: could not locate service file for target service '" + svc
                    + "'");
        }
        String from = o.from;
        if (from == null) {
            from = enableVia(s, reader(dirs, env), svc, pathS, "read");
            if (from == null) {
                return 1;
            }
        }
        String pathF = locate(dirs, from);
        if (pathF == null) {
            return s.fail("dinitctl: could not locate service file for service '" + from + "'");
        }
        String link = linkPath(s, reader(dirs, env), svc, from, pathF, enable);
        if (link == null) {
            return 1;
        }
        if (!changeLink(s, enable, link, pathS, svc, false)) {
            return 1;
        }
        s.info("Service '" + svc + "' has been " + (enable ? "enabled." : "disabled."));
        return 0;
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static String locate(List<Path> dirs, String name) {
        for (Path d : dirs) {
            Path p = d.resolve(name);
            if (Files.exists(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** The loader that reads service files from {@code dirs}, substituting from {@code env}. */
    private static DescriptionLoader reader(List<Path> dirs, Map<String, String> env) {
        return new DescriptionLoader(LoadContext.forThisProcess(new ServiceDirectories(dirs),
                env));
    }

    /** The daemon's environment from a GETALLENV reply: NUL-ended {@code NAME=VALUE} entries. */
    static Map<String, String> environment(byte[] reply) {
        Map<String, String> env = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= reply.length; i++) {
            if (i == reply.length || reply[i] == 0) {
                String e = new String(reply, start, i - start, StandardCharsets.UTF_8);
                int eq = e.indexOf('=');
                if (eq > 0) {
                    env.put(e.substring(0, eq), e.substring(eq + 1));
                }
                start = i + 1;
            }
        }
        return env;
    }

    /**
     * Offline in system mode: the variables of {@code /etc/dinit/environment}, none if it does
     * not exist; null after printing why it cannot be read.
     */
    private static Map<String, String> offlineEnvironment(Session s) {
        try {
            return EnvFile.parse(new String(Files.readAllBytes(Path.of(SYSTEM_ENV_FILE)),
                    StandardCharsets.UTF_8)).applyTo(Map.of());
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            // Upstream's text, with its space before the colon.
            s.error("dinitctl: cannot read environment file '" + SYSTEM_ENV_FILE + "' :"
                    + IoErrorText.describe(e));
            return null;
        }
    }

    /** Opens and closes a service file, or prints why it cannot be read; false then. */
    private static boolean readable(Session s, String path, String verb) {
        try {
            Files.newByteChannel(Path.of(path)).close();
            return true;
        } catch (IOException e) {
            s.error("dinitctl: could not " + verb + " service description file '" + path
                    + "': " + IoErrorText.describe(e));
            return false;
        }
    }

    /**
     * The first error that stops enable from reading a file: one on a line that is not a
     * setting (a lexing, {@code @include} or {@code @meta} error), or in one of
     * {@code settings}. Errors elsewhere in the file do not matter to enable, as upstream.
     */
    private static LoadProblem blocking(SettingsReading r, Set<String> settings) {
        for (LoadProblem p : r.outcome().problems()) {
            if (!p.warning() && p.line() > 0
                    && (p.setting() == null || settings.contains(p.setting()))) {
                return p;
            }
        }
        return null;
    }

    /** The target's {@code @meta enable-via}, or {@code boot}; null after an error. */
    private static String enableVia(Session s, DescriptionLoader reader, String svc,
            String pathS, String verb) {
        if (!readable(s, pathS, verb)) {
            return null;
        }
        SettingsReading r = reader.readSettings(svc);
        LoadProblem p = blocking(r, Set.of());
        if (p != null) {
            String m = p.message().startsWith("'@meta enable-via'")
                    ? "'@meta enable-via' argument missing or malformed" : p.message();
            s.error("dinitctl: error loading " + svc + ": " + m);
            return null;
        }
        String via = r.enableVia();
        if (via != null && !isConfigName(via)) {
            s.error("dinitctl: error loading " + svc + ": '@meta enable-via' argument missing"
                    + " or malformed");
            return null;
        }
        return via != null ? via : "boot";
    }

    /**
     * Tells whether an {@code @meta enable-via} argument is a name as upstream's dinitctl reads
     * it there: no leading digit, dash or dot, and no ASCII punctuation other than {@code -},
     * {@code .} and {@code _} (so {@code $VAR} is not substituted but malformed), no control
     * characters. Stricter than a service name, and kept so that the same files fail.
     */
    static boolean isConfigName(String n) {
        char c0 = n.charAt(0);
        if (c0 == '-' || c0 == '.' || (c0 >= '0' && c0 <= '9')) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean punct = c < 0x80 && c > ' ' && !Character.isLetterOrDigit(c);
            if (c < ' ' || c == 0x7f || (punct && c != '-' && c != '.' && c != '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the from-service's file and checks the link; gives the link path, or null after
     * printing an error.
     */
    private static String linkPath(Session s, DescriptionLoader reader, String svc,
            String from, String pathF, boolean enable) {
        if (!readable(s, pathF, "open")) {
            return null;
        }
        SettingsReading r = reader.readSettings(from);
        LoadProblem p = blocking(r, DEPENDENCY_SETTINGS);
        if (p != null) {
            s.error("dinitctl: error in service description: " + p.message());
            return null;
        }
        String linkDir = null;
        for (DependencySetting d : r.dependencySettings()) {
            String key = d.setting();
            if ((key.equals("depends-on") || key.equals("depends-ms")
                    || key.equals("waits-for")) && d.value().equals(svc)) {
                s.error("dinitctl: there is a fixed dependency to service '" + svc
                        + "' in the service description of '" + from + "'.");
                return null;
            }
            // An empty value (a variable that is not set) counts as none, as upstream.
            if (key.equals("waits-for.d") && !d.value().isEmpty()) {
                if (linkDir != null) {
                    s.error("dinitctl: service '" + from + "' has multiple waits-for.d"
                            + " directories specified in service description");
                    return null;
                }
                linkDir = linkDirectory(d, pathF);
            }
        }
        if (linkDir == null) {
            s.error("dinitctl: service '" + from + "' has no waits-for.d directory specified");
            return null;
        }
        String link = join(linkDir, svc);
        boolean exists;
        try {
            Files.readAttributes(Path.of(link), "basic:isRegularFile", LinkOption.NOFOLLOW_LINKS);
            exists = true;
        } catch (NoSuchFileException e) {
            exists = false;
        } catch (IOException e) {
            s.error("dinitctl: checking for existing dependency link: " + link + ": "
                    + IoErrorText.describe(e));
            return null;
        }
        if (exists && enable) {
            s.error("dinitctl: service already enabled.");
            return null;
        }
        return link;
    }

    /**
     * The directory of the link, as text: written as upstream writes it (the from-service's
     * file's directory joined with the value) when the loader reads that same directory, as it
     * does for a line of the file itself; else the loader's directory (a relative value in an
     * included fragment, which the loader takes from the fragment's directory).
     */
    private static String linkDirectory(DependencySetting d, String pathF) {
        Path parent = Path.of(pathF).getParent();
        String upstream = d.value().startsWith("/") || parent == null ? d.value()
                : join(parent.toString(), d.value());
        if (Path.of(upstream).toAbsolutePath().normalize()
                .equals(d.directory().toAbsolutePath().normalize())) {
            return upstream;
        }
        return d.directory().toString();
    }

    /** Creates or removes the link; false after printing an error. */
    private static boolean changeLink(Session s, boolean enable, String link, String pathS,
            String svc, boolean online) {
        Path l = Path.of(link);
        try {
            if (enable) {
                Files.createSymbolicLink(l, Path.of(linkTarget(link, pathS, svc)));
            } else {
                Files.delete(l);
            }
            return true;
        } catch (IOException e) {
            String msg = enable ? "dinitctl: could not create symlink at " + link + ": "
                    + IoErrorText.describe(e) : "dinitctl: could not unlink dependency entry " + link
                    + ": " + IoErrorText.describe(e);
            if (online) {
                msg += enable ? "\ndinitctl: note: service was enabled for now; persistent"
                        + " enable failed." : "\ndinitctl: note: service was disabled for now;"
                        + " persistent disable failed.";
            }
            s.error(msg);
            return false;
        }
    }

    /** The symlink's target: relative to the link directory's parent when possible. */
    static String linkTarget(String link, String pathS, String svc) {
        Path linkDir = Path.of(link).getParent();
        Path parent = linkDir == null ? null : linkDir.getParent();
        if (parent != null) {
            String p = parent.toString();
            String prefix = p.endsWith("/") ? p : p + "/";
            if (pathS.startsWith(prefix)) {
                return "../" + pathS.substring(prefix.length());
            }
        }
        if (pathS.startsWith("/")) {
            return pathS;
        }
        return "../" + svc;
    }
}
