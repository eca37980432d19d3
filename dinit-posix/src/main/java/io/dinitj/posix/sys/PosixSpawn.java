package io.dinitj.posix.sys;

import io.dinitj.api.spi.Errno;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Starts child processes with glibc's {@code posix_spawn}, bound directly (docs/platform-notes.md
 * §1.2). Never {@code fork()} in a JVM, and never {@code ProcessBuilder} in the daemon.
 *
 * <p><b>What the child gets.</b>
 * <ul>
 *   <li>Descriptors 0, 1, 2 from the request ({@code /dev/null} for -1; standard error may be
 *       standard output), then each pair of {@link SpawnRequest#fdMap()} at its child number, and
 *       nothing else: every other descriptor is closed (one {@code addclose} per unused number
 *       below the highest child number, then {@code addclosefrom_np} above it), because the JVM
 *       and the jnr libraries open descriptors without {@code O_CLOEXEC}. Low child numbers
 *       (3, 4, ...) keep the number of actions small. To make this safe
 *       whatever the numbers, every source descriptor is first duplicated to a number that is
 *       neither a source nor a target (the lowest such above the targets: a number at or above
 *       the descriptor limit cannot be a target of dup2), and placed from there; so a child
 *       number may equal another entry's parent descriptor.</li>
 *   <li>An empty signal mask, and every signal's disposition reset to the default (the daemon
 *       ignores some signals, and ignored signals are inherited through {@code exec}). glibc
 *       leaves its two internal real-time signals (32 and 33) as they were.</li>
 *   <li>The working directory of the request, if given ({@code addchdir_np}).</li>
 *   <li>A new session, and so a new process group, if asked ({@code POSIX_SPAWN_SETSID}).</li>
 * </ul>
 *
 * <p><b>Failure.</b> glibc reports failures of the child's set-up and of {@code exec} itself
 * (a missing program or working directory, a bad descriptor) synchronously as the result of
 * {@code posix_spawn}; {@link #spawn} returns it as {@code -errno} and never throws
 * for it. A failed spawn leaves no process behind.
 *
 * <p><b>Cost.</b> glibc clones with {@code CLONE_VM|CLONE_VFORK}, so the cost does not grow with
 * the heap: about 0.6 ms per spawn after warm-up (docs/platform-notes.md §1.2). A spawn
 * allocates (argument strings, small arrays); it is not a hot path. The native file-action,
 * attribute and signal-set blocks are allocated once and reused.
 *
 * <p><b>Reaping.</b> The spawner does not reap: call {@code EventLoop.childSpawned()} after a
 * successful spawn, and the loop's reaper delivers the exit.
 *
 * <p><b>Threads.</b> Thread safe: spawns are serialised on this object.
 */
final class PosixSpawn {

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;

    /** Generous for glibc's 80-byte {@code posix_spawn_file_actions_t} on 64-bit Linux. */
    private static final int FILE_ACTIONS_SIZE = 256;
    /** Generous for glibc's 336-byte {@code posix_spawnattr_t}. */
    private static final int ATTR_SIZE = 1024;
    /** {@code sigset_t} is 128 bytes in glibc. */
    private static final int SIGSET_SIZE = 256;

    private final JnrPosix.Libc.Calls c;
    private final jnr.ffi.Runtime runtime;
    private final Pointer fileActions;
    private final Pointer attr;
    private final Pointer emptySet;
    private final Pointer fullSet;
    private final Pointer devNull;
    private final int[] pidOut = new int[1];
    /** The block argv and envp are packed into; grows as needed, reused between spawns. */
    private Pointer strings;

    /** 0, or the error glibc gave while setting up the attributes: then every spawn fails. */
    private final int setupError;

    /**
     * Allocates the native blocks and prepares the spawn attributes (empty signal mask, all
     * signals to default) here, once.
     */
    PosixSpawn(JnrPosix n) {
        this.c = n.c;
        this.runtime = n.runtime;
        fileActions = Memory.allocateDirect(runtime, FILE_ACTIONS_SIZE, true);
        attr = Memory.allocateDirect(runtime, ATTR_SIZE, true);
        emptySet = Memory.allocateDirect(runtime, SIGSET_SIZE, true);
        fullSet = Memory.allocateDirect(runtime, SIGSET_SIZE, true);
        devNull = n.cString("/dev/null");
        strings = Memory.allocateDirect(runtime, 4096, true);
        int err = c.sigemptyset(emptySet) | c.sigfillset(fullSet)
                | c.posix_spawnattr_init(attr)
                | c.posix_spawnattr_setsigmask(attr, emptySet)
                | c.posix_spawnattr_setsigdefault(attr, fullSet);
        setupError = err == 0 ? 0 : Errno.EINVAL;
    }

    /** {@link Posix#spawn}: the child's pid, or {@code -errno}. */
    synchronized int spawn(SpawnRequest r) {
        Objects.requireNonNull(r, "request");
        if (setupError != 0) {
            return -setupError;
        }
        int[] map = r.fdMap();
        // Every parent descriptor the child receives, once each.
        int[] sources = new int[3 + map.length / 2];
        int count = 0;
        count = addSource(sources, count, r.stdin());
        count = addSource(sources, count, r.stdout());
        count = addSource(sources, count, r.stderr());
        int maxTarget = 2;
        for (int i = 0; i < map.length; i += 2) {
            count = addSource(sources, count, map[i]);
            maxTarget = Math.max(maxTarget, map[i + 1]);
        }
        int[] slots = slots(sources, count, maxTarget);
        int err = c.posix_spawn_file_actions_init(fileActions);
        if (err != 0) {
            return -err;
        }
        try {
            err = addFileActions(r, sources, count, slots, maxTarget);
            if (err != 0) {
                return -err;
            }
            short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                    | (r.newSession() ? POSIX_SPAWN_SETSID : 0));
            err = c.posix_spawnattr_setflags(attr, flags);
            if (err != 0) {
                return -err;
            }
            byte[] path = r.path().getBytes(StandardCharsets.UTF_8);
            List<String> argv = r.argv();
            List<String> env = r.env();
            Pointer block = packStrings(path, argv, env);
            long slot = runtime.addressSize();
            Pointer argvP = block.slice(0);
            Pointer envP = block.slice((argv.size() + 1) * slot);
            Pointer pathP = block.slice((argv.size() + env.size() + 2) * slot);
            pidOut[0] = 0;
            err = c.posix_spawn(pidOut, pathP, fileActions, attr, argvP, envP);
            return err == 0 ? pidOut[0] : -err;
        } finally {
            c.posix_spawn_file_actions_destroy(fileActions);
        }
    }

    /**
     * The child's numbers the sources are first moved to: the lowest above every target that are
     * not themselves sources. Low on purpose: a number at or above the descriptor limit cannot
     * be a {@code dup2} target ({@code EBADF}), and the daemon's own descriptors may sit just
     * below the limit; in the child a slot may replace a descriptor of the daemon's, which the
     * child closes anyway.
     */
    private static int[] slots(int[] sources, int count, int maxTarget) {
        int[] slots = new int[count];
        int next = maxTarget + 1;
        for (int i = 0; i < count; i++) {
            while (indexOf(sources, count, next) >= 0) {
                next++;
            }
            slots[i] = next++;
        }
        return slots;
    }

    /**
     * Adds the file actions: sources to their slots, then standard descriptors and the map from
     * there, then close every other descriptor, then change directory.
     */
    private int addFileActions(SpawnRequest r, int[] sources, int count, int[] slots,
            int maxTarget) {
        int err = 0;
        // 1. Move every source to a slot that is neither a source nor a target number, so that
        //    placing one descriptor can never overwrite a source another still needs.
        for (int i = 0; i < count && err == 0; i++) {
            err = c.posix_spawn_file_actions_adddup2(fileActions, sources[i], slots[i]);
        }
        // 1b. Close the daemon's other descriptors above the targets now, so that opening
        //     /dev/null below finds a free number even when the daemon is at its limit.
        int lastSlot = count == 0 ? maxTarget : slots[count - 1];
        for (int fd = maxTarget + 1; fd < lastSlot && err == 0; fd++) {
            if (indexOf(slots, count, fd) < 0) {
                err = c.posix_spawn_file_actions_addclose(fileActions, fd);
            }
        }
        if (err == 0) {
            err = c.posix_spawn_file_actions_addclosefrom_np(fileActions, lastSlot + 1);
        }
        // 2. Standard descriptors.
        if (err == 0) {
            err = place(0, r.stdin(), Posix.O_RDONLY, sources, count, slots);
        }
        if (err == 0) {
            err = place(1, r.stdout(), Posix.O_WRONLY, sources, count, slots);
        }
        if (err == 0) {
            err = r.stderr() == SpawnRequest.SAME_AS_STDOUT
                    ? c.posix_spawn_file_actions_adddup2(fileActions, 1, 2)
                    : place(2, r.stderr(), Posix.O_WRONLY, sources, count, slots);
        }
        // 3. The extra descriptors at their fixed numbers.
        int[] map = r.fdMap();
        for (int i = 0; i < map.length && err == 0; i += 2) {
            err = c.posix_spawn_file_actions_adddup2(fileActions,
                    slots[indexOf(sources, count, map[i])], map[i + 1]);
        }
        // 4. Nothing else: close the numbers between the targets (the JVM's descriptors there
        //    are inherited too; a close of a number that is not open is not an error), then
        //    everything above the highest target, which includes the slots of step 1.
        for (int fd = 3; fd < maxTarget && err == 0; fd++) {
            if (!isTarget(map, fd)) {
                err = c.posix_spawn_file_actions_addclose(fileActions, fd);
            }
        }
        if (err == 0) {
            err = c.posix_spawn_file_actions_addclosefrom_np(fileActions, maxTarget + 1);
        }
        if (err == 0 && r.workingDir() != null) {
            err = c.posix_spawn_file_actions_addchdir_np(fileActions,
                    packOne(r.workingDir().getBytes(StandardCharsets.UTF_8)));
        }
        return err;
    }

    /** Puts a parent descriptor (moved to its slot) or /dev/null on {@code target}. */
    private int place(int target, int source, int nullFlags, int[] sources, int count,
            int[] slots) {
        if (source == SpawnRequest.DEV_NULL) {
            return c.posix_spawn_file_actions_addopen(fileActions, target, devNull, nullFlags, 0);
        }
        return c.posix_spawn_file_actions_adddup2(fileActions,
                slots[indexOf(sources, count, source)], target);
    }

    private static boolean isTarget(int[] map, int fd) {
        for (int i = 1; i < map.length; i += 2) {
            if (map[i] == fd) {
                return true;
            }
        }
        return false;
    }

    private static int addSource(int[] sources, int count, int fd) {
        if (fd < 0 || indexOf(sources, count, fd) >= 0) {
            return count;
        }
        sources[count] = fd;
        return count + 1;
    }

    private static int indexOf(int[] sources, int count, int fd) {
        for (int i = 0; i < count; i++) {
            if (sources[i] == fd) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Packs argv, then envp (each a NULL-terminated pointer array), then the path and every
     * string (UTF-8, NUL-terminated) into the reusable block, growing it if needed.
     */
    private Pointer packStrings(byte[] path, List<String> argv, List<String> env) {
        int slot = runtime.addressSize();
        byte[][] args = encode(argv);
        byte[][] envs = encode(env);
        long size = (long) (args.length + envs.length + 2) * slot + path.length + 1;
        for (byte[] a : args) {
            size += a.length + 1;
        }
        for (byte[] e : envs) {
            size += e.length + 1;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arguments and environment too large");
        }
        if (size > strings.size()) {
            long grown = Math.max(size, strings.size() * 2);
            strings = Memory.allocateDirect(runtime, (int) Math.min(grown, Integer.MAX_VALUE - 8),
                    true);
        }
        Pointer block = strings;
        long base = block.address();
        long text = (long) (args.length + envs.length + 2) * slot;
        text = putString(block, text, path);
        for (int i = 0; i < args.length; i++) {
            block.putAddress((long) i * slot, base + text);
            text = putString(block, text, args[i]);
        }
        block.putAddress((long) args.length * slot, 0L);
        long envStart = (long) (args.length + 1) * slot;
        for (int i = 0; i < envs.length; i++) {
            block.putAddress(envStart + (long) i * slot, base + text);
            text = putString(block, text, envs[i]);
        }
        block.putAddress(envStart + (long) envs.length * slot, 0L);
        return block;
    }

    private static byte[][] encode(List<String> strings) {
        byte[][] out = new byte[strings.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static long putString(Pointer block, long at, byte[] s) {
        block.put(at, s, 0, s.length);
        block.putByte(at + s.length, (byte) 0);
        return at + s.length + 1;
    }

    private Pointer packOne(byte[] s) {
        Pointer p = Memory.allocateDirect(runtime, s.length + 1, true);
        putString(p, 0, s);
        return p;
    }
}
