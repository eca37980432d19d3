package io.dinitj.posix.launch;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.Signal;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.ChildProcess;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ProcessListener;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.TypeCapability;
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
import java.util.Set;
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
 * <p>Launch failures are reported with the stage that failed (docs/service-semantics.md
 * §16): the working directory and the log file are checked and opened here, before the spawn, so
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
    public ServiceContext contextFor(ServiceDescription description,
            Set<TypeCapability> capabilities) {
        pipes.described(description);
        return new Context(description, capabilities);
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
        /** What the service's type declares, as the engine gave it. */
        private final Set<TypeCapability> capabilities;
        private boolean launchedBefore;

        Context(ServiceDescription d, Set<TypeCapability> capabilities) {
            this.d = d;
            this.capabilities = capabilities;
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
            boolean start = kind == CommandKind.START;
            // A stop command gets the activation socket only while it is open.
            boolean activation = d.socket().path() != null
                    && (start || sockets().fd(d.name()) >= 0);
            LaunchPlan plan = LaunchPlan.of(d, capabilities, kind, argv, globalEnv,
                    start ? console.mode(d) : ExecHelper.Console.NONE, activation);
            return new Launch(plan, listener).run();
        }

        /**
         * Carries out one {@link LaunchPlan}: opens what the child gets, spawns it, and watches
         * it. Each step either succeeds or records why the launch failed and returns false;
         * {@link #run} then closes what the daemon opened for the child and reports the
         * failure, from the loop (as upstream's forked child reports it) unless said otherwise.
         */
        private final class Launch {
            private final LaunchPlan plan;
            private final ProcessListener listener;
            /** Descriptors the daemon closes after the spawn, whatever its outcome. */
            private final List<Integer> toClose = new ArrayList<>();
            /** (parent, child) pairs of the descriptors the child gets above 2. */
            private final List<Integer> fdMap = new ArrayList<>();
            private int stdin = SpawnRequest.DEV_NULL;
            private int stdout = SpawnRequest.DEV_NULL;
            private int stderr = SpawnRequest.SAME_AS_STDOUT;
            /** The daemon's ends, kept after a spawn and closed after a failure. */
            private int readyRead = -1;
            private int csDaemon = -1;
            private ExecStage failedStage;
            private int failedErrno;
            /** The failure is reported at once rather than from the loop. */
            private boolean reportNow;

            Launch(LaunchPlan plan, ProcessListener listener) {
                this.plan = plan;
                this.listener = listener;
            }

            ChildProcess run() {
                try {
                    if (checkDirectory() && openOutput() && openInput() && passActivation()
                            && acceptPlan() && openReadiness() && openControl()) {
                        return spawn();
                    }
                    return failed();
                } finally {
                    for (int fd : toClose) {
                        posix.close(fd);
                    }
                }
            }

            private boolean fail(ExecStage stage, int errno) {
                failedStage = stage;
                failedErrno = errno;
                return false;
            }

            private ChildProcess failed() {
                closeQuietly(csDaemon);
                closeQuietly(readyRead);
                if (reportNow) {
                    listener.execFailed(failedStage, failedErrno);
                } else {
                    failLater(listener, failedStage, failedErrno);
                }
                return null;
            }

            private boolean checkDirectory() {
                int err = directoryError(plan.workingDir());
                return err == 0 || fail(ExecStage.CHDIR, err);
            }

            /** Standard output (and error) per the plan; a log file is closed after the spawn. */
            private boolean openOutput() {
                switch (plan.output()) {
                    case CONSOLE:
                        stdin = 0;
                        stdout = 1;
                        stderr = 2;
                        return true;
                    case FILE:
                        int fd = posix.open(plan.logFile().toString(), Posix.O_WRONLY
                                | Posix.O_CREAT | Posix.O_APPEND | Posix.O_NOCTTY, 0600);
                        if (fd < 0) {
                            return fail(ExecStage.OPEN_LOGFILE, -fd);
                        }
                        posix.fchmod(fd, d.log().permissions());
                        if (d.log().owner() != null || d.log().group() >= 0) {
                            int uid = d.log().owner() == null ? -1 : d.log().owner().uid();
                            posix.fchown(fd, uid, d.log().group());
                        }
                        toClose.add(fd);
                        stdout = fd;
                        return true;
                    case BUFFER:
                        stdout = bufferPipe();
                        return stdout >= 0 || fail(ExecStage.SETUP_STDINOUTERR, -stdout);
                    case PIPE:
                        stdout = pipes.writeEnd(d.name());
                        return stdout >= 0 || fail(ExecStage.SETUP_STDINOUTERR, -stdout);
                    default:
                        return true;
                }
            }

            /** A consumer's standard input: the producer's pipe, held open by the daemon. */
            private boolean openInput() {
                if (plan.inputFrom() == null) {
                    return true;
                }
                stdin = pipes.readEnd(plan.inputFrom());
                return stdin >= 0 || fail(ExecStage.SETUP_STDINOUTERR, -stdin);
            }

            /** The activation socket: opened for the start command, passed to others if open. */
            private boolean passActivation() {
                if (plan.activationTarget() < 0) {
                    return true;
                }
                int fd = plan.kind() == CommandKind.START ? sockets().openFor(d)
                        : sockets().fd(d.name());
                if (fd < 0) {
                    return fail(ExecStage.SETUP_ACTIVATION_SOCKET, -fd);
                }
                fdMap.add(fd);
                fdMap.add(plan.activationTarget());
                return true;
            }

            private boolean acceptPlan() {
                LaunchPlan.Refusal r = plan.refusal();
                if (r == null) {
                    return true;
                }
                if (r.message() != null) {
                    log.log(LogLevel.ERROR, r.message());
                }
                return fail(r.stage(), r.errno());
            }

            private boolean openReadiness() {
                if (plan.readyTarget() < 0) {
                    return true;
                }
                int[] p = new int[2];
                int rc = posix.pipe(p);
                if (rc < 0) {
                    return fail(ExecStage.ARRANGE_FDS, -rc);
                }
                readyRead = p[0];
                toClose.add(p[1]);
                fdMap.add(p[1]);
                fdMap.add(plan.readyTarget());
                return true;
            }

            /** pass-cs-fd: one end of a socketpair for the child; the daemon serves the other. */
            private boolean openControl() {
                if (plan.controlTarget() < 0) {
                    return true;
                }
                int[] sp = new int[2];
                int rc = controlConnections == null ? -Errno.EINVAL : posix.socketPair(sp);
                if (rc < 0) {
                    log.log(LogLevel.ERROR, d.name() + ": can't create control socket: "
                            + Errno.strerror(-rc));
                    reportNow = true;
                    return fail(ExecStage.SETUP_CONTROL_SOCKET, -rc);
                }
                csDaemon = sp[0];
                toClose.add(sp[1]);
                fdMap.add(sp[1]);
                fdMap.add(plan.controlTarget());
                return true;
            }

            private ChildProcess spawn() {
                String path = resolve(plan.argv().get(0), plan.env());
                if (path == null) {
                    fail(ExecStage.DO_EXEC, Errno.ENOENT);
                    return failed();
                }
                int[] map = new int[fdMap.size()];
                for (int i = 0; i < map.length; i++) {
                    map[i] = fdMap.get(i);
                }
                boolean start = plan.kind() == CommandKind.START;
                if (start && launchedBefore) {
                    LogBuffer b = buffers.get(d.name());
                    if (b != null) {
                        b.noteRestart();
                    }
                }
                SpawnRequest request = new SpawnRequest(path, plan.argv(), plan.envList(),
                        plan.workingDir().toString(), stdin, stdout, stderr, map,
                        plan.newSession());
                int pid;
                ExecHelper.Pending pending = null;
                if (plan.viaHelper()) {
                    // A console process makes its own process group (and takes the terminal's
                    // foreground) in the helper: posix_spawn cannot call tcsetpgrp.
                    ExecHelper.Outcome o = execHelper().spawn(d, request,
                            plan.activationTarget() >= 0, plan.console());
                    if (o.pid() <= 0) {
                        fail(o.stage(), o.errno());
                        return failed();
                    }
                    pid = o.pid();
                    pending = o.pending();
                } else {
                    SpawnResult r = spawner.spawn(request);
                    if (!r.ok()) {
                        fail(ExecStage.DO_EXEC, r.errno());
                        return failed();
                    }
                    pid = r.pid();
                }
                if (start) {
                    launchedBefore = true;
                }
                return watch(pid, pending);
            }

            /** Registers a started child and arranges how its start is reported. */
            private ChildProcess watch(int pid, ExecHelper.Pending pending) {
                loop.childSpawned();
                if (csDaemon >= 0) {
                    controlConnections.test(csDaemon); // on failure logged and closed there
                }
                // A console process leads a group of its own too (made by the helper).
                Child c = new Child(pid, plan.groupSignals(), listener);
                unclaimed.forget(pid);
                children.put(pid, c);
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
            }
        }

        @Override
        public void serviceInactive() {
            if (activationSockets != null) {
                activationSockets.close(d.name());
            }
        }

        /**
         * The write end of the service's output pipe, made on first need and kept open (so the
         * pipe survives restarts), or {@code -errno}.
         */
        private int bufferPipe() {
            LogBuffer b = buffers.get(d.name());
            if (b == null) {
                int[] p = new int[2];
                int rc = posix.pipe(p);
                if (rc < 0) {
                    return rc;
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
