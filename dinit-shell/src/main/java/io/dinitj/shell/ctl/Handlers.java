package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.ServiceStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The handlers of the online commands: each sends exactly the packet sequence of
 * control-protocol.md section 11 and prints upstream's texts (cli.md sections 2.3 to 2.6).
 */
final class Handlers {

    static final int STOPPED = 0;
    static final int STARTING = 1;
    static final int STARTED = 2;
    static final int STOPPING = 3;

    private Handlers() {
    }

    /** The dependency type code of an add-dep/rm-dep type word, or -1. */
    static int depType(String word) {
        switch (word) {
            case "need":
            case "regular":
                return 0;
            case "milestone":
                return 3;
            case "waits-for":
                return 2;
            default:
                return -1;
        }
    }

    /** A SERVICERECORD: the state at load time and the handle. */
    record Record(int state, int handle, int target) {
    }

    /** Encodes a service name, refusing one too long for the protocol. */
    static byte[] nameBytes(String name) throws CtlException {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length > 65535) {
            throw new CtlException("dinitctl: service name too long.");
        }
        return b;
    }

    /**
     * Sends LOADSERVICE or FINDSERVICE and reads the reply.
     *
     * @return the record, or null if the reply was an error (printed unless {@code quiet})
     */
    static Record load(Session s, String name, boolean find, boolean quiet) throws CtlException {
        s.conn.sendString(find ? Codes.Cmd.FINDSERVICE : Codes.Cmd.LOADSERVICE, nameBytes(name));
        int r = s.conn.waitForReply();
        if (r == Codes.Reply.SERVICERECORD) {
            int state = s.conn.u8();
            int handle = s.conn.i32();
            int target = s.conn.u8();
            return new Record(state, handle, target);
        }
        if (quiet) {
            return null;
        }
        switch (r) {
            case Codes.Reply.NOSERVICE:
                s.error("dinitctl: failed to find service description.\n"
                        + "dinitctl: check service description file exists / service name"
                        + " spelling.");
                break;
            case Codes.Reply.SERVICE_DESC_ERR:
                s.error("dinitctl: error in service description.\n"
                        + "dinitctl: try 'dinit-check <service-name>' or check log for more"
                        + " information.");
                break;
            case Codes.Reply.SERVICE_LOAD_ERR:
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
        s.conn.send(Connection.packet(6, Codes.Cmd.QUERYSERVICEDSCDIR).put((byte) 0)
                .putInt(handle).array());
        int r = s.conn.waitForReply();
        if (r != Codes.Reply.SVCDSCDIR) {
            throw CtlException.protocol();
        }
        int len = s.conn.i32();
        String dir = Connection.text(s.conn.raw(len));
        if (dir.isEmpty()) {
            throw CtlException.protocol();
        }
        if (dir.startsWith("/")) {
            return dir;
        }
        s.conn.send(new byte[] {(byte) Codes.Cmd.QUERY_LOAD_MECH});
        if (s.conn.waitForReply() != Codes.Reply.LOADER_MECH) {
            throw CtlException.protocol();
        }
        s.conn.u8();
        long total = s.conn.i32() & 0xffffffffL;
        s.conn.i32();
        int cwdLen = s.conn.i32();
        String cwd = Connection.text(s.conn.raw(cwdLen));
        long rest = total - 14 - cwdLen;
        if (rest < 0 || cwd.isEmpty()) {
            throw CtlException.protocol();
        }
        s.conn.raw((int) rest);
        return combine(cwd, dir);
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
        int v = s.conn.daemonVersion();
        int cmd;
        int size;
        if (v >= 6 && !v5Only) {
            cmd = Codes.Cmd.SERVICESTATUS6;
            size = ServiceStatus.V6_SIZE;
        } else if (v >= 5) {
            cmd = Codes.Cmd.SERVICESTATUS5;
            size = ServiceStatus.V5_SIZE;
        } else {
            cmd = Codes.Cmd.SERVICESTATUS;
            size = ServiceStatus.LEGACY_SIZE;
        }
        s.conn.sendHandle(cmd, handle);
        if (s.conn.waitForReply() != Codes.Reply.SERVICESTATUS) {
            return null;
        }
        s.conn.u8();
        return s.conn.status(size);
    }

    // ---- start / stop / wake / release / restart -------------------------------------------

    static int startStop(Session s) throws CtlException {
        CtlOptions o = s.opts;
        Command c = o.command;
        String name = o.service();
        boolean stopLike = c == Command.STOP || c == Command.RELEASE;
        boolean ignoreLoad = o.ignoreUnstarted && (stopLike || c == Command.RESTART);
        Record rec = load(s, name, false, ignoreLoad);
        if (rec == null) {
            return ignoreLoad ? 0 : 1;
        }
        int h = rec.handle();
        if (!stopLike && s.conn.daemonVersion() >= 6) {
            String file = serviceDir(s, h) + "/" + baseName(name);
            Instant t = mtime(file);
            if (t != null) {
                ServiceStatus st = queryStatus(s, h, false);
                if (st == null) {
                    return s.fail("dinitctl: protocol error.");
                }
                if (modified(t, st)) {
                    s.error("dinitctl: warning: service description may have changed; use"
                            + " 'dinitctl reload " + name + "' to apply changes.");
                }
            }
        }
        int pin = o.pin ? Codes.FLAG_PIN : 0;
        int type;
        int flags;
        switch (c) {
            case START -> {
                type = Codes.Cmd.STARTSERVICE;
                flags = pin;
            }
            case WAKE -> {
                type = Codes.Cmd.WAKESERVICE;
                flags = pin;
            }
            case RELEASE -> {
                type = Codes.Cmd.RELEASESERVICE;
                flags = pin;
            }
            case STOP -> {
                type = Codes.Cmd.STOPSERVICE;
                flags = pin | (o.force ? 0 : 2);
            }
            default -> {
                type = Codes.Cmd.STOPSERVICE;
                flags = 4 | 128 | pin | (o.force ? 0 : 2);
            }
        }
        s.conn.watch(h);
        s.conn.sendFlagsHandle(type, flags, h);
        int r = s.conn.waitForReply();
        if (c == Command.RESTART) {
            if (r != Codes.Reply.PREACK) {
                return s.fail("dinitctl: protocol error.");
            }
            s.conn.seen.clear();
            r = s.conn.waitForReply();
        }
        int wanted = stopLike ? STOPPED : STARTED;
        switch (r) {
            case Codes.Reply.ALREADYSS:
                if (c == Command.RESTART) {
                    s.info("Service restarted.");
                } else {
                    boolean already = rec.state() == wanted;
                    s.info("Service " + (already ? "(already) " : "")
                            + (stopLike ? "stopped." : "started."));
                }
                return 0;
            case Codes.Reply.PINNEDSTARTED:
                return s.fail("dinitctl: cannot stop service '" + name
                        + "' as it is pinned started");
            case Codes.Reply.PINNEDSTOPPED:
                return s.fail("dinitctl: cannot start service '" + name
                        + "' as it is pinned stopped");
            case Codes.Reply.DEPENDENTS:
                if (c == Command.STOP || c == Command.RESTART) {
                    return dependents(s, name, c == Command.STOP);
                }
                return s.fail("dinitctl: protocol error.");
            case Codes.Reply.NAK:
                if (c == Command.RESTART) {
                    if (o.ignoreUnstarted) {
                        s.info("Service '" + name + "' is not currently started.");
                        return 0;
                    }
                    return s.fail("dinitctl: cannot restart service; service not started.");
                }
                if (c == Command.WAKE) {
                    return s.fail("dinitctl: service has no active dependents, cannot wake.");
                }
                return s.fail("dinitctl: protocol error.");
            case Codes.Reply.SHUTTINGDOWN:
                return s.fail("dinitctl: cannot start/restart/wake service, shutdown is in"
                        + " progress.");
            case Codes.Reply.ACK:
                break;
            default:
                return s.fail("dinitctl: protocol error.");
        }
        if (o.noWait) {
            s.info("Issued " + (stopLike ? "stop" : "start") + " command successfully for"
                    + " service '" + name + "'.");
            return 0;
        }
        Connection.Seen seen = s.conn.seen;
        if (c == Command.RESTART) {
            if (!seen.stopped) {
                int e = s.conn.waitServiceState(true);
                if (e == 4) {
                    s.info("Service '" + name + "' stop cancelled.");
                    return 1;
                }
            }
            s.info("Service '" + name + "' stopped.");
        }
        if (stopLike) {
            if (seen.stopped) {
                s.info("Service '" + name + "' stopped.");
                return 0;
            }
        } else if (seen.started) {
            s.info("Service '" + name + "' started.");
            return 0;
        } else if (seen.failedStart) {
            s.info("Service '" + name + "' failed to start.");
            if (!s.opts.quiet) {
                // The stage the event gave (upstream's client prints stage 0 here, but it
                // gets here only when its wait would then hang; see ControlConnection).
                s.out.print(Texts.reason(seen.stopReason, seen.execStage, seen.exitStatus,
                        seen.siCode, seen.siStatus, seen.exitStatus));
            }
            return 1;
        }
        return waitFor(s, name, stopLike);
    }

    /** Waits for the final event and reports it (cli.md section 2.3). */
    static int waitFor(Session s, String name, boolean stop) throws CtlException {
        int e = s.conn.waitServiceState(stop);
        switch (e) {
            case 0:
                s.info("Service '" + name + "' started.");
                return 0;
            case 1:
                s.info("Service '" + name + "' stopped.");
                return 0;
            case 3:
                s.info("Service '" + name + "' start cancelled.");
                return 1;
            case 4:
                s.info("Service '" + name + "' stop cancelled.");
                return 1;
            default:
                s.info("Service '" + name + "' failed to start.");
                ServiceStatus st = s.conn.lastEventStatus();
                if (st != null && !s.opts.quiet) {
                    if (s.conn.lastEventIsV5()) {
                        s.out.print(Texts.reason(st.stopReason(), st.execStage(),
                                st.pidOrCode(), st.pidOrCode(), st.exitStatus(), 0));
                    } else {
                        s.out.print(Texts.reason(st.stopReason(), st.execStage(),
                                st.pidOrCode(), 0, 0, st.pidOrCode()));
                    }
                }
                return 1;
        }
    }

    /** Reads a DEPENDENTS reply, asks for each name and prints the refusal. */
    private static int dependents(Session s, String name, boolean stop) throws CtlException {
        long n = s.conn.i64();
        if (n < 0 || n > 1_000_000) {
            throw CtlException.protocol();
        }
        int[] handles = new int[(int) n];
        for (int i = 0; i < n; i++) {
            handles[i] = s.conn.i32();
        }
        StringBuilder line = new StringBuilder(" ");
        for (int h : handles) {
            s.conn.send(Connection.packet(6, Codes.Cmd.QUERYSERVICENAME).put((byte) 0).putInt(h)
                    .array());
            if (s.conn.waitForReply() != Codes.Reply.SERVICENAME) {
                throw CtlException.readFailure();
            }
            s.conn.u8();
            int len = s.conn.u16();
            line.append(' ').append(Connection.text(s.conn.raw(len)));
        }
        String text = "dinitctl: cannot stop service '" + name + "' due to the following"
                + " dependents:\n";
        if (stop) {
            text += "(only direct dependents are listed. Exercise caution before using"
                    + " '--force' !!)\n";
        }
        return s.fail(text + line);
    }

    // ---- status / is-started / is-failed -----------------------------------------------------

    static int status(Session s) throws CtlException {
        Command c = s.opts.command;
        String name = s.opts.service();
        s.conn.sendString(Codes.Cmd.FINDSERVICE, nameBytes(name));
        int r = s.conn.waitForReply();
        if (r != Codes.Reply.SERVICERECORD) {
            if (c != Command.STATUS) {
                return 1;
            }
            return s.fail(r == Codes.Reply.NOSERVICE ? "dinitctl: service not loaded."
                    : CtlException.PROTOCOL);
        }
        s.conn.u8();
        int h = s.conn.i32();
        s.conn.u8();
        String file = null;
        if (s.conn.daemonVersion() >= 3) {
            file = serviceDir(s, h) + "/" + baseName(name);
        }
        ServiceStatus st = queryStatus(s, h, false);
        if (st == null) {
            return s.fail("dinitctl: protocol error.");
        }
        if (c == Command.STATUS) {
            boolean modified = false;
            Instant t = file == null ? null : mtime(file);
            if (t != null && s.conn.daemonVersion() >= 6) {
                modified = modified(t, st);
            }
            if (s.opts.json) {
                s.out.print(Json.status(name, file, modified, st, s.conn.daemonVersion() >= 5)
                        + "\n");
            } else {
                s.out.print(Texts.status(name, file, modified, st));
            }
            return 0;
        }
        s.info(Texts.stateName(st.state()));
        if (c == Command.IS_STARTED) {
            return st.state() == STARTED ? 0 : 1;
        }
        int reason = st.stopReason();
        return st.state() == STOPPED && (reason == 2 || reason == 3 || reason == 4
                || reason == 5) ? 0 : 1;
    }

    // ---- list ----------------------------------------------------------------------------------

    static int list(Session s) throws CtlException {
        boolean v5 = s.conn.daemonVersion() >= 5;
        Map<String, ServiceStatus> all = Views.listAll(s);
        if (s.opts.json) {
            s.out.print(Json.list(new ArrayList<>(all.keySet()), new ArrayList<>(all.values()),
                    v5) + "\n");
            return 0;
        }
        for (Map.Entry<String, ServiceStatus> e : all.entrySet()) {
            s.out.print(Texts.listLine(e.getKey(), e.getValue(), v5) + "\n");
        }
        return 0;
    }

    static int shutdown(Session s) throws CtlException {
        s.conn.send(new byte[] {(byte) Codes.Cmd.SHUTDOWN, 2});
        if (s.conn.waitForReply() != Codes.Reply.ACK) {
            return s.fail("dinitctl: control socket protocol error");
        }
        s.info("Shutting down dinit...");
        s.out.flush();
        s.conn.drainUntilClosed();
        s.info("Connection closed.");
        return 0;
    }

    static int unpin(Session s) throws CtlException {
        String name = s.opts.service();
        Record rec = load(s, name, false, false);
        if (rec == null) {
            return 1;
        }
        s.conn.sendHandle(Codes.Cmd.UNPINSERVICE, rec.handle());
        if (s.conn.waitForReply() != Codes.Reply.ACK) {
            return s.fail("dinitctl: protocol error.");
        }
        s.info("Service '" + name + "' unpinned.");
        return 0;
    }

    static int unload(Session s) throws CtlException {
        String name = s.opts.service();
        s.conn.sendString(Codes.Cmd.FINDSERVICE, nameBytes(name));
        int r = s.conn.waitForReply();
        if (r == Codes.Reply.NOSERVICE) {
            return s.fail("dinitctl: service not loaded.");
        }
        if (r != Codes.Reply.SERVICERECORD) {
            return s.fail(CtlException.PROTOCOL);
        }
        s.conn.u8();
        int h = s.conn.i32();
        s.conn.u8();
        s.conn.sendHandle(Codes.Cmd.UNLOADSERVICE, h);
        r = s.conn.waitForReply();
        if (r == Codes.Reply.NAK) {
            return s.fail("dinitctl: could not unload service; service not stopped, or is a"
                    + " dependency of another service.");
        }
        if (r != Codes.Reply.ACK) {
            return s.fail("dinitctl: protocol error.");
        }
        s.info("Service '" + name + "' unloaded.");
        return 0;
    }

    static int reload(Session s) throws CtlException {
        String name = s.opts.service();
        s.conn.sendString(Codes.Cmd.FINDSERVICE, nameBytes(name));
        int r = s.conn.waitForReply();
        if (r == Codes.Reply.NOSERVICE) {
            if (load(s, name, false, false) == null) {
                return 1;
            }
            s.info("Service '" + name + "' reloaded.");
            return 0;
        }
        if (r != Codes.Reply.SERVICERECORD) {
            return s.fail(CtlException.PROTOCOL);
        }
        s.conn.u8();
        int h = s.conn.i32();
        s.conn.u8();
        s.conn.sendHandle(Codes.Cmd.RELOADSERVICE, h);
        r = s.conn.waitForReply();
        if (r == Codes.Reply.NAK) {
            return s.fail("dinitctl: could not reload service; service in wrong state,"
                    + " incompatible change, or bad service description.");
        }
        if (r != Codes.Reply.ACK) {
            return s.fail("dinitctl: protocol error.");
        }
        s.info("Service '" + name + "' reloaded.");
        return 0;
    }

    static int dependency(Session s) throws CtlException {
        CtlOptions o = s.opts;
        boolean add = o.command == Command.ADD_DEP;
        Record from = load(s, o.depFrom, false, false);
        if (from == null) {
            return 1;
        }
        Record to = load(s, o.depTo, false, false);
        if (to == null) {
            return 1;
        }
        s.conn.send(Connection.packet(10, add ? Codes.Cmd.ADD_DEP : Codes.Cmd.REM_DEP)
                .put((byte) o.depType).putInt(from.handle()).putInt(to.handle()).array());
        int r = s.conn.waitForReply();
        if (r == Codes.Reply.ACK) {
            s.info("Service '" + o.depFrom + "': dependency '" + o.depTo + "' "
                    + (add ? "added" : "removed"));
            return 0;
        }
        if (r == Codes.Reply.NAK) {
            return s.fail(add ? "dinitctl: could not add dependency: circular dependency or"
                    + " wrong state" : "dinitctl: no such dependency to remove");
        }
        return s.fail("dinitctl: control socket protocol error");
    }

    private static void requireVersion(Session s, int v) throws CtlException {
        if (s.conn.daemonVersion() < v) {
            throw new CtlException("dinitctl: daemon too old or protocol error");
        }
    }

    static int trigger(Session s) throws CtlException {
        requireVersion(s, 2);
        Record rec = load(s, s.opts.service(), false, false);
        if (rec == null) {
            return 1;
        }
        boolean set = s.opts.command == Command.TRIGGER;
        s.conn.send(Connection.packet(6, Codes.Cmd.SETTRIGGER).putInt(rec.handle())
                .put((byte) (set ? 1 : 0)).array());
        int r = s.conn.waitForReply();
        if (r == Codes.Reply.NAK) {
            return s.fail("dinitctl: cannot trigger a service that is not of 'triggered'"
                    + " type.");
        }
        if (r != Codes.Reply.ACK) {
            return s.fail("dinitctl: protocol error.");
        }
        return 0;
    }

    /**
     * Sends CATLOG (clearing with {@code --clear}) and reads the log bytes.
     *
     * @throws CtlException with upstream's message if the service does not buffer its output
     */
    static byte[] readLog(Session s, int handle) throws CtlException {
        s.conn.sendFlagsHandle(Codes.Cmd.CATLOG, s.opts.clear ? 1 : 0, handle);
        int r = s.conn.waitForReply();
        if (r == Codes.Reply.NAK) {
            throw new CtlException("dinitctl: cannot cat log for service not configured to"
                    + " buffer output.");
        }
        if (r != Codes.Reply.SERVICE_LOG) {
            throw new CtlException("dinitctl: protocol error.");
        }
        s.conn.u8();
        long len = s.conn.i32() & 0xffffffffL;
        return s.conn.raw((int) len);
    }

    static int catlog(Session s) throws CtlException {
        requireVersion(s, 2);
        Record rec = load(s, s.opts.service(), false, false);
        if (rec == null) {
            return 1;
        }
        if (s.opts.follow) {
            return Views.follow(s, rec.handle());
        }
        byte[] log = readLog(s, rec.handle());
        s.out.write(log, 0, log.length);
        if (log.length > 0 && log[log.length - 1] != '\n') {
            s.out.print("\n(last line is truncated or incomplete)\n");
        }
        return 0;
    }

    static int signal(Session s) throws CtlException {
        requireVersion(s, 2);
        Record rec = load(s, s.opts.service(), false, false);
        if (rec == null) {
            return 1;
        }
        s.conn.send(Connection.packet(9, Codes.Cmd.SIGNAL).putInt(s.opts.signal)
                .putInt(rec.handle()).array());
        int r = s.conn.waitForReply();
        switch (r) {
            case Codes.Reply.ACK:
                return 0;
            case Codes.Reply.SIGNAL_NOPID:
                return s.fail("dinitctl: could not get valid PID of service; service is not"
                        + " process-based or is in wrong state.");
            case Codes.Reply.SIGNAL_BADSIG:
                return s.fail("dinitctl: provided signal was invalid.");
            case Codes.Reply.SIGNAL_KILLERR:
                return s.fail("dinitctl: failed sending signal to service.");
            default:
                return s.fail("dinitctl: protocol error.");
        }
    }

    static int setenv(Session s) throws CtlException {
        boolean set = s.opts.command == Command.SETENV;
        for (String a : s.opts.args) {
            String payload;
            int eq = a.indexOf('=');
            if (set) {
                if (eq < 0) {
                    String v = s.env.get(a);
                    payload = a + "=" + (v == null ? "" : v);
                } else {
                    payload = a;
                }
            } else {
                if (eq >= 0) {
                    return s.fail("dinitctl: environment variable '" + a
                            + "' must not contain the '=' sign.");
                }
                payload = a;
            }
            byte[] b = payload.getBytes(StandardCharsets.UTF_8);
            if (b.length > Codes.MAX_NAME_LENGTH) {
                return s.fail("dinitctl: environment variable '"
                        + (eq < 0 ? a : a.substring(0, eq)) + "' too long.");
            }
            s.conn.sendString(Codes.Cmd.SETENV, b);
            int r = s.conn.waitForReply();
            if (r == Codes.Reply.BADREQ) {
                return s.fail("dinitctl: failed to export environment.");
            }
            if (r != Codes.Reply.ACK) {
                return s.fail(CtlException.PROTOCOL);
            }
        }
        return 0;
    }

    static int enable(Session s) throws CtlException {
        requireVersion(s, 3);
        return Enabler.online(s);
    }
}
