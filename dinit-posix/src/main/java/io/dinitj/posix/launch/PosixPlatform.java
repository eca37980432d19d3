package io.dinitj.posix.launch;

import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ReadyNotification;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.Signal;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.ChildProcess;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ProcessListener;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.collections.IntObjectMap;
import io.dinitj.core.log.LogBuffer;
import io.dinitj.core.service.ServiceListener;
import io.dinitj.core.service.ServicePlatform;
import io.dinitj.posix.log.DaemonLog;
import io.dinitj.posix.loop.EventLoop;
import io.dinitj.posix.sys.AllProcesses;
import io.dinitj.posix.sys.Posix;
import io.dinitj.posix.sys.ProcessTable;
import io.dinitj.posix.sys.SpawnRequest;
import io.dinitj.posix.sys.SpawnResult;
import io.dinitj.posix.sys.Spawner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The Linux platform under the engine: each service's {@link ServiceContext} launches its
 * commands with {@code posix_spawn} (through {@link Spawner}), watches readiness and output pipes
 * on the {@link EventLoop}, and hears of exits from the loop's reaper. Output goes where the
 * service's {@code log-type} says: nowhere, a file, a {@link LogBuffer} the daemon keeps (its
 * pipe is made once and survives restarts), or a pipe whose read end is the standard input of
 * the service's {@code consumer-of} consumer ({@link LogPipes}: held by the daemon at both ends,
 * so neither side's restart loses output).
 *
 * <p>Launch failures are reported with the stage that failed (service-semantics.md section
 * 16): the working directory and the log file are checked and opened here, before the spawn, so
 * that their failures name their own stage; anything {@code posix_spawn} reports is the exec.
 * A service with process settings {@code posix_spawn} cannot apply (run-as, limits, priorities,
 * cgroup, capabilities) or with {@code socket-listen} is started through the exec helper
 * ({@link ExecHelper}), which reports its stage and error over a status pipe; that result
 * arrives on the loop, after {@code launch} returned. {@code socket-listen} sockets are kept
 * in {@link ActivationSockets}. A console service's main command gets the daemon's own
 * descriptors 0, 1 and 2 (no log output) and goes through the helper too, which gives it a
 * process group of its own and, while the service holds the console, the terminal's foreground
 * ({@link ConsoleHandover}).
 *
 * <p>Event-loop thread only.
 */
public final class PosixPlatform implements ServicePlatform {

    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final int READ_CHUNK = 4096;
    /**
     * Reads per readable event before returning to the loop (epoll is level-triggered, so the
     * rest comes next turn): a child that writes without pause cannot starve other events.
     */
    private static final int READS_PER_EVENT = 16;

    private final EventLoop loop;
    private final Spawner spawner;
    private final Posix posix;
    private final Map<String, String> globalEnv;
    private final DaemonLog log;
    /** Running children by pid: launched commands and adopted daemons. */
    private final IntObjectMap<Child> children = new IntObjectMap<>(64);
    /**
     * Exits of children nobody claimed: adopted orphans, and a bgprocess daemon reaped before
     * its pid file was read. Bounded; never reported to a service unless it adopts the pid.
     */
    private final RecentExits unclaimed = new RecentExits();
    private final Map<String, LogBuffer> buffers = new HashMap<>();
    /** The pipes of {@code log-type = pipe} producers and their consumers. */
    private final LogPipes pipes;
    private final byte[] readBuffer = new byte[READ_CHUNK];
    /** The console hand-over: who holds the console, the daemon's foreground and log. */
    private final ConsoleHandover console;
    /** Serves the daemon's end of a pass-cs-fd socketpair; null until the daemon sets it. */
    private IntPredicate controlConnections;

    /**
     * Creates the platform and takes over the loop's child-exit events.
     *
     * @param loop the event loop
     * @param spawner launches processes
     * @param posix libc
     * @param globalEnv the daemon's environment as {@code setenv}/{@code unsetenv} change it;
     *     read at each launch
     * @param log where service messages go
     */
    public PosixPlatform(EventLoop loop, Spawner spawner, Posix posix,
            Map<String, String> globalEnv, DaemonLog log) {
        this.loop = loop;
        this.spawner = spawner;
        this.posix = posix;
        this.globalEnv = globalEnv;
        this.log = log;
        this.pipes = new LogPipes(posix);
        this.console = new ConsoleHandover(posix, log);
        loop.onChildExit(this::childExited);
    }

    /**
     * Sets where the daemon's end of a {@code pass-cs-fd} connection goes: the control socket's
     * {@code ControlSocket.adopt}, which serves it (or closes it and returns false). Without
     * it, a {@code pass-cs-fd} service fails to start (stage "setting up control socket").
     *
     * @param adopt serves a connected, non-blocking, close-on-exec descriptor
     */
    public void controlConnections(IntPredicate adopt) {
        this.controlConnections = adopt;
    }

    /**
     * Returns the listener that hands the console over (section 14): add it to the service set.
     *
     * @return the listener
     */
    public ServiceListener consoleListener() {
        return console;
    }

    @Override
    public ServiceContext contextFor(ServiceDescription description) {
        pipes.described(description);
        return new Context(description);
    }

    /**
     * Lets go of what the daemon kept for an unloaded service across its launches: its output
     * buffer and the buffer's pipe (whatever is still in them is dropped), and its log pipe
     * unless a loaded consumer still refers to it ({@link LogPipes}).
     *
     * @param name the service's name
     */
    @Override
    public void unloaded(String name) {
        pipes.unloaded(name);
        if (buffers.remove(name) != null) {
            Integer read = bufferReadEnds.remove(name);
            Integer write = bufferWriteEnds.remove(name);
            if (read != null) {
                loop.unwatch(read);
                posix.close(read);
            }
            if (write != null) {
                posix.close(write);
            }
        }
    }

    /**
     * Returns a service's output buffer ({@code log-type = buffer}).
     *
     * @param service the service's name
     * @return the buffer, or null if it has none yet
     */
    public LogBuffer buffer(String service) {
        return buffers.get(service);
    }

    /**
     * Returns how many children are being watched.
     *
     * @return the count
     */
    public int childCount() {
        return children.size();
    }

    private void childExited(int pid, int status) {
        Child c = children.remove(pid);
        if (c == null) {
            unclaimed.record(pid, status);
            return;
        }
        c.exited(status);
    }

    /** A process the platform watches. */
    private final class Child implements ChildProcess {
        final int pid;
        final boolean groupSignals;
        final ProcessListener listener;
        boolean running = true;
        /** Readiness pipe read end, or -1. */
        int readyFd = -1;
        boolean readySeen;
        /** The exit is being reported: the readiness pipe's EOF is no news of its own. */
        boolean exiting;
        /** The exec helper's result while it is not known yet (see {@link ExecHelper}). */
        ExecHelper.Pending exec;
        /** posix_spawn succeeded and the listener is still to hear it. */
        boolean successPending;

        Child(int pid, boolean groupSignals, ProcessListener listener) {
            this.pid = pid;
            this.groupSignals = groupSignals;
            this.listener = listener;
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public int signal(Signal signal) {
            if (signal == Signal.NONE || !running) {
                return 0;
            }
            int rc = groupSignals ? posix.killpg(pid, signal.number())
                    : posix.kill(pid, signal.number());
            if (rc < 0 && groupSignals) {
                // The process may have left its group (or never made one): signal it alone.
                rc = posix.kill(pid, signal.number());
            }
            return rc < 0 ? -rc : 0;
        }

        /** Tells the listener of a successful posix_spawn, once, before anything else. */
        void deliverSuccess() {
            if (successPending) {
                successPending = false;
                listener.execSucceeded();
            }
        }

        void exited(int status) {
            deliverSuccess();
            if (exec != null && !execResult()) {
                // The helper is gone, so its status pipe is at end of file; should it still
                // read as empty, the exit is the better news to give.
                loop.unwatch(exec.fd);
                posix.close(exec.fd);
                exec = null;
                listener.execSucceeded();
            }
            if (!running) {
                return; // the helper failed and said so: its exit is no news
            }
            if (readyFd >= 0) {
                // Drain what the process wrote before it died (and its EOF) before the exit.
                exiting = true;
                readReadiness(readyFd);
            }
            // From here on the listener hears nothing more of this process: a grandchild that
            // still holds the readiness pipe open cannot make it report readiness late.
            running = false;
            listener.exited(status);
        }

        /**
         * Reads the exec helper's status pipe. Success is reported as the exec; a failure as
         * the exec failure, after which nothing more of this process is reported.
         *
         * @return true if the result is known (or was known before)
         */
        boolean execResult() {
            ExecHelper.Pending p = exec;
            if (p == null) {
                return true;
            }
            if (!p.read()) {
                return false;
            }
            loop.unwatch(p.fd);
            posix.close(p.fd);
            exec = null;
            if (p.failedStage() == null) {
                listener.execSucceeded();
                return true;
            }
            running = false;
            if (readyFd >= 0) {
                loop.unwatch(readyFd);
                posix.close(readyFd);
                readyFd = -1;
            }
            listener.execFailed(p.failedStage(), p.errno());
            return true;
        }

        /** Whether the process has ended or is ending, even if not reaped yet. */
        boolean hasDied() {
            return ProcessTable.isEnding(pid);
        }

        /** Reads the readiness pipe: any data means ready; EOF before data means failure. */
        void readReadiness(int fd) {
            deliverSuccess();
            if (exec != null && (!execResult() || !running)) {
                return; // readiness counts only once the command runs
            }
            for (int reads = 0; reads < READS_PER_EVENT; reads++) {
                int n = posix.read(fd, readBuffer, 0, readBuffer.length);
                if (n > 0) {
                    if (!readySeen && running) {
                        readySeen = true;
                        listener.ready();
                    }
                    continue;
                }
                if (n == -Errno.EAGAIN) {
                    return;
                }
                loop.unwatch(fd);
                posix.close(fd);
                readyFd = -1;
                // A process that dies before it is ready closes the pipe as it dies: then the
                // exit, which follows, is the news (as upstream, which sees the exit first and
                // logs its status). Only a pipe closed by a live process fails readiness.
                if (!readySeen && running && !exiting && !hasDied()) {
                    readySeen = true;
                    listener.readinessFailed();
                }
                return;
            }
        }
    }

    /** One service's view of the platform. */
    private final class Context implements ServiceContext {
        private final ServiceDescription d;
        private boolean launchedBefore;

        Context(ServiceDescription d) {
            this.d = d;
        }

        @Override
        public long nanoTime() {
            return loop.nanoTime();
        }

        @Override
        public Timer newTimer(Runnable onExpiry) {
            return loop.newTimer(onExpiry);
        }

        @Override
        public void log(LogLevel level, String message) {
            log.log(level, message);
        }

        /**
         * Reports a launch that failed before any process ran from the loop, not from within
         * {@link #launch}: upstream learns of such failures from its forked child, so the
         * command that started the service is answered while it is still STARTING, and the
         * failure follows (upstream's dinitctl waits for it after the reply).
         */
        private void failLater(ProcessListener listener, ExecStage stage, int errno) {
            loop.newTimer(() -> listener.execFailed(stage, errno)).arm(0);
        }

        @Override
        public ChildProcess launch(CommandKind kind, List<String> argv,
                ProcessListener listener) {
            Map<String, String> env = d.environment().resolve(globalEnv);
            Path dir = workingDirectory();
            int dirError = directoryError(dir);
            if (dirError != 0) {
                failLater(listener, ExecStage.CHDIR, dirError);
                return null;
            }
            ExecHelper.Console consoleMode = kind == CommandKind.START ? console.mode(d)
                    : ExecHelper.Console.NONE;
            boolean onConsole = consoleMode != ExecHelper.Console.NONE;
            List<Integer> toClose = new ArrayList<>();
            try {
                int stdout = -1;
                int stderr = -2;
                int stdin = -1;
                if (onConsole) {
                    stdin = 0;
                    stdout = 1;
                    stderr = 2;
                } else {
                    int out = openOutput(kind, dir, listener);
                    if (out == Integer.MIN_VALUE) {
                        return null;
                    }
                    if (out >= 0 && d.log().type() == LogType.FILE) {
                        toClose.add(out); // a log file; buffer and log pipes stay open
                    }
                    stdout = out;
                    if (kind == CommandKind.START && d.consumerOf() != null) {
                        // The producer's pipe, held by the daemon: never EOF across restarts.
                        stdin = pipes.readEnd(d.consumerOf());
                        if (stdin < 0) {
                            failLater(listener, ExecStage.SETUP_STDINOUTERR, -stdin);
                            return null;
                        }
                    }
                }
                List<Integer> fdMap = new ArrayList<>();
                int activation = activationSocket(kind, listener);
                if (activation == Integer.MIN_VALUE) {
                    return null;
                }
                if (activation >= 0) {
                    fdMap.add(activation);
                    fdMap.add(3);
                    env.put("LISTEN_FDS", "1");
                }
                int readyRead = -1;
                int readyTarget = -1;
                ReadyNotification rn = d.process().readyNotification();
                if (kind == CommandKind.START && rn != null) {
                    int target = rn.variable() == null ? rn.fd() : activation >= 0 ? 4 : 3;
                    if (activation >= 0 && target == 3) {
                        log.log(LogLevel.ERROR, d.name() + ": ready-notification pipefd:3"
                                + " collides with the activation socket (fd 3)");
                        failLater(listener, ExecStage.ARRANGE_FDS, Errno.EINVAL);
                        return null;
                    }
                    int[] p = new int[2];
                    int rc = posix.pipe(p);
                    if (rc < 0) {
                        failLater(listener, ExecStage.ARRANGE_FDS, -rc);
                        return null;
                    }
                    readyRead = p[0];
                    toClose.add(p[1]);
                    fdMap.add(p[1]);
                    fdMap.add(target);
                    if (rn.variable() != null) {
                        env.put(rn.variable(), Integer.toString(target));
                    }
                    readyTarget = target;
                }
                int csDaemon = -1;
                if (kind == CommandKind.START && d.options().contains(ServiceOption.PASS_CS_FD)) {
                    // pass-cs-fd: one end of a socketpair for the child, at the lowest number
                    // from 3 not taken by the activation socket or the readiness pipe, named in
                    // DINIT_CS_FD; the daemon serves the other end as a control connection.
                    int[] sp = new int[2];
                    int rc = controlConnections == null ? -Errno.EINVAL : posix.socketPair(sp);
                    if (rc < 0) {
                        log.log(LogLevel.ERROR, d.name() + ": can't create control socket: "
                                + Errno.strerror(-rc));
                        closeQuietly(readyRead);
                        listener.execFailed(ExecStage.SETUP_CONTROL_SOCKET, -rc);
                        return null;
                    }
                    csDaemon = sp[0];
                    toClose.add(sp[1]);
                    int target = 3;
                    while (target == 3 && activation >= 0 || target == readyTarget) {
                        target++;
                    }
                    fdMap.add(sp[1]);
                    fdMap.add(target);
                    env.put("DINIT_CS_FD", Integer.toString(target));
                }
                String path = resolve(argv.get(0), env);
                if (path == null) {
                    closeQuietly(csDaemon);
                    closeQuietly(readyRead);
                    failLater(listener, ExecStage.DO_EXEC, Errno.ENOENT);
                    return null;
                }
                List<String> envList = new ArrayList<>(env.size());
                for (Map.Entry<String, String> e : env.entrySet()) {
                    envList.add(e.getKey() + "=" + e.getValue());
                }
                int[] map = new int[fdMap.size()];
                for (int i = 0; i < map.length; i++) {
                    map[i] = fdMap.get(i);
                }
                if (kind == CommandKind.START && launchedBefore) {
                    LogBuffer b = buffers.get(d.name());
                    if (b != null) {
                        b.noteRestart();
                    }
                }
                SpawnRequest request = new SpawnRequest(path, argv, envList, dir.toString(),
                        stdin, stdout, stderr, map, !onConsole);
                SpawnResult r;
                ExecHelper.Pending pending = null;
                if (activation >= 0 || onConsole || ExecHelper.needed(d)) {
                    // A console process makes its own process group (and takes the terminal's
                    // foreground) in the helper: posix_spawn cannot call tcsetpgrp.
                    ExecHelper.Outcome o = execHelper().spawn(d, request, activation >= 0,
                            consoleMode);
                    if (o.pid() <= 0) {
                        closeQuietly(csDaemon);
                        closeQuietly(readyRead);
                        failLater(listener, o.stage(), o.errno());
                        return null;
                    }
                    r = new SpawnResult(o.pid(), 0);
                    pending = o.pending();
                } else {
                    r = spawner.spawn(request);
                }
                if (r.pid() <= 0) {
                    closeQuietly(csDaemon);
                    closeQuietly(readyRead);
                    failLater(listener, ExecStage.DO_EXEC, r.errno());
                    return null;
                }
                if (kind == CommandKind.START) {
                    launchedBefore = true;
                }
                loop.childSpawned();
                if (csDaemon >= 0) {
                    controlConnections.test(csDaemon); // on failure logged and closed there
                }
                // A console process leads a group of its own too (made by the helper).
                boolean group = !d.options().contains(ServiceOption.SIGNAL_PROCESS_ONLY);
                Child c = new Child(r.pid(), group, listener);
                unclaimed.forget(r.pid());
                children.put(r.pid(), c);
                if (readyRead >= 0) {
                    c.readyFd = readyRead;
                    int fd = readyRead;
                    loop.watchRead(fd, x -> c.readReadiness(x));
                }
                if (pending != null) {
                    // Through the helper: exec success or failure is reported when it is known.
                    c.exec = pending;
                    loop.watchRead(pending.fd, x -> c.execResult());
                    return c;
                }
                // Reported from the loop, as a forked child's exec is by upstream: the start
                // is still STARTING when the command that caused it is answered.
                c.successPending = true;
                loop.newTimer(c::deliverSuccess).arm(0);
                return c;
            } finally {
                for (int fd : toClose) {
                    posix.close(fd);
                }
            }
        }

        /**
         * The activation socket for this launch: opened for the main command if not open yet,
         * passed to the stop command if open.
         *
         * @return the descriptor, -1 for none, or Integer.MIN_VALUE after reporting a failure
         */
        private int activationSocket(CommandKind kind, ProcessListener listener) {
            if (d.socket().path() == null) {
                return -1;
            }
            if (kind != CommandKind.START) {
                return sockets().fd(d.name());
            }
            int fd = sockets().openFor(d);
            if (fd < 0) {
                failLater(listener, ExecStage.SETUP_ACTIVATION_SOCKET, -fd);
                return Integer.MIN_VALUE;
            }
            return fd;
        }

        @Override
        public void serviceInactive() {
            if (activationSockets != null) {
                activationSockets.close(d.name());
            }
        }

        private Path workingDirectory() {
            String wd = d.process().workingDir();
            return Path.of(wd != null ? wd : d.source().directory());
        }

        /**
         * Opens the command's stdout per log type.
         *
         * @return an fd (closed by the caller after the spawn), -1 for /dev/null, or
         *     Integer.MIN_VALUE after reporting a failure
         */
        private int openOutput(CommandKind kind, Path dir, ProcessListener listener) {
            LogType type = d.log().type();
            // Quirk Q4: log-type file without a logfile is treated as none (upstream chowns and
            // chmods /dev/null).
            if (type == LogType.FILE && d.log().logfile() != null) {
                Path file = dir.resolve(d.log().logfile());
                int fd = posix.open(file.toString(), Posix.O_WRONLY | Posix.O_CREAT
                        | Posix.O_APPEND | Posix.O_NOCTTY, 0600);
                if (fd < 0) {
                    failLater(listener, ExecStage.OPEN_LOGFILE, -fd);
                    return Integer.MIN_VALUE;
                }
                posix.fchmod(fd, d.log().permissions());
                if (d.log().owner() != null || d.log().group() >= 0) {
                    int uid = d.log().owner() == null ? -1 : d.log().owner().uid();
                    posix.fchown(fd, uid, d.log().group());
                }
                return fd;
            }
            // A stop command logs only to a log file, except a scripted service's, which logs
            // per log-type as its start command does (section 11).
            boolean perLogType = kind == CommandKind.START || d.type().equals("scripted");
            if (perLogType && type == LogType.BUFFER) {
                return bufferPipe(listener);
            }
            if (perLogType && type == LogType.PIPE) {
                int fd = pipes.writeEnd(d.name());
                if (fd < 0) {
                    failLater(listener, ExecStage.SETUP_STDINOUTERR, -fd);
                    return Integer.MIN_VALUE;
                }
                return fd;
            }
            return -1;
        }

        /**
         * The write end of the service's output pipe, made on first need and kept open (so the
         * pipe survives restarts); Integer.MIN_VALUE after reporting a failure.
         */
        private int bufferPipe(ProcessListener listener) {
            LogBuffer b = buffers.get(d.name());
            if (b == null) {
                int[] p = new int[2];
                int rc = posix.pipe(p);
                if (rc < 0) {
                    failLater(listener, ExecStage.SETUP_STDINOUTERR, -rc);
                    return Integer.MIN_VALUE;
                }
                LogBuffer nb = new LogBuffer(Math.max(1, d.log().bufferSize()));
                buffers.put(d.name(), nb);
                bufferWriteEnds.put(d.name(), p[1]);
                bufferReadEnds.put(d.name(), p[0]);
                int readFd = p[0];
                loop.watchRead(readFd, fd -> drainBuffer(fd, nb));
            }
            return bufferWriteEnds.get(d.name());
        }

        @Override
        public int readPidFile(String path) {
            return PidFiles.read(Path.of(path));
        }

        @Override
        public ChildProcess adopt(int pid, ProcessListener listener) {
            // A live child with this pid is the process the pid file names; an exit remembered
            // for the pid is then stale (the pid was reused).
            boolean live = isOurChild(pid);
            int status = unclaimed.take(pid);
            if (live) {
                status = -1;
            } else if (status < 0) {
                return null;
            }
            Child c = new Child(pid, !d.options().contains(ServiceOption.SIGNAL_PROCESS_ONLY),
                    listener);
            if (status >= 0) {
                // It died before we looked: report it from the loop, not from within adopt.
                int st = status;
                Timer t = loop.newTimer(() -> c.exited(st));
                t.arm(0);
            } else {
                children.put(pid, c);
            }
            return c;
        }

        @Override
        public boolean processExists(int pid) {
            int rc = posix.kill(pid, 0);
            return rc == 0 || rc == -Errno.EPERM;
        }

        @Override
        public int signalAllProcesses(Signal signal) {
            return AllProcesses.signal(posix, signal.number());
        }

        @Override
        public int signal(int pid, Signal signal) {
            if (signal == Signal.NONE) {
                return 0;
            }
            int rc = posix.kill(pid, signal.number());
            return rc < 0 ? -rc : 0;
        }
    }

    private final Map<String, Integer> bufferWriteEnds = new HashMap<>();
    private final Map<String, Integer> bufferReadEnds = new HashMap<>();
    /** Launches through the exec helper; made on first need. */
    private ExecHelper execHelper;
    /** The socket-listen sockets; made on first need. */
    private ActivationSockets activationSockets;

    /** {@code --cgroup-path}, or null. */
    private String cgroupBase;

    /**
     * Sets the base of relative {@code run-in-cgroup} paths ({@code --cgroup-path}).
     *
     * @param base the base in the cgroup file system, or null for the daemon's own cgroup
     */
    public void cgroupBase(String base) {
        cgroupBase = base;
    }

    private ExecHelper execHelper() {
        if (execHelper == null) {
            execHelper = new ExecHelper(spawner, posix, log, ExecHelper.locate());
            if (cgroupBase != null) {
                execHelper.cgroupBase(cgroupBase);
            }
        }
        return execHelper;
    }

    private ActivationSockets sockets() {
        if (activationSockets == null) {
            activationSockets = new ActivationSockets(posix, log);
        }
        return activationSockets;
    }

    private void drainBuffer(int fd, LogBuffer b) {
        for (int reads = 0; reads < READS_PER_EVENT; reads++) {
            int n = posix.read(fd, readBuffer, 0, readBuffer.length);
            if (n > 0) {
                b.append(readBuffer, 0, n);
                continue;
            }
            if (n == 0 || n != -Errno.EAGAIN) {
                // Never happens while we hold the write end; stop watching if it does.
                loop.unwatch(fd);
            }
            return;
        }
    }

    /**
     * Tells whether a process is a child of the daemon that has not been reaped yet (a zombie
     * counts: its exit reaches the loop after this call, so the adopter hears of it).
     */
    private boolean isOurChild(int pid) {
        int[] ps = ProcessTable.parentAndState(pid);
        return ps != null && ps[0] == posix.getpid();
    }

    private static int directoryError(Path dir) {
        if (Files.isDirectory(dir)) {
            return Files.isExecutable(dir) ? 0 : Errno.EACCES;
        }
        return Files.exists(dir) ? Errno.ENOTDIR : Errno.ENOENT;
    }

    /** Finds the program as execvp would, with PATH from the service's environment. */
    private static String resolve(String program, Map<String, String> env) {
        if (program.contains("/")) {
            return program;
        }
        String path = env.getOrDefault("PATH", DEFAULT_PATH);
        for (String dir : path.split(":", -1)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private void closeQuietly(int fd) {
        if (fd >= 0) {
            posix.close(fd);
        }
    }
}
