package io.dinitj.bench.faults;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Cmd;
import io.dinitj.api.protocol.Requests;

/**
 * Follows a fuzzed byte stream the way the daemon frames it (docs/control-protocol.md §4.1),
 * to keep two commands out of it: SHUTDOWN, which would end the daemon under test (an owner
 * may shut it down; that is not a fault), and SETENV, which adds to the daemon's environment
 * by design (an owner's variables are kept however many there are), so a million random ones
 * would make the memory figures measure that instead. A packet that would start with either
 * byte gets the unknown command 0xFF instead, which the daemon answers with BADREQ and closes.
 *
 * <p>It also knows when the daemon must close the connection (an unknown command, a name
 * length of 0 or over {@link Codes#MAX_NAME_LENGTH}, a name starting with '.' or '@'): the
 * stream is cut after that request ({@link #feed} returns where), and the fuzzer checks that
 * the daemon does close it.
 */
final class Framer {

    /** Request sizes by command byte; 0: unknown; -1: a name/variable request (3 + len). */
    private static final int[] SIZE = new int[256];

    static {
        SIZE[Cmd.QUERYVERSION] = Requests.Bare.SIZE;
        SIZE[Cmd.FINDSERVICE] = -1;
        SIZE[Cmd.LOADSERVICE] = -1;
        for (int c : new int[] {Cmd.STARTSERVICE, Cmd.STOPSERVICE, Cmd.WAKESERVICE,
                Cmd.RELEASESERVICE, Cmd.QUERYSERVICENAME, Cmd.SETTRIGGER, Cmd.CATLOG,
                Cmd.QUERYSERVICEDSCDIR, Cmd.DJ_DEPENDENCIES}) {
            SIZE[c] = Requests.FlagsHandle.SIZE;
        }
        for (int c : new int[] {Cmd.UNPINSERVICE, Cmd.UNLOADSERVICE, Cmd.RELOADSERVICE,
                Cmd.SERVICESTATUS, Cmd.SERVICESTATUS5, Cmd.SERVICESTATUS6, Cmd.CLOSEHANDLE,
                Cmd.DJ_SERVICE_DETAIL}) {
            SIZE[c] = Requests.Handle.SIZE;
        }
        for (int c : new int[] {Cmd.LISTSERVICES, Cmd.LISTSERVICES5, Cmd.QUERY_LOAD_MECH,
                Cmd.LISTENENV, Cmd.DJ_LIST_TYPES}) {
            SIZE[c] = Requests.Bare.SIZE;
        }
        for (int c : new int[] {Cmd.ADD_DEP, Cmd.REM_DEP, Cmd.ENABLESERVICE,
                Cmd.ENABLE_SERVICE_V7}) {
            SIZE[c] = Requests.Dependency.SIZE;
        }
        SIZE[Cmd.SIGNAL] = Requests.Signal.SIZE;
        SIZE[Cmd.GETALLENV] = Requests.ByteArgument.SIZE;
        SIZE[Cmd.SHUTDOWN] = Requests.ByteArgument.SIZE; // never sent: replaced
        SIZE[Cmd.SETENV] = -1; // never sent: replaced
    }

    /** The command byte put where SHUTDOWN or SETENV would start a packet. */
    static final byte REPLACEMENT = (byte) 0xff;

    /** Bytes of the current packet still to come after its header. */
    private int skip;
    /** Bytes of a name request's header seen (1 or 2 while collecting; 0 otherwise). */
    private int header;
    private int lengthLow;
    /** The next byte is a name's first. */
    private boolean nameStart;
    /** The name being followed starts with a byte the daemon refuses. */
    private boolean badName;
    private boolean ending;
    /** Packet starts seen. */
    long packets;

    /** True once the stream holds a request the daemon must close the connection after. */
    boolean ending() {
        return ending;
    }

    /**
     * Follows {@code b[o, o + n)}, replacing SHUTDOWN and SETENV at packet starts.
     *
     * @return how many of the bytes to send: all, or up to the end of a request after which
     *     the daemon closes the connection
     */
    int feed(byte[] b, int o, int n) {
        for (int i = o; i < o + n; i++) {
            if (ending) {
                return i - o;
            }
            int v = b[i] & 0xff;
            if (header == 1) {
                lengthLow = v;
                header = 2;
            } else if (header == 2) {
                header = 0;
                int len = lengthLow | v << 8;
                if (len == 0 || len > Codes.MAX_NAME_LENGTH) {
                    ending = true;
                } else {
                    skip = len;
                    nameStart = true;
                }
            } else if (skip > 0) {
                if (nameStart && (v == '.' || v == '@')) {
                    badName = true; // the daemon refuses it once the name is complete
                }
                nameStart = false;
                skip--;
                if (skip == 0 && badName) {
                    badName = false;
                    ending = true;
                }
            } else {
                packets++;
                if (v == Cmd.SHUTDOWN || v == Cmd.SETENV) {
                    b[i] = REPLACEMENT;
                    v = REPLACEMENT & 0xff;
                }
                int size = SIZE[v];
                if (size == 0) {
                    ending = true;
                } else if (size < 0) {
                    header = 1;
                } else {
                    skip = size - 1;
                }
            }
        }
        return n;
    }
}
