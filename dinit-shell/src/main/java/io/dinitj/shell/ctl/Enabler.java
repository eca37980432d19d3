package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.core.load.Errno;
import io.dinitj.core.load.ServiceDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code enable} and {@code disable}, online (cli.md 2.7) and offline (2.8): finds the
 * {@code waits-for.d} directory of the "from" service (the {@code --from} one, else the
 * target's {@code @meta enable-via}, else {@code boot}), tells the daemon (online) and creates
 * or removes the link {@code <waits-for.d>/<S>}.
 *
 * <p>Service files are scanned line by line for {@code @meta enable-via}, {@code waits-for.d},
 * {@code depends-on}, {@code depends-ms} and {@code waits-for}; {@code @include} files and
 * {@code $VAR} substitution in these values are not followed.
 */
final class Enabler {

    private Enabler() {
    }

    /** What the scan of the "from" service's file found. */
    private record FromFile(String waitsForDir) {
    }

    static int online(Session s) throws CtlException {
        CtlOptions o = s.opts;
        boolean enable = o.command == Command.ENABLE;
        String svc = o.target;
        if (o.from != null && o.from.contains("@")) {
            return s.fail("dinitctl: cannot enable/disable from a service with argument"
                    + " (service@arg).");
        }
        s.conn.send(new byte[] {(byte) Codes.Cmd.GETALLENV, 0});
        if (s.conn.waitForReply() != Codes.Reply.ALLENV) {
            throw CtlException.protocol();
        }
        long envLen = s.conn.i64();
        if (envLen < 0 || envLen > Integer.MAX_VALUE) {
            throw CtlException.protocol();
        }
        s.conn.raw((int) envLen);
        Handlers.Record to = Handlers.load(s, svc, false, false);
        if (to == null) {
            return 1;
        }
        String pathS = join(Handlers.serviceDir(s, to.handle()), Handlers.baseName(svc));
        String from = o.from;
        if (from == null) {
            from = enableVia(s, svc, pathS, "open");
            if (from == null) {
                return 1;
            }
        }
        Handlers.Record fromRec = Handlers.load(s, from, false, false);
        if (fromRec == null) {
            return 1;
        }
        String pathF = join(Handlers.serviceDir(s, fromRec.handle()), from);
        String link = linkPath(s, svc, from, pathF, enable);
        if (link == null) {
            return 1;
        }
        if (enable && fromRec.state() != Handlers.STARTED) {
            s.error("dinitctl: warning: enabling dependency for non-started service");
        }
        s.conn.watch(to.handle());
        ServiceStatus after = null;
        if (enable && s.conn.daemonVersion() >= 7) {
            s.conn.send(Connection.packet(10, Codes.Cmd.ENABLE_SERVICE_V7).put((byte) 2)
                    .putInt(fromRec.handle()).putInt(to.handle()).array());
            int r = s.conn.waitForReply();
            if (r == Codes.Reply.NAK) {
                return s.fail("dinitctl: could not enable service: possible circular"
                        + " dependency");
            }
            if (r != Codes.Reply.SERVICESTATUS) {
                return s.fail("dinitctl: control socket protocol error");
            }
            s.conn.u8();
            after = s.conn.status(ServiceStatus.V6_SIZE);
        } else {
            s.conn.send(Connection.packet(10, enable ? Codes.Cmd.ENABLESERVICE
                    : Codes.Cmd.REM_DEP).put((byte) 2).putInt(fromRec.handle())
                    .putInt(to.handle()).array());
            int r = s.conn.waitForReply();
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
            if (after.state() != Handlers.STARTED && after.target() == Handlers.STARTED) {
                return Handlers.waitFor(s, svc, false);
            }
            return 0;
        }
        ServiceStatus st = Handlers.queryStatus(s, to.handle(), true);
        if (st == null) {
            return s.fail("dinitctl: protocol error.");
        }
        if (st.target() != Handlers.STOPPED) {
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
            from = enableVia(s, svc, pathS, "read");
            if (from == null) {
                return 1;
            }
        }
        String pathF = locate(dirs, from);
        if (pathF == null) {
            return s.fail("dinitctl: could not locate service file for service '" + from + "'");
        }
        String link = linkPath(s, svc, from, pathF, enable);
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

    /** Reads a file's lines, or prints the failure and gives null. */
    private static List<String> lines(Session s, String path, String verb) {
        try {
            return List.of(new String(Files.readAllBytes(Path.of(path)), StandardCharsets.UTF_8)
                    .split("\n", -1));
        } catch (IOException e) {
            s.error("dinitctl: could not " + verb + " service description file '" + path
                    + "': " + Errno.describe(e));
            return null;
        }
    }

    /** The target's {@code @meta enable-via}, or {@code boot}; null after an error. */
    private static String enableVia(Session s, String svc, String pathS, String verb) {
        List<String> lines = lines(s, pathS, verb);
        if (lines == null) {
            return null;
        }
        for (String l : lines) {
            String t = l.strip();
            if (!t.startsWith("@meta")) {
                continue;
            }
            String[] w = t.split("[ \t]+");
            if (w.length >= 2 && w[1].equals("enable-via")) {
                if (w.length != 3) {
                    s.error("dinitctl: error loading " + svc + ": '@meta enable-via' argument"
                            + " missing or malformed");
                    return null;
                }
                return w[2];
            }
        }
        return "boot";
    }

    /**
     * Scans the from-service's file and checks the link; gives the link path, or null after
     * printing an error.
     */
    private static String linkPath(Session s, String svc, String from, String pathF,
            boolean enable) {
        List<String> lines = lines(s, pathF, "open");
        if (lines == null) {
            return null;
        }
        String waitsDir = null;
        for (String l : lines) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("@")) {
                continue;
            }
            int eq = t.indexOf('=');
            int colon = t.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep < 0) {
                continue;
            }
            String key = t.substring(0, sep).strip();
            String value = t.substring(sep + 1).strip();
            int hash = value.indexOf(" #");
            if (hash >= 0) {
                value = value.substring(0, hash).strip();
            }
            if ((key.equals("depends-on") || key.equals("depends-ms")
                    || key.equals("waits-for")) && value.equals(svc)) {
                s.error("dinitctl: there is a fixed dependency to service '" + svc
                        + "' in the service description of '" + from + "'.");
                return null;
            }
            if (key.equals("waits-for.d")) {
                if (waitsDir != null) {
                    s.error("dinitctl: service '" + from + "' has multiple waits-for.d"
                            + " directories specified in service description");
                    return null;
                }
                waitsDir = value;
            }
        }
        if (waitsDir == null) {
            s.error("dinitctl: service '" + from + "' has no waits-for.d directory specified");
            return null;
        }
        Path fileDir = Path.of(pathF).getParent();
        String linkDir = waitsDir.startsWith("/") || fileDir == null ? waitsDir
                : join(fileDir.toString(), waitsDir);
        String link = join(linkDir, svc);
        boolean exists;
        try {
            Files.readAttributes(Path.of(link), "basic:isRegularFile", LinkOption.NOFOLLOW_LINKS);
            exists = true;
        } catch (NoSuchFileException e) {
            exists = false;
        } catch (IOException e) {
            s.error("dinitctl: checking for existing dependency link: " + link + ": "
                    + Errno.describe(e));
            return null;
        }
        if (exists && enable) {
            s.error("dinitctl: service already enabled.");
            return null;
        }
        return link;
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
                    + Errno.describe(e) : "dinitctl: could not unlink dependency entry " + link
                    + ": " + Errno.describe(e);
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
