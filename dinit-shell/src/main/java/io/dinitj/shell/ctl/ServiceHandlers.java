package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Cmd;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.service.ShutdownType;

/**
 * The commands that change a loaded service or the daemon other than by starting and
 * stopping: {@code unload}, {@code reload}, {@code add-dep}, {@code rm-dep}, {@code trigger},
 * {@code untrigger}, {@code catlog}, {@code signal} and {@code shutdown} (docs/control-protocol.md
 * §11, docs/cli.md §2.4 and §2.6), over {@link DaemonClient}.
 */
final class ServiceHandlers {

    private ServiceHandlers() {
    }

    static int shutdown(Session s) throws CtlException {
        if (s.client().shutdown(ShutdownType.HALT) != Reply.ACK) {
            return s.fail("dinitctl: control socket protocol error");
        }
        s.info("Shutting down dinit...");
        s.out.flush();
        s.conn.drainUntilClosed();
        s.info("Connection closed.");
        return 0;
    }

    static int unload(Session s) throws CtlException {
        String name = s.opts.service();
        DaemonClient.Lookup rec = s.client().findService(name);
        if (rec.reply() == Reply.NOSERVICE) {
            return s.fail("dinitctl: service not loaded.");
        }
        if (!rec.found()) {
            return s.fail(CtlException.PROTOCOL);
        }
        return done(s, s.client().unload(rec.handle()), "dinitctl: could not unload service;"
                + " service not stopped, or is a dependency of another service.", name,
                "unloaded");
    }

    static int reload(Session s) throws CtlException {
        String name = s.opts.service();
        DaemonClient.Lookup rec = s.client().findService(name);
        if (rec.reply() == Reply.NOSERVICE) {
            if (Handlers.load(s, name, false, false) == null) {
                return 1;
            }
            s.info("Service '" + name + "' reloaded.");
            return 0;
        }
        if (!rec.found()) {
            return s.fail(CtlException.PROTOCOL);
        }
        return done(s, s.client().reload(rec.handle()), "dinitctl: could not reload service;"
                + " service in wrong state, incompatible change, or bad service description.",
                name, "reloaded");
    }

    /** Reports an unload's or reload's reply: NAK with its text, ACK as done. */
    private static int done(Session s, int reply, String nak, String name, String done) {
        if (reply == Reply.NAK) {
            return s.fail(nak);
        }
        if (reply != Reply.ACK) {
            return s.fail("dinitctl: protocol error.");
        }
        s.info("Service '" + name + "' " + done + ".");
        return 0;
    }

    static int dependency(Session s) throws CtlException {
        CtlOptions o = s.opts;
        boolean add = o.command == Command.ADD_DEP;
        DaemonClient.Lookup from = Handlers.load(s, o.depFrom, false, false);
        if (from == null) {
            return 1;
        }
        DaemonClient.Lookup to = Handlers.load(s, o.depTo, false, false);
        if (to == null) {
            return 1;
        }
        int r = s.client().dependency(add ? Cmd.ADD_DEP : Cmd.REM_DEP, o.depType,
                from.handle(), to.handle());
        if (r == Reply.ACK) {
            s.info("Service '" + o.depFrom + "': dependency '" + o.depTo + "' "
                    + (add ? "added" : "removed"));
            return 0;
        }
        if (r == Reply.NAK) {
            return s.fail(add ? "dinitctl: could not add dependency: circular dependency or"
                    + " wrong state" : "dinitctl: no such dependency to remove");
        }
        return s.fail("dinitctl: control socket protocol error");
    }

    static int trigger(Session s) throws CtlException {
        Handlers.requireVersion(s, Codes.Since.TRIGGER_CATLOG_SIGNAL);
        DaemonClient.Lookup rec = Handlers.load(s, s.opts.service(), false, false);
        if (rec == null) {
            return 1;
        }
        int r = s.client().setTrigger(rec.handle(), s.opts.command == Command.TRIGGER);
        if (r == Reply.NAK) {
            return s.fail("dinitctl: cannot trigger a service that is not of 'triggered'"
                    + " type.");
        }
        if (r != Reply.ACK) {
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
        DaemonClient.Answer<byte[]> a = s.client().catlog(handle, s.opts.clear);
        if (a.reply() == Reply.NAK) {
            throw new CtlException("dinitctl: cannot cat log for service not configured to"
                    + " buffer output.");
        }
        if (a.reply() != Reply.SERVICE_LOG) {
            throw new CtlException("dinitctl: protocol error.");
        }
        return a.value();
    }

    static int catlog(Session s) throws CtlException {
        Handlers.requireVersion(s, Codes.Since.TRIGGER_CATLOG_SIGNAL);
        DaemonClient.Lookup rec = Handlers.load(s, s.opts.service(), false, false);
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
        Handlers.requireVersion(s, Codes.Since.TRIGGER_CATLOG_SIGNAL);
        DaemonClient.Lookup rec = Handlers.load(s, s.opts.service(), false, false);
        if (rec == null) {
            return 1;
        }
        switch (s.client().signal(rec.handle(), s.opts.signal)) {
            case Reply.ACK:
                return 0;
            case Reply.SIGNAL_NOPID:
                return s.fail("dinitctl: could not get valid PID of service; service is not"
                        + " process-based or is in wrong state.");
            case Reply.SIGNAL_BADSIG:
                return s.fail("dinitctl: provided signal was invalid.");
            case Reply.SIGNAL_KILLERR:
                return s.fail("dinitctl: failed sending signal to service.");
            default:
                return s.fail("dinitctl: protocol error.");
        }
    }
}
