package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.service.DependencyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What the online command handlers share: finding or loading a service with upstream's error
 * texts, its description file's place and modification time, the status query that fits the
 * daemon's version. The handlers themselves are split by family, each sending exactly the
 * packet sequence of docs/control-protocol.md §11 through {@link DaemonClient} and printing
 * upstream's texts (docs/cli.md §2.3 to §2.6): {@link StartStopHandlers} (start, stop, wake,
 * release, restart, unpin, status, is-started, is-failed), {@link ServiceHandlers} (unload,
 * reload, add-dep, rm-dep, trigger, catlog, signal, shutdown), {@link EnvHandlers} (setenv,
 * unsetenv), {@link Views} (list, tree, graph, catlog --follow) and {@link Enabler} (enable,
 * disable).
 */
final class Handlers {

    private Handlers() {
    }

    /** The dependency kind of an add-dep/rm-dep type word, or null. */
    static DependencyKind depType(String word) {
        switch (word) {
            case "need":
            case "regular":
                return DependencyKind.REGULAR;
            case "milestone":
                return DependencyKind.MILESTONE;
            case "waits-for":
                return DependencyKind.WAITS_FOR;
            default:
                return null;
        }
    }

    /**
     * Sends LOADSERVICE or FINDSERVICE and reads the reply.
     *
     * @return the record, or null if the reply was an error (printed unless {@code quiet})
     */
    static DaemonClient.Lookup load(Session s, String name, boolean find, boolean quiet)
            throws CtlException {
        DaemonClient.Lookup l = find ? s.client().findService(name)
                : s.client().loadService(name);
        if (l.found()) {
            return l;
        }
        if (quiet) {
            return null;
        }
        switch (l.reply()) {
            case Reply.NOSERVICE:
                s.error("dinitctl: failed to find service description.\n"
                        + "dinitctl: check service description file exists / service name"
                        + " spelling.");
                break;
            case Reply.SERVICE_DESC_ERR:
                s.error("dinitctl: error in service description.\n"
                        + "dinitctl: try 'dinit-check <service-name>' or check log for more"
                        + " information.");
                break;
            case Reply.SERVICE_LOAD_ERR:
                s.error("dinitctl: error loading service (or dependency of service).\n"
                        + "dinitctl: try 'dinit-check <service-name>' or check log for more"
                        + " information.");
                break;
            default:
                s.error(CtlException.PROTOCOL);
                break;
        }
        return null;
    }

    /** The service name without any {@code @argument}. */
    static String baseName(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** Upstream {@code combine_paths}. */
    static String combine(String a, String b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty() || b.startsWith("/")) {
            return b;
        }
        return a.endsWith("/") ? a + b : a + "/" + b;
    }

    /**
     * Asks for the directory of a service's description, made absolute with the daemon's
     * working directory (QUERYSERVICEDSCDIR, and QUERY_LOAD_MECH if it is relative).
     */
    static String serviceDir(Session s, int handle) throws CtlException {
        String dir = s.client().serviceDirectory(handle);
        if (dir.startsWith("/")) {
            return dir;
        }
        return combine(s.client().workingDirectory(), dir);
    }

    /** The mtime of a file, or null if it cannot be stat'ed. */
    static Instant mtime(String path) {
        try {
            return Files.getLastModifiedTime(Path.of(path)).toInstant();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True if the file's mtime differs from the daemon's record. */
    static boolean modified(Instant fileTime, ServiceStatus st) {
        return fileTime.getEpochSecond() != st.mtimeSeconds()
                || fileTime.getNano() != st.mtimeNanos();
    }

    /** Sends the status request fitting the daemon's version and reads the status. */
    static ServiceStatus queryStatus(Session s, int handle, boolean v5Only) throws CtlException {
        int v = s.client().version();
        int size;
        if (v >= Codes.Since.STATUS6 && !v5Only) {
            size = ServiceStatus.V6_SIZE;
        } else if (v >= Codes.Since.STATUS5) {
            size = ServiceStatus.V5_SIZE;
        } else {
            size = ServiceStatus.LEGACY_SIZE;
        }
        return s.client().status(handle, size);
    }

    /** Refuses a command the daemon's protocol version does not have. */
    static void requireVersion(Session s, int v) throws CtlException {
        if (s.client().version() < v) {
            throw new CtlException("dinitctl: daemon too old or protocol error");
        }
    }
}
