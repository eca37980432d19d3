package io.dinitj.api.protocol;

import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.StopReason;
import java.nio.ByteBuffer;

/**
 * A service status as the protocol carries it (docs/control-protocol.md §5), in its three
 * encodings: legacy (10 bytes), v5 (14 bytes) and v6 (30 bytes, v5 plus the description file's
 * modification time). Encoding and decoding use little-endian order whatever the buffer's.
 * The static {@link #encode(byte[], int, int, int, int, int, int, int, int, int, long, long)}
 * writes a status from its fields without making a record, which is what the daemon's status
 * replies and events use so that they allocate nothing; the record is the client's decoded view.
 *
 * @param state current state (0 STOPPED, 1 STARTING, 2 STARTED, 3 STOPPING)
 * @param target target state
 * @param flags bit0 waiting for console, bit1 holds console, bit2 start skipped, bit3
 *     explicitly activated, bit4 has a pid
 * @param stopReason the last stop reason code
 * @param execStage the exec stage code, non-zero only with no pid and reason EXECFAILED
 * @param pidOrCode with a pid: the pid; else with EXECFAILED: the errno; else the si_code of
 *     the last exit (0 if none)
 * @param exitStatus without a pid and not EXECFAILED: the si_status (exit code or signal); else 0
 * @param mtimeSeconds the description file's modification time, seconds (v6 only)
 * @param mtimeNanos its nanoseconds (v6 only)
 */
public record ServiceStatus(int state, int target, int flags, int stopReason, int execStage,
        int pidOrCode, int exitStatus, long mtimeSeconds, long mtimeNanos) {

    /** Size of the legacy status. */
    public static final int LEGACY_SIZE = 10;
    /** Size of the v5 status. */
    public static final int V5_SIZE = 14;
    /** Size of the v6 status. */
    public static final int V6_SIZE = 30;

    /** Flag: waiting for the console. */
    public static final int WAITING_FOR_CONSOLE = 1;
    /** Flag: holds the console. */
    public static final int HAS_CONSOLE = 2;
    /** Flag: the start was skipped. */
    public static final int START_SKIPPED = 4;
    /** Flag: explicitly activated. */
    public static final int MARKED_ACTIVE = 8;
    /** Flag: has a pid. */
    public static final int HAS_PID = 16;

    /** Offset of the current state. */
    public static final int STATE = 0;
    /** Offset of the target state. */
    public static final int TARGET = STATE + Wire.U8;
    /** Offset of the flags. */
    public static final int FLAGS = TARGET + Wire.U8;
    /** Offset of the stop reason. */
    public static final int STOP_REASON = FLAGS + Wire.U8;
    /** Offset of the exec stage. */
    public static final int EXEC_STAGE = STOP_REASON + Wire.U8;
    /** Offset of the pid, errno or si_code (the legacy status's one int). */
    public static final int PID_OR_CODE = EXEC_STAGE + Wire.U16;
    /** Offset of the si_status (v5 and v6). */
    public static final int EXIT_STATUS = PID_OR_CODE + Wire.I32;
    /** Offset of the modification time's seconds (v6). */
    public static final int MTIME_SECONDS = EXIT_STATUS + Wire.I32;
    /** Offset of the modification time's nanoseconds (v6). */
    public static final int MTIME_NANOS = MTIME_SECONDS + Wire.I64;

    /**
     * Tells whether the status carries a pid.
     *
     * @return true if flag bit 4 is set
     */
    public boolean hasPid() {
        return (flags & HAS_PID) != 0;
    }

    /**
     * Tells whether a flag is set.
     *
     * @param flag {@link #WAITING_FOR_CONSOLE}, {@link #HAS_CONSOLE}, {@link #START_SKIPPED},
     *     {@link #MARKED_ACTIVE} or {@link #HAS_PID}
     * @return true if it is
     */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /**
     * The current state as the api's enum.
     *
     * @return the state, or null for a code no state has
     */
    public ServiceState currentState() {
        return EnumCodes.state(state);
    }

    /**
     * The target state as the api's enum.
     *
     * @return the state, or null for a code no state has
     */
    public ServiceState targetState() {
        return EnumCodes.state(target);
    }

    /**
     * The stop reason as the api's enum.
     *
     * @return the reason, or null for a code no reason has
     */
    public StopReason reason() {
        return EnumCodes.stopReason(stopReason);
    }

    /**
     * The exec stage as the api's enum.
     *
     * @return the stage, or null for a code no stage has
     */
    public ExecStage stage() {
        return EnumCodes.execStage(execStage);
    }

    /**
     * Builds the flags byte.
     *
     * @param waitingForConsole the service waits for the console
     * @param hasConsole it holds the console
     * @param startSkipped its start was skipped
     * @param markedActive it was explicitly activated
     * @param hasPid it has a process
     * @return the flags
     */
    public static int flags(boolean waitingForConsole, boolean hasConsole, boolean startSkipped,
            boolean markedActive, boolean hasPid) {
        return (waitingForConsole ? WAITING_FOR_CONSOLE : 0) | (hasConsole ? HAS_CONSOLE : 0)
                | (startSkipped ? START_SKIPPED : 0) | (markedActive ? MARKED_ACTIVE : 0)
                | (hasPid ? HAS_PID : 0);
    }

    /**
     * Writes a status from its fields, allocating nothing. The legacy encoding's one int is
     * the pid with a pid, the errno after an exec failure, else 0 for a clean (or no) exit and
     * -1 for any other.
     *
     * @param b the array
     * @param o where the status starts
     * @param size {@link #LEGACY_SIZE}, {@link #V5_SIZE} or {@link #V6_SIZE}
     * @param state the current state code
     * @param target the target state code
     * @param flags the flags
     * @param stopReason the stop reason code
     * @param execStage the exec stage code
     * @param pidOrCode the pid, errno or si_code
     * @param exitStatus the si_status
     * @param mtimeSeconds the description's modification time, seconds (v6)
     * @param mtimeNanos its nanoseconds (v6)
     * @return the offset after the status
     */
    public static int encode(byte[] b, int o, int size, int state, int target, int flags,
            int stopReason, int execStage, int pidOrCode, int exitStatus, long mtimeSeconds,
            long mtimeNanos) {
        Wire.putU8(b, o + STATE, state);
        Wire.putU8(b, o + TARGET, target);
        Wire.putU8(b, o + FLAGS, flags);
        Wire.putU8(b, o + STOP_REASON, stopReason);
        Wire.putU16(b, o + EXEC_STAGE, execStage);
        if (size == LEGACY_SIZE) {
            boolean hasPid = (flags & HAS_PID) != 0;
            boolean execFailed = !hasPid && stopReason == StopReason.EXECFAILED.code();
            int legacy = hasPid || execFailed ? pidOrCode : (exitStatus == 0 ? 0 : -1);
            return Wire.putI32(b, o + PID_OR_CODE, legacy);
        }
        Wire.putI32(b, o + PID_OR_CODE, pidOrCode);
        int end = Wire.putI32(b, o + EXIT_STATUS, exitStatus);
        if (size != V6_SIZE) {
            return end;
        }
        Wire.putI64(b, o + MTIME_SECONDS, mtimeSeconds);
        return Wire.putI64(b, o + MTIME_NANOS, mtimeNanos);
    }

    /**
     * Writes this status.
     *
     * @param b the array
     * @param o where the status starts
     * @param size {@link #LEGACY_SIZE}, {@link #V5_SIZE} or {@link #V6_SIZE}
     * @return the offset after it
     */
    public int encode(byte[] b, int o, int size) {
        return encode(b, o, size, state, target, flags, stopReason, execStage, pidOrCode,
                exitStatus, mtimeSeconds, mtimeNanos);
    }

    /**
     * Reads a status.
     *
     * @param b the array
     * @param o where the status starts
     * @param size {@link #LEGACY_SIZE}, {@link #V5_SIZE} or {@link #V6_SIZE}
     * @return the status (fields a smaller encoding lacks are 0)
     */
    public static ServiceStatus decode(byte[] b, int o, int size) {
        boolean legacy = size == LEGACY_SIZE;
        boolean v6 = size == V6_SIZE;
        return new ServiceStatus(Wire.u8(b, o + STATE), Wire.u8(b, o + TARGET),
                Wire.u8(b, o + FLAGS), Wire.u8(b, o + STOP_REASON), Wire.u16(b, o + EXEC_STAGE),
                Wire.i32(b, o + PID_OR_CODE), legacy ? 0 : Wire.i32(b, o + EXIT_STATUS),
                v6 ? Wire.i64(b, o + MTIME_SECONDS) : 0, v6 ? Wire.i64(b, o + MTIME_NANOS) : 0);
    }

    /**
     * Writes the status at the buffer's position, advancing it.
     *
     * @param out where to write (little-endian whatever its order)
     * @param size {@link #LEGACY_SIZE}, {@link #V5_SIZE} or {@link #V6_SIZE}
     */
    public void encode(ByteBuffer out, int size) {
        byte[] b = new byte[size];
        encode(b, 0, size);
        out.put(b);
    }

    /**
     * Reads a status at the buffer's position, advancing it.
     *
     * @param in where to read (little-endian whatever its order)
     * @param size {@link #LEGACY_SIZE}, {@link #V5_SIZE} or {@link #V6_SIZE}
     * @return the status (fields a smaller encoding lacks are 0)
     */
    public static ServiceStatus decode(ByteBuffer in, int size) {
        byte[] b = new byte[size];
        in.get(b);
        return decode(b, 0, size);
    }
}
