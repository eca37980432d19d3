package io.dinitj.posix.sys;

import io.dinitj.api.spi.Errno;
import io.dinitj.collections.HotPath;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The {@link Posix} system calls, bound once through jnr-ffi with an own small interface (not
 * jnr-posix's large one, which costs start-up time: docs/platform-notes.md §5). This
 * class and {@link PosixSpawn} are the only ones that reach jnr; their results follow
 * {@link Posix}: {@code >= 0}, or {@code -errno}.
 *
 * <p><b>Allocation.</b> Every bound function (but {@code posix_spawn} itself, which would start a
 * process) is called once while the instance is built, because jnr-ffi allocates on some first
 * calls (96 KB for {@code waitpid}). After that {@link #read},
 * {@link #write}, {@link #close}, {@link #kill}, {@link #killpg}, {@link #getpid} and
 * {@link #geteuid} allocate nothing. The name-service lookups ({@link #getpwnam} and its
 * kin) are not called in advance: they run at load time only, and calling them early would
 * load the name-service modules at every start. {@code read} and {@code write} each copy
 * through their own preallocated 64 KiB block of direct memory, so one call moves at most
 * 64 KiB. They are meant for the event-loop thread: if two threads read at once (or write at
 * once), the second copies through a temporary block instead, which allocates but is correct. One thread reading while
 * another writes does not contend. The event loop's calls ({@link #epollWait},
 * {@link #epollCtl}, {@link #waitAnyExited}) have a block each on the same terms;
 * {@link #eventFdSignal} and {@link #eventFdDrain} share theirs and never allocate. Calls taking a path ({@link #open}) and {@link #pipe} may
 * allocate.
 *
 * <p><b>Threads.</b> Thread safe; {@code errno} is per thread.
 *
 * <p>The constants are Linux's, the same on x86_64 and aarch64.
 */
public final class JnrPosix implements Posix {

    static final int O_NONBLOCK = 0x800;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    private static final int SUN_PATH_SIZE = 108;
    static final int O_CLOEXEC = 0x80000;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final long SIG_DFL = 0;
    private static final long SIG_ERR = -1;
    static final int WEXITED = 4;
    static final int P_PID = 1;

    /** Size of the block {@code read} and {@code write} copy through. */
    static final int BUFFER_SIZE = 64 * 1024;

    /**
     * Holds the jnr-ffi interface. jnr-ffi generates the implementation in its own class loader,
     * so the interface must be public in the class file; nesting it in this package-private class
     * keeps it out of the module's API.
     */
    static final class Libc {

        private Libc() {
        }

        /**
         * The glibc functions the platform calls. Functions that report failure through
         * {@code errno} carry {@code @SaveError}, so {@code jnr.ffi.Runtime#getLastError()} reads
         * it after the call; the {@code posix_spawn} family returns its error number instead. No
         * parameter is a {@code *ByReference} (24 bytes or more per call): out-parameters are
         * {@code int[]}s or {@link Pointer}s to direct memory allocated once.
         */
        public interface Calls {
            // --- files and descriptors ---

            /** {@code int pipe2(int fds[2], int flags)}. */
            @SaveError
            int pipe2(@Out int[] fds, int flags);

            /** {@code int open(const char *path, int flags, mode_t mode)}. */
            @SaveError
            int open(Pointer path, int flags, int mode);

            /** {@code int close(int fd)}. */
            @SaveError
            int close(int fd);

            /** {@code int fcntl(int fd, int cmd, int arg)}. */
            @SaveError
            int fcntl(int fd, int cmd, int arg);

            /** {@code ssize_t read(int fd, void *buf, size_t n)}. */
            @SaveError
            long read(int fd, Pointer buf, long n);

            /** {@code ssize_t write(int fd, const void *buf, size_t n)}. */
            @SaveError
            long write(int fd, Pointer buf, long n);

            /** {@code int fchmod(int fd, mode_t mode)}. */
            @SaveError
            int fchmod(int fd, int mode);

            /** {@code int fchown(int fd, uid_t uid, gid_t gid)}. */
            @SaveError
            int fchown(int fd, int uid, int gid);

            // --- processes and signals ---

            /** {@code int kill(pid_t pid, int sig)}. */
            @SaveError
            int kill(int pid, int sig);

            /** {@code int killpg(pid_t pgrp, int sig)}. */
            @SaveError
            int killpg(int pgrp, int sig);

            /** {@code pid_t getpid(void)}; cannot fail. */
            @IgnoreError
            int getpid();

            /** {@code uid_t geteuid(void)}; cannot fail. */
            @IgnoreError
            int geteuid();

            /** {@code pid_t getpgrp(void)}; cannot fail. */
            @IgnoreError
            int getpgrp();

            /** {@code int isatty(int fd)}. */
            @IgnoreError
            int isatty(int fd);

            /** {@code int tcsetpgrp(int fd, pid_t pgrp)}. */
            @SaveError
            int tcsetpgrp(int fd, int pgrp);

            /** {@code int prctl(int option, unsigned long arg2, ...)}, four further arguments. */
            @SaveError
            int prctl(int option, long arg2, long arg3, long arg4, long arg5);

            /** {@code sighandler_t signal(int sig, sighandler_t handler)}, as addresses. */
            @SaveError
            long signal(int sig, long handler);

            /** {@code pid_t waitpid(pid_t pid, int *status, int options)}. */
            @SaveError
            int waitpid(int pid, @Out int[] status, int options);

            /** {@code int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)}. */
            @SaveError
            int waitid(int idtype, int id, Pointer info, int options);

            // --- Unix-domain sockets (the control socket) ---

            /** {@code int socket(int domain, int type, int protocol)}. */
            @SaveError
            int socket(int domain, int type, int protocol);

            /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t len)}. */
            @SaveError
            int bind(int fd, Pointer addr, int len);

            /** {@code int listen(int fd, int backlog)}. */
            @SaveError
            int listen(int fd, int backlog);

            /** {@code int connect(int fd, const struct sockaddr *addr, socklen_t len)}. */
            @SaveError
            int connect(int fd, Pointer addr, int len);

            /** {@code int socketpair(int domain, int type, int protocol, int sv[2])}. */
            @SaveError
            int socketpair(int domain, int type, int protocol, @Out int[] sv);

            /** {@code int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)}. */
            @SaveError
            int accept4(int fd, Pointer addr, Pointer len, int flags);

            /** {@code int getsockopt(int fd, int level, int name, void *val, socklen_t *len)}. */
            @SaveError
            int getsockopt(int fd, int level, int name, Pointer val, Pointer len);

            // --- epoll and eventfd ---

            /** {@code int epoll_create1(int flags)}. */
            @SaveError
            int epoll_create1(int flags);

            /** {@code int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)}. */
            @SaveError
            int epoll_ctl(int epfd, int op, int fd, Pointer event);

            /** {@code int epoll_wait(int epfd, struct epoll_event *events, int max, int ms)}. */
            @SaveError
            int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMs);

            /** {@code int eventfd(unsigned int initval, int flags)}. */
            @SaveError
            int eventfd(int initval, int flags);

            // --- posix_spawn: each returns 0 or an error number, never sets errno for us ---

            /** {@code int posix_spawn(pid_t *pid, const char *path, fa, attr, argv, envp)}. */
            @IgnoreError
            int posix_spawn(@Out int[] pid, Pointer path, Pointer fileActions, Pointer attr,
                    Pointer argv, Pointer envp);

            /** {@code int posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)}. */
            @IgnoreError
            int posix_spawn_file_actions_init(Pointer fa);

            /** {@code int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)}. */
            @IgnoreError
            int posix_spawn_file_actions_destroy(Pointer fa);

            /** {@code int posix_spawn_file_actions_addopen(fa, fd, path, flags, mode)}. */
            @IgnoreError
            int posix_spawn_file_actions_addopen(Pointer fa, int fd, Pointer path, int flags,
                    int mode);

            /** {@code int posix_spawn_file_actions_addclose(fa, int fd)}. */
            @IgnoreError
            int posix_spawn_file_actions_addclose(Pointer fa, int fd);

            /** {@code int posix_spawn_file_actions_adddup2(fa, int fd, int newfd)}. */
            @IgnoreError
            int posix_spawn_file_actions_adddup2(Pointer fa, int fd, int newFd);

            /** {@code int posix_spawn_file_actions_addchdir_np(fa, path)}, glibc 2.29+. */
            @IgnoreError
            int posix_spawn_file_actions_addchdir_np(Pointer fa, Pointer path);

            /** {@code int posix_spawn_file_actions_addclosefrom_np(fa, int from)}, glibc 2.34+. */
            @IgnoreError
            int posix_spawn_file_actions_addclosefrom_np(Pointer fa, int from);

            /** {@code int posix_spawnattr_init(posix_spawnattr_t *attr)}. */
            @IgnoreError
            int posix_spawnattr_init(Pointer attr);

            /** {@code int posix_spawnattr_destroy(posix_spawnattr_t *attr)}. */
            @IgnoreError
            int posix_spawnattr_destroy(Pointer attr);

            /** {@code int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)}. */
            @IgnoreError
            int posix_spawnattr_setflags(Pointer attr, short flags);

            /** {@code int posix_spawnattr_setsigmask(attr, const sigset_t *set)}. */
            @IgnoreError
            int posix_spawnattr_setsigmask(Pointer attr, Pointer set);

            /** {@code int posix_spawnattr_setsigdefault(attr, const sigset_t *set)}. */
            @IgnoreError
            int posix_spawnattr_setsigdefault(Pointer attr, Pointer set);

            /** {@code int sigemptyset(sigset_t *set)}. */
            @IgnoreError
            int sigemptyset(Pointer set);

            /** {@code int sigfillset(sigset_t *set)}. */
            @IgnoreError
            int sigfillset(Pointer set);

            // --- the name service (NSS): each returns 0 or an error number ---

            /** {@code int getpwnam_r(name, struct passwd *pwd, char *buf, size_t n, result)}. */
            @IgnoreError
            int getpwnam_r(Pointer name, Pointer pwd, Pointer buf, long n, Pointer result);

            /** {@code int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t n, res)}. */
            @IgnoreError
            int getpwuid_r(int uid, Pointer pwd, Pointer buf, long n, Pointer result);

            /** {@code int getgrnam_r(name, struct group *grp, char *buf, size_t n, result)}. */
            @IgnoreError
            int getgrnam_r(Pointer name, Pointer grp, Pointer buf, long n, Pointer result);
        }

        /**
         * The calls only a system manager's rarer moments need (the console, exec, the end of
         * the machine's run): a second interface, bound by {@link JnrPosix#rare()} on first
         * use, so that binding them costs the daemon's start-up nothing.
         */
        public interface RareCalls {
            /** {@code int dup2(int from, int to)}. */
            @SaveError
            int dup2(int from, int to);

            /** {@code pid_t setsid(void)}. */
            @SaveError
            int setsid();

            /** {@code pid_t getsid(pid_t pid)}. */
            @SaveError
            int getsid(int pid);

            /** {@code pid_t tcgetsid(int fd)}. */
            @SaveError
            int tcgetsid(int fd);

            /** {@code int ioctl(int fd, unsigned long request, long arg)}. */
            @SaveError
            int ioctl(int fd, long request, long arg);

            /** {@code int tcgetattr(int fd, struct termios *t)}. */
            @SaveError
            int tcgetattr(int fd, Pointer termios);

            /** {@code int tcsetattr(int fd, int when, const struct termios *t)}. */
            @SaveError
            int tcsetattr(int fd, int when, Pointer termios);

            /** {@code int tcflush(int fd, int queue)}. */
            @SaveError
            int tcflush(int fd, int queue);

            /** {@code int sigemptyset(sigset_t *set)}. */
            @IgnoreError
            int sigemptyset(Pointer set);

            /** {@code int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)}. */
            @IgnoreError
            int pthread_sigmask(int how, Pointer set, Pointer old);

            /** {@code int execve(const char *path, char *const argv[], char *const envp[])}. */
            @SaveError
            int execve(Pointer path, Pointer argv, Pointer envp);

            /** {@code void sync(void)}. */
            @IgnoreError
            void sync();

            /** {@code int reboot(int cmd)}. */
            @SaveError
            int reboot(int cmd);

            /** {@code int umount2(const char *target, int flags)}. */
            @SaveError
            int umount2(Pointer target, int flags);

            /** {@code int mount(source, target, type, unsigned long flags, const void *data)}. */
            @SaveError
            int mount(Pointer source, Pointer target, Pointer type, long flags, Pointer data);

            /** {@code int swapoff(const char *path)}. */
            @SaveError
            int swapoff(Pointer path);

            /** {@code pid_t getppid(void)}; cannot fail. */
            @IgnoreError
            int getppid();
        }
    }

    private static final class Holder {
        static final JnrPosix INSTANCE = new JnrPosix();
    }

    final Libc.Calls c;
    final jnr.ffi.Runtime runtime;
    /** The blocks {@code read} and {@code write} copy through, one each. */
    private final Pointer readBuffer;
    private final Pointer writeBuffer;
    private final AtomicBoolean readBufferBusy = new AtomicBoolean();
    private final AtomicBoolean writeBufferBusy = new AtomicBoolean();
    /** {@code struct epoll_event} is packed (12 bytes) on x86_64, 16 bytes elsewhere. */
    private static final boolean EPOLL_PACKED =
            jnr.ffi.Platform.getNativePlatform().getCPU() == jnr.ffi.Platform.CPU.X86_64;
    private static final int EPOLL_EVENT_SIZE = EPOLL_PACKED ? 12 : 16;
    private static final int EPOLL_DATA_OFFSET = EPOLL_PACKED ? 4 : 8;
    /** The blocks of the event loop's calls, each with its busy flag (see the class comment). */
    private final Pointer events;
    private final Pointer ctlEvent;
    private final Pointer siginfo;
    private final Pointer eventOne;
    private final Pointer eventDrain;
    private final AtomicBoolean eventsBusy = new AtomicBoolean();
    private final AtomicBoolean ctlEventBusy = new AtomicBoolean();
    private final AtomicBoolean siginfoBusy = new AtomicBoolean();
    /** {@code struct ucred} and its length, for {@link #peerUid}; loop thread only. */
    private final Pointer ucred;
    private final Pointer ucredLength;

    private JnrPosix() {
        c = LibraryLoader.create(Libc.Calls.class).load("c");
        runtime = jnr.ffi.Runtime.getRuntime(c);
        readBuffer = Memory.allocateDirect(runtime, BUFFER_SIZE, true);
        writeBuffer = Memory.allocateDirect(runtime, BUFFER_SIZE, true);
        ucred = Memory.allocateDirect(runtime, 12, true);
        ucredLength = Memory.allocateDirect(runtime, 4, true);
        events = Memory.allocateDirect(runtime, EPOLL_EVENT_SIZE * MAX_EPOLL_EVENTS, true);
        ctlEvent = Memory.allocateDirect(runtime, 16, true);
        siginfo = Memory.allocateDirect(runtime, SIGINFO_SIZE, true);
        eventOne = Memory.allocateDirect(runtime, 8, true);
        eventOne.putLong(0, 1L);
        eventDrain = Memory.allocateDirect(runtime, 8, true);
        warmUp();
    }

    /**
     * Returns the one instance, binding libc on the first call (about 0.3 s: jnr-ffi's start-up).
     *
     * @return the bindings
     * @throws UnsatisfiedLinkError if libc or one of its functions cannot be bound (then every
     *     later call fails too, with {@link NoClassDefFoundError})
     */
    public static JnrPosix get() {
        return Holder.INSTANCE;
    }

    /**
     * Copies a string into new direct memory as UTF-8 with a terminating NUL. Paths and arguments
     * are always UTF-8, whatever the JVM's default charset (US-ASCII under {@code LANG=C} on 17).
     */
    Pointer cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        Pointer p = Memory.allocateDirect(runtime, bytes.length + 1, true);
        p.put(0, bytes, 0, bytes.length);
        return p;
    }

    /** Reads this thread's {@code errno} after a failed call, as a negative result. */
    @HotPath
    int fail() {
        int e = runtime.getLastError();
        return e > 0 ? -e : -Errno.EINVAL;
    }

    @Override
    public int pipe(int[] fds) {
        if (fds.length < 2) {
            throw new IllegalArgumentException("pipe needs an int[2]");
        }
        if (c.pipe2(fds, O_CLOEXEC) < 0) {
            return fail();
        }
        int flags = c.fcntl(fds[0], F_GETFL, 0);
        if (flags < 0 || c.fcntl(fds[0], F_SETFL, flags | O_NONBLOCK) < 0) {
            int err = fail();
            c.close(fds[0]);
            c.close(fds[1]);
            return err;
        }
        return 0;
    }

    @Override
    public int open(String path, int flags, int mode) {
        int fd = c.open(cString(path), flags | O_CLOEXEC, mode);
        return fd < 0 ? fail() : fd;
    }

    @HotPath
    @Override
    public int close(int fd) {
        return c.close(fd) < 0 ? fail() : 0;
    }

    @HotPath
    @Override
    public int read(int fd, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        int n = Math.min(len, BUFFER_SIZE);
        if (!readBufferBusy.compareAndSet(false, true)) {
            return readThroughTemporary(fd, dst, off, n);
        }
        try {
            return readThrough(readBuffer, fd, dst, off, n);
        } finally {
            readBufferBusy.set(false);
        }
    }

    @HotPath
    @Override
    public int write(int fd, byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        int n = Math.min(len, BUFFER_SIZE);
        if (!writeBufferBusy.compareAndSet(false, true)) {
            return writeThroughTemporary(fd, src, off, n);
        }
        try {
            return writeThrough(writeBuffer, fd, src, off, n);
        } finally {
            writeBufferBusy.set(false);
        }
    }

    @HotPath
    private int readThrough(Pointer via, int fd, byte[] dst, int off, int n) {
        long got = c.read(fd, via, n);
        if (got < 0) {
            return fail();
        }
        via.get(0, dst, off, (int) got);
        return (int) got;
    }

    @HotPath
    private int writeThrough(Pointer via, int fd, byte[] src, int off, int n) {
        via.put(0, src, off, n);
        long put = c.write(fd, via, n);
        return put < 0 ? fail() : (int) put;
    }

    /** The contended path: another thread holds the block, so use a fresh one. */
    private int readThroughTemporary(int fd, byte[] dst, int off, int n) {
        return readThrough(Memory.allocateDirect(runtime, Math.max(n, 1)), fd, dst, off, n);
    }

    private int writeThroughTemporary(int fd, byte[] src, int off, int n) {
        return writeThrough(Memory.allocateDirect(runtime, Math.max(n, 1)), fd, src, off, n);
    }

    @Override
    public int fchmod(int fd, int mode) {
        return c.fchmod(fd, mode) < 0 ? fail() : 0;
    }

    @Override
    public int fchown(int fd, int uid, int gid) {
        return c.fchown(fd, uid, gid) < 0 ? fail() : 0;
    }

    @HotPath
    @Override
    public int kill(int pid, int sig) {
        return c.kill(pid, sig) < 0 ? fail() : 0;
    }

    @HotPath
    @Override
    public int killpg(int pgrp, int sig) {
        return c.killpg(pgrp, sig) < 0 ? fail() : 0;
    }

    @HotPath
    @Override
    public int getpid() {
        return c.getpid();
    }

    @HotPath
    @Override
    public int geteuid() {
        return c.geteuid();
    }

    /** {@code struct passwd} (LP64): five pointers and two 32-bit ids. */
    private static final int PASSWD_SIZE = 48;
    /** {@code struct group} (LP64): name, password, gid (padded), member list. */
    private static final int GROUP_SIZE = 32;
    /** The first buffer for a lookup's strings; doubled while too small, up to the limit. */
    private static final int NSS_BUFFER = 1024;
    private static final int NSS_BUFFER_LIMIT = 1 << 20;

    @Override
    public Passwd getpwnam(String name) {
        return passwd(cString(name), 0);
    }

    @Override
    public Passwd getpwuid(int uid) {
        return passwd(null, uid);
    }

    @Override
    public long getgrnam(String name) {
        Pointer cName = cString(name);
        Pointer grp = Memory.allocateDirect(runtime, GROUP_SIZE, true);
        Pointer result = Memory.allocateDirect(runtime, 8, true);
        for (int size = NSS_BUFFER; size <= NSS_BUFFER_LIMIT; size *= 2) {
            Pointer buf = Memory.allocateDirect(runtime, size, true);
            int rc = c.getgrnam_r(cName, grp, buf, size, result);
            if (rc == Errno.ERANGE) {
                continue;
            }
            if (rc != 0 || result.getPointer(0) == null) {
                return -1;
            }
            return grp.getInt(16) & 0xFFFF_FFFFL;
        }
        return -1;
    }

    /** {@code getpwnam_r} when {@code name} is not null, else {@code getpwuid_r(uid)}. */
    private Passwd passwd(Pointer name, int uid) {
        Pointer pwd = Memory.allocateDirect(runtime, PASSWD_SIZE, true);
        Pointer result = Memory.allocateDirect(runtime, 8, true);
        for (int size = NSS_BUFFER; size <= NSS_BUFFER_LIMIT; size *= 2) {
            Pointer buf = Memory.allocateDirect(runtime, size, true);
            int rc = name != null ? c.getpwnam_r(name, pwd, buf, size, result)
                    : c.getpwuid_r(uid, pwd, buf, size, result);
            if (rc == Errno.ERANGE) {
                continue;
            }
            if (rc != 0 || result.getPointer(0) == null) {
                return null;
            }
            return new Passwd(string(pwd, 0, size), pwd.getInt(16), pwd.getInt(20),
                    string(pwd, 32, size), string(pwd, 40, size));
        }
        return null;
    }

    /** The C string a struct's field at {@code offset} points to, as UTF-8; "" for NULL. */
    private static String string(Pointer struct, int offset, int max) {
        Pointer p = struct.getPointer(offset);
        return p == null ? "" : p.getString(0, max, StandardCharsets.UTF_8);
    }

    @Override
    public int getpgrp() {
        return c.getpgrp();
    }

    @Override
    public boolean isatty(int fd) {
        return c.isatty(fd) == 1;
    }

    @Override
    public int tcsetpgrp(int fd, int pgrp) {
        return c.tcsetpgrp(fd, pgrp) < 0 ? fail() : 0;
    }

    @Override
    public int setChildSubreaper() {
        return c.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0 ? fail() : 0;
    }

    @Override
    public int resetSignalToDefault(int signo) {
        return c.signal(signo, SIG_DFL) == SIG_ERR ? fail() : 0;
    }

    @Override
    public int streamSocket() {
        int fd = c.socket(AF_UNIX, SOCK_STREAM | O_NONBLOCK | O_CLOEXEC, 0);
        return fd < 0 ? fail() : fd;
    }

    @Override
    public int bindUnix(int fd, String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_SIZE) {
            return -36;
        }
        return c.bind(fd, unixAddress(p), 2 + p.length + 1) < 0 ? fail() : 0;
    }

    /** A {@code sockaddr_un} for a path already checked to fit. */
    private Pointer unixAddress(byte[] path) {
        Pointer addr = scratchSockaddr();
        addr.putShort(0, (short) AF_UNIX);
        addr.put(2, path, 0, path.length);
        return addr;
    }

    @Override
    public int listen(int fd, int backlog) {
        return c.listen(fd, backlog) < 0 ? fail() : 0;
    }

    @Override
    public int probeUnix(String path) {
        int fd = unixSocket(path, SOCK_STREAM, false);
        if (fd < 0) {
            return fd;
        }
        c.close(fd);
        return 0;
    }

    @Override
    public int socketPair(int[] fds) {
        if (c.socketpair(AF_UNIX, SOCK_STREAM | O_NONBLOCK, 0, fds) < 0) {
            return fail();
        }
        if (c.fcntl(fds[0], F_SETFD, FD_CLOEXEC) < 0) {
            int err = fail();
            c.close(fds[0]);
            c.close(fds[1]);
            return err;
        }
        return 0;
    }

    @Override
    public int connectUnixDatagram(String path) {
        return unixSocket(path, SOCK_DGRAM, false);
    }

    @Override
    public int bindUnixDatagram(String path) {
        return unixSocket(path, SOCK_DGRAM, true);
    }

    private int unixSocket(String path, int type, boolean bind) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_SIZE) {
            return -36;
        }
        Pointer addr = unixAddress(p);
        int fd = c.socket(AF_UNIX, type | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0) {
            return fail();
        }
        int r = bind ? c.bind(fd, addr, 2 + p.length + 1) : c.connect(fd, addr, 2 + p.length + 1);
        if (r < 0) {
            int err = fail();
            c.close(fd);
            return err;
        }
        return fd;
    }

    @HotPath
    @Override
    public int accept(int fd) {
        int r = c.accept4(fd, null, null, O_NONBLOCK | O_CLOEXEC);
        return r < 0 ? fail() : r;
    }

    @HotPath
    @Override
    public int peerUid(int fd) {
        ucredLength.putInt(0, 12);
        if (c.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ucred, ucredLength) < 0) {
            return fail();
        }
        return ucred.getInt(4);
    }

    @Override
    public int blockingPipe(int[] fds) {
        if (fds.length < 2) {
            throw new IllegalArgumentException("pipe needs an int[2]");
        }
        return c.pipe2(fds, O_CLOEXEC) < 0 ? fail() : 0;
    }

    @Override
    public int setNonBlocking(int fd, boolean nonBlocking) {
        int flags = c.fcntl(fd, F_GETFL, 0);
        if (flags < 0) {
            return fail();
        }
        int wanted = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
        return c.fcntl(fd, F_SETFL, wanted) < 0 ? fail() : 0;
    }

    // --- epoll, eventfd and waiting for children: the event loop's calls ---

    private static final int EFD_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int P_ALL = 0;
    private static final int WNOWAIT = 0x01000000;
    /** Offset of {@code si_pid} in {@code siginfo_t} on 64-bit Linux. */
    private static final int SI_PID = 16;
    private static final int SIGINFO_SIZE = 128;

    @Override
    public int epollCreate() {
        int fd = c.epoll_create1(O_CLOEXEC);
        return fd < 0 ? fail() : fd;
    }

    @HotPath
    @Override
    public int epollCtl(int epfd, int op, int fd, int events) {
        if (op == EPOLL_CTL_DEL) {
            return c.epoll_ctl(epfd, op, fd, null) < 0 ? fail() : 0;
        }
        if (!ctlEventBusy.compareAndSet(false, true)) {
            return epollCtlThrough(Memory.allocateDirect(runtime, 16, true), epfd, op, fd,
                    events);
        }
        try {
            return epollCtlThrough(ctlEvent, epfd, op, fd, events);
        } finally {
            ctlEventBusy.set(false);
        }
    }

    @HotPath
    private int epollCtlThrough(Pointer ev, int epfd, int op, int fd, int events) {
        ev.putInt(0, events);
        ev.putLong(EPOLL_DATA_OFFSET, fd);
        return c.epoll_ctl(epfd, op, fd, ev) < 0 ? fail() : 0;
    }

    @HotPath
    @Override
    public int epollWait(int epfd, int[] fds, int timeoutMs) {
        int max = Math.min(fds.length, MAX_EPOLL_EVENTS);
        if (!eventsBusy.compareAndSet(false, true)) {
            return epollWaitThrough(Memory.allocateDirect(runtime,
                    EPOLL_EVENT_SIZE * MAX_EPOLL_EVENTS, true), epfd, fds, max, timeoutMs);
        }
        try {
            return epollWaitThrough(events, epfd, fds, max, timeoutMs);
        } finally {
            eventsBusy.set(false);
        }
    }

    @HotPath
    private int epollWaitThrough(Pointer via, int epfd, int[] fds, int max, int timeoutMs) {
        int ready = c.epoll_wait(epfd, via, max, timeoutMs);
        if (ready < 0) {
            return fail();
        }
        for (int i = 0; i < ready; i++) {
            fds[i] = via.getInt((long) i * EPOLL_EVENT_SIZE + EPOLL_DATA_OFFSET);
        }
        return ready;
    }

    @Override
    public int eventFd() {
        int fd = c.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        return fd < 0 ? fail() : fd;
    }

    @HotPath
    @Override
    public int eventFdSignal(int fd) {
        return c.write(fd, eventOne, 8) < 0 ? fail() : 0;
    }

    @HotPath
    @Override
    public int eventFdDrain(int fd) {
        // The count read is not used, so threads may share the block.
        return c.read(fd, eventDrain, 8) < 0 ? fail() : 0;
    }

    @Override
    public int waitAnyExited() {
        if (!siginfoBusy.compareAndSet(false, true)) {
            return waitAnyThrough(Memory.allocateDirect(runtime, SIGINFO_SIZE, true));
        }
        try {
            return waitAnyThrough(siginfo);
        } finally {
            siginfoBusy.set(false);
        }
    }

    private int waitAnyThrough(Pointer info) {
        return c.waitid(P_ALL, 0, info, WEXITED | WNOWAIT) < 0 ? fail() : info.getInt(SI_PID);
    }

    @Override
    public int waitpid(int pid, int[] status, int options) {
        int r = c.waitpid(pid, status, options);
        return r < 0 ? fail() : r;
    }

    @Override
    public int openFdCount() {
        String[] names = new File("/proc/self/fd").list();
        return names == null ? -Errno.ENOENT : names.length - 1;
    }

    private Pointer scratchSockaddr() {
        return Memory.allocateDirect(runtime, 2 + SUN_PATH_SIZE, true);
    }

    /** Made at the first spawn: most uses of the bindings (tests, dinitctl) never spawn. */
    private PosixSpawn spawner;

    @Override
    public int spawn(SpawnRequest r) {
        return spawner().spawn(r);
    }

    private synchronized PosixSpawn spawner() {
        if (spawner == null) {
            spawner = new PosixSpawn(this);
        }
        return spawner;
    }

    // --- the system manager's calls, bound on first use ---

    /** {@code TIOCSCTTY}: make a terminal the controlling terminal. */
    private static final long TIOCSCTTY = 0x540E;
    /** {@code struct termios} on Linux (x86_64, aarch64): 60 bytes; {@code c_lflag} at 12. */
    private static final int TERMIOS_SIZE = 60;
    private static final int TERMIOS_LFLAG = 12;
    private static final int ICANON = 2;
    private static final int TCSANOW = 0;
    private static final int TCSAFLUSH = 2;
    private static final int TCIFLUSH = 0;
    private static final int SIG_SETMASK = 2;
    private static final long MS_RDONLY = 1;
    private static final long MS_REMOUNT = 32;

    /** Binds {@link Libc.RareCalls} once, on the first call that needs it. */
    private static final class RareHolder {
        static final Libc.RareCalls CALLS = LibraryLoader.create(Libc.RareCalls.class).load("c");
    }

    private static Libc.RareCalls rare() {
        return RareHolder.CALLS;
    }

    @Override
    public int dup2(int from, int to) {
        int r = rare().dup2(from, to);
        return r < 0 ? rareFail() : r;
    }

    @Override
    public int setsid() {
        int r = rare().setsid();
        return r < 0 ? rareFail() : r;
    }

    @Override
    public int getsid() {
        int r = rare().getsid(0);
        return r < 0 ? rareFail() : r;
    }

    @Override
    public int tcgetsid(int fd) {
        int r = rare().tcgetsid(fd);
        return r < 0 ? rareFail() : r;
    }

    @Override
    public int takeControllingTerminal(int fd) {
        return rare().ioctl(fd, TIOCSCTTY, 1) < 0 ? rareFail() : 0;
    }

    @Override
    public int setTerminalCanonical(int fd, boolean canonical) {
        Pointer t = Memory.allocateDirect(runtime, TERMIOS_SIZE, true);
        if (rare().tcgetattr(fd, t) < 0) {
            return rareFail();
        }
        int lflag = t.getInt(TERMIOS_LFLAG);
        t.putInt(TERMIOS_LFLAG, canonical ? lflag | ICANON : lflag & ~ICANON);
        return rare().tcsetattr(fd, canonical ? TCSANOW : TCSAFLUSH, t) < 0 ? rareFail() : 0;
    }

    @Override
    public int flushTerminalInput(int fd) {
        return rare().tcflush(fd, TCIFLUSH) < 0 ? rareFail() : 0;
    }

    @Override
    public int execve(String path, List<String> argv, List<String> env) {
        List<Pointer> keep = new java.util.ArrayList<>();
        Pointer p = cString(path);
        Pointer args = stringArray(argv, keep);
        Pointer envp = stringArray(env, keep);
        Pointer empty = Memory.allocateDirect(runtime, 128, true);
        Pointer old = Memory.allocateDirect(runtime, 128, true);
        rare().sigemptyset(empty);
        rare().pthread_sigmask(SIG_SETMASK, empty, old);
        rare().execve(p, args, envp);
        int err = rareFail();
        rare().pthread_sigmask(SIG_SETMASK, old, null);
        // The strings' memory is freed when their Pointers are collected: not before the call.
        java.lang.ref.Reference.reachabilityFence(keep);
        return err;
    }

    /**
     * A NULL-terminated array of C strings in new direct memory; the array and each string are
     * added to {@code keep}, which the caller keeps reachable until the call that reads them.
     */
    private Pointer stringArray(List<String> strings, List<Pointer> keep) {
        int slot = runtime.addressSize();
        Pointer array = Memory.allocateDirect(runtime, (strings.size() + 1) * slot, true);
        keep.add(array);
        for (int i = 0; i < strings.size(); i++) {
            Pointer str = cString(strings.get(i));
            keep.add(str);
            array.putPointer((long) i * slot, str);
        }
        array.putAddress((long) strings.size() * slot, 0L);
        return array;
    }

    @Override
    public void sync() {
        rare().sync();
    }

    @Override
    public int reboot(int cmd) {
        // Only an init may end its machine (or namespace): from any other process the call
        // would reboot the host under a test or a mistaken script. Refused before the kernel.
        if (getpid() != 1) {
            return -Errno.EPERM;
        }
        return rare().reboot(cmd) < 0 ? rareFail() : 0;
    }

    @Override
    public int umount(String target, int flags) {
        return rare().umount2(cString(target), flags) < 0 ? rareFail() : 0;
    }

    @Override
    public int remountReadOnly(String target) {
        return rare().mount(null, cString(target), null, MS_REMOUNT | MS_RDONLY, null) < 0
                ? rareFail() : 0;
    }

    @Override
    public int swapoff(String path) {
        return rare().swapoff(cString(path)) < 0 ? rareFail() : 0;
    }

    @Override
    public int getppid() {
        return rare().getppid();
    }

    @Override
    public int killAll(int sig) {
        // kill(-1) reaches every process the caller may signal: only an init (or the child an
        // init waits for, in a soft reboot) may do that. Refused before the kernel otherwise.
        if (getpid() != 1 && getppid() != 1) {
            return -Errno.EPERM;
        }
        return c.kill(-1, sig) < 0 ? fail() : 0;
    }

    @Override
    public int connectUnix(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_SIZE) {
            return -36;
        }
        int fd = c.socket(AF_UNIX, SOCK_STREAM | O_CLOEXEC, 0);
        if (fd < 0) {
            return fail();
        }
        if (c.connect(fd, unixAddress(p), 2 + p.length + 1) < 0) {
            int err = fail();
            c.close(fd);
            return err;
        }
        return fd;
    }

    /** {@code errno} after a failed call through {@link Libc.RareCalls}, as a negative result. */
    private static int rareFail() {
        int e = jnr.ffi.Runtime.getRuntime(rare()).getLastError();
        return e > 0 ? -e : -Errno.EINVAL;
    }

    /**
     * Calls every bound function once with harmless arguments (bad descriptors, signal 0, our own
     * pid where a child is expected), so that jnr-ffi's first-call allocations happen here and
     * not on the event loop. {@code posix_spawn} itself is left out: it would start a process,
     * and spawning is not a hot path.
     */
    private void warmUp() {
        byte[] one = new byte[1];
        int[] fds = new int[2];
        if (pipe(fds) == 0) {
            write(fds[1], one, 0, 1);
            read(fds[0], one, 0, 1);
            read(fds[0], one, 0, 1);
            close(fds[0]);
            close(fds[1]);
        }
        int fd = open("/dev/null", O_RDONLY, 0);
        if (fd >= 0) {
            close(fd);
        }
        close(-1);
        read(-1, one, 0, 1);
        write(-1, one, 0, 1);
        fchmod(-1, 0);
        fchown(-1, -1, -1);
        accept(-1);
        peerUid(-1);
        c.socket(-1, 0, 0);
        c.bind(-1, scratchSockaddr(), 0);
        c.listen(-1, 0);
        int self = getpid();
        kill(self, 0);
        killpg(0, 0);
        geteuid();
        c.prctl(-1, 0, 0, 0, 0);
        c.signal(0, SIG_DFL);
        int[] status = new int[1];
        c.waitpid(self, status, WNOHANG);
        Pointer scratch = Memory.allocateDirect(runtime, 512, true);
        c.waitid(P_PID, self, scratch, WEXITED | WNOHANG);
        int ep = c.epoll_create1(O_CLOEXEC);
        if (ep >= 0) {
            c.epoll_ctl(ep, 2, -1, null);
            c.epoll_wait(ep, scratch, 1, 0);
            c.close(ep);
        }
        int ev = c.eventfd(0, O_CLOEXEC | O_NONBLOCK);
        if (ev >= 0) {
            c.close(ev);
        }
        c.posix_spawn_file_actions_init(scratch);
        Pointer root = cString("/");
        c.posix_spawn_file_actions_addopen(scratch, -1, root, O_RDONLY, 0);
        c.posix_spawn_file_actions_adddup2(scratch, -1, -1);
        c.posix_spawn_file_actions_addclose(scratch, -1);
        c.posix_spawn_file_actions_addclosefrom_np(scratch, -1);
        c.posix_spawn_file_actions_addchdir_np(scratch, root);
        c.posix_spawn_file_actions_destroy(scratch);
        Pointer set = Memory.allocateDirect(runtime, 256, true);
        c.sigemptyset(set);
        c.sigfillset(set);
        c.posix_spawnattr_init(scratch);
        c.posix_spawnattr_setflags(scratch, (short) 0);
        c.posix_spawnattr_setsigmask(scratch, set);
        c.posix_spawnattr_setsigdefault(scratch, set);
        c.posix_spawnattr_destroy(scratch);
        fail();
    }
}
