package io.dinitj.posix.sys;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Posix} that passes every call to a real one, except the calls a test has told it to
 * make fail: the next {@code n} calls of one kind return {@code -errno} (EMFILE, EAGAIN,
 * ENOMEM, EINTR, ...) without reaching the operating system. This is the system-call seam's
 * test twin: it makes fd exhaustion or a signal's interruption happen exactly where and as often
 * as a test wants, with nothing really exhausted.
 *
 * <p>A call that fails here has no effect at all, as a real failing call has none: a failed
 * {@code accept} leaves the connection pending, a failed {@code pipe} opens nothing, a failed
 * {@code spawn} starts nothing. Calls that cannot fail (the ids, {@code isatty}, the
 * name-service lookups) are only passed on.
 *
 * <p><b>Threads.</b> Thread safe: the daemon's loop, its reaper and the test's own thread may
 * call it at once. Passing a call on allocates nothing.
 */
public final class FakePosix implements Posix {

    /** The calls that can be made to fail, one per {@link Posix} method that can fail. */
    public enum Call {
        /** {@link Posix#pipe}. */
        PIPE,
        /** {@link Posix#open}. */
        OPEN,
        /** {@link Posix#close}. */
        CLOSE,
        /** {@link Posix#read}. */
        READ,
        /** {@link Posix#write}. */
        WRITE,
        /** {@link Posix#fchmod}. */
        FCHMOD,
        /** {@link Posix#fchown}. */
        FCHOWN,
        /** {@link Posix#kill}. */
        KILL,
        /** {@link Posix#killpg}. */
        KILLPG,
        /** {@link Posix#tcsetpgrp}. */
        TCSETPGRP,
        /** {@link Posix#setChildSubreaper}. */
        SET_CHILD_SUBREAPER,
        /** {@link Posix#resetSignalToDefault}. */
        RESET_SIGNAL_TO_DEFAULT,
        /** {@link Posix#streamSocket}. */
        STREAM_SOCKET,
        /** {@link Posix#bindUnix}. */
        BIND_UNIX,
        /** {@link Posix#listen}. */
        LISTEN,
        /** {@link Posix#probeUnix}. */
        PROBE_UNIX,
        /** {@link Posix#socketPair}. */
        SOCKET_PAIR,
        /** {@link Posix#connectUnixDatagram}. */
        CONNECT_UNIX_DATAGRAM,
        /** {@link Posix#bindUnixDatagram}. */
        BIND_UNIX_DATAGRAM,
        /** {@link Posix#accept}. */
        ACCEPT,
        /** {@link Posix#peerUid}. */
        PEER_UID,
        /** {@link Posix#blockingPipe}. */
        BLOCKING_PIPE,
        /** {@link Posix#setNonBlocking}. */
        SET_NON_BLOCKING,
        /** {@link Posix#epollCreate}. */
        EPOLL_CREATE,
        /** {@link Posix#epollCtl}. */
        EPOLL_CTL,
        /** {@link Posix#epollWait}. */
        EPOLL_WAIT,
        /** {@link Posix#eventFd}. */
        EVENT_FD,
        /** {@link Posix#eventFdSignal}. */
        EVENT_FD_SIGNAL,
        /** {@link Posix#eventFdDrain}. */
        EVENT_FD_DRAIN,
        /** {@link Posix#waitAnyExited}. */
        WAIT_ANY_EXITED,
        /** {@link Posix#waitpid}. */
        WAITPID,
        /** {@link Posix#spawn}. */
        SPAWN,
        /** {@link Posix#dup2}. */
        DUP2,
        /** {@link Posix#setsid}. */
        SETSID,
        /** {@link Posix#takeControllingTerminal}. */
        TAKE_CONTROLLING_TERMINAL,
        /** {@link Posix#setTerminalCanonical}. */
        SET_TERMINAL_CANONICAL,
        /** {@link Posix#execve}. */
        EXECVE,
        /** {@link Posix#reboot}. */
        REBOOT,
        /** {@link Posix#umount}. */
        UMOUNT,
        /** {@link Posix#remountReadOnly}. */
        REMOUNT_READ_ONLY,
        /** {@link Posix#swapoff}. */
        SWAPOFF,
        /** {@link Posix#killAll}. */
        KILL_ALL,
        /** {@link Posix#connectUnix}. */
        CONNECT_UNIX
    }

    private final Posix real;
    private final AtomicInteger[] remaining = new AtomicInteger[Call.values().length];
    private final int[] errno = new int[Call.values().length];
    private final AtomicInteger[] injected = new AtomicInteger[Call.values().length];

    /**
     * Creates a fake in front of {@code real}, failing nothing yet.
     *
     * @param real the system calls to pass calls on to
     */
    public FakePosix(Posix real) {
        this.real = Objects.requireNonNull(real, "real");
        for (int i = 0; i < remaining.length; i++) {
            remaining[i] = new AtomicInteger();
            injected[i] = new AtomicInteger();
        }
    }

    /**
     * Makes the next {@code times} calls of {@code call} fail with {@code errorNumber},
     * replacing any fault set for it before.
     *
     * @param call the call
     * @param errorNumber the error, positive (for example {@code Errno.EMFILE})
     * @param times how many calls fail; {@link Integer#MAX_VALUE} for "until {@link #heal}"
     * @return this fake
     * @throws IllegalArgumentException if {@code errorNumber} or {@code times} is not positive
     */
    public FakePosix fail(Call call, int errorNumber, int times) {
        if (errorNumber <= 0 || times <= 0) {
            throw new IllegalArgumentException("errno and times must be positive");
        }
        synchronized (this) {
            // The errno first: a call that sees the count sees this errno (volatile write below).
            errno[call.ordinal()] = errorNumber;
            remaining[call.ordinal()].set(times);
        }
        return this;
    }

    /**
     * Makes every later call of {@code call} fail with {@code errorNumber} until {@link #heal}.
     *
     * @param call the call
     * @param errorNumber the error, positive
     * @return this fake
     */
    public FakePosix failAlways(Call call, int errorNumber) {
        return fail(call, errorNumber, Integer.MAX_VALUE);
    }

    /**
     * Lifts the fault on {@code call}: its later calls reach the real system calls again.
     *
     * @param call the call
     * @return this fake
     */
    public FakePosix heal(Call call) {
        remaining[call.ordinal()].set(0);
        return this;
    }

    /**
     * Tells how many calls of {@code call} this fake has made fail so far.
     *
     * @param call the call
     * @return the count
     */
    public int injectedCount(Call call) {
        return injected[call.ordinal()].get();
    }

    /**
     * Tells how many more calls of {@code call} will fail.
     *
     * @param call the call
     * @return the count; {@link Integer#MAX_VALUE} for {@link #failAlways}
     */
    public int pending(Call call) {
        return remaining[call.ordinal()].get();
    }

    /** {@code -errno} if this call is to fail (and counts it), else 0. */
    private int injected(Call call) {
        int i = call.ordinal();
        AtomicInteger left = remaining[i];
        for (int n = left.get(); n > 0; n = left.get()) {
            if (left.compareAndSet(n, n == Integer.MAX_VALUE ? n : n - 1)) {
                injected[i].incrementAndGet();
                return -errno[i];
            }
        }
        return 0;
    }

    @Override
    public int pipe(int[] fds) {
        int err = injected(Call.PIPE);
        return err != 0 ? err : real.pipe(fds);
    }

    @Override
    public int open(String path, int flags, int mode) {
        int err = injected(Call.OPEN);
        return err != 0 ? err : real.open(path, flags, mode);
    }

    @Override
    public int close(int fd) {
        int err = injected(Call.CLOSE);
        return err != 0 ? err : real.close(fd);
    }

    @Override
    public int read(int fd, byte[] dst, int off, int len) {
        int err = injected(Call.READ);
        return err != 0 ? err : real.read(fd, dst, off, len);
    }

    @Override
    public int write(int fd, byte[] src, int off, int len) {
        int err = injected(Call.WRITE);
        return err != 0 ? err : real.write(fd, src, off, len);
    }

    @Override
    public int fchmod(int fd, int mode) {
        int err = injected(Call.FCHMOD);
        return err != 0 ? err : real.fchmod(fd, mode);
    }

    @Override
    public int fchown(int fd, int uid, int gid) {
        int err = injected(Call.FCHOWN);
        return err != 0 ? err : real.fchown(fd, uid, gid);
    }

    @Override
    public int kill(int pid, int sig) {
        int err = injected(Call.KILL);
        return err != 0 ? err : real.kill(pid, sig);
    }

    @Override
    public int killpg(int pgrp, int sig) {
        int err = injected(Call.KILLPG);
        return err != 0 ? err : real.killpg(pgrp, sig);
    }

    @Override
    public int getpid() {
        return real.getpid();
    }

    @Override
    public int geteuid() {
        return real.geteuid();
    }

    @Override
    public Passwd getpwnam(String name) {
        return real.getpwnam(name);
    }

    @Override
    public Passwd getpwuid(int uid) {
        return real.getpwuid(uid);
    }

    @Override
    public long getgrnam(String name) {
        return real.getgrnam(name);
    }

    @Override
    public int getpgrp() {
        return real.getpgrp();
    }

    @Override
    public boolean isatty(int fd) {
        return real.isatty(fd);
    }

    @Override
    public int tcsetpgrp(int fd, int pgrp) {
        int err = injected(Call.TCSETPGRP);
        return err != 0 ? err : real.tcsetpgrp(fd, pgrp);
    }

    @Override
    public int setChildSubreaper() {
        int err = injected(Call.SET_CHILD_SUBREAPER);
        return err != 0 ? err : real.setChildSubreaper();
    }

    @Override
    public int resetSignalToDefault(int signo) {
        int err = injected(Call.RESET_SIGNAL_TO_DEFAULT);
        return err != 0 ? err : real.resetSignalToDefault(signo);
    }

    @Override
    public int streamSocket() {
        int err = injected(Call.STREAM_SOCKET);
        return err != 0 ? err : real.streamSocket();
    }

    @Override
    public int bindUnix(int fd, String path) {
        int err = injected(Call.BIND_UNIX);
        return err != 0 ? err : real.bindUnix(fd, path);
    }

    @Override
    public int listen(int fd, int backlog) {
        int err = injected(Call.LISTEN);
        return err != 0 ? err : real.listen(fd, backlog);
    }

    @Override
    public int probeUnix(String path) {
        int err = injected(Call.PROBE_UNIX);
        return err != 0 ? err : real.probeUnix(path);
    }

    @Override
    public int socketPair(int[] fds) {
        int err = injected(Call.SOCKET_PAIR);
        return err != 0 ? err : real.socketPair(fds);
    }

    @Override
    public int connectUnixDatagram(String path) {
        int err = injected(Call.CONNECT_UNIX_DATAGRAM);
        return err != 0 ? err : real.connectUnixDatagram(path);
    }

    @Override
    public int bindUnixDatagram(String path) {
        int err = injected(Call.BIND_UNIX_DATAGRAM);
        return err != 0 ? err : real.bindUnixDatagram(path);
    }

    @Override
    public int accept(int fd) {
        int err = injected(Call.ACCEPT);
        return err != 0 ? err : real.accept(fd);
    }

    @Override
    public int peerUid(int fd) {
        int err = injected(Call.PEER_UID);
        return err != 0 ? err : real.peerUid(fd);
    }

    @Override
    public int blockingPipe(int[] fds) {
        int err = injected(Call.BLOCKING_PIPE);
        return err != 0 ? err : real.blockingPipe(fds);
    }

    @Override
    public int setNonBlocking(int fd, boolean nonBlocking) {
        int err = injected(Call.SET_NON_BLOCKING);
        return err != 0 ? err : real.setNonBlocking(fd, nonBlocking);
    }

    @Override
    public int epollCreate() {
        int err = injected(Call.EPOLL_CREATE);
        return err != 0 ? err : real.epollCreate();
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, int events) {
        int err = injected(Call.EPOLL_CTL);
        return err != 0 ? err : real.epollCtl(epfd, op, fd, events);
    }

    @Override
    public int epollWait(int epfd, int[] fds, int timeoutMs) {
        int err = injected(Call.EPOLL_WAIT);
        return err != 0 ? err : real.epollWait(epfd, fds, timeoutMs);
    }

    @Override
    public int eventFd() {
        int err = injected(Call.EVENT_FD);
        return err != 0 ? err : real.eventFd();
    }

    @Override
    public int eventFdSignal(int fd) {
        int err = injected(Call.EVENT_FD_SIGNAL);
        return err != 0 ? err : real.eventFdSignal(fd);
    }

    @Override
    public int eventFdDrain(int fd) {
        int err = injected(Call.EVENT_FD_DRAIN);
        return err != 0 ? err : real.eventFdDrain(fd);
    }

    @Override
    public int waitAnyExited() {
        int err = injected(Call.WAIT_ANY_EXITED);
        return err != 0 ? err : real.waitAnyExited();
    }

    @Override
    public int waitpid(int pid, int[] status, int options) {
        int err = injected(Call.WAITPID);
        return err != 0 ? err : real.waitpid(pid, status, options);
    }

    @Override
    public int openFdCount() {
        return real.openFdCount();
    }

    @Override
    public int spawn(SpawnRequest r) {
        int err = injected(Call.SPAWN);
        return err != 0 ? err : real.spawn(r);
    }

    @Override
    public int dup2(int from, int to) {
        int err = injected(Call.DUP2);
        return err != 0 ? err : real.dup2(from, to);
    }

    @Override
    public int setsid() {
        int err = injected(Call.SETSID);
        return err != 0 ? err : real.setsid();
    }

    @Override
    public int getsid() {
        return real.getsid();
    }

    @Override
    public int tcgetsid(int fd) {
        return real.tcgetsid(fd);
    }

    @Override
    public int takeControllingTerminal(int fd) {
        int err = injected(Call.TAKE_CONTROLLING_TERMINAL);
        return err != 0 ? err : real.takeControllingTerminal(fd);
    }

    @Override
    public int setTerminalCanonical(int fd, boolean canonical) {
        int err = injected(Call.SET_TERMINAL_CANONICAL);
        return err != 0 ? err : real.setTerminalCanonical(fd, canonical);
    }

    @Override
    public int flushTerminalInput(int fd) {
        return real.flushTerminalInput(fd);
    }

    @Override
    public int execve(String path, java.util.List<String> argv, java.util.List<String> env) {
        int err = injected(Call.EXECVE);
        return err != 0 ? err : real.execve(path, argv, env);
    }

    @Override
    public void sync() {
        real.sync();
    }

    @Override
    public int reboot(int cmd) {
        int err = injected(Call.REBOOT);
        return err != 0 ? err : real.reboot(cmd);
    }

    @Override
    public int umount(String target, int flags) {
        int err = injected(Call.UMOUNT);
        return err != 0 ? err : real.umount(target, flags);
    }

    @Override
    public int remountReadOnly(String target) {
        int err = injected(Call.REMOUNT_READ_ONLY);
        return err != 0 ? err : real.remountReadOnly(target);
    }

    @Override
    public int swapoff(String path) {
        int err = injected(Call.SWAPOFF);
        return err != 0 ? err : real.swapoff(path);
    }

    @Override
    public int getppid() {
        return real.getppid();
    }

    @Override
    public int killAll(int sig) {
        int err = injected(Call.KILL_ALL);
        return err != 0 ? err : real.killAll(sig);
    }

    @Override
    public int connectUnix(String path) {
        int err = injected(Call.CONNECT_UNIX);
        return err != 0 ? err : real.connectUnix(path);
    }
}
