package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Cmd;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.protocol.EnumCodes;
import io.dinitj.api.protocol.Replies;
import io.dinitj.api.protocol.Requests;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.protocol.TypeList;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon as typed requests: one method per command (docs/control-protocol.md §6 and §11),
 * each encoding its request with the {@code io.dinitj.api.protocol} codec, sending it on the
 * {@link Connection} and decoding the reply. A method returns the reply code where the caller
 * chooses what to print by it, and a decoded value where the reply has one; what is printed,
 * and in which order commands are sent, stays with the command handlers.
 *
 * <p>Not thread safe, like its connection; {@link Watch} sends from one thread and reads from
 * another only through the {@code request...}/{@code read...} pairs.
 */
final class DaemonClient {

    private final Connection conn;
    /** Whether the daemon is Dinit/J, once asked ({@link #isDinitJ}); null before. */
    private Boolean dinitJ;

    DaemonClient(Connection conn) {
        this.conn = conn;
    }

    /**
     * A reply code with the value decoded from it.
     *
     * @param <T> the value's type
     * @param reply the reply code
     * @param value the value, or null if the reply carries none
     */
    record Answer<T>(int reply, T value) {
    }

    /**
     * The answer to FINDSERVICE or LOADSERVICE.
     *
     * @param reply SERVICERECORD, or the refusal (NOSERVICE, SERVICE_DESC_ERR, ...)
     * @param state the state when found (null unless found)
     * @param handle the new handle (-1 unless found)
     * @param target the target state (null unless found)
     */
    record Lookup(int reply, ServiceState state, int handle, ServiceState target) {
        /** True if the reply is a SERVICERECORD. */
        boolean found() {
            return reply == Reply.SERVICERECORD;
        }
    }

    /**
     * One dependency edge as the daemon reports it (DJ_DEPENDENCIES).
     *
     * @param kind the dependency kind
     * @param holding true if the link currently holds its dependency
     * @param placeholder true if the other end is named but not loaded
     * @param name the other end's name
     */
    record Edge(DependencyKind kind, boolean holding, boolean placeholder, String name) {
    }

    /** The connection under this client. */
    Connection connection() {
        return conn;
    }

    /** The daemon's current protocol version, as negotiated. */
    int version() {
        return conn.daemonVersion();
    }

    // ---------------------------------------------------------------- encoding helpers

    private void sendBare(int type) throws CtlException {
        byte[] b = new byte[Requests.Bare.SIZE];
        Requests.Bare.encode(b, 0, type);
        conn.send(b);
    }

    private void sendHandle(int type, int handle) throws CtlException {
        byte[] b = new byte[Requests.Handle.SIZE];
        Requests.Handle.encode(b, 0, type, handle);
        conn.send(b);
    }

    private void sendFlagsHandle(int type, int flags, int handle) throws CtlException {
        byte[] b = new byte[Requests.FlagsHandle.SIZE];
        Requests.FlagsHandle.encode(b, 0, type, flags, handle);
        conn.send(b);
    }

    private void sendNamed(int type, byte[] bytes) throws CtlException {
        byte[] b = new byte[Requests.Named.size(bytes.length)];
        Requests.Named.encode(b, 0, type, bytes, 0, bytes.length);
        conn.send(b);
    }

    private void sendByte(int type, int value) throws CtlException {
        byte[] b = new byte[Requests.ByteArgument.SIZE];
        Requests.ByteArgument.encode(b, 0, type, value);
        conn.send(b);
    }

    /** Encodes a service name, refusing one too long for the protocol. */
    static byte[] nameBytes(String name) throws CtlException {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length > Replies.ServiceName.MAX_NAME) {
            throw new CtlException("dinitctl: service name too long.");
        }
        return b;
    }

    /** Decodes a name or directory received from the daemon. */
    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- services and handles

    /** LOADSERVICE: finds or loads a service. */
    Lookup loadService(String name) throws CtlException {
        return lookup(Cmd.LOADSERVICE, name);
    }

    /** FINDSERVICE: finds a loaded service. */
    Lookup findService(String name) throws CtlException {
        return lookup(Cmd.FINDSERVICE, name);
    }

    private Lookup lookup(int type, String name) throws CtlException {
        sendNamed(type, nameBytes(name));
        return readLookup(conn.waitForReply());
    }

    /** Sends FINDSERVICE without waiting for the reply (for {@link Watch}). */
    void requestFind(byte[] name) throws CtlException {
        sendNamed(Cmd.FINDSERVICE, name);
    }

    /**
     * Reads the rest of a FIND/LOAD reply whose type byte was read.
     *
     * @param reply the type byte
     * @return the lookup
     */
    Lookup readLookup(int reply) throws CtlException {
        if (reply != Reply.SERVICERECORD) {
            return new Lookup(reply, null, -1, null);
        }
        byte[] p = conn.rest(reply, Replies.ServiceRecord.SIZE);
        return new Lookup(reply, EnumCodes.state(Replies.ServiceRecord.state(p, 0)),
                Replies.ServiceRecord.handle(p, 0),
                EnumCodes.state(Replies.ServiceRecord.target(p, 0)));
    }

    /**
     * QUERYSERVICEDSCDIR: the directory the service's description was found in, as configured.
     *
     * @throws CtlException a protocol error if the daemon refuses or answers an empty one
     */
    String serviceDirectory(int handle) throws CtlException {
        sendFlagsHandle(Cmd.QUERYSERVICEDSCDIR, Codes.RESERVED, handle);
        int r = conn.waitForReply();
        if (r != Reply.SVCDSCDIR) {
            throw CtlException.protocol();
        }
        byte[] p = conn.rest(r, Replies.DescriptionDirectory.DATA);
        String dir = text(conn.raw(Replies.DescriptionDirectory.length(p, 0)));
        if (dir.isEmpty()) {
            throw CtlException.protocol();
        }
        return dir;
    }

    /**
     * QUERY_LOAD_MECH: the daemon's working directory (the directories that follow are
     * skipped).
     *
     * @throws CtlException a protocol error if refused, inconsistent or the cwd is empty
     */
    String workingDirectory() throws CtlException {
        sendBare(Cmd.QUERY_LOAD_MECH);
        int r = conn.waitForReply();
        if (r != Reply.LOADER_MECH) {
            throw CtlException.protocol();
        }
        byte[] p = conn.rest(r, Replies.LoaderMechanism.CWD);
        int cwdLen = Replies.LoaderMechanism.cwdLength(p, 0);
        String cwd = text(conn.raw(cwdLen));
        long rest = Replies.LoaderMechanism.total(p, 0) - Replies.LoaderMechanism.CWD - cwdLen;
        if (rest < 0 || cwd.isEmpty()) {
            throw CtlException.protocol();
        }
        conn.raw((int) rest);
        return cwd;
    }

    /**
     * SERVICESTATUS6, SERVICESTATUS5 or SERVICESTATUS, by the status size wanted.
     *
     * @param size {@link ServiceStatus#V6_SIZE}, {@link ServiceStatus#V5_SIZE} or
     *     {@link ServiceStatus#LEGACY_SIZE}
     * @return the status, or null if the reply is not SERVICESTATUS
     */
    ServiceStatus status(int handle, int size) throws CtlException {
        int cmd = size == ServiceStatus.V6_SIZE ? Cmd.SERVICESTATUS6
                : size == ServiceStatus.V5_SIZE ? Cmd.SERVICESTATUS5 : Cmd.SERVICESTATUS;
        sendHandle(cmd, handle);
        int r = conn.waitForReply();
        if (r != Reply.SERVICESTATUS) {
            return null;
        }
        return readStatus(r, size);
    }

    private ServiceStatus readStatus(int reply, int size) throws CtlException {
        byte[] p = conn.rest(reply, Replies.Status.STATUS + size);
        return ServiceStatus.decode(p, Replies.Status.STATUS, size);
    }

    /**
     * QUERYSERVICENAME.
     *
     * @return the name
     * @throws CtlException a read failure if the reply is not SERVICENAME
     */
    String serviceName(int handle) throws CtlException {
        sendFlagsHandle(Cmd.QUERYSERVICENAME, Codes.RESERVED, handle);
        int r = conn.waitForReply();
        if (r != Reply.SERVICENAME) {
            throw CtlException.readFailure();
        }
        byte[] p = conn.rest(r, Replies.ServiceName.NAME);
        return text(conn.raw(Replies.ServiceName.length(p, 0)));
    }

    // ---------------------------------------------------------------- start, stop, ...

    /**
     * STARTSERVICE, STOPSERVICE, WAKESERVICE or RELEASESERVICE with its flags.
     *
     * @return the first reply (PREACK if asked for; then read the main one with
     *     {@link #nextReply})
     */
    int startStop(int cmd, int flags, int handle) throws CtlException {
        sendFlagsHandle(cmd, flags, handle);
        return conn.waitForReply();
    }

    /** Reads the next reply's type, skipping information packets (after a PREACK). */
    int nextReply() throws CtlException {
        return conn.waitForReply();
    }

    /**
     * Reads the rest of a DEPENDENTS reply whose type byte was read.
     *
     * @return the dependents' new handles
     */
    int[] readDependents(int reply) throws CtlException {
        byte[] p = conn.rest(reply, Replies.Dependents.HANDLES);
        long n = Replies.Dependents.count(p, 0);
        if (n < 0 || n > 1_000_000) {
            throw CtlException.protocol();
        }
        byte[] h = conn.raw(Replies.Dependents.ENTRY * (int) n);
        int[] handles = new int[(int) n];
        for (int i = 0; i < n; i++) {
            handles[i] = Replies.Dependents.handle(h, 0, i);
        }
        return handles;
    }

    /** UNPINSERVICE; returns the reply code. */
    int unpin(int handle) throws CtlException {
        sendHandle(Cmd.UNPINSERVICE, handle);
        return conn.waitForReply();
    }

    /** UNLOADSERVICE; returns the reply code. */
    int unload(int handle) throws CtlException {
        sendHandle(Cmd.UNLOADSERVICE, handle);
        return conn.waitForReply();
    }

    /** RELOADSERVICE; returns the reply code. */
    int reload(int handle) throws CtlException {
        sendHandle(Cmd.RELOADSERVICE, handle);
        return conn.waitForReply();
    }

    /** SETTRIGGER; returns the reply code. */
    int setTrigger(int handle, boolean set) throws CtlException {
        byte[] b = new byte[Requests.Trigger.SIZE];
        Requests.Trigger.encode(b, 0, handle, set);
        conn.send(b);
        return conn.waitForReply();
    }

    /** SIGNAL; returns the reply code. */
    int signal(int handle, int signal) throws CtlException {
        byte[] b = new byte[Requests.Signal.SIZE];
        Requests.Signal.encode(b, 0, signal, handle);
        conn.send(b);
        return conn.waitForReply();
    }

    /**
     * CATLOG.
     *
     * @param clear true to empty the buffer after reading it
     * @return the reply code, with the log bytes if it is SERVICE_LOG
     */
    Answer<byte[]> catlog(int handle, boolean clear) throws CtlException {
        sendFlagsHandle(Cmd.CATLOG, clear ? Codes.FLAG_CLEAR_LOG : 0, handle);
        int r = conn.waitForReply();
        if (r != Reply.SERVICE_LOG) {
            return new Answer<>(r, null);
        }
        byte[] p = conn.rest(r, Replies.ServiceLog.DATA);
        return new Answer<>(r, conn.raw((int) Replies.ServiceLog.length(p, 0)));
    }

    // ---------------------------------------------------------------- dependencies

    /**
     * ADD_DEP, REM_DEP or ENABLESERVICE (v1-6).
     *
     * @return the reply code
     */
    int dependency(int cmd, DependencyKind kind, int from, int to) throws CtlException {
        byte[] b = new byte[Requests.Dependency.SIZE];
        Requests.Dependency.encode(b, 0, cmd, kind.code(), from, to);
        conn.send(b);
        return conn.waitForReply();
    }

    /**
     * ENABLE_SERVICE_V7: adds the link and answers the dependency's v6 status.
     *
     * @return the reply code, with the status if it is SERVICESTATUS
     */
    Answer<ServiceStatus> enable(DependencyKind kind, int from, int to) throws CtlException {
        byte[] b = new byte[Requests.Dependency.SIZE];
        Requests.Dependency.encode(b, 0, Cmd.ENABLE_SERVICE_V7, kind.code(), from, to);
        conn.send(b);
        int r = conn.waitForReply();
        if (r != Reply.SERVICESTATUS) {
            return new Answer<>(r, null);
        }
        return new Answer<>(r, readStatus(r, ServiceStatus.V6_SIZE));
    }

    /**
     * Tells whether the daemon is Dinit/J, asking once per connection with the probe
     * ({@link Cmd#DJ_PROBE}), which upstream's daemon refuses with NAK.
     *
     * @return true if Dinit/J's extensions may be sent
     */
    boolean isDinitJ() throws CtlException {
        if (dinitJ == null) {
            sendFlagsHandle(Cmd.QUERYSERVICEDSCDIR, Cmd.DJ_PROBE, 0);
            int r = conn.waitForReply();
            if (r != Reply.ACK && r != Reply.NAK) {
                throw CtlException.protocol();
            }
            dinitJ = r == Reply.ACK;
        }
        return dinitJ;
    }

    /**
     * One line of a service's status detail (DJ_SERVICE_DETAIL).
     *
     * @param key the label, such as {@code Next run}
     * @param value the text, such as {@code in 0.4 s}
     */
    record DetailLine(String key, String value) {
    }

    /**
     * DJ_SERVICE_DETAIL (a Dinit/J extension): what the service's type adds to its status.
     * Send it only to a Dinit/J daemon ({@link #isDinitJ}).
     *
     * @return the reply code, with the lines if it is DJ_SERVICE_DETAIL
     */
    Answer<List<DetailLine>> detail(int handle) throws CtlException {
        sendHandle(Cmd.DJ_SERVICE_DETAIL, handle);
        int r = conn.waitForReply();
        if (r != Reply.DJ_SERVICE_DETAIL) {
            return new Answer<>(r, null);
        }
        int n = Replies.Detail.count(conn.rest(r, Replies.Detail.LINES), 0);
        if (n < 0) {
            throw CtlException.protocol();
        }
        List<DetailLine> out = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            String key = text(conn.raw(Replies.Detail.textLength(conn.raw(Replies.Detail.TEXT),
                    0)));
            String value = text(conn.raw(Replies.Detail.textLength(
                    conn.raw(Replies.Detail.TEXT), 0)));
            out.add(new DetailLine(key, value));
        }
        return new Answer<>(r, out);
    }

    /**
     * DJ_DEPENDENCIES (a Dinit/J extension): a service's dependency edges, or its dependents'.
     *
     * @return the reply code, with the edges if it is DJ_DEPENDENCIES
     */
    Answer<List<Edge>> edges(int handle, boolean dependents) throws CtlException {
        sendFlagsHandle(Cmd.DJ_DEPENDENCIES, dependents ? Cmd.DJ_FLAG_DEPENDENTS : 0, handle);
        int r = conn.waitForReply();
        if (r != Reply.DJ_DEPENDENCIES) {
            return new Answer<>(r, null);
        }
        int n = Replies.Edges.count(conn.rest(r, Replies.Edges.EDGES), 0);
        if (n < 0) {
            throw CtlException.protocol();
        }
        List<Edge> out = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            byte[] e = conn.raw(Replies.Edges.EDGE_NAME);
            String name = text(conn.raw(Replies.Edges.nameLength(e, 0)));
            DependencyKind kind = EnumCodes.dependencyKind(Replies.Edges.kind(e, 0));
            if (kind == null) {
                throw CtlException.protocol();
            }
            int flags = Replies.Edges.flags(e, 0);
            out.add(new Edge(kind, (flags & Replies.Edges.HOLDING) != 0,
                    (flags & Replies.Edges.PLACEHOLDER) != 0, name));
        }
        return new Answer<>(r, out);
    }

    // ---------------------------------------------------------------- types

    /**
     * DJ_LIST_TYPES (a Dinit/J extension): the daemon's service types.
     *
     * @return the reply code, with the types if it is DJ_LIST_TYPES
     * @throws CtlException a protocol error if the reply's data is malformed
     */
    Answer<List<TypeList.Entry>> types() throws CtlException {
        sendBare(Cmd.DJ_LIST_TYPES);
        int r = conn.waitForReply();
        if (r != Reply.DJ_LIST_TYPES) {
            return new Answer<>(r, null);
        }
        int len = TypeList.length(conn.rest(r, TypeList.DATA), 0);
        if (len < 0 || len > TypeList.MAX_DATA) {
            throw CtlException.protocol();
        }
        try {
            return new Answer<>(r, TypeList.decode(conn.raw(len)));
        } catch (IllegalArgumentException e) {
            throw CtlException.protocol();
        }
    }

    // ---------------------------------------------------------------- list

    /**
     * LISTSERVICES5 (or LISTSERVICES before v5): the loaded services in the daemon's order.
     *
     * @return name to status
     * @throws CtlException upstream's protocol error text on any other reply
     */
    Map<String, ServiceStatus> list() throws CtlException {
        boolean v5 = version() >= Codes.Since.STATUS5;
        requestList(v5);
        int size = v5 ? ServiceStatus.V5_SIZE : ServiceStatus.LEGACY_SIZE;
        Map<String, ServiceStatus> all = new LinkedHashMap<>();
        while (true) {
            int r = conn.waitForReply();
            if (r == Reply.LISTDONE) {
                return all;
            }
            if (r != Reply.SVCINFO) {
                throw new CtlException("dinitctl: control socket protocol error");
            }
            ListEntry e = readListEntry(r, size);
            all.put(e.name(), e.status());
        }
    }

    /** Sends LISTSERVICES5 (or LISTSERVICES) without reading the entries. */
    void requestList(boolean v5) throws CtlException {
        sendBare(v5 ? Cmd.LISTSERVICES5 : Cmd.LISTSERVICES);
    }

    /**
     * One list entry.
     *
     * @param name the service's name
     * @param status its status
     */
    record ListEntry(String name, ServiceStatus status) {
    }

    /** Reads the rest of an SVCINFO whose type byte was read. */
    ListEntry readListEntry(int reply, int statusSize) throws CtlException {
        byte[] p = conn.rest(reply, Replies.ListEntry.STATUS + statusSize);
        ServiceStatus st = ServiceStatus.decode(p, Replies.ListEntry.STATUS, statusSize);
        return new ListEntry(text(conn.raw(Replies.ListEntry.nameLength(p, 0))), st);
    }

    // ---------------------------------------------------------------- environment, shutdown

    /** SETENV with {@code NAME=VALUE} (set) or {@code NAME} (unset); returns the reply code. */
    int setenv(byte[] payload) throws CtlException {
        sendNamed(Cmd.SETENV, payload);
        return conn.waitForReply();
    }

    /**
     * GETALLENV: the environment services get, as {@code NAME=VALUE\0} entries.
     *
     * @throws CtlException a protocol error on another reply or an impossible length
     */
    byte[] allEnv() throws CtlException {
        sendByte(Cmd.GETALLENV, Codes.RESERVED);
        int r = conn.waitForReply();
        if (r != Reply.ALLENV) {
            throw CtlException.protocol();
        }
        long len = Replies.AllEnv.length(conn.rest(r, Replies.AllEnv.DATA), 0);
        if (len < 0 || len > Integer.MAX_VALUE) {
            throw CtlException.protocol();
        }
        return conn.raw((int) len);
    }

    /** SHUTDOWN; returns the reply code. */
    int shutdown(ShutdownType type) throws CtlException {
        sendByte(Cmd.SHUTDOWN, type.code());
        return conn.waitForReply();
    }
}
