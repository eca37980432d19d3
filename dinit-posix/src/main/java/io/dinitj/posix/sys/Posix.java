package io.dinitj.posix.sys;

/**
 * The system-call seam: every libc call the daemon makes, as a narrow interface (only the calls
 * it uses, not jnr-posix's large one), so that a test can put a faulty implementation in front
 * of the real one and make a call fail with {@code EMFILE}, {@code EAGAIN}, {@code ENOMEM} or
 * {@code EINTR} on purpose, without exhausting anything. {@link JnrPosix} is the implementation,
 * bound through jnr-ffi; no other class of the platform reaches jnr.
 *
 * <p><b>Results.</b> Every call returns a value {@code >= 0} on success and {@code -errno} on
 * failure (for example {@code -EAGAIN}, see {@link io.dinitj.api.spi.Errno}); none throws for
 * an operating-system error. Only programming errors throw: a null array or path, or a range
 * outside an array. The name-service lookups return null (or -1) for "none or failed", and the
 * few calls that cannot fail return their value.
 *
 * <p><b>Threads.</b> Implementations are thread safe; {@code errno} is per thread. Which calls
 * allocate is said by the implementation ({@link JnrPosix}).
 *
 * <p>The constants are Linux's, the same on x86_64 and aarch64.
 */
public interface Posix {

    /** {@code open} flag: read only. */
    int O_RDONLY = 0;

    /** {@code open} flag: write only. */
    int O_WRONLY = 1;

    /** {@code open} flag: read and write. */
    int O_RDWR = 2;

    /** {@code open} flag: create the file if missing. */
    int O_CREAT = 0x40;

    /** {@code open} flag: do not make a terminal the controlling terminal. */
    int O_NOCTTY = 0x100;

    /** {@code open} flag: truncate to length 0. */
    int O_TRUNC = 0x200;

    /** {@code open} flag: append every write. */
    int O_APPEND = 0x400;

    /** {@code waitpid} option: do not wait for a child that has not exited. */
    int WNOHANG = 1;

    /**
     * Creates a pipe with {@code pipe2(O_CLOEXEC)}: the read end is made non-blocking, the write
     * end stays blocking. Both ends are close-on-exec; a child gets one only through
     * {@link Spawner}'s fd mapping.
     *
     * @param fds receives the read end at index 0 and the write end at index 1
     * @return 0, or {@code -errno} (then nothing is left open)
     * @throws IllegalArgumentException if {@code fds} has fewer than 2 elements
     */
    int pipe(int[] fds);

    /**
     * Opens a file, always adding {@code O_CLOEXEC}.
     *
     * @param path the file
     * @param flags {@code O_*} flags of this class, or-ed
     * @param mode the permissions of a file {@code O_CREAT} creates, for example {@code 0644}
     * @return the new file descriptor, or {@code -errno}
     * @throws NullPointerException if {@code path} is null
     */
    int open(String path, int flags, int mode);

    /**
     * Closes a file descriptor. Allocates nothing.
     *
     * @param fd the descriptor
     * @return 0, or {@code -errno}
     */
    int close(int fd);

    /**
     * Reads up to {@code len} bytes (at most 64 KiB per call). Allocates nothing unless another
     * thread is reading at the same moment.
     *
     * @param fd the descriptor
     * @param dst where the bytes go
     * @param off the offset in {@code dst}
     * @param len the most bytes to read
     * @return the number of bytes read, 0 at end of file, {@code -EAGAIN} when a non-blocking
     *     descriptor has nothing yet, or another {@code -errno}
     * @throws IndexOutOfBoundsException if the range is outside {@code dst}
     */
    int read(int fd, byte[] dst, int off, int len);

    /**
     * Writes up to {@code len} bytes (at most 64 KiB per call). Allocates nothing unless another
     * thread is writing at the same moment.
     *
     * @param fd the descriptor
     * @param src the bytes
     * @param off the offset in {@code src}
     * @param len the number of bytes to write
     * @return the number of bytes written (possibly fewer than {@code len}), {@code -EAGAIN}
     *     when a non-blocking descriptor has no room, or another {@code -errno}
     * @throws IndexOutOfBoundsException if the range is outside {@code src}
     */
    int write(int fd, byte[] src, int off, int len);

    /**
     * Changes a file's permissions through a descriptor.
     *
     * @param fd the descriptor
     * @param mode the new permissions, for example {@code 0600}
     * @return 0, or {@code -errno}
     */
    int fchmod(int fd, int mode);

    /**
     * Changes a file's owner through a descriptor.
     *
     * @param fd the descriptor
     * @param uid the new owner, or -1 to keep it
     * @param gid the new group, or -1 to keep it
     * @return 0, or {@code -errno}
     */
    int fchown(int fd, int uid, int gid);

    /**
     * Sends a signal to a process (or, with a negative {@code pid}, to a process group). Signal
     * 0 only checks that the process exists. Allocates nothing.
     *
     * @param pid the process
     * @param sig the signal number
     * @return 0, or {@code -errno} ({@code -ESRCH} if there is no such process)
     */
    int kill(int pid, int sig);

    /**
     * Sends a signal to every process of a process group. Allocates nothing.
     *
     * @param pgrp the process group
     * @param sig the signal number
     * @return 0, or {@code -errno}
     */
    int killpg(int pgrp, int sig);

    /**
     * Returns this process's id. Allocates nothing.
     *
     * @return the pid
     */
    int getpid();

    /**
     * Returns this process's effective user id. Allocates nothing.
     *
     * @return the effective uid
     */
    int geteuid();

    /**
     * One entry of the passwd database, as the name service gives it.
     *
     * @param name the user name
     * @param uid the user id
     * @param gid the primary group id
     * @param home the home directory
     * @param shell the login shell
     */
    record Passwd(String name, int uid, int gid, String home, String shell) {
    }

    /**
     * Looks a user up by name through the C library's name service ({@code getpwnam_r}), so
     * every source {@code /etc/nsswitch.conf} names (files, LDAP, sssd, systemd) is asked, and
     * asked again on every call: nothing is cached here. Allocates; for load time only.
     *
     * @param name the user name
     * @return the entry, or null if there is none or the lookup failed
     */
    Passwd getpwnam(String name);

    /**
     * Looks a user up by id through the name service ({@code getpwuid_r}); see
     * {@link #getpwnam}.
     *
     * @param uid the user id
     * @return the entry, or null if there is none or the lookup failed
     */
    Passwd getpwuid(int uid);

    /**
     * Looks a group up by name through the name service ({@code getgrnam_r}); see
     * {@link #getpwnam}.
     *
     * @param name the group name
     * @return the group id (unsigned, so up to 2^32 - 2), or -1 if there is none or the lookup
     *     failed
     */
    long getgrnam(String name);

    /**
     * Returns this process's process group. Allocates nothing.
     *
     * @return the process group id
     */
    int getpgrp();

    /**
     * Tells whether a descriptor is a terminal.
     *
     * @param fd the descriptor
     * @return true for a terminal
     */
    boolean isatty(int fd);

    /**
     * Makes a process group the foreground process group of the terminal on {@code fd}
     * ({@code tcsetpgrp}). From a background group this needs SIGTTOU ignored or blocked.
     *
     * @param fd a descriptor of the terminal
     * @param pgrp the process group
     * @return 0, or {@code -errno}
     */
    int tcsetpgrp(int fd, int pgrp);

    /**
     * Makes this process a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER, 1)}): orphaned
     * descendants are re-parented to it, so the reaper sees their exits.
     *
     * @return 0, or {@code -errno}
     */
    int setChildSubreaper();

    /**
     * Resets a signal's disposition to the default through libc ({@code signal(sig, SIG_DFL)}).
     * A signal the JVM inherited as ignored stays ignored even after a Java handler is installed
     * for it, so do this first (docs/platform-notes.md §4.2).
     *
     * @param signo the signal number
     * @return 0, or {@code -errno}
     */
    int resetSignalToDefault(int signo);

    /**
     * Creates a Unix-domain stream socket, non-blocking and close-on-exec, for
     * {@link #bindUnix} and {@link #listen}.
     *
     * @return the descriptor, or {@code -errno}
     */
    int streamSocket();

    /**
     * Binds a Unix-domain socket to {@code path} (which must not exist).
     *
     * @param fd the socket
     * @param path the socket file; at most 107 bytes as UTF-8
     * @return 0, or {@code -errno} ({@code -ENAMETOOLONG} (36) for a path too long)
     */
    int bindUnix(int fd, String path);

    /**
     * Marks a bound socket as listening.
     *
     * @param fd the socket
     * @param backlog the listen backlog
     * @return 0, or {@code -errno}
     */
    int listen(int fd, int backlog);

    /**
     * Tries a non-blocking connection to a Unix-domain stream socket (is another daemon
     * listening on this path?); the connection, if made, is closed at once.
     *
     * @param path the socket file
     * @return 0 if it connected, or {@code -errno}: {@code -EAGAIN} when a listener's backlog
     *     is full, {@code -ECONNREFUSED} for a stale file, {@code -ENOENT} for none
     */
    int probeUnix(String path);

    /**
     * Creates a connected pair of Unix-domain stream sockets ({@code socketpair}): both ends
     * non-blocking, only {@code fds[0]} close-on-exec (the end that stays in the daemon; the
     * other is for a child, which the spawn maps to a fixed number or inherits).
     *
     * @param fds receives the two descriptors
     * @return 0, or {@code -errno} (nothing is left open on failure)
     */
    int socketPair(int[] fds);

    /**
     * Creates a non-blocking, close-on-exec Unix-domain datagram socket connected to
     * {@code path} (a syslog socket such as {@code /dev/log}): each later {@link #write} is one
     * datagram.
     *
     * @param path the socket file; at most 107 bytes as UTF-8
     * @return the descriptor, or {@code -errno} (nothing is left open on failure)
     */
    int connectUnixDatagram(String path);

    /**
     * Creates a non-blocking, close-on-exec Unix-domain datagram socket bound to {@code path},
     * to receive datagrams with {@link #read} (a syslog listener, for tests).
     *
     * @param path the socket file to create; at most 107 bytes as UTF-8
     * @return the descriptor, or {@code -errno} (nothing is left open on failure)
     */
    int bindUnixDatagram(String path);

    /**
     * Accepts a connection on a listening socket, non-blocking and close-on-exec
     * ({@code accept4}). Allocates nothing.
     *
     * @param fd the listening descriptor
     * @return the new descriptor, {@code -EAGAIN} if none is pending, or another {@code -errno}
     */
    int accept(int fd);

    /**
     * Returns the user id of a connected Unix-domain socket's peer ({@code SO_PEERCRED}).
     * Allocates nothing; the event-loop thread only (one preallocated buffer).
     *
     * @param fd the connected descriptor
     * @return the peer's uid (as a non-negative int for every real uid), or {@code -errno}
     */
    int peerUid(int fd);

    /**
     * Creates a pipe with {@code pipe2(O_CLOEXEC)} whose two ends both stay blocking: for a
     * pipe that only children use (a log pipe between a producer and its consumer).
     *
     * @param fds receives the read end at index 0 and the write end at index 1
     * @return 0, or {@code -errno} (then nothing is left open)
     * @throws IllegalArgumentException if {@code fds} has fewer than 2 elements
     */
    int blockingPipe(int[] fds);

    /**
     * Makes a descriptor blocking or non-blocking ({@code fcntl(F_SETFL)}, keeping its other
     * status flags).
     *
     * @param fd the descriptor
     * @param nonBlocking true for {@code O_NONBLOCK}
     * @return 0, or {@code -errno}
     */
    int setNonBlocking(int fd, boolean nonBlocking);

    /** {@code epoll_ctl} operation: add a descriptor. */
    int EPOLL_CTL_ADD = 1;

    /** {@code epoll_ctl} operation: remove a descriptor. */
    int EPOLL_CTL_DEL = 2;

    /** {@code epoll_ctl} operation: change what a descriptor is watched for. */
    int EPOLL_CTL_MOD = 3;

    /** {@code epoll} event: readable. */
    int EPOLLIN = 0x001;

    /** {@code epoll} event: writable. */
    int EPOLLOUT = 0x004;

    /** The most ready descriptors one {@link #epollWait} reports. */
    int MAX_EPOLL_EVENTS = 64;

    /**
     * Creates an epoll set, close-on-exec ({@code epoll_create1}).
     *
     * @return the descriptor, or {@code -errno} ({@code -EMFILE}, ...)
     */
    int epollCreate();

    /**
     * Adds, changes or removes a descriptor of an epoll set ({@code epoll_ctl}); the event's
     * data is the descriptor itself, which {@link #epollWait} reports. Allocates nothing unless
     * another thread is in this call at the same moment.
     *
     * @param epfd the epoll set
     * @param op {@link #EPOLL_CTL_ADD}, {@link #EPOLL_CTL_MOD} or {@link #EPOLL_CTL_DEL}
     * @param fd the descriptor
     * @param events {@link #EPOLLIN} and {@link #EPOLLOUT}, or-ed (ignored for DEL)
     * @return 0, or {@code -errno}
     */
    int epollCtl(int epfd, int op, int fd, int events);

    /**
     * Waits for descriptors of an epoll set to be ready ({@code epoll_wait}), and stores the
     * ready descriptors in {@code fds}. Allocates nothing unless another thread is waiting in
     * this call at the same moment (then it waits through a temporary block).
     *
     * @param epfd the epoll set
     * @param fds receives the ready descriptors; at most {@link #MAX_EPOLL_EVENTS} are used
     * @param timeoutMs the most milliseconds to wait, 0 not to wait, -1 for ever
     * @return the number of ready descriptors, or {@code -errno} ({@code -EINTR} when a signal
     *     interrupted the wait)
     */
    int epollWait(int epfd, int[] fds, int timeoutMs);

    /**
     * Creates a non-blocking, close-on-exec eventfd with the count 0 ({@code eventfd}).
     *
     * @return the descriptor, or {@code -errno}
     */
    int eventFd();

    /**
     * Adds 1 to an eventfd's count, making it readable. Any thread; allocates nothing.
     *
     * @param fd the eventfd
     * @return 0, or {@code -errno} ({@code -EAGAIN} if the count would overflow)
     */
    int eventFdSignal(int fd);

    /**
     * Reads an eventfd's count, setting it back to 0. Allocates nothing.
     *
     * @param fd the eventfd
     * @return 0, or {@code -errno} ({@code -EAGAIN} if the count was 0)
     */
    int eventFdDrain(int fd);

    /**
     * Waits until any child has exited and returns its pid without reaping it
     * ({@code waitid(P_ALL, WEXITED | WNOWAIT)}), so that a caller who no longer wants it can
     * leave it for whoever reaps next. Blocks. Allocates nothing unless another thread is in
     * this call at the same moment.
     *
     * @return the pid of an exited child, or {@code -errno} ({@code -ECHILD} with no child,
     *     {@code -EINTR})
     */
    int waitAnyExited();

    /**
     * Reaps a child ({@code waitpid}). {@code status} is a one-element array the caller keeps,
     * so the call allocates nothing.
     *
     * @param pid the child, or -1 for any
     * @param status receives the wait status at index 0
     * @param options {@code WNOHANG} or 0
     * @return the reaped child's pid, 0 with {@code WNOHANG} when none has exited, or
     *     {@code -errno}
     */
    int waitpid(int pid, int[] status, int options);

    /**
     * Counts this process's open file descriptors, by listing {@code /proc/self/fd}, for leak
     * tests. The descriptor the listing itself uses is not counted. It allocates.
     *
     * @return the number of open descriptors, or {@code -ENOENT} if {@code /proc} is missing
     */
    int openFdCount();

    /**
     * Starts a process with {@code posix_spawn} (see {@link Spawner} for what the child gets).
     * Not a hot path: it allocates.
     *
     * @param r what to start
     * @return the child's pid ({@code > 0}), or {@code -errno} ({@code -ENOENT} for a missing
     *     program or working directory, {@code -EACCES}, {@code -EBADF} for a source descriptor
     *     that is not open, {@code -ENOMEM}, ...)
     * @throws NullPointerException if {@code r} is null
     */
    int spawn(SpawnRequest r);

    // --- the system manager's calls: the console, exec, shutdown (bound on first use) ---

    /** {@code reboot} command: restart the machine ({@code RB_AUTOBOOT}). */
    int RB_AUTOBOOT = 0x01234567;

    /** {@code reboot} command: halt the machine ({@code RB_HALT_SYSTEM}). */
    int RB_HALT_SYSTEM = 0xcdef0123;

    /** {@code reboot} command: power the machine off ({@code RB_POWER_OFF}). */
    int RB_POWER_OFF = 0x4321fedc;

    /** {@code reboot} command: boot the kernel loaded by kexec ({@code RB_KEXEC}). */
    int RB_KEXEC = 0x45584543;

    /** {@code umount2} flag: force the unmount ({@code MNT_FORCE}). */
    int MNT_FORCE = 1;

    /** {@code umount2} flag: detach now, clean up when no longer busy ({@code MNT_DETACH}). */
    int MNT_DETACH = 2;

    /**
     * Makes {@code to} a copy of {@code from} ({@code dup2}); {@code to} is not close-on-exec.
     * These calls and those below are bound on their first use, so a daemon that never needs
     * them pays nothing for them at start-up.
     *
     * @param from an open descriptor
     * @param to the descriptor number to replace
     * @return {@code to}, or {@code -errno}
     */
    int dup2(int from, int to);

    /**
     * Starts a new session with this process as its leader ({@code setsid}); it then has no
     * controlling terminal.
     *
     * @return the new session id, or {@code -errno} ({@code -EPERM} for a process group leader)
     */
    int setsid();

    /**
     * This process's session id ({@code getsid(0)}).
     *
     * @return the session id, or {@code -errno}
     */
    int getsid();

    /**
     * The session whose controlling terminal {@code fd} is ({@code tcgetsid}).
     *
     * @param fd a terminal
     * @return the session id, or {@code -errno} ({@code -ENOTTY} if {@code fd} is not a terminal
     *     or is nobody's controlling terminal)
     */
    int tcgetsid(int fd);

    /**
     * Makes the terminal {@code fd} the controlling terminal of this process's session
     * ({@code ioctl(fd, TIOCSCTTY, 1)}: taken from another session if need be, which needs
     * {@code CAP_SYS_ADMIN}). The process must be a session leader.
     *
     * @param fd a terminal
     * @return 0, or {@code -errno}
     */
    int takeControllingTerminal(int fd);

    /**
     * Turns a terminal's canonical (line-by-line) input mode on or off ({@code tcgetattr},
     * {@code ICANON}, {@code tcsetattr}); turning it off also drops input not read yet
     * ({@code TCSAFLUSH}), so a keystroke typed before a question is not taken as its answer.
     *
     * @param fd a terminal
     * @param canonical true for line-by-line input, false for each character as typed
     * @return 0, or {@code -errno} ({@code -ENOTTY} if {@code fd} is not a terminal)
     */
    int setTerminalCanonical(int fd, boolean canonical);

    /**
     * Drops a terminal's input not read yet ({@code tcflush(fd, TCIFLUSH)}).
     *
     * @param fd a terminal
     * @return 0, or {@code -errno}
     */
    int flushTerminalInput(int fd);

    /**
     * Replaces this process's program ({@code execve}), with every signal unblocked in the
     * calling thread first (the JVM's threads block some; the new program must not inherit
     * that). Descriptors without close-on-exec stay open. On failure the calling thread's
     * signal mask is put back and the process runs on.
     *
     * @param path the program
     * @param argv its arguments, {@code argv[0]} first
     * @param env its environment, {@code NAME=value} strings
     * @return only on failure: {@code -errno}
     * @throws NullPointerException if an argument is null
     */
    int execve(String path, java.util.List<String> argv, java.util.List<String> env);

    /** Writes every file system's buffered data to its disk ({@code sync}); cannot fail. */
    void sync();

    /**
     * Halts, reboots or powers off the machine ({@code reboot(2)}). In a PID namespace other
     * than the first, called by its PID 1, it ends the namespace instead: its init is killed by
     * SIGHUP for {@link #RB_AUTOBOOT} and by SIGINT for a halt or power-off.
     *
     * @param cmd {@link #RB_AUTOBOOT}, {@link #RB_HALT_SYSTEM}, {@link #RB_POWER_OFF} or
     *     {@link #RB_KEXEC}
     * @return only on failure: {@code -errno} ({@code -EPERM} without {@code CAP_SYS_BOOT}, and
     *     always, without reaching the kernel, when this process is not PID 1 of its namespace:
     *     nothing but an init may end its machine)
     */
    int reboot(int cmd);

    /**
     * Unmounts a file system ({@code umount2}).
     *
     * @param target the mount point
     * @param flags 0, {@link #MNT_FORCE}, {@link #MNT_DETACH}
     * @return 0, or {@code -errno} ({@code -EBUSY} while in use)
     */
    int umount(String target, int flags);

    /**
     * Makes a mounted file system read-only ({@code mount(NULL, target, NULL,
     * MS_REMOUNT | MS_RDONLY, NULL)}): its superblock, so every mount of it in every mount
     * namespace becomes read-only.
     *
     * @param target the mount point
     * @return 0, or {@code -errno}
     */
    int remountReadOnly(String target);

    /**
     * Stops swapping to a device or file ({@code swapoff}).
     *
     * @param path the swap device or file, as {@code /proc/swaps} names it
     * @return 0, or {@code -errno}
     */
    int swapoff(String path);

    // --- the shutdown program's calls (bound on first use too) ---

    /**
     * This process's parent's id ({@code getppid}); cannot fail.
     *
     * @return the parent's pid, 0 when the parent is outside this PID namespace
     */
    int getppid();

    /**
     * Sends a signal to every process this one may signal, except itself and the init of its
     * PID namespace ({@code kill(-1, sig)}): the shutdown program's TERM and KILL steps.
     * Refused, without reaching the kernel, unless this process is PID 1 of its namespace or
     * a child of it (the soft-reboot case): from anywhere else it would kill the session that
     * started a test or a mistaken command, with everything around it.
     *
     * @param sig the signal
     * @return 0, or {@code -errno} ({@code -EPERM} when refused, {@code -ESRCH} when there was
     *     no process to signal)
     */
    int killAll(int sig);

    /**
     * Connects a blocking, close-on-exec stream socket to a Unix socket path: a client's
     * connection to a daemon's control socket.
     *
     * @param path the socket's path
     * @return the connected descriptor, or {@code -errno} ({@code -ENOENT} for no such socket,
     *     {@code -ECONNREFUSED} for one nobody listens on, {@code -ENAMETOOLONG} for a path
     *     longer than {@code sun_path})
     * @throws NullPointerException if {@code path} is null
     */
    int connectUnix(String path);
}
