package io.dinitj.api.protocol;

/**
 * The control protocol's packet type codes (docs/control-protocol.md §4): commands (client to
 * daemon, 0-29), replies (daemon to client, 50-79) and information packets (100-102), plus the
 * versions and limits both sides agree on. Multi-byte fields are little-endian with C sizes
 * (section 1): see {@link ServiceStatus} for the status buffers.
 */
public final class Codes {

    /** The oldest protocol version this side speaks. */
    public static final int MIN_VERSION = 1;
    /** The protocol version this side speaks. */
    public static final int VERSION = 7;
    /** The longest service name a FIND/LOAD request may carry. */
    public static final int MAX_NAME_LENGTH = 1021;
    /** The first type code of an information packet; byte 1 of those is a length. */
    public static final int FIRST_INFO = 100;

    private Codes() {
    }

    /** Commands: client to daemon. */
    public static final class Cmd {
        private Cmd() {
        }

        /** Asks for the protocol versions. */
        public static final int QUERYVERSION = 0;

        /** Finds a loaded service. */
        public static final int FINDSERVICE = 1;

        /** Finds or loads a service. */
        public static final int LOADSERVICE = 2;

        /** Starts a service. */
        public static final int STARTSERVICE = 3;

        /** Stops (or restarts) a service. */
        public static final int STOPSERVICE = 4;

        /** Wakes a service for its dependents. */
        public static final int WAKESERVICE = 5;

        /** Releases a service. */
        public static final int RELEASESERVICE = 6;

        /** Removes a service's pins. */
        public static final int UNPINSERVICE = 7;

        /** Lists services, legacy 10-byte status. */
        public static final int LISTSERVICES = 8;

        /** Unloads a service. */
        public static final int UNLOADSERVICE = 9;

        /** Shuts down. */
        public static final int SHUTDOWN = 10;

        /** Adds a dependency. */
        public static final int ADD_DEP = 11;

        /** Removes a dependency. */
        public static final int REM_DEP = 12;

        /** Asks how services are loaded. */
        public static final int QUERY_LOAD_MECH = 13;

        /** Enables a service (v1-6). */
        public static final int ENABLESERVICE = 14;

        /** Asks a handle's service name. */
        public static final int QUERYSERVICENAME = 15;

        /** Reloads a service. */
        public static final int RELOADSERVICE = 16;

        /** Sets or unsets a global variable. */
        public static final int SETENV = 17;

        /** Asks a service's status, legacy. */
        public static final int SERVICESTATUS = 18;

        /** Sets or clears a trigger. */
        public static final int SETTRIGGER = 19;

        /** Asks a service's buffered output. */
        public static final int CATLOG = 20;

        /** Signals a service's process. */
        public static final int SIGNAL = 21;

        /** Asks a service's description directory. */
        public static final int QUERYSERVICEDSCDIR = 22;

        /** Releases a handle. */
        public static final int CLOSEHANDLE = 23;

        /** Asks the global environment. */
        public static final int GETALLENV = 24;

        /** Lists services, v5 status. */
        public static final int LISTSERVICES5 = 25;

        /** Asks a service's status, v5. */
        public static final int SERVICESTATUS5 = 26;

        /** Subscribes to environment events. */
        public static final int LISTENENV = 27;

        /** Asks a service's status, v6. */
        public static final int SERVICESTATUS6 = 28;

        /** Enables a service, v7 reply. */
        public static final int ENABLE_SERVICE_V7 = 29;

        /**
         * Dinit/J extension (not in upstream's protocol): lists a service's dependencies, or
         * with flag bit 0 its dependents, each with its kind and name:
         * {@code 60, u8 flags, u32 handle} (6 bytes) → {@link Reply#DJ_DEPENDENCIES} or NAK
         * (unknown handle); other flag bits → BADREQ. Upstream answers BADREQ and closes.
         */
        public static final int DJ_DEPENDENCIES = 96;

        /** Flag of {@link #DJ_DEPENDENCIES}: list the dependents instead. */
        public static final int DJ_FLAG_DEPENDENTS = 1;

        /**
         * Dinit/J extension: lists the service types the daemon has, with where each came
         * from, its capabilities and its settings: {@code 61} (1 byte) →
         * {@link Reply#DJ_LIST_TYPES} ({@link TypeList}). Upstream answers BADREQ and closes.
         */
        public static final int DJ_LIST_TYPES = 97;

        /**
         * Dinit/J extension (not in upstream's protocol): what a service's type adds to its
         * status ({@code ServiceBehaviour.describe}), such as a timer's next run:
         * {@code 62, u32 handle} (5 bytes) → {@link Reply#DJ_SERVICE_DETAIL} or NAK (unknown
         * handle). Upstream answers BADREQ and closes.
         */
        public static final int DJ_SERVICE_DETAIL = 98;

        /**
         * Dinit/J extension: the reserved byte of a {@link #QUERYSERVICEDSCDIR} request that asks
         * "is this daemon Dinit/J?" ({@code 16, 4A, u32 any handle}). Dinit/J's daemon answers
         * ACK; upstream's answers NAK (its reserved byte must be 0) and keeps the connection. A
         * client asks before sending a Dinit/J command within an upstream command (the detail
         * lines of {@code status}), so that upstream's daemon never sees an unknown command.
         */
        public static final int DJ_PROBE = 0x4A;
    }

    /** Replies: daemon to client, one main reply per command. */
    public static final class Reply {
        private Reply() {
        }

        /** Done. */
        public static final int ACK = 50;

        /** Refused. */
        public static final int NAK = 51;

        /** Bad request; the connection closes. */
        public static final int BADREQ = 52;

        /** Out of memory; the connection closes. */
        public static final int OOM = 53;

        /** Defined, never sent. */
        public static final int SERVICELOADERR = 54;

        /** Defined, never sent. */
        public static final int SERVICEOOM = 55;

        /** The protocol versions. */
        public static final int CPVERSION = 58;

        /** A service record and its new handle. */
        public static final int SERVICERECORD = 59;

        /** No such service. */
        public static final int NOSERVICE = 60;

        /** Already started or stopped. */
        public static final int ALREADYSS = 61;

        /** One service of a list. */
        public static final int SVCINFO = 62;

        /** End of a list. */
        public static final int LISTDONE = 63;

        /** How services are loaded. */
        public static final int LOADER_MECH = 64;

        /** Refused: these dependents hold the service. */
        public static final int DEPENDENTS = 65;

        /** A service name. */
        public static final int SERVICENAME = 66;

        /** Refused: pinned stopped. */
        public static final int PINNEDSTOPPED = 67;

        /** Refused: pinned started. */
        public static final int PINNEDSTARTED = 68;

        /** Refused: shutting down. */
        public static final int SHUTTINGDOWN = 69;

        /** A service status. */
        public static final int SERVICESTATUS = 70;

        /** The description has errors. */
        public static final int SERVICE_DESC_ERR = 71;

        /** Another load error. */
        public static final int SERVICE_LOAD_ERR = 72;

        /** Buffered output. */
        public static final int SERVICE_LOG = 73;

        /** No process to signal. */
        public static final int SIGNAL_NOPID = 74;

        /** Bad signal number. */
        public static final int SIGNAL_BADSIG = 75;

        /** Sending the signal failed. */
        public static final int SIGNAL_KILLERR = 76;

        /** A description directory. */
        public static final int SVCDSCDIR = 77;

        /** The global environment. */
        public static final int ALLENV = 78;

        /** Command received; its effects follow. */
        public static final int PREACK = 79;

        /**
         * Dinit/J extension, reply to {@link Cmd#DJ_DEPENDENCIES}: {@code 60, u32 count}, then
         * per edge {@code u8 kind code, u8 flags (bit 0 the link holds its dependency, bit 1
         * the other end is a placeholder: named but not loaded), u16 len, name[len]}.
         */
        public static final int DJ_DEPENDENCIES = 96;

        /**
         * Dinit/J extension, reply to {@link Cmd#DJ_LIST_TYPES}: {@code 61, u32 len,
         * data[len]}, the data as {@link TypeList} describes.
         */
        public static final int DJ_LIST_TYPES = 97;

        /**
         * Dinit/J extension, reply to {@link Cmd#DJ_SERVICE_DETAIL}: {@code 62, u32 count},
         * then per line {@code u16 len, key[len], u16 len, value[len]} (UTF-8).
         */
        public static final int DJ_SERVICE_DETAIL = 98;
    }

    /** Information packets: daemon to client, at any time; byte 1 is a length. */
    public static final class Info {
        private Info() {
        }

        /** A service event, legacy 10-byte status. */
        public static final int SERVICEEVENT = 100;

        /** A service event, v5 status. */
        public static final int SERVICEEVENT5 = 101;

        /** A global environment change. */
        public static final int ENVEVENT = 102;

        /**
         * Dinit/J extension: {@code 110, u8 len, text[len - 2]} (UTF-8), sent just before the
         * daemon closes a connection it will not serve (too many open) or closes an idle one to
         * make room, saying why. Clients that do not know it skip it by its length, as any
         * information packet, and see the connection end.
         */
        public static final int DJ_CLOSING = 110;
    }

    /**
     * The protocol version from which the daemon has a command or encoding (section 3,
     * "Protocol history"); clients choose requests by the daemon's current version.
     */
    public static final class Since {
        private Since() {
        }

        /** SETTRIGGER, CATLOG, SIGNAL. */
        public static final int TRIGGER_CATLOG_SIGNAL = 2;

        /** QUERYSERVICEDSCDIR (and so online enable/disable and the status file line). */
        public static final int SERVICE_DIRECTORY = 3;

        /** The v5 status (si_code/si_status), LISTSERVICES5, SERVICESTATUS5. */
        public static final int STATUS5 = 5;

        /** SERVICESTATUS6: the v6 status with the description's modification time. */
        public static final int STATUS6 = 6;

        /** ENABLE_SERVICE_V7. */
        public static final int ENABLE_V7 = 7;
    }

    /** Flag of START/STOP/WAKE/RELEASE: pin. */
    public static final int FLAG_PIN = 1;
    /** Flag of STOP: refuse if hard dependents hold the service (unless --force). */
    public static final int FLAG_GENTLE = 2;
    /** Flag of STOP: restart. */
    public static final int FLAG_RESTART = 4;
    /** Flag of START/STOP/WAKE/RELEASE: send PREACK first. */
    public static final int FLAG_PREACK = 128;
    /** Flag of CATLOG: clear the buffer after reading it. */
    public static final int FLAG_CLEAR_LOG = 1;
    /** The reserved byte's value in the requests and replies that have one. */
    public static final int RESERVED = 0;
    /** The reserved byte of an ENABLE_SERVICE_V7 status reply: the link existed already. */
    public static final int LINK_EXISTED = 1;

    /** Linux {@code si_code} of a status: the process exited. */
    public static final int CLD_EXITED = 1;
    /** Linux {@code si_code}: the process was killed by a signal. */
    public static final int CLD_KILLED = 2;
    /** Linux {@code si_code}: the process was killed and dumped core. */
    public static final int CLD_DUMPED = 3;
}
