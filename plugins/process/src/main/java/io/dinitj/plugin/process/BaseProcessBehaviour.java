package io.dinitj.plugin.process;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.Signal;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.ChildProcess;
import io.dinitj.api.spi.ProcessListener;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.WaitStatus;
import java.util.List;

/**
 * What the three process types share (upstream's {@code base_process_service}): launching the
 * main command, the one timer (restart delay, start timeout, stop timeout), stopping with the
 * stop command or the term signal, killing at the stop timeout, interrupting a start, and smooth
 * recovery. The subclasses decide what an exec success, a readiness report and an exit of the
 * main command mean.
 *
 * <p><b>Events.</b> Everything the behaviour hears arrives on the event-loop thread as an entry:
 * an engine call ({@link #bringUp}, {@link #bringDown}, {@link #interruptStart}), the timer, or a
 * process event. Process events are first recorded in the {@link Slot} of the command they
 * concern and then handled by {@link #drain()} at the end of the outermost entry, one at a time,
 * until none is left. So a listener call made from within {@code launch} (exec success or
 * failure) is handled after {@code launch} has returned and the process is known, and an engine
 * call that comes back into the behaviour from within a handle call only records and acts; the
 * outer drain picks up what it caused. Nothing recurses: handlers never drain, and every handle
 * call is the last thing its handler does, with the behaviour's state already consistent.
 *
 * <p><b>Phase.</b> {@link Phase} is the behaviour's own view; the engine's service state is the
 * engine's. One invariant ties them: the behaviour makes exactly one concluding handle call
 * ({@code started}, {@code failedToStart}, {@code stopped}, ...) per engine request.
 *
 * <p>Not thread-safe: the event loop is its only caller. Allocates nothing once created, except
 * the strings of log lines.
 */
abstract class BaseProcessBehaviour implements ServiceBehaviour {

    /** What the behaviour is doing. */
    enum Phase {
        /** Nothing running (stopped; or a scripted service that is up; or a start that failed). */
        IDLE,
        /** Waiting for the restart delay to pass before relaunching. */
        RESTART_WAIT,
        /** The main command runs and the start is not complete. */
        STARTING,
        /** Up, with its process supervised (process, bgprocess). */
        RUNNING,
        /** Bringing processes down; {@code stopped()} follows when all have exited. */
        STOPPING
    }

    /** What the one timer is armed for. */
    private enum TimerUse {
        NONE, RESTART, START, STOP
    }

    final ServiceDescription description;
    final ServiceHandle handle;
    final ServiceContext context;
    /** The main command (for bgprocess: the launcher, then the adopted daemon). */
    final Slot main = new Slot(CommandKind.START);
    /** The stop command. */
    final Slot stop = new Slot(CommandKind.STOP);

    private final ServiceContext.Timer timer;
    private final long restartDelay;
    private final long startTimeout;
    private final long stopTimeout;
    private final Signal termSignal;

    Phase phase = Phase.IDLE;
    /**
     * Smooth recovery in progress: the engine sees the service STARTED while the process is
     * relaunched, so reaching readiness reports nothing, and failing is an unrecoverable stop.
     */
    boolean recovering;
    /**
     * The engine was told to stop the service unrecoverably while its process still runs; the
     * process's exit then reports nothing more, and {@code bringDown} follows.
     */
    boolean abandoned;
    /** A pid that lives but is not a child, so is signalled but not watched (bgprocess). */
    int unsupervisedPid = -1;

    private TimerUse timerUse = TimerUse.NONE;
    private boolean launchedBefore;
    private long lastLaunch;
    /** An entry is being handled; process events are recorded and drained at its end. */
    private boolean dispatching;

    BaseProcessBehaviour(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        if (description.process().command().isEmpty()) {
            throw new IllegalArgumentException("'command' setting not specified");
        }
        this.description = description;
        this.handle = handle;
        this.context = context;
        this.restartDelay = description.restart().restartDelay().toNanos();
        this.startTimeout = description.restart().startTimeout().toNanos();
        this.stopTimeout = description.restart().stopTimeout().toNanos();
        this.termSignal = description.process().termSignal();
        this.timer = context.newTimer(this::timerExpired);
    }

    // ---------------------------------------------------------------------------------------
    // What each type decides

    /** The main command was executed. */
    abstract void mainExecSucceeded();

    /**
     * The main command (or the adopted daemon) exited; {@link #main} no longer holds it.
     *
     * @param status its wait status
     */
    abstract void mainExited(int status);

    /** The main command reported readiness; only process services have it. */
    void mainReady() {
    }

    /** The main command's readiness channel closed before any data; process services only. */
    void mainReadinessFailed() {
    }

    /** A bring-up begins: reset what a type keeps per start. */
    void prepareStart() {
    }

    /** Bring-down with nothing running: stopped at once. */
    void bringDownIdle() {
        handle.stopped();
    }

    /** Bring-down while the start is not complete (a smooth-recovery relaunch, say). */
    void bringDownStarting() {
        beginStop(true);
    }

    // ---------------------------------------------------------------------------------------
    // Engine entries

    @Override
    public final boolean bringUp() {
        boolean outer = enter();
        try {
            if (phase == Phase.RUNNING && !abandoned) {
                // Q3 (docs/service-semantics.md §21): started again while it was stopping but
                // before bring-down (its dependents were still stopping), so the process was never
                // signalled. Upstream launches a second process; we resume the one that runs.
                handle.started();
                return true;
            }
            if (phase == Phase.STARTING || phase == Phase.RESTART_WAIT) {
                // Q3 during a smooth-recovery relaunch: that relaunch becomes this start, and
                // reports started() when it completes.
                recovering = false;
                return true;
            }
            recovering = false;
            abandoned = false;
            unsupervisedPid = -1;
            prepareStart();
            if (handle.isAutoRestart()) {
                relaunchAfterDelay();
            } else {
                launchMain();
            }
        } finally {
            leave(outer);
        }
        return true;
    }

    @Override
    public final void bringDown() {
        boolean outer = enter();
        try {
            switch (phase) {
                case IDLE -> {
                    cancelTimer();
                    bringDownIdle();
                }
                case RESTART_WAIT -> {
                    cancelTimer();
                    recovering = false;
                    phase = Phase.IDLE;
                    handle.stopped();
                }
                case STARTING -> {
                    recovering = false;
                    bringDownStarting();
                }
                case RUNNING -> beginStop(true);
                case STOPPING -> {
                    // Already bringing it down; stopped() follows the exits.
                }
                default -> throw new AssertionError(phase);
            }
        } finally {
            leave(outer);
        }
    }

    /**
     * A start may be interrupted while the restart delay runs (nothing runs yet), with
     * {@code start-interruptible}, or when nothing runs at all.
     */
    @Override
    public final boolean canInterruptStart() {
        return phase == Phase.RESTART_WAIT || phase == Phase.IDLE
                || description.options().contains(ServiceOption.START_INTERRUPTIBLE);
    }

    /**
     * Cancels a pending restart at once (the engine then calls {@link #bringDown()}), or sends
     * SIGINT to the starting command and waits for it to exit.
     */
    @Override
    public final boolean interruptStart() {
        boolean outer = enter();
        try {
            if (phase == Phase.RESTART_WAIT) {
                cancelTimer();
                recovering = false;
                phase = Phase.IDLE;
                return true;
            }
            if (phase != Phase.STARTING) {
                return true;
            }
            interruptMain();
            return false;
        } finally {
            leave(outer);
        }
    }

    /** The platform may close what it kept across restarts (the activation socket). */
    @Override
    public final void becomingInactive() {
        context.serviceInactive();
    }

    @Override
    public int pid() {
        if (main.process != null) {
            return main.process.pid();
        }
        return unsupervisedPid;
    }

    // ---------------------------------------------------------------------------------------
    // Shared steps, called by handlers

    /**
     * An automatic restart or smooth recovery: relaunch no earlier than the restart delay after
     * the previous launch; at once if that has passed.
     */
    final void relaunchAfterDelay() {
        long wait = launchedBefore ? restartDelay - (context.nanoTime() - lastLaunch) : 0;
        if (wait > 0) {
            phase = Phase.RESTART_WAIT;
            arm(TimerUse.RESTART, wait);
        } else {
            launchMain();
        }
    }

    /** Launches the main command and arms the start timeout. */
    private void launchMain() {
        lastLaunch = context.nanoTime();
        launchedBefore = true;
        phase = Phase.STARTING;
        if (startTimeout > 0) {
            arm(TimerUse.START, startTimeout);
        } else {
            cancelTimer();
        }
        main.launch(description.process().command());
    }

    /** The start is complete: up (or, in smooth recovery, back up without a word). */
    final void becameReady() {
        cancelTimer();
        phase = Phase.RUNNING;
        if (recovering) {
            recovering = false;
            return;
        }
        handle.started();
    }

    /**
     * The start failed and nothing runs any more: a start failure, or in smooth recovery an
     * unrecoverable stop.
     *
     * @param reason the reason of a start failure
     */
    final void startFailed(StopReason reason) {
        cancelTimer();
        phase = Phase.IDLE;
        if (recovering) {
            recovering = false;
            handle.stopUnrecoverably(StopReason.TERMINATED);
            return;
        }
        handle.failedToStart(reason);
    }

    /**
     * A relaunch in smooth recovery failed while its process lives on: the service stops
     * unrecoverably, and {@link #bringDown()} brings the process down.
     *
     * @param reason the stop reason
     */
    final void recoveryFailed(StopReason reason) {
        cancelTimer();
        recovering = false;
        abandoned = true;
        phase = Phase.RUNNING;
        handle.stopUnrecoverably(reason);
    }

    /**
     * The supervised process of a service that is up exited by itself: smooth recovery if set
     * and allowed, else an unexpected termination for the engine to handle.
     *
     * @param status its wait status
     */
    final void runningProcessExited(int status) {
        phase = Phase.IDLE;
        if (abandoned) {
            return;
        }
        if (description.restart().smoothRecovery() && handle.tryRestart()) {
            recovering = true;
            relaunchAfterDelay();
            return;
        }
        handle.terminatedUnexpectedly(status);
    }

    /** SIGINT to the starting command; wait for it to exit under the stop timeout. */
    final void interruptMain() {
        // Logged for every interruption, a start timeout's included, as upstream does.
        context.log(LogLevel.WARN, "Interrupting start of service " + handle.name()
                + " with pid " + main.pid() + " (with SIGINT).");
        phase = Phase.STOPPING;
        main.signal(Signal.INT);
        armStopTimeout();
    }

    /**
     * Brings the running processes down: runs the stop command if asked and there is one, else
     * sends the term signal (unless {@code none}); arms the stop timeout. With nothing left to
     * wait for (an unsupervised pid, a scripted service without stop command) it is stopped at
     * once.
     *
     * @param runStopCommand whether the stop command may run
     */
    final void beginStop(boolean runStopCommand) {
        phase = Phase.STOPPING;
        if (runStopCommand && !description.process().stopCommand().isEmpty()) {
            // A launch failure, even from within launch, is handled by stopCommandFailed().
            stop.launch(description.process().stopCommand());
        } else if (termSignal != Signal.NONE) {
            signalMain(termSignal);
        }
        if (!main.busy() && !stop.busy()) {
            finishStop();
            return;
        }
        armStopTimeout();
    }

    /** Stopped once neither the main process nor the stop command runs. */
    final void stopIfDone() {
        if (phase == Phase.STOPPING && !main.busy() && !stop.busy()) {
            finishStop();
        }
    }

    /** Nothing runs any more: the service is down. */
    final void finishStop() {
        cancelTimer();
        phase = Phase.IDLE;
        unsupervisedPid = -1;
        handle.stopped();
    }

    /**
     * Logs how a process ended: {@code Service <name><exitText><code>} for an exit,
     * {@code Service <name><signalText><signal>} for a signal.
     *
     * @param level the level
     * @param status the wait status
     * @param exitText the text before an exit code
     * @param signalText the text before a signal number
     */
    final void logStatus(LogLevel level, int status, String exitText, String signalText) {
        if (WaitStatus.didExit(status)) {
            context.log(level, "Service " + handle.name() + exitText
                    + WaitStatus.exitCode(status));
        } else if (WaitStatus.wasSignalled(status)) {
            context.log(level, "Service " + handle.name() + signalText
                    + WaitStatus.signal(status));
        }
    }

    /**
     * Logs an exit of the supervised process nobody asked for, unless it was clean.
     *
     * @param status the wait status
     */
    final void logUnexpectedExit(int status) {
        if (!WaitStatus.isCleanExit(status)) {
            logStatus(LogLevel.ERROR, status, " process terminated with exit code ",
                    " terminated due to signal ");
        }
    }

    private void signalMain(Signal signal) {
        if (main.canSignal()) {
            main.signal(signal);
        } else if (unsupervisedPid > 0) {
            context.signal(unsupervisedPid, signal);
        }
    }

    private void armStopTimeout() {
        if (stopTimeout > 0) {
            arm(TimerUse.STOP, stopTimeout);
        } else {
            cancelTimer();
        }
    }

    private void arm(TimerUse use, long nanos) {
        timerUse = use;
        timer.arm(nanos);
    }

    final void cancelTimer() {
        timerUse = TimerUse.NONE;
        timer.cancel();
    }

    // ---------------------------------------------------------------------------------------
    // Timer and process events

    private void timerExpired() {
        boolean outer = enter();
        try {
            TimerUse use = timerUse;
            timerUse = TimerUse.NONE;
            switch (use) {
                case RESTART -> launchMain();
                case START -> startTimedOut();
                case STOP -> stopTimedOut();
                case NONE -> {
                    // Cancelled in the same turn it fell due; nothing to do.
                }
                default -> throw new AssertionError(use);
            }
        } finally {
            leave(outer);
        }
    }

    private void startTimedOut() {
        if (phase != Phase.STARTING) {
            return;
        }
        context.log(LogLevel.WARN, "Service " + handle.name() + " with pid " + main.pid()
                + " exceeded allowed start time; cancelling.");
        if (recovering) {
            recoveryFailed(StopReason.TIMEDOUT);
            return;
        }
        interruptMain();
        handle.failingToStart(StopReason.TIMEDOUT);
    }

    private void stopTimedOut() {
        boolean mainAlive = main.canSignal();
        if (mainAlive) {
            context.log(LogLevel.WARN, "Service " + handle.name() + " with pid " + main.pid()
                    + " exceeded allowed stop time; killing.");
            main.signal(Signal.KILL);
        } else if (unsupervisedPid > 0) {
            context.log(LogLevel.WARN, "Service " + handle.name() + " with pid "
                    + unsupervisedPid + " exceeded allowed stop time; killing.");
            context.signal(unsupervisedPid, Signal.KILL);
        }
        if (stop.canSignal()) {
            // With the main process gone (always so for scripted), the stop command is the
            // process that overstayed, and upstream logs it with the main text.
            context.log(LogLevel.WARN, mainAlive || unsupervisedPid > 0
                    ? "Service " + handle.name() + " stop command, with pid " + stop.pid()
                            + ", exceeded allowed stop time; killing."
                    : "Service " + handle.name() + " with pid " + stop.pid()
                            + " exceeded allowed stop time; killing.");
            stop.signal(Signal.KILL);
        }
    }

    private void mainExecFailed(ExecStage stage, int errno) {
        if (phase == Phase.STARTING) {
            cancelTimer();
            phase = Phase.IDLE;
            if (recovering) {
                recovering = false;
                handle.stopUnrecoverably(StopReason.EXECFAILED);
                return;
            }
            // The platform logs the failure: it has the error text, which plugins do not.
            handle.execFailed(stage, errno);
            return;
        }
        stopIfDone();
    }

    /**
     * The stop command could not run: fall back to the term signal, or SIGKILL if the term
     * signal is {@code none}; the platform has logged why.
     */
    private void stopCommandFailed() {
        if (phase != Phase.STOPPING) {
            return;
        }
        signalMain(termSignal != Signal.NONE ? termSignal : Signal.KILL);
        stopIfDone();
    }

    private void stopCommandExited(int status) {
        if (!WaitStatus.isCleanExit(status)) {
            logStatus(LogLevel.WARN, status, " stop command failed with exit code ",
                    " stop command terminated due to signal ");
        }
        stopIfDone();
    }

    private boolean enter() {
        if (dispatching) {
            return false;
        }
        dispatching = true;
        return true;
    }

    private void leave(boolean outer) {
        if (!outer) {
            return;
        }
        try {
            drain();
        } finally {
            dispatching = false;
        }
    }

    /** Handles recorded process events, the main command's first, until none is left. */
    private void drain() {
        boolean more = true;
        while (more) {
            more = dispatchMain() || dispatchStop();
        }
    }

    private boolean dispatchMain() {
        Slot s = main;
        if (s.execOk) {
            s.execOk = false;
            mainExecSucceeded();
        } else if (s.execFailed) {
            s.execFailed = false;
            mainExecFailed(s.failStage, s.failErrno);
        } else if (s.ready) {
            s.ready = false;
            if (phase == Phase.STARTING) {
                mainReady();
            }
        } else if (s.readinessFailed) {
            s.readinessFailed = false;
            if (phase == Phase.STARTING) {
                mainReadinessFailed();
            }
        } else if (s.exited) {
            s.exited = false;
            s.process = null;
            mainExited(s.status);
        } else {
            return false;
        }
        return true;
    }

    private boolean dispatchStop() {
        Slot s = stop;
        if (s.execOk) {
            s.execOk = false;
        } else if (s.execFailed) {
            s.execFailed = false;
            stopCommandFailed();
        } else if (s.exited) {
            s.exited = false;
            s.process = null;
            stopCommandExited(s.status);
        } else {
            // Readiness is reported for the main command only.
            s.ready = false;
            s.readinessFailed = false;
            return false;
        }
        return true;
    }

    /**
     * One command's process and the events recorded for it, not yet handled. Created once; a
     * slot holds one process at a time (the next launch comes only after the exit), so its
     * listener needs no per-launch object. The platform must not report readiness after it
     * reported the exit.
     */
    final class Slot implements ProcessListener {
        private final CommandKind kind;
        /** The process from its launch (or adoption) until its exit is handled. */
        ChildProcess process;
        boolean execOk;
        boolean execFailed;
        boolean ready;
        boolean readinessFailed;
        boolean exited;
        ExecStage failStage;
        int failErrno;
        int status;

        Slot(CommandKind kind) {
            this.kind = kind;
        }

        /** Launches; the outcome arrives as events. */
        void launch(List<String> argv) {
            process = context.launch(kind, argv, this);
        }

        /**
         * Starts watching a daemon.
         *
         * @return true if it is watched; false if it is not a child of the daemon
         */
        boolean adopt(int pid) {
            process = context.adopt(pid, this);
            return process != null;
        }

        /** Something runs, or an outcome of it is still to be handled. */
        boolean busy() {
            return process != null || execFailed;
        }

        /** It runs and its exit is not known yet, so its pid is still its own. */
        boolean canSignal() {
            return process != null && !exited;
        }

        void signal(Signal signal) {
            if (canSignal()) {
                process.signal(signal);
            }
        }

        int pid() {
            return process == null ? -1 : process.pid();
        }

        @Override
        public void execSucceeded() {
            execOk = true;
            leave(enter());
        }

        @Override
        public void execFailed(ExecStage stage, int errno) {
            // A platform may report the failure after launch returned the process (the exec
            // helper does): nothing of it runs any more.
            process = null;
            execFailed = true;
            failStage = stage;
            failErrno = errno;
            leave(enter());
        }

        @Override
        public void ready() {
            ready = true;
            leave(enter());
        }

        @Override
        public void readinessFailed() {
            readinessFailed = true;
            leave(enter());
        }

        @Override
        public void exited(int waitStatus) {
            exited = true;
            status = waitStatus;
            leave(enter());
        }
    }
}
