package io.dinitj.api.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A service status as the protocol carries it (control-protocol.md section 5), in its three
 * encodings: legacy (10 bytes), v5 (14 bytes) and v6 (30 bytes, v5 plus the description file's
 * modification time). Encoding and decoding use little-endian order whatever the buffer's.
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

    /**
     * Tells whether the status carries a pid.
     *
     * @return true if flag bit 4 is set
     */
    public boolean hasPid() {
        return (flags & HAS_PID) != 0;
    }

    /**
     * Writes the status at the buffer's position, advancing it.
     *
     * @param out where to write; its byte order is restored afterwards
     * @param size {@link #LEGACY_SIZE}, {@link #V5_SIZE} or {@link #V6_SIZE}
     */
    public void encode(ByteBuffer out, int size) {
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) state).put((byte) target).put((byte) flags).put((byte) stopReason);
        out.putShort((short) execStage);
        if (size == LEGACY_SIZE) {
            boolean execFailed = !hasPid() && stopReason == 4;
            int legacy = hasPid() || execFailed ? pidOrCode : (exitStatus == 0 ? 0 : -1);
            out.putInt(legacy);
        } else {
            out.putInt(pidOrCode);
            out.putInt(exitStatus);
            if (size == V6_SIZE) {
                out.putLong(mtimeSeconds);
                out.putLong(mtimeNanos);
            }
        }
        out.order(order);
    }

    /**
     * Reads a status at the buffer's position, advancing it.
     *
     * @param in where to read; its byte order is restored afterwards
     * @param size {@link #LEGACY_SIZE}, {@link #V5_SIZE} or {@link #V6_SIZE}
     * @return the status (fields a smaller encoding lacks are 0)
     */
    public static ServiceStatus decode(ByteBuffer in, int size) {
        ByteOrder order = in.order();
        in.order(ByteOrder.LITTLE_ENDIAN);
        int state = in.get() & 0xff;
        int target = in.get() & 0xff;
        int flags = in.get() & 0xff;
        int reason = in.get() & 0xff;
        int stage = in.getShort() & 0xffff;
        int first = in.getInt();
        int second = 0;
        long sec = 0;
        long nsec = 0;
        if (size != LEGACY_SIZE) {
            second = in.getInt();
            if (size == V6_SIZE) {
                sec = in.getLong();
                nsec = in.getLong();
            }
        }
        in.order(order);
        return new ServiceStatus(state, target, flags, reason, stage, first, second, sec, nsec);
    }
}
