package io.dinitj.api.spi;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.Signal;
import io.dinitj.api.service.ExecStage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The platform as engine and plugin tests see it: a virtual clock that moves only when a test
 * says so, timers, a captured log, and scripted processes. Nothing sleeps and nothing really
 * runs, so tests are instant and deterministic.
 *
 * <p><b>Time.</b> {@link #advance} moves the clock and fires every timer that falls due, each
 * at its own deadline; timers due at the same time fire in the order they were (last) armed.
 * The timers sit in a {@link PriorityQueue} ordered by (deadline, arming sequence) rather than in
 * dinit-collections' {@code DHeap}, so that this fixture, shipped in dinit-api's test jar, adds no
 * dependency to the plugins that use it.
 *
 * <p><b>Processes.</b> Each service gets its own context from {@link #contextFor}; launching
 * through it creates a {@link FakeProcess} (pids count up from 1000) and reports exec success
 * synchronously, from within {@code launch}, unless {@link #failExec} was scripted for the
 * command. From then on a process does only what the test or a script makes it do:
 * {@link FakeProcess#exit}, {@link FakeProcess#ready}, {@link FakeProcess#closeReadiness}, or a
 * lethal signal, which takes effect through a zero-delay timer (so on the next
 * {@code advance}, as a real death arrives later than the {@code kill} that caused it).
 * Scripts are keyed by the command's {@code argv[0]}: {@link #exitAfter}, {@link #readyAfter},
 * {@link #failExec}, {@link #ignore}.
 *
 * <p><b>bgprocess.</b> {@link #writePidFile} backs {@code readPidFile}; {@link #spawnDaemon}
 * makes a child of the daemon that {@code adopt} can watch; {@link #spawnForeign} makes a live pid
 * that is not a child ({@code adopt} answers null, {@code processExists} true).
 *
 * <p><b>Engine.</b> {@link #afterEachEvent} sets what runs at the end of each platform event
 * (the engine's queue processing), as the real loop does.
 *
 * <p>The platform itself is also a {@link ServiceContext}, of a service without a name.
 * Single-threaded, like the event loop it stands for.
 */
public final class FakePlatform implements ServiceContext {

    /** The first pid handed out. */
    public static final int FIRST_PID = 1000;

    /**
     * One captured log line.
     *
     * @param level its level
     * @param message its text
     */
    public record LogLine(LogLevel level, String message) {
    }

    /**
     * A signal sent through {@link ServiceContext#signal(int, Signal)}.
     *
     * @param pid the process it was sent to
     * @param signal the signal
     */
    public record SentSignal(int pid, Signal signal) {
    }

    private static final Comparator<FakeTimer> DUE_ORDER =
            Comparator.<FakeTimer>comparingLong(t -> t.deadline).thenComparingLong(t -> t.sequence);

    private final PriorityQueue<FakeTimer> timers = new PriorityQueue<>(DUE_ORDER);
    private final List<LogLine> log = new ArrayList<>();
    private final List<FakeProcess> processes = new ArrayList<>();
    private final Map<String, Script> scripts = new HashMap<>();
    private final Map<String, Integer> pidFiles = new HashMap<>();
    private final Set<Integer> foreign = new HashSet<>();
    private final List<SentSignal> sentSignals = new ArrayList<>();
    private final Context unnamed = new Context(null);
    private long now;
    private long armSequence;
    private int nextPid = FIRST_PID;
    private Runnable afterEachEvent;
    /** How deep in platform events we are: the hook runs when the outermost one ends. */
    private int eventDepth;

    /** Creates a platform at time 0 with no timers, processes or scripts. */
    public FakePlatform() {
    }

    // ---------------------------------------------------------------------------------------
    // Time and log

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Timer newTimer(Runnable onExpiry) {
        return new FakeTimer(onExpiry);
    }

    @Override
    public void log(LogLevel level, String message) {
        log.add(new LogLine(level, message));
    }

    /**
     * Moves the clock forward, firing every timer that falls due, each at its own deadline (a
     * timer armed by another's action fires too if it falls due in time). {@code advance(0)}
     * fires what is due now, such as pending signal deliveries.
     *
     * @param nanos how far to move, at least 0
     * @return how many timers fired
     */
    public int advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time moves forward only");
        }
        long end = now + nanos;
        int fired = 0;
        while (!timers.isEmpty() && timers.peek().deadline <= end) {
            FakeTimer t = timers.poll();
            t.armed = false;
            now = Math.max(now, t.deadline); // later than its deadline after a stall
            eventDepth++;
            try {
                t.onExpiry.run();
            } finally {
                eventDepth--;
            }
            afterEvent();
            fired++;
        }
        now = end;
        return fired;
    }

    /**
     * Moves the clock forward without firing anything, as when the event loop was blocked (or
     * the machine busy): timers that fell due meanwhile fire late, at the next {@link #advance}
     * (which {@code advance(0)} does at once), each seeing the clock at the stalled time.
     *
     * @param nanos how far to move, at least 0
     */
    public void stall(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time moves forward only");
        }
        now += nanos;
    }

    /**
     * Sets what runs after each platform event, as the real loop lets the engine process its
     * queues at the top level of every event: after each timer that fires in {@link #advance},
     * and after each {@link FakeProcess#exit}, {@link FakeProcess#ready} and
     * {@link FakeProcess#closeReadiness} a test calls. Not after what happens from within a
     * context call (such as the exec success reported from within {@code launch}), and only once
     * for nested events (an exit caused by a timer).
     *
     * @param hook what to run, or null for nothing
     */
    public void afterEachEvent(Runnable hook) {
        afterEachEvent = hook;
    }

    private void afterEvent() {
        if (eventDepth == 0 && afterEachEvent != null) {
            afterEachEvent.run();
        }
    }

    /**
     * Returns the time of the next timer, as the real loop would sleep until it.
     *
     * @return the deadline, or -1 if no timer is armed
     */
    public long nextDeadline() {
        FakeTimer first = timers.peek();
        return first == null ? -1 : first.deadline;
    }

    /**
     * Returns the captured log.
     *
     * @return every line logged so far, oldest first; the live list
     */
    public List<LogLine> log() {
        return log;
    }

    /**
     * Returns the captured log's texts.
     *
     * @return the message of every line logged so far, oldest first; a copy
     */
    public List<String> messages() {
        List<String> out = new ArrayList<>(log.size());
        for (LogLine line : log) {
            out.add(line.message());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // Contexts and scripts

    /**
     * Returns a context for one service: it shares this platform's clock, timers, log and
     * processes, and marks the processes it launches with the service's name.
     *
     * @param description the service
     * @return a new context
     */
    public ServiceContext contextFor(ServiceDescription description) {
        return new Context(description.name());
    }

    /**
     * Returns a new context for a service, as the engine asks for one: what the type declares
     * changes nothing here (the fake runs no real commands).
     *
     * @param description the service
     * @param capabilities what its type declares
     * @return a new context
     */
    public ServiceContext contextFor(ServiceDescription description,
            Set<TypeCapability> capabilities) {
        return contextFor(description);
    }

    /**
     * Makes every later launch of {@code argv0} exit by itself {@code nanos} after its launch
     * (if it is still running then).
     *
     * @param argv0 the command
     * @param nanos how long it runs, at least 0
     * @param waitStatus how it ends, as made by {@link WaitStatus}
     */
    public void exitAfter(String argv0, long nanos, int waitStatus) {
        Script s = script(argv0);
        s.exitAfter = nanos;
        s.exitStatus = waitStatus;
    }

    /**
     * Makes every later launch of {@code argv0} report readiness {@code nanos} after its launch
     * (if it is still running then).
     *
     * @param argv0 the command
     * @param nanos how long until ready, at least 0
     */
    public void readyAfter(String argv0, long nanos) {
        script(argv0).readyAfter = nanos;
    }

    /**
     * Makes every later launch of {@code argv0} fail: {@code launch} calls
     * {@link ProcessListener#execFailed} from within and returns null.
     *
     * @param argv0 the command
     * @param stage the step that fails
     * @param errno the error
     */
    public void failExec(String argv0, ExecStage stage, int errno) {
        Script s = script(argv0);
        s.failStage = stage;
        s.failErrno = errno;
    }

    /**
     * Makes processes whose {@code argv[0]} is {@code argv0} survive {@code signal} (it is still
     * recorded). {@code KILL} cannot be ignored.
     *
     * @param argv0 the command
     * @param signal the signal to ignore
     */
    public void ignore(String argv0, Signal signal) {
        if (signal == Signal.KILL) {
            throw new IllegalArgumentException("SIGKILL cannot be ignored");
        }
        script(argv0).ignored.add(signal);
    }

    private Script script(String argv0) {
        return scripts.computeIfAbsent(argv0, k -> new Script());
    }

    // ---------------------------------------------------------------------------------------
    // Processes

    /**
     * Returns every process, launched or spawned, in the order they were created.
     *
     * @return the processes; a copy
     */
    public List<FakeProcess> processes() {
        return List.copyOf(processes);
    }

    /**
     * Returns the processes that have not exited.
     *
     * @return the running processes, in creation order; a copy
     */
    public List<FakeProcess> running() {
        List<FakeProcess> out = new ArrayList<>();
        for (FakeProcess p : processes) {
            if (p.running) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Returns the most recently launched main command ({@code START}) of a service.
     *
     * @param service the service's name
     * @return the process, or null if none was launched
     */
    public FakeProcess latest(String service) {
        return latest(service, CommandKind.START);
    }

    /**
     * Returns the most recently launched command of a kind of a service.
     *
     * @param service the service's name
     * @param kind which command
     * @return the process, or null if none was launched
     */
    public FakeProcess latest(String service, CommandKind kind) {
        for (int i = processes.size() - 1; i >= 0; i--) {
            FakeProcess p = processes.get(i);
            if (p.kind == kind && service.equals(p.service)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Finds a process by pid.
     *
     * @param pid the pid
     * @return the process, or null if no process had that pid
     */
    public FakeProcess process(int pid) {
        for (FakeProcess p : processes) {
            if (p.pid == pid) {
                return p;
            }
        }
        return null;
    }

    /**
     * Creates a running child of the daemon that nothing watches yet, as a bgprocess launcher
     * leaves behind: {@code adopt} of its pid returns it. If it exits before it is adopted, the
     * adopter is told on the next {@link #advance}.
     *
     * @param argv0 its command name, for {@link #ignore} scripts
     * @return the process
     */
    public FakeProcess spawnDaemon(String argv0) {
        FakeProcess p = new FakeProcess(nextPid++, List.of(argv0), null, null, null);
        processes.add(p);
        return p;
    }

    /**
     * Creates a live process that is not a child of the daemon: {@code adopt} of its pid
     * answers null and {@code processExists} true.
     *
     * @return its pid
     */
    public int spawnForeign() {
        int pid = nextPid++;
        foreign.add(pid);
        return pid;
    }

    /**
     * Ends a process made by {@link #spawnForeign}: {@code processExists} answers false.
     *
     * @param pid its pid
     */
    public void endForeign(int pid) {
        foreign.remove(pid);
    }

    /**
     * Writes a pid file, as a bgprocess launcher would.
     *
     * @param path the file
     * @param pid the pid it holds
     */
    public void writePidFile(String path, int pid) {
        pidFiles.put(path, pid);
    }

    /**
     * Removes a pid file.
     *
     * @param path the file
     */
    public void removePidFile(String path) {
        pidFiles.remove(path);
    }

    /**
     * Returns the signals sent by pid through {@link ServiceContext#signal(int, Signal)} (not
     * those sent through {@link ChildProcess#signal}, which each {@link FakeProcess}
     * records), and with pid -1 those sent through
     * {@link ServiceContext#signalAllProcesses(Signal)}.
     *
     * @return the signals, oldest first; the live list
     */
    public List<SentSignal> sentSignals() {
        return sentSignals;
    }

    // The unnamed service's context: the platform itself.

    @Override
    public ChildProcess launch(CommandKind kind, List<String> argv, ProcessListener listener) {
        return unnamed.launch(kind, argv, listener);
    }

    @Override
    public int readPidFile(String path) {
        return unnamed.readPidFile(path);
    }

    @Override
    public ChildProcess adopt(int pid, ProcessListener listener) {
        return unnamed.adopt(pid, listener);
    }

    @Override
    public boolean processExists(int pid) {
        return unnamed.processExists(pid);
    }

    @Override
    public int signal(int pid, Signal signal) {
        return unnamed.signal(pid, signal);
    }

    /** Runs {@code action} on the next {@link #advance}, after what is already due now. */
    private void soon(Runnable action) {
        new FakeTimer(action).arm(0);
    }

    // ---------------------------------------------------------------------------------------
    // Parts

    /** A timer: its deadline and arming sequence (its place in the queue) and what it runs. */
    private final class FakeTimer implements Timer {
        private final Runnable onExpiry;
        private long deadline;
        private long sequence;
        private boolean armed;

        FakeTimer(Runnable onExpiry) {
            this.onExpiry = onExpiry;
        }

        @Override
        public void arm(long delayNanos) {
            if (delayNanos < 0) {
                throw new IllegalArgumentException("negative delay");
            }
            if (armed) {
                timers.remove(this);
            }
            deadline = now + delayNanos;
            sequence = armSequence++;
            armed = true;
            timers.add(this);
        }

        @Override
        public void cancel() {
            if (armed) {
                timers.remove(this);
                armed = false;
            }
        }

        @Override
        public boolean isArmed() {
            return armed;
        }
    }

    /** What the test scripted for one {@code argv[0]}. */
    private static final class Script {
        long exitAfter = -1;
        int exitStatus;
        long readyAfter = -1;
        ExecStage failStage;
        int failErrno;
        final Set<Signal> ignored = EnumSet.noneOf(Signal.class);
    }

    /** One service's view of the platform. */
    private final class Context implements ServiceContext {
        private final String service;

        Context(String service) {
            this.service = service;
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public Timer newTimer(Runnable onExpiry) {
            return new FakeTimer(onExpiry);
        }

        @Override
        public void log(LogLevel level, String message) {
            FakePlatform.this.log(level, message);
        }

        @Override
        public ChildProcess launch(CommandKind kind, List<String> argv, ProcessListener listener) {
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("empty argv");
            }
            Script s = scripts.get(argv.get(0));
            if (s != null && s.failStage != null) {
                listener.execFailed(s.failStage, s.failErrno);
                return null;
            }
            FakeProcess p = new FakeProcess(nextPid++, argv, kind, service, listener);
            processes.add(p);
            listener.execSucceeded();
            if (s != null && s.exitAfter >= 0) {
                int status = s.exitStatus;
                new FakeTimer(() -> {
                    if (p.running) {
                        p.exit(status);
                    }
                }).arm(s.exitAfter);
            }
            if (s != null && s.readyAfter >= 0) {
                new FakeTimer(() -> {
                    if (p.running) {
                        p.ready();
                    }
                }).arm(s.readyAfter);
            }
            return p;
        }

        @Override
        public int readPidFile(String path) {
            Integer pid = pidFiles.get(path);
            return pid == null ? -2 : pid; // -ENOENT
        }

        @Override
        public ChildProcess adopt(int pid, ProcessListener listener) {
            FakeProcess p = process(pid);
            if (p == null || p.kind != null || p.listener != null) {
                return null;
            }
            p.listener = listener;
            p.service = service;
            if (!p.running) {
                // It died before anyone watched it: the reaper reports it as soon as it can.
                int status = p.exitStatus;
                soon(() -> listener.exited(status));
            }
            return p;
        }

        @Override
        public boolean processExists(int pid) {
            if (foreign.contains(pid)) {
                return true;
            }
            FakeProcess p = process(pid);
            return p != null && p.running;
        }

        @Override
        public int signal(int pid, Signal signal) {
            sentSignals.add(new SentSignal(pid, signal));
            return 0;
        }

        /** Recorded with pid -1 (as {@code kill(-1)}) and sent to every running process. */
        @Override
        public int signalAllProcesses(Signal signal) {
            sentSignals.add(new SentSignal(-1, signal));
            for (FakeProcess p : running()) {
                p.signal(signal);
            }
            return 0;
        }
    }

    /**
     * A scripted process: it runs until the test (or a script, or a lethal signal) ends it, and
     * records the signals it receives.
     */
    public final class FakeProcess implements ChildProcess {
        private final int pid;
        private final List<String> argv;
        private final CommandKind kind;
        private final long launchedAt;
        private final List<Signal> signals = new ArrayList<>();
        private String service;
        private ProcessListener listener;
        private boolean running = true;
        private int exitStatus = -1;

        FakeProcess(int pid, List<String> argv, CommandKind kind, String service,
                ProcessListener listener) {
            this.pid = pid;
            this.argv = List.copyOf(argv);
            this.kind = kind;
            this.service = service;
            this.listener = listener;
            this.launchedAt = now;
        }

        @Override
        public int pid() {
            return pid;
        }

        /**
         * Returns the command line.
         *
         * @return the command and its arguments
         */
        public List<String> argv() {
            return argv;
        }

        /**
         * Returns which command of its service this is.
         *
         * @return the kind, or null for a spawned daemon
         */
        public CommandKind kind() {
            return kind;
        }

        /**
         * Returns the service that launched or adopted it.
         *
         * @return the service's name, or null if none (the unnamed context, or not adopted)
         */
        public String service() {
            return service;
        }

        /**
         * Returns when it was launched or spawned.
         *
         * @return the virtual time
         */
        public long launchedAt() {
            return launchedAt;
        }

        /**
         * Returns the signals it received through {@link #signal}, including any sent after it
         * exited (which a real platform drops, and a behaviour should not send).
         *
         * @return the signals, oldest first; the live list
         */
        public List<Signal> signals() {
            return signals;
        }

        /**
         * Tells whether it is still running.
         *
         * @return false once it exited
         */
        public boolean isRunning() {
            return running;
        }

        /**
         * Returns how it ended.
         *
         * @return the wait status, or -1 while it runs
         */
        public int exitStatus() {
            return exitStatus;
        }

        /**
         * Ends the process now and tells its listener, if it has one, synchronously.
         *
         * @param waitStatus how it ends, as made by {@link WaitStatus}
         * @throws IllegalStateException if it already exited
         */
        public void exit(int waitStatus) {
            if (!running) {
                throw new IllegalStateException("process " + pid + " already exited");
            }
            running = false;
            exitStatus = waitStatus;
            if (listener != null) {
                eventDepth++;
                try {
                    listener.exited(waitStatus);
                } finally {
                    eventDepth--;
                }
                afterEvent();
            }
        }

        /**
         * Reports readiness, as if it wrote to its readiness pipe.
         *
         * @throws IllegalStateException if it exited or is not watched
         */
        public void ready() {
            if (!running || listener == null) {
                throw new IllegalStateException("process " + pid + " cannot report readiness");
            }
            eventDepth++;
            try {
                listener.ready();
            } finally {
                eventDepth--;
            }
            afterEvent();
        }

        /**
         * Closes its readiness pipe without writing, so the readiness channel reports end of
         * file.
         *
         * @throws IllegalStateException if it is not watched
         */
        public void closeReadiness() {
            if (listener == null) {
                throw new IllegalStateException("process " + pid + " is not watched");
            }
            eventDepth++;
            try {
                listener.readinessFailed();
            } finally {
                eventDepth--;
            }
            afterEvent();
        }

        /**
         * Records the signal; a lethal one (HUP, INT, QUIT, KILL, USR1, USR2, TERM) that its
         * command does not {@linkplain FakePlatform#ignore ignore} ends it with
         * {@code WaitStatus.signalled(n)} on the next {@link FakePlatform#advance}. {@code NONE}
         * sends nothing and is not recorded.
         *
         * @param signal the signal
         * @return 0
         */
        @Override
        public int signal(Signal signal) {
            if (signal == Signal.NONE) {
                return 0;
            }
            signals.add(signal);
            if (!running || !isLethal(signal)) {
                return 0;
            }
            Script s = scripts.get(argv.get(0));
            if (signal != Signal.KILL && s != null && s.ignored.contains(signal)) {
                return 0;
            }
            int status = WaitStatus.signalled(signal.number());
            soon(() -> {
                if (running) {
                    exit(status);
                }
            });
            return 0;
        }

        @Override
        public String toString() {
            return "FakeProcess[" + pid + " " + argv + (running ? "" : " exited " + exitStatus)
                    + "]";
        }

        private boolean isLethal(Signal signal) {
            return signal != Signal.CONT && signal != Signal.STOP;
        }
    }
}
