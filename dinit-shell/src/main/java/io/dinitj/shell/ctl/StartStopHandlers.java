package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Cmd;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.StopReason;
import java.time.Instant;
import java.util.List;

/**
 * The start/stop/status family: {@code start}, {@code wake}, {@code stop}, {@code release},
 * {@code restart}, {@code unpin}, {@code status}, {@code is-started} and {@code is-failed}
 * (docs/control-protocol.md §11, docs/cli.md §2.3 and §2.5), over {@link DaemonClient}.
 */
final class StartStopHandlers {

    private StartStopHandlers() {
    }

    static int startStop(Session s) throws CtlException {
        CtlOptions o = s.opts;
        Command c = o.command;
        String name = o.service();
        boolean stopLike = c == Command.STOP || c == Command.RELEASE;
        boolean ignoreLoad = o.ignoreUnstarted && (stopLike || c == Command.RESTART);
        DaemonClient.Lookup rec = Handlers.load(s, name, false, ignoreLoad);
        if (rec == null) {
            return ignoreLoad ? 0 : 1;
        }
        int h = rec.handle();
        if (!stopLike && s.client().version() >= Codes.Since.STATUS6) {
            String file = Handlers.serviceDir(s, h) + "/" + Handlers.baseName(name);
            Instant t = Handlers.mtime(file);
            if (t != null) {
                ServiceStatus st = Handlers.queryStatus(s, h, false);
                if (st == null) {
                    return s.fail("dinitctl: protocol error.");
                }
                if (Handlers.modified(t, st)) {
                    s.error("dinitctl: warning: service description may have changed; use"
                            + " 'dinitctl reload " + name + "' to apply changes.");
                }
            }
        }
        int pin = o.pin ? Codes.FLAG_PIN : 0;
        int gentle = o.force ? 0 : Codes.FLAG_GENTLE;
        int type;
        int flags;
        switch (c) {
            case START -> {
                type = Cmd.STARTSERVICE;
                flags = pin;
            }
            case WAKE -> {
                type = Cmd.WAKESERVICE;
                flags = pin;
            }
            case RELEASE -> {
                type = Cmd.RELEASESERVICE;
                flags = pin;
            }
            case STOP -> {
                type = Cmd.STOPSERVICE;
                flags = pin | gentle;
            }
            default -> {
                type = Cmd.STOPSERVICE;
                flags = Codes.FLAG_RESTART | Codes.FLAG_PREACK | pin | gentle;
            }
        }
        s.conn.watch(h);
        int r = s.client().startStop(type, flags, h);
        if (c == Command.RESTART) {
            if (r != Reply.PREACK) {
                return s.fail("dinitctl: protocol error.");
            }
            s.conn.seen.clear();
            r = s.client().nextReply();
        }
        ServiceState wanted = stopLike ? ServiceState.STOPPED : ServiceState.STARTED;
        switch (r) {
            case Reply.ALREADYSS:
                if (c == Command.RESTART) {
                    s.info("Service restarted.");
                } else {
                    boolean already = rec.state() == wanted;
                    s.info("Service " + (already ? "(already) " : "")
                            + (stopLike ? "stopped." : "started."));
                }
                return 0;
            case Reply.PINNEDSTARTED:
                return s.fail("dinitctl: cannot stop service '" + name
                        + "' as it is pinned started");
            case Reply.PINNEDSTOPPED:
                return s.fail("dinitctl: cannot start service '" + name
                        + "' as it is pinned stopped");
            case Reply.DEPENDENTS:
                if (c == Command.STOP || c == Command.RESTART) {
                    return dependents(s, name, c == Command.STOP, r);
                }
                return s.fail("dinitctl: protocol error.");
            case Reply.NAK:
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
            case Reply.SHUTTINGDOWN:
                return s.fail("dinitctl: cannot start/restart/wake service, shutdown is in"
                        + " progress.");
            case Reply.ACK:
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
                ServiceEvent e = s.conn.waitServiceState(true);
                if (e == ServiceEvent.STOPCANCELLED) {
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

    /** Waits for the final event and reports it (docs/cli.md §2.3). */
    static int waitFor(Session s, String name, boolean stop) throws CtlException {
        ServiceEvent e = s.conn.waitServiceState(stop);
        switch (e) {
            case STARTED:
                s.info("Service '" + name + "' started.");
                return 0;
            case STOPPED:
                s.info("Service '" + name + "' stopped.");
                return 0;
            case STARTCANCELLED:
                s.info("Service '" + name + "' start cancelled.");
                return 1;
            case STOPCANCELLED:
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
    private static int dependents(Session s, String name, boolean stop, int reply)
            throws CtlException {
        int[] handles = s.client().readDependents(reply);
        StringBuilder line = new StringBuilder(" ");
        for (int h : handles) {
            line.append(' ').append(s.client().serviceName(h));
        }
        String text = "dinitctl: cannot stop service '" + name + "' due to the following"
                + " dependents:\n";
        if (stop) {
            text += "(only direct dependents are listed. Exercise caution before using"
                    + " '--force' !!)\n";
        }
        return s.fail(text + line);
    }

    static int unpin(Session s) throws CtlException {
        String name = s.opts.service();
        DaemonClient.Lookup rec = Handlers.load(s, name, false, false);
        if (rec == null) {
            return 1;
        }
        if (s.client().unpin(rec.handle()) != Reply.ACK) {
            return s.fail("dinitctl: protocol error.");
        }
        s.info("Service '" + name + "' unpinned.");
        return 0;
    }

    // ---- status / is-started / is-failed -----------------------------------------------------

    /**
     * The lines the service's type adds to its status (a timer's next run, ...), asked only of
     * a Dinit/J daemon (docs/control-protocol.md §15).
     *
     * @return the lines; null if the daemon is not Dinit/J
     */
    static List<DaemonClient.DetailLine> detail(Session s, int handle) throws CtlException {
        if (!s.client().isDinitJ()) {
            return null;
        }
        DaemonClient.Answer<List<DaemonClient.DetailLine>> a = s.client().detail(handle);
        if (a.reply() == Reply.NAK) {
            return List.of(); // unloaded meanwhile: nothing to add
        }
        if (a.value() == null) {
            throw CtlException.protocol();
        }
        return a.value();
    }

    static int status(Session s) throws CtlException {
        Command c = s.opts.command;
        String name = s.opts.service();
        DaemonClient.Lookup rec = s.client().findService(name);
        if (!rec.found()) {
            if (c != Command.STATUS) {
                return 1;
            }
            return s.fail(rec.reply() == Reply.NOSERVICE ? "dinitctl: service not loaded."
                    : CtlException.PROTOCOL);
        }
        int h = rec.handle();
        String file = null;
        if (s.client().version() >= Codes.Since.SERVICE_DIRECTORY) {
            file = Handlers.serviceDir(s, h) + "/" + Handlers.baseName(name);
        }
        ServiceStatus st = Handlers.queryStatus(s, h, false);
        if (st == null) {
            return s.fail("dinitctl: protocol error.");
        }
        if (c == Command.STATUS) {
            boolean modified = false;
            Instant t = file == null ? null : Handlers.mtime(file);
            if (t != null && s.client().version() >= Codes.Since.STATUS6) {
                modified = Handlers.modified(t, st);
            }
            List<DaemonClient.DetailLine> detail = detail(s, h);
            if (s.opts.json) {
                s.out.print(Json.status(name, file, modified, st,
                        s.client().version() >= Codes.Since.STATUS5, detail) + "\n");
            } else {
                s.out.print(Texts.status(name, file, modified, st) + Texts.detail(detail));
            }
            return 0;
        }
        s.info(Texts.stateName(st.state()));
        if (c == Command.IS_STARTED) {
            return st.currentState() == ServiceState.STARTED ? 0 : 1;
        }
        StopReason reason = st.reason();
        return st.currentState() == ServiceState.STOPPED && (reason == StopReason.DEPFAILED
                || reason == StopReason.FAILED || reason == StopReason.EXECFAILED
                || reason == StopReason.TIMEDOUT) ? 0 : 1;
    }
}
