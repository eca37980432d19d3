package io.dinitj.core.control;

import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Cmd;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.protocol.EnumCodes;
import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.protocol.Replies;
import io.dinitj.api.protocol.Requests;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.protocol.TypeList;
import io.dinitj.api.protocol.Wire;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.TypeCapability;
import io.dinitj.api.spi.WaitStatus;
import io.dinitj.collections.HotPath;
import io.dinitj.core.load.LoadOutcome;
import io.dinitj.core.load.LoadLog;
import io.dinitj.core.log.LogBuffer;
import io.dinitj.core.service.ServiceEdge;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.core.service.ServiceSet;
import io.dinitj.core.type.ServiceTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One control client: a fixed 1024-byte receive buffer, an output queue and a handle table
 * (docs/control-protocol.md §3, §6, §8, §9). The platform puts bytes into
 * {@link #receiveBuffer()} and calls {@link #received}; complete packets are decoded and run at
 * once and their replies queued; the platform writes {@link #outputArray()} from
 * {@link #outputOffset()} for {@link #outputLength()} bytes and calls {@link #consumed}. While
 * 16384 bytes or more wait to be written, further requests stay in the receive buffer.
 *
 * <p>After a bad request the connection queues {@code BADREQ}, ignores all further input and
 * reports {@link #isFinished()} once the queued output is written; the platform then closes it.
 * Nothing escapes: an {@link OutOfMemoryError} queues {@code OOM} and ends the connection, any
 * other throwable is logged and ends it too.
 *
 * <p>Answering a status query ({@code SERVICESTATUS}, {@code SERVICESTATUS5},
 * {@code SERVICESTATUS6}) and queueing service events allocate nothing once the output queue
 * has grown to its working size.
 */
public final class ControlConnection {

    /** Size of the receive buffer, and so the largest request (upstream's value). */
    public static final int RECEIVE_BUFFER = 1024;
    /** Output queued at or above this many bytes stops the reading of requests. */
    public static final int OUTPUT_HIGH_WATER = 16384;

    private static final int INITIAL_OUTPUT = 4096;

    private final ControlServer server;
    private final ServiceSet set;
    private final byte[] in = new byte[RECEIVE_BUFFER];
    private int inLength;
    private byte[] out = new byte[INITIAL_OUTPUT];
    private int outStart;
    private int outEnd;
    private ServiceRecord[] handles = new ServiceRecord[8];
    private boolean listensEnv;
    private boolean ending;
    private boolean closed;
    private boolean processing;
    /** Complete requests handled so far. */
    private long requests;
    /** The service a start-type command in progress waits for, or null (see startStop). */
    private ServiceRecord awaited;
    /** Where, relative to outStart, the first event ending that wait was queued; or -1. */
    private int awaitedEventAt = -1;

    ControlConnection(ControlServer server) {
        this.server = server;
        this.set = server.set;
    }

    // ================================================================ platform interface

    /**
     * Returns the receive buffer; the platform reads into it at {@link #receiveLength()}.
     *
     * @return the buffer ({@value #RECEIVE_BUFFER} bytes)
     */
    @HotPath
    public byte[] receiveBuffer() {
        return in;
    }

    /**
     * Returns how many bytes of the receive buffer hold unprocessed input.
     *
     * @return the count
     */
    @HotPath
    public int receiveLength() {
        return inLength;
    }

    /**
     * Tells whether the platform should read from the client now: the connection is not ending,
     * less than {@value #OUTPUT_HIGH_WATER} bytes wait to be written, and the receive buffer has
     * room.
     *
     * @return true to read
     */
    @HotPath
    public boolean wantsInput() {
        return !ending && !closed && outputLength() < OUTPUT_HIGH_WATER
                && inLength < RECEIVE_BUFFER;
    }

    /**
     * Accepts {@code n} bytes the platform has put into the receive buffer after the
     * unprocessed ones, and runs every complete request among them.
     *
     * @param n the number of new bytes
     * @throws IllegalArgumentException if they would not fit
     */
    @HotPath
    public void received(int n) {
        if (n < 0 || n > RECEIVE_BUFFER - inLength) {
            throw new IllegalArgumentException("bad received count");
        }
        inLength += n;
        process();
    }

    /**
     * Copies bytes into the receive buffer (as much as fits) and runs complete requests; for
     * tests and embedding.
     *
     * @param src the bytes
     * @param off where they start
     * @param len how many
     * @return how many were taken
     */
    public int feed(byte[] src, int off, int len) {
        int n = Math.min(len, wantsInput() ? RECEIVE_BUFFER - inLength : 0);
        System.arraycopy(src, off, in, inLength, n);
        received(n);
        return n;
    }

    /**
     * Returns the array holding the queued output.
     *
     * @return the array; the queued bytes start at {@link #outputOffset()}
     */
    @HotPath
    public byte[] outputArray() {
        return out;
    }

    /**
     * Returns where the queued output starts in {@link #outputArray()}.
     *
     * @return the offset
     */
    @HotPath
    public int outputOffset() {
        return outStart;
    }

    /**
     * Returns the number of bytes waiting to be written.
     *
     * @return the count
     */
    @HotPath
    public int outputLength() {
        return outEnd - outStart;
    }

    /**
     * Removes {@code n} written bytes from the front of the output queue; if that brings the
     * queue below {@value #OUTPUT_HIGH_WATER} bytes, requests waiting in the receive buffer run.
     *
     * @param n the number written
     */
    @HotPath
    public void consumed(int n) {
        if (n < 0 || n > outputLength()) {
            throw new IllegalArgumentException("bad consumed count");
        }
        outStart += n;
        if (outStart == outEnd) {
            outStart = 0;
            outEnd = 0;
        }
        if (inLength > 0) {
            process();
        }
    }

    /**
     * Returns how many complete requests the connection has handled: 0 for a client that has
     * sent nothing, or only part of its first packet.
     *
     * @return the count
     */
    @HotPath
    public long requestsHandled() {
        return requests;
    }

    /**
     * Tells whether the client is listening for something: it holds a service handle (whose
     * events it is sent, as the shell's {@code watch} and a waiting {@code dinitctl start} do)
     * or asked for environment events. A quiet connection that listens is in use, not idle.
     *
     * @return true if it holds a handle or listens to the environment
     */
    @HotPath
    public boolean isListening() {
        if (listensEnv) {
            return true;
        }
        for (ServiceRecord h : handles) {
            if (h != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells whether the connection has ended (after a bad request or an error) and all its
     * output is written: the platform should close it now.
     *
     * @return true to close
     */
    @HotPath
    public boolean isFinished() {
        return closed || ending && outputLength() == 0;
    }

    /**
     * Tells whether the connection decided to end (bad request, out of memory, internal error).
     *
     * @return true once ending; it then reads nothing more
     */
    @HotPath
    public boolean isEnding() {
        return ending || closed;
    }

    /**
     * Releases the connection: all its handles, its event registrations. Idempotent. The
     * platform calls it when the client went away or after {@link #isFinished()}.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ending = true;
        for (int i = 0; i < handles.length; i++) {
            handles[i] = null;
        }
        server.remove(this);
    }

    // ================================================================ handles

    /** Allocates the lowest free handle for {@code r} (section 6.1). */
    private int allocHandle(ServiceRecord r) {
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] == null) {
                handles[i] = r;
                return i;
            }
        }
        ServiceRecord[] n = new ServiceRecord[handles.length * 2];
        System.arraycopy(handles, 0, n, 0, handles.length);
        int h = handles.length;
        handles = n;
        handles[h] = r;
        return h;
    }

    @HotPath
    private ServiceRecord lookup(int h) {
        return h >= 0 && h < handles.length ? handles[h] : null;
    }

    boolean holds(ServiceRecord r) {
        for (ServiceRecord h : handles) {
            if (h == r) {
                return true;
            }
        }
        return false;
    }

    private void releaseAll(ServiceRecord r) {
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] == r) {
                handles[i] = null;
            }
        }
    }

    // ================================================================ events

    @HotPath
    void serviceEvent(ServiceRecord r, ServiceEvent event) {
        if (ending) {
            return;
        }
        try {
            // Order between handles is unspecified (section 7); newest numbers first, like
            // upstream usually does. The v5/legacy pair of one handle is adjacent.
            if (r == awaited && awaitedEventAt < 0 && (event == ServiceEvent.STARTED
                    || event == ServiceEvent.FAILEDSTART
                    || event == ServiceEvent.STARTCANCELLED)) {
                awaitedEventAt = outEnd - outStart;
            }
            for (int h = handles.length - 1; h >= 0; h--) {
                if (handles[h] == r) {
                    ensure(InfoPackets.ServiceEvent.V5_SIZE
                            + InfoPackets.ServiceEvent.LEGACY_SIZE);
                    outEnd = InfoPackets.ServiceEvent.encodeHeader(out, outEnd, true, h,
                            event.code());
                    status(r, ServiceStatus.V5_SIZE);
                    outEnd = InfoPackets.ServiceEvent.encodeHeader(out, outEnd, false, h,
                            event.code());
                    status(r, ServiceStatus.LEGACY_SIZE);
                }
            }
        } catch (OutOfMemoryError e) {
            outOfMemory();
        }
    }

    void envEvent(byte[] src, int off, int len, boolean existed) {
        if (!listensEnv || ending) {
            return;
        }
        try {
            ensure(InfoPackets.EnvEvent.DATA + len + InfoPackets.EnvEvent.TERMINATOR);
            // The length byte covers only the 5-byte header (upstream quirk, section 4.3);
            // listeners know to read datalen further bytes.
            outEnd = InfoPackets.EnvEvent.encode(out, outEnd, existed, src, off, len);
        } catch (OutOfMemoryError e) {
            outOfMemory();
        }
    }

    // ================================================================ request processing

    @HotPath
    private void process() {
        if (processing || closed) {
            return;
        }
        processing = true;
        try {
            int pos = 0;
            while (!ending && pos < inLength && outputLength() < OUTPUT_HIGH_WATER) {
                int used = handle(pos, inLength - pos);
                if (used == 0) {
                    break;
                }
                pos += used;
                requests++;
            }
            if (ending) {
                inLength = 0; // bytes after a bad request are ignored
            } else if (pos > 0) {
                System.arraycopy(in, pos, in, 0, inLength - pos);
                inLength -= pos;
            }
        } catch (OutOfMemoryError e) {
            outOfMemory();
        } catch (Throwable t) {
            ending = true;
            inLength = 0;
            logSafely(t);
        } finally {
            processing = false;
        }
    }

    private void logSafely(Throwable t) {
        try {
            server.hooks.log(LogLevel.ERROR, "Error processing control request: " + t);
        } catch (Throwable again) {
            // Nothing left to report with; the connection ends anyway.
        }
    }

    /** Queues OOM after what is queued and ends the connection (section 9). */
    private void outOfMemory() {
        ending = true;
        inLength = 0;
        if (outEnd < out.length) {
            outEnd = Replies.Bare.encode(out, outEnd, Reply.OOM);
        } else if (outStart > 0) {
            compact();
            outEnd = Replies.Bare.encode(out, outEnd, Reply.OOM);
        }
    }

    /** Queues BADREQ and ends the connection; returns a count so callers can return it. */
    private int badRequest(int used) {
        reply(Reply.BADREQ);
        ending = true;
        return used;
    }

    /**
     * Runs the request at {@code in[p]} if it is complete.
     *
     * @return bytes used, 0 if the request is incomplete
     */
    @HotPath
    private int handle(int p, int avail) {
        int op = Wire.u8(in, p);
        switch (op) {
            case Cmd.QUERYVERSION:
                ensure(Replies.Version.SIZE);
                outEnd = Replies.Version.encode(out, outEnd, Codes.MIN_VERSION, Codes.VERSION);
                return Requests.Bare.SIZE;
            case Cmd.FINDSERVICE:
            case Cmd.LOADSERVICE:
                return findOrLoad(p, avail, op == Cmd.LOADSERVICE);
            case Cmd.STARTSERVICE:
            case Cmd.STOPSERVICE:
            case Cmd.WAKESERVICE:
            case Cmd.RELEASESERVICE:
                return avail < Requests.FlagsHandle.SIZE ? 0 : startStop(op,
                        Requests.FlagsHandle.flags(in, p), Requests.FlagsHandle.handle(in, p));
            case Cmd.UNPINSERVICE:
                return avail < Requests.Handle.SIZE ? 0 : unpin(Requests.Handle.handle(in, p));
            case Cmd.LISTSERVICES:
            case Cmd.LISTSERVICES5:
                list(op == Cmd.LISTSERVICES5 ? ServiceStatus.V5_SIZE : ServiceStatus.LEGACY_SIZE);
                return Requests.Bare.SIZE;
            case Cmd.UNLOADSERVICE:
                return avail < Requests.Handle.SIZE ? 0 : unload(Requests.Handle.handle(in, p));
            case Cmd.RELOADSERVICE:
                return avail < Requests.Handle.SIZE ? 0 : reload(Requests.Handle.handle(in, p));
            case Cmd.SHUTDOWN:
                return avail < Requests.ByteArgument.SIZE ? 0
                        : shutdown(Requests.ByteArgument.value(in, p));
            case Cmd.ADD_DEP:
            case Cmd.REM_DEP:
            case Cmd.ENABLESERVICE:
            case Cmd.ENABLE_SERVICE_V7:
                return avail < Requests.Dependency.SIZE ? 0 : dependency(op,
                        Requests.Dependency.kind(in, p), Requests.Dependency.from(in, p),
                        Requests.Dependency.to(in, p));
            case Cmd.QUERY_LOAD_MECH:
                loadMechanism();
                return Requests.Bare.SIZE;
            case Cmd.QUERYSERVICENAME:
                return avail < Requests.FlagsHandle.SIZE ? 0
                        : serviceName(Requests.FlagsHandle.handle(in, p));
            case Cmd.SETENV:
                return setenv(p, avail);
            case Cmd.SERVICESTATUS:
                return avail < Requests.Handle.SIZE ? 0
                        : serviceStatus(Requests.Handle.handle(in, p), ServiceStatus.LEGACY_SIZE);
            case Cmd.SERVICESTATUS5:
                return avail < Requests.Handle.SIZE ? 0
                        : serviceStatus(Requests.Handle.handle(in, p), ServiceStatus.V5_SIZE);
            case Cmd.SERVICESTATUS6:
                return avail < Requests.Handle.SIZE ? 0
                        : serviceStatus(Requests.Handle.handle(in, p), ServiceStatus.V6_SIZE);
            case Cmd.SETTRIGGER:
                return avail < Requests.Trigger.SIZE ? 0 : setTrigger(
                        Requests.Trigger.handle(in, p), in[p + Requests.Trigger.VALUE]);
            case Cmd.CATLOG:
                return avail < Requests.FlagsHandle.SIZE ? 0 : catlog(
                        Requests.FlagsHandle.flags(in, p), Requests.FlagsHandle.handle(in, p));
            case Cmd.SIGNAL:
                return avail < Requests.Signal.SIZE ? 0
                        : signal(Requests.Signal.signal(in, p), Requests.Signal.handle(in, p));
            case Cmd.QUERYSERVICEDSCDIR:
                return avail < Requests.FlagsHandle.SIZE ? 0 : serviceDirectory(
                        Requests.FlagsHandle.flags(in, p), Requests.FlagsHandle.handle(in, p));
            case Cmd.CLOSEHANDLE:
                return avail < Requests.Handle.SIZE ? 0
                        : closeHandle(Requests.Handle.handle(in, p));
            case Cmd.GETALLENV:
                return avail < Requests.ByteArgument.SIZE ? 0
                        : allEnv(Requests.ByteArgument.value(in, p));
            case Cmd.DJ_DEPENDENCIES:
                return avail < Requests.FlagsHandle.SIZE ? 0 : edges(
                        Requests.FlagsHandle.flags(in, p), Requests.FlagsHandle.handle(in, p));
            case Cmd.DJ_LIST_TYPES:
                listTypes();
                return Requests.Bare.SIZE;
            case Cmd.DJ_SERVICE_DETAIL:
                return avail < Requests.Handle.SIZE ? 0
                        : detail(Requests.Handle.handle(in, p));
            case Cmd.LISTENENV:
                listensEnv = true;
                reply(Reply.ACK);
                return Requests.Bare.SIZE;
            default:
                return badRequest(Requests.Bare.SIZE);
        }
    }

    // ---------------------------------------------------------------- FIND / LOAD (6.2)

    private int findOrLoad(int p, int avail, boolean load) {
        if (avail < Requests.Named.DATA) {
            return 0;
        }
        int len = Requests.Named.length(in, p);
        // Quirk decided: upstream waits for a 4th byte before rejecting a bad length; we reject
        // as soon as the length field is complete (no client sends one, and the byte we would
        // wait for is not part of the request).
        if (len == 0 || len > Codes.MAX_NAME_LENGTH) {
            return badRequest(Requests.Named.DATA);
        }
        if (avail < Requests.Named.size(len)) {
            return 0;
        }
        byte first = in[p + Requests.Named.DATA];
        if (first == '.' || first == '@') {
            return badRequest(Requests.Named.size(len));
        }
        String name = new String(in, p + Requests.Named.DATA, len, StandardCharsets.UTF_8);
        ServiceRecord r = set.find(name);
        if (r != null && r.isPlaceholder()) {
            r = null;
        }
        if (r == null && load) {
            r = loadService(name);
            if (r == null) {
                return Requests.Named.size(len); // the failure reply is queued
            }
        }
        if (r == null) {
            reply(Reply.NOSERVICE);
            return Requests.Named.size(len);
        }
        int h = allocHandle(r);
        ensure(Replies.ServiceRecord.SIZE);
        outEnd = Replies.ServiceRecord.encode(out, outEnd, r.state().code(), h,
                r.target().code());
        return Requests.Named.size(len);
    }

    private ServiceRecord loadService(String name) {
        LoadOutcome o;
        try {
            o = server.graph.load(name);
        } catch (RuntimeException e) {
            server.hooks.log(LogLevel.ERROR, "Could not load service " + name + ": " + e);
            reply(Reply.SERVICE_LOAD_ERR);
            return null;
        }
        for (LoadLog.Line line : LoadLog.lines(name, o, LoadLog.Origin.CONTROL)) {
            server.hooks.log(line.level(), line.text());
        }
        if (o.succeeded()) {
            ServiceRecord r = set.find(name);
            if (r != null && !r.isPlaceholder()) {
                return r;
            }
            server.hooks.log(LogLevel.ERROR, "Could not load service " + name
                    + ": not loaded after loading");
            reply(Reply.SERVICE_LOAD_ERR);
            return null;
        }
        switch (o.failure()) {
            case NOT_FOUND -> reply(Reply.NOSERVICE);
            case DESCRIPTION_ERROR -> reply(LoadLog.isDescriptionError(o)
                    ? Reply.SERVICE_DESC_ERR : Reply.SERVICE_LOAD_ERR);
            default -> reply(Reply.SERVICE_LOAD_ERR);
        }
        return null;
    }

    // ---------------------------------------------------------------- START etc. (6.3)

    /**
     * START, STOP, WAKE, RELEASE (section 6.3). A start, wake or restart whose start ends
     * within the command (an exec that fails at once, a dependency that fails, a start cancelled
     * by its own consequences) puts its ACK before the event that ends the start, not after
     * it: upstream's dinitctl, given ACK, waits for STARTED, FAILEDSTART or STARTCANCELLED
     * after the reply and never returns if that event came first (with upstream's daemon such
     * failures arrive later from the event loop, so its client sees this same order).
     */
    @HotPath
    private int startStop(int op, int flags, int h) {
        ServiceRecord r = lookup(h);
        if (r == null) {
            return badRequest(Requests.FlagsHandle.SIZE);
        }
        boolean pin = (flags & Codes.FLAG_PIN) != 0;
        if ((flags & Codes.FLAG_PREACK) != 0) {
            reply(Reply.PREACK);
        }
        if (op != Cmd.RELEASESERVICE) {
            awaited = r;
            awaitedEventAt = -1;
        }
        try {
            switch (op) {
                case Cmd.STARTSERVICE -> {
                    ServiceSet.Result res = set.start(r, pin);
                    if (res == ServiceSet.Result.SHUTTING_DOWN) {
                        reply(Reply.SHUTTINGDOWN);
                    } else if (res == ServiceSet.Result.PINNED_STOPPED) {
                        reply(Reply.PINNEDSTOPPED);
                    } else {
                        startReply(r.state() == ServiceState.STARTED ? Reply.ALREADYSS
                                : Reply.ACK);
                    }
                }
                case Cmd.STOPSERVICE -> stop(r, flags, pin);
                case Cmd.WAKESERVICE -> {
                    ServiceSet.Result res = set.wake(r, pin);
                    if (res == ServiceSet.Result.SHUTTING_DOWN) {
                        reply(Reply.SHUTTINGDOWN);
                    } else if (res == ServiceSet.Result.PINNED_STOPPED) {
                        reply(Reply.PINNEDSTOPPED);
                    } else if (r.state() == ServiceState.STARTED) {
                        reply(Reply.ALREADYSS); // even with no dependent found (section 6.3)
                    } else {
                        startReply(res == ServiceSet.Result.OK ? Reply.ACK : Reply.NAK);
                    }
                }
                default -> {
                    set.release(r, pin);
                    reply(r.state() == ServiceState.STOPPED ? Reply.ALREADYSS : Reply.ACK);
                }
            }
        } finally {
            awaited = null;
            awaitedEventAt = -1;
        }
        return Requests.FlagsHandle.SIZE;
    }

    /**
     * Queues the reply to a start-type command: an ACK goes before the first event that ended
     * the start during the command, if there was one (see {@link #startStop}); anything else
     * at the end.
     */
    @HotPath
    private void startReply(int code) {
        if (code != Reply.ACK || awaitedEventAt < 0) {
            reply(code);
            return;
        }
        ensure(Replies.Bare.SIZE);
        int at = outStart + awaitedEventAt;
        System.arraycopy(out, at, out, at + Replies.Bare.SIZE, outEnd - at);
        Replies.Bare.encode(out, at, code);
        outEnd += Replies.Bare.SIZE;
    }

    private void stop(ServiceRecord r, int flags, boolean pin) {
        boolean restart = (flags & Codes.FLAG_RESTART) != 0;
        if (restart && set.isShuttingDown()) {
            reply(Reply.SHUTTINGDOWN);
            return;
        }
        ServiceState s = r.state();
        if (r.isStartPinned() && (s == ServiceState.STARTED || s == ServiceState.STARTING)) {
            reply(Reply.PINNEDSTARTED);
            return;
        }
        if ((flags & Codes.FLAG_GENTLE) != 0 && set.heldByHardDependent(r)) {
            dependents(r);
            return;
        }
        if (restart) {
            if (s != ServiceState.STARTED) {
                reply(Reply.NAK);
                return;
            }
            ServiceSet.Result res = set.restart(r);
            if (res == ServiceSet.Result.SHUTTING_DOWN) {
                reply(Reply.SHUTTINGDOWN);
            } else if (res == ServiceSet.Result.PINNED_STARTED) {
                reply(Reply.PINNEDSTARTED);
            } else if (res != ServiceSet.Result.OK) {
                reply(Reply.NAK);
            } else {
                startReply(r.state() == ServiceState.STARTED ? Reply.ALREADYSS : Reply.ACK);
            }
            return;
        }
        awaited = null; // a plain stop waits for STOPPED, which cannot precede its ACK
        ServiceSet.Result res = set.stop(r, pin);
        if (res == ServiceSet.Result.PINNED_STARTED) {
            reply(Reply.PINNEDSTARTED);
        } else {
            reply(r.state() == ServiceState.STOPPED ? Reply.ALREADYSS : Reply.ACK);
        }
    }

    /** DEPENDENTS: a new handle per regular/prepared-by dependent that holds {@code r}. */
    private void dependents(ServiceRecord r) {
        int n = 0;
        for (int i = 0; i < r.dependentCount(); i++) {
            if (holdsHard(r.dependent(i))) {
                n++;
            }
        }
        ensure(Replies.Dependents.size(n));
        outEnd = Replies.Dependents.encodeHeader(out, outEnd, n);
        for (int i = 0; i < r.dependentCount(); i++) {
            ServiceEdge e = r.dependent(i);
            if (holdsHard(e)) {
                outEnd = Replies.Dependents.encodeHandle(out, outEnd, allocHandle(e.from()));
            }
        }
    }

    private static boolean holdsHard(ServiceEdge e) {
        return e.isHolding() && (e.kind() == DependencyKind.REGULAR
                || e.kind() == DependencyKind.PREPARED_BY);
    }

    /**
     * DJ_DEPENDENCIES (a Dinit/J extension): the service's dependency edges, or its dependents'
     * edges, with kind, holding flag and the other end's name (names over 65535 bytes cut).
     */
    private int edges(int flags, int h) {
        if ((flags & ~Cmd.DJ_FLAG_DEPENDENTS) != 0) {
            return badRequest(Requests.FlagsHandle.SIZE);
        }
        ServiceRecord r = lookup(h);
        if (r == null) {
            reply(Reply.NAK);
            return Requests.FlagsHandle.SIZE;
        }
        boolean dependents = flags != 0;
        int n = dependents ? r.dependentCount() : r.dependencyCount();
        ensure(Replies.Edges.EDGES);
        outEnd = Replies.Edges.encodeHeader(out, outEnd, n);
        for (int i = 0; i < n; i++) {
            ServiceEdge e = dependents ? r.dependent(i) : r.dependency(i);
            ServiceRecord other = dependents ? e.from() : e.to();
            byte[] name = other.name().getBytes(StandardCharsets.UTF_8);
            int len = Math.min(name.length, Replies.Edges.MAX_NAME);
            ensure(Replies.Edges.EDGE_NAME + len);
            outEnd = Replies.Edges.encodeEdge(out, outEnd, e.kind().code(), e.isHolding(),
                    other.isPlaceholder(), name, len);
        }
        return Requests.FlagsHandle.SIZE;
    }

    /**
     * DJ_LIST_TYPES (a Dinit/J extension): every service type, in name order, with its origin,
     * whether it is refused (a clash), its capabilities and its settings. Allocates: it is asked
     * rarely, by a person.
     */
    private void listTypes() {
        ServiceTypes types = set.types();
        List<TypeList.Entry> entries = new ArrayList<>();
        for (String name : types.names()) {
            List<String> capabilities = new ArrayList<>();
            for (TypeCapability c : types.capabilities(name)) {
                capabilities.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            List<TypeList.Setting> settings = new ArrayList<>();
            for (TypeSetting<?> s : types.settings(name)) {
                settings.add(new TypeList.Setting(s.name(), s.required(), s.repeatable(),
                        s.help()));
            }
            String origin = types.origin(name);
            entries.add(new TypeList.Entry(name, origin == null ? "" : origin,
                    types.isClash(name), capabilities, settings));
        }
        byte[] reply = TypeList.encode(entries);
        ensure(reply.length);
        outEnd = Wire.putBytes(out, outEnd, reply, 0, reply.length);
    }

    /**
     * DJ_SERVICE_DETAIL (a Dinit/J extension): the lines the service's behaviour adds to its
     * status ({@code ServiceBehaviour.describe}); none for a placeholder. Not a hot path: the
     * behaviour may allocate. A behaviour that throws gives no lines, and a warning is logged.
     */
    private int detail(int h) {
        ServiceRecord r = lookup(h);
        if (r == null) {
            reply(Reply.NAK);
            return Requests.Handle.SIZE;
        }
        List<String> lines = new ArrayList<>();
        if (r.behaviour() != null) {
            try {
                r.behaviour().describe((key, value) -> {
                    lines.add(String.valueOf(key));
                    lines.add(String.valueOf(value));
                });
            } catch (RuntimeException | LinkageError e) {
                lines.clear();
                server.hooks.log(LogLevel.WARN, r.name() + ": service type '"
                        + r.description().type() + "' threw from describe: " + e);
            }
        }
        ensure(Replies.Detail.LINES);
        outEnd = Replies.Detail.encodeHeader(out, outEnd, lines.size() / 2);
        for (String text : lines) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int len = Math.min(bytes.length, Replies.Detail.MAX_TEXT);
            ensure(Replies.Detail.TEXT + len);
            outEnd = Replies.Detail.encodeText(out, outEnd, bytes, len);
        }
        return Requests.Handle.SIZE;
    }

    private int unpin(int h) {
        ServiceRecord r = lookup(h);
        if (r == null) {
            return badRequest(Requests.Handle.SIZE);
        }
        set.unpin(r);
        reply(Reply.ACK);
        return Requests.Handle.SIZE;
    }

    // ---------------------------------------------------------------- LIST (6.5)

    private void list(int statusSize) {
        for (ServiceRecord r = set.first(); r != null; r = set.next(r)) {
            if (r.isPlaceholder()) {
                continue;
            }
            byte[] name = r.name().getBytes(StandardCharsets.UTF_8);
            // Quirk fixed: upstream truncates names to 256 bytes but stores the length in one
            // byte (256 becomes 0, desynchronising the stream); we truncate to 255.
            int len = Math.min(name.length, Replies.ListEntry.MAX_NAME);
            ensure(Replies.ListEntry.size(statusSize, len));
            outEnd = Replies.ListEntry.encodeHeader(out, outEnd, len);
            status(r, statusSize);
            outEnd = Wire.putBytes(out, outEnd, name, 0, len);
        }
        reply(Reply.LISTDONE);
    }

    // ---------------------------------------------------------------- UNLOAD / RELOAD (6.6, 6.9)

    private int unload(int h) {
        ServiceRecord r = lookup(h);
        if (r == null) {
            return badRequest(Requests.Handle.SIZE);
        }
        if (server.heldElsewhere(this, r) || server.graph.unload(r) != ServiceSet.Result.OK) {
            reply(Reply.NAK);
            return Requests.Handle.SIZE;
        }
        // Upstream forgets only the handle used and leaves other numbers for the same service
        // dangling; we release them all (section 6.6 recommends it).
        releaseAll(r);
        reply(Reply.ACK);
        return Requests.Handle.SIZE;
    }

    private int reload(int h) {
        ServiceRecord r = lookup(h);
        if (r == null) {
            return badRequest(Requests.Handle.SIZE);
        }
        if (server.heldElsewhere(this, r)) {
            reply(Reply.NAK);
            return Requests.Handle.SIZE;
        }
        handles[h] = null;
        if (r.isPlaceholder()) {
            int mark = outputLength();
            if (loadService(r.name()) == null) {
                outEnd = outStart + mark; // drop loadService's own failure reply: just NAK
                reply(Reply.NAK);
            } else {
                reply(Reply.ACK);
            }
            return Requests.Handle.SIZE;
        }
        String why;
        try {
            why = server.graph.reload(r);
        } catch (RuntimeException e) {
            why = e.toString();
        }
        if (why != null) {
            Map.Entry<String, LoadOutcome> dep = server.graph.reloadDependencyFailure();
            if (dep != null) {
                for (LoadLog.Line line : LoadLog.lines(dep.getKey(), dep.getValue(),
                        LoadLog.Origin.CONTROL)) {
                    server.hooks.log(line.level(), line.text());
                }
            }
            server.hooks.log(LogLevel.ERROR, "Could not reload service " + r.name() + ": " + why);
            reply(Reply.NAK);
        } else {
            reply(Reply.ACK);
        }
        return Requests.Handle.SIZE;
    }

    // ---------------------------------------------------------------- SHUTDOWN (6.7)

    private int shutdown(int type) {
        if (type < ShutdownType.REMAIN.code() || type > ShutdownType.KEXEC.code()) {
            return badRequest(Requests.ByteArgument.SIZE);
        }
        server.hooks.shutdown(EnumCodes.shutdownType(type));
        reply(Reply.ACK);
        return Requests.ByteArgument.SIZE;
    }

    // ---------------------------------------------------------------- dependencies (6.8)

    private int dependency(int op, int type, int hFrom, int hTo) {
        ServiceRecord from = lookup(hFrom);
        ServiceRecord to = lookup(hTo);
        if (from == null || to == null || from == to) {
            return badRequest(Requests.Dependency.SIZE);
        }
        DependencyKind kind = EnumCodes.linkableKind(type);
        if (kind == null) {
            // Quirk fixed: upstream queues BADREQ but goes on processing the request; we stop.
            return badRequest(Requests.Dependency.SIZE);
        }
        if (op == Cmd.REM_DEP) {
            reply(server.graph.removeDependency(from, to, kind) == ServiceSet.Result.OK
                    ? Reply.ACK : Reply.NAK);
            return Requests.Dependency.SIZE;
        }
        boolean existed = false;
        for (int i = 0; i < from.dependencyCount(); i++) {
            ServiceEdge e = from.dependency(i);
            if (e.to() == to && e.kind() == kind) {
                existed = true;
            }
        }
        boolean ok;
        if (kind == DependencyKind.REGULAR && from.state() != ServiceState.STOPPED
                && to.state() != ServiceState.STARTED) {
            ok = false;
        } else {
            // An identical link is reused; ENABLE makes it hold (and so start "to") if the
            // dependent is active, also when it existed without holding (section 6.8).
            ok = server.graph.addDependency(from, to, kind, op != Cmd.ADD_DEP)
                    == ServiceSet.Result.OK;
        }
        if (!ok) {
            reply(Reply.NAK);
        } else if (op == Cmd.ENABLE_SERVICE_V7) {
            ensure(Replies.Status.STATUS + ServiceStatus.V6_SIZE);
            outEnd = Replies.Status.encodeHeader(out, outEnd,
                    existed ? Codes.LINK_EXISTED : Codes.RESERVED);
            status(to, ServiceStatus.V6_SIZE);
        } else {
            reply(Reply.ACK);
        }
        return Requests.Dependency.SIZE;
    }

    // ---------------------------------------------------------------- queries

    private void loadMechanism() {
        String cwd = server.hooks.workingDirectory();
        List<String> dirs = server.hooks.serviceDirectories();
        byte[] cwdBytes = cwd == null ? new byte[0] : cwd.getBytes(StandardCharsets.UTF_8);
        byte[][] dirBytes = new byte[dirs.size()][];
        int total = Replies.LoaderMechanism.CWD + cwdBytes.length;
        for (int i = 0; i < dirBytes.length; i++) {
            dirBytes[i] = dirs.get(i).getBytes(StandardCharsets.UTF_8);
            total += Replies.LoaderMechanism.DIRECTORY_HEADER + dirBytes[i].length;
        }
        ensure(total);
        outEnd = Replies.LoaderMechanism.encodeHeader(out, outEnd, total, dirBytes.length,
                cwdBytes.length);
        outEnd = Wire.putBytes(out, outEnd, cwdBytes, 0, cwdBytes.length);
        for (byte[] d : dirBytes) {
            outEnd = Replies.LoaderMechanism.encodeDirectory(out, outEnd, d);
        }
    }

    private int serviceName(int h) {
        ServiceRecord r = lookup(h);
        if (r == null) {
            reply(Reply.NAK);
            return Requests.FlagsHandle.SIZE;
        }
        byte[] name = r.name().getBytes(StandardCharsets.UTF_8);
        if (name.length > Replies.ServiceName.MAX_NAME) {
            reply(Reply.NAK);
            return Requests.FlagsHandle.SIZE;
        }
        ensure(Replies.ServiceName.NAME + name.length);
        outEnd = Replies.ServiceName.encode(out, outEnd, name, name.length);
        return Requests.FlagsHandle.SIZE;
    }

    @HotPath
    private int serviceStatus(int h, int size) {
        ServiceRecord r = lookup(h);
        if (r == null) {
            reply(Reply.NAK);
            return Requests.Handle.SIZE;
        }
        ensure(Replies.Status.STATUS + size);
        outEnd = Replies.Status.encodeHeader(out, outEnd, Codes.RESERVED);
        status(r, size);
        return Requests.Handle.SIZE;
    }

    private int serviceDirectory(int reserved, int h) {
        if (reserved == Cmd.DJ_PROBE) {
            // The Dinit/J probe (docs/control-protocol.md §15): upstream answers NAK.
            reply(Reply.ACK);
            return Requests.FlagsHandle.SIZE;
        }
        ServiceRecord r = lookup(h);
        ServiceDescription d = r == null ? null : r.description();
        if (reserved != Codes.RESERVED || d == null || d.source().directory() == null) {
            reply(Reply.NAK);
            return Requests.FlagsHandle.SIZE;
        }
        byte[] dir = d.source().directory().getBytes(StandardCharsets.UTF_8);
        ensure(Replies.DescriptionDirectory.DATA + dir.length);
        outEnd = Replies.DescriptionDirectory.encode(out, outEnd, dir, dir.length);
        return Requests.FlagsHandle.SIZE;
    }

    private int closeHandle(int h) {
        if (lookup(h) == null) {
            return badRequest(Requests.Handle.SIZE);
        }
        handles[h] = null;
        reply(Reply.ACK);
        return Requests.Handle.SIZE;
    }

    // ---------------------------------------------------------------- trigger, log, signal

    private int setTrigger(int h, byte value) {
        ServiceRecord r = lookup(h);
        if (r == null || set.trigger(r, value != 0) != ServiceSet.Result.OK) {
            reply(Reply.NAK);
        } else {
            reply(Reply.ACK);
        }
        return Requests.Trigger.SIZE;
    }

    private int catlog(int flags, int h) {
        ServiceRecord r = lookup(h);
        ServiceDescription d = r == null ? null : r.description();
        // Only a service that runs a command (so has one) buffers its output.
        if (d == null || d.log().type() != LogType.BUFFER || d.process() == null
                || d.process().command().isEmpty()) {
            reply(Reply.NAK);
            return Requests.FlagsHandle.SIZE;
        }
        // The buffer is made when the service first runs; before that it is empty (upstream
        // answers an empty log, not NAK).
        LogBuffer b = server.hooks.logBuffer(r);
        int len = b == null ? 0 : b.length();
        ensure(Replies.ServiceLog.DATA + len);
        outEnd = Replies.ServiceLog.encodeHeader(out, outEnd, len);
        if (b != null) {
            b.copyTo(out, outEnd);
            outEnd += len;
            if ((flags & Codes.FLAG_CLEAR_LOG) != 0) {
                b.clear();
            }
        }
        return Requests.FlagsHandle.SIZE;
    }

    private int signal(int signo, int h) {
        ServiceRecord r = lookup(h);
        if (r == null) {
            reply(Reply.NAK);
            return Requests.Signal.SIZE;
        }
        int pid = r.pid();
        if (pid == -1 || pid == 0) {
            reply(Reply.SIGNAL_NOPID);
            return Requests.Signal.SIZE;
        }
        int res = server.hooks.signal(pid, signo);
        if (res == 0) {
            reply(Reply.ACK);
        } else if (res == -Errno.EINVAL) {
            server.hooks.log(LogLevel.ERROR, "Requested signal not in valid signal range.");
            reply(Reply.SIGNAL_BADSIG);
        } else {
            server.hooks.log(LogLevel.ERROR, "Error sending signal to process: "
                    + server.hooks.strerror(-res));
            reply(Reply.SIGNAL_KILLERR);
        }
        return Requests.Signal.SIZE;
    }

    // ---------------------------------------------------------------- environment (6.14-6.16)

    private int setenv(int p, int avail) {
        if (avail < Requests.Named.DATA) {
            return 0;
        }
        int len = Requests.Named.length(in, p);
        if (len == 0 || len > Codes.MAX_NAME_LENGTH) {
            return badRequest(Requests.Named.DATA);
        }
        if (avail < Requests.Named.size(len)) {
            return 0;
        }
        int start = p + Requests.Named.DATA;
        int eq = -1;
        for (int i = 0; i < len; i++) {
            if (in[start + i] == '=') {
                eq = i;
                break;
            }
        }
        if (eq == 0) {
            return badRequest(Requests.Named.size(len));
        }
        Map<String, String> env = server.env;
        boolean existed;
        if (eq < 0) {
            String name = new String(in, start, len, StandardCharsets.UTF_8);
            existed = env.remove(name) != null;
        } else {
            String name = new String(in, start, eq, StandardCharsets.UTF_8);
            String value = new String(in, start + eq + 1, len - eq - 1, StandardCharsets.UTF_8);
            existed = env.put(name, value) != null;
        }
        server.envEvent(in, start, len, existed);
        reply(Reply.ACK);
        return Requests.Named.size(len);
    }

    private int allEnv(int reserved) {
        if (reserved != Codes.RESERVED) {
            return badRequest(Requests.ByteArgument.SIZE);
        }
        long total = 0;
        for (Map.Entry<String, String> e : server.env.entrySet()) {
            total += Replies.AllEnv.entrySize(e.getKey().getBytes(StandardCharsets.UTF_8).length,
                    e.getValue().getBytes(StandardCharsets.UTF_8).length);
        }
        ensure((int) Math.min(Integer.MAX_VALUE - 64, Replies.AllEnv.DATA + total));
        outEnd = Replies.AllEnv.encodeHeader(out, outEnd, total);
        for (Map.Entry<String, String> e : server.env.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
            ensure(Replies.AllEnv.entrySize(k.length, v.length));
            outEnd = Replies.AllEnv.encodeEntry(out, outEnd, k, v);
        }
        return Requests.ByteArgument.SIZE;
    }

    // ================================================================ status encoding (5)

    /** Writes a 10-, 14- or 30-byte status of {@code r}; room must have been ensured. */
    @HotPath
    private void status(ServiceRecord r, int size) {
        int pid = r.pid();
        boolean hasPid = pid != -1;
        StopReason why = r.stopReason();
        boolean execFailed = !hasPid && why == StopReason.EXECFAILED;
        int flags = ServiceStatus.flags(r.isWaitingForConsole(), r.hasConsole(),
                r.startSkipped(), r.isExplicit(), hasPid);
        int stage = execFailed && r.execStage() != null ? r.execStage().code() : 0;
        int code;
        int siStatus;
        if (hasPid) {
            code = pid;
            siStatus = 0;
        } else if (execFailed) {
            code = r.execErrno();
            siStatus = 0;
        } else {
            int ws = r.lastExitStatus();
            if (ws == -1) {
                code = 0;
                siStatus = 0;
            } else if (WaitStatus.didExit(ws)) {
                code = Codes.CLD_EXITED;
                siStatus = WaitStatus.exitCode(ws);
            } else {
                code = (ws & 0x80) != 0 ? Codes.CLD_DUMPED : Codes.CLD_KILLED;
                siStatus = WaitStatus.signal(ws);
            }
        }
        long sec = 0;
        long nsec = 0;
        if (size == ServiceStatus.V6_SIZE) {
            ServiceDescription d = r.description();
            FileTime t = d == null ? null : d.source().modified();
            if (t != null) {
                long nanos = t.to(TimeUnit.NANOSECONDS);
                sec = Math.floorDiv(nanos, 1_000_000_000L);
                nsec = Math.floorMod(nanos, 1_000_000_000L);
            }
        }
        outEnd = ServiceStatus.encode(out, outEnd, size, r.state().code(), r.target().code(),
                flags, why.code(), stage, code, siStatus, sec, nsec);
    }

    // ================================================================ output queue

    @HotPath
    private void reply(int code) {
        ensure(Replies.Bare.SIZE);
        outEnd = Replies.Bare.encode(out, outEnd, code);
    }

    @HotPath
    private void ensure(int n) {
        if (out.length - outEnd >= n) {
            return;
        }
        compact();
        if (out.length - outEnd < n) {
            grow(n);
        }
    }

    /** The queue's one allocation: it doubles until {@code n} more bytes fit. */
    private void grow(int n) {
        int size = out.length;
        while (size - outEnd < n) {
            size = size > (1 << 29) ? Integer.MAX_VALUE - 8 : size * 2;
        }
        byte[] bigger = new byte[size];
        System.arraycopy(out, 0, bigger, 0, outEnd);
        out = bigger;
    }

    @HotPath
    private void compact() {
        if (outStart > 0) {
            System.arraycopy(out, outStart, out, 0, outEnd - outStart);
            outEnd -= outStart;
            outStart = 0;
        }
    }
}
