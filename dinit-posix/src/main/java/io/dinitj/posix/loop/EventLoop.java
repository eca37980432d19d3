package io.dinitj.posix.loop;

import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.collections.DHeap;
import io.dinitj.collections.HotPath;
import io.dinitj.collections.IntObjectMap;
import io.dinitj.posix.sys.Posix;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The daemon's event loop: one epoll set, bound through jnr-ffi, run on one thread, dispatching
 * readable file descriptors, expired timers, child exits and signals (docs/platform-notes.md
 * §2 to §4).
 *
 * <p><b>Threads.</b> {@link #run()} runs the loop on the calling thread, the <em>loop thread</em>.
 * Every handler runs on it. {@link #wakeup()}, {@link #stop()}, {@link #childSpawned()} and
 * {@link #nanoTime()} may be called from any thread. Everything else ({@link #watchRead},
 * {@link #unwatch}, {@link #newTimer}, the timers' methods, the {@code on...} set-up methods) must
 * be called on the loop thread, or before {@code run()} starts on the thread that then starts it.
 * Two other threads only wait and hand over: the reaper (below) and the JVM's signal-handler
 * threads, which only record a signal and wake the loop.
 *
 * <p><b>One turn</b> of the loop: wait in {@code epoll_wait} until an fd is ready, the wake-up
 * eventfd is written, or the nearest timer is due (milliseconds, rounded up); then deliver, in
 * this order, child exits (they have priority, as in upstream Dinit), signals, readable fds, and
 * expired timers. Each source is drained a bounded amount per turn (at most the child-exit ring's
 * capacity, one call per signal, the fds one {@code epoll_wait} returned, the timers due at the
 * start of the timer phase), so no source starves the others. After each dispatched event the
 * {@link #afterEachEvent} hook runs (the daemon drains the engine's queues there).
 *
 * <p><b>Failures.</b> Every handler call is guarded: anything a handler throws goes to
 * {@link #onHandlerError} (by default printed to standard error), and the loop goes on.
 *
 * <p><b>Allocation.</b> After warm-up, one turn and every dispatch allocate nothing: timers live
 * in an intrusive heap sized as timers are created, fd handlers in an int-keyed map, child exits
 * in a preallocated ring, and all native memory is allocated at construction. Set-up methods may
 * allocate.
 *
 * <p><b>Children and signals.</b> The loop owns two helpers that only wait and hand over. The
 * {@link ChildReaper} (a daemon thread, started by {@link #run()} or {@link #startReaper()})
 * reaps every child and puts (pid, wait status) on a bounded ring; with no child it parks until
 * {@link #childSpawned()} or a {@code SIGCHLD}. Because it reaps every child of the process,
 * nothing else in the JVM may start processes ({@code ProcessBuilder} would lose its exit
 * statuses). The {@link SignalBridge} counts signals on the JVM's signal threads. Both wake the
 * loop, which delivers on its own thread.
 *
 * <p><b>Closing.</b> {@link #close()} stops the loop, restores the signal handlers it replaced,
 * and releases the epoll fd and the eventfd. The reaper ends as soon as it wakes; it peeks before
 * it reaps, so a child that exits after {@code close()} stays a zombie for whoever reaps next,
 * rather than being reaped and lost.
 */
public final class EventLoop implements AutoCloseable {

    /** Told that a watched file descriptor is readable, has hung up, or has an error. */
    public interface FdHandler {

        /**
         * Called on the loop thread when {@code fd} is readable, hung up or in error. The handler
         * reads (until {@code -EAGAIN} for a non-blocking fd) and sees end of file or the error
         * itself; a handler that leaves a hung-up fd watched is called again every turn, so it
         * should {@link #unwatch} and close it. If an fd number was unwatched and reused within
         * one turn, the new handler may be called once with nothing to read.
         *
         * @param fd the descriptor
         */
        void readable(int fd);
    }

    /** Told that a child process exited. */
    public interface ChildExitHandler {

        /**
         * Called on the loop thread once for each reaped child.
         *
         * @param pid the child's process id
         * @param waitStatus its raw wait status (see {@code io.dinitj.api.spi.WaitStatus})
         */
        void childExited(int pid, int waitStatus);
    }


    private final Posix n;
    private final int epfd;
    private final int wakeFd;
    /** The descriptors the last {@code epoll_wait} reported ready. */
    private final int[] readyFds = new int[Posix.MAX_EPOLL_EVENTS];
    /** The origin of timer keys, so keys start near 0 and never overflow. */
    private final long origin = System.nanoTime();

    private final IntObjectMap<FdHandler> fdHandlers = new IntObjectMap<>(64);
    private final DHeap<LoopTimer> timers = new DHeap<>(4, 64, t -> t.node);
    /**
     * Timers that may still be armed: made and not yet collected. Each has room in
     * {@link #timers}, so arming never grows the heap. A timer nobody holds cannot be armed
     * again (an armed one is held by the heap), so its room is given back once the garbage
     * collector has found it: {@link #timerRefs} keeps a phantom reference per timer, and
     * {@link #newTimer} counts those enqueued. Counting every timer ever made instead grew the
     * heap's arrays with every spawn and every load, without end.
     */
    private int timerCount;
    private final ReferenceQueue<LoopTimer> goneTimers = new ReferenceQueue<>();
    private final Set<Reference<LoopTimer>> timerRefs = new HashSet<>();

    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** Threads inside the eventfd write of {@link #wakeup()}; {@code close()} waits for 0. */
    private final AtomicInteger wakeWriters = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean stopRequested;
    private boolean running;
    private Thread loopThread;

    private final ChildReaper reaper;
    private final SignalBridge signals;

    private Runnable afterEach;
    private Consumer<Throwable> errorHandler = EventLoop::printError;

    /**
     * Creates the epoll set and its wake-up eventfd (both close-on-exec) and allocates the
     * loop's native memory. Nothing runs until {@link #run()}.
     *
     * @param n the libc bindings
     * @throws IllegalStateException if the epoll set or the eventfd cannot be created (for
     *     example {@code EMFILE})
     */
    public EventLoop(Posix n) {
        this.n = Objects.requireNonNull(n, "native");
        reaper = new ChildReaper(n, this);
        signals = new SignalBridge(n, this, reaper);
        epfd = n.epollCreate();
        if (epfd < 0) {
            throw new IllegalStateException("epoll_create1 failed: errno " + -epfd);
        }
        wakeFd = n.eventFd();
        if (wakeFd < 0) {
            n.close(epfd);
            throw new IllegalStateException("eventfd failed: errno " + -wakeFd);
        }
        int r = n.epollCtl(epfd, Posix.EPOLL_CTL_ADD, wakeFd, Posix.EPOLLIN);
        if (r < 0) {
            n.close(wakeFd);
            n.close(epfd);
            throw new IllegalStateException("epoll_ctl(ADD, eventfd) failed: errno " + -r);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Running and stopping

    /**
     * Runs the loop on the calling thread until {@link #stop()}; starts the reaper first if it
     * is not running yet. If {@code stop()} was called before, returns at once. When it returns,
     * the loop can be run again.
     *
     * @throws IllegalStateException if the loop is closed or already running, or if
     *     {@code epoll_wait} fails for a reason other than {@code EINTR} (the epoll set is broken)
     */
    public void run() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("event loop is closed");
            }
            if (running) {
                throw new IllegalStateException("event loop is already running on "
                        + loopThread.getName());
            }
            running = true;
            loopThread = Thread.currentThread();
        }
        try {
            startReaper();
            while (!stopRequested) {
                turn();
            }
        } finally {
            synchronized (this) {
                running = false;
                stopRequested = false;
                loopThread = null;
                notifyAll();
            }
        }
    }

    /**
     * Makes {@link #run()} return after the current turn. Any thread, or a handler; allocates
     * nothing.
     */
    @HotPath
    public void stop() {
        stopRequested = true;
        wakeup();
    }

    /**
     * Wakes the loop from {@code epoll_wait}. Any thread; allocates nothing. Calls are coalesced:
     * while a wake-up is pending, more calls do nothing, so the eventfd never backs up.
     */
    @HotPath
    public void wakeup() {
        if (!wakePending.compareAndSet(false, true)) {
            return;
        }
        wakeWriters.incrementAndGet();
        try {
            // Checked after announcing the write, so close() either sees this writer and waits,
            // or this writer sees closed and never touches an fd number that may be reused.
            if (!closed) {
                n.eventFdSignal(wakeFd);
            }
        } finally {
            wakeWriters.decrementAndGet();
        }
    }

    /**
     * Returns the loop's monotonic clock, {@link System#nanoTime()}. Any thread.
     *
     * @return nanoseconds from an arbitrary origin
     */
    @HotPath
    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Stops the loop, restores the signal dispositions this loop replaced, stops the reaper (it
     * ends when it next wakes, without reaping) and closes the epoll fd and the eventfd. If the
     * loop is running on another thread, waits for {@code run()} to return; on the loop thread,
     * {@code run()} returns after the current turn. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            stop();
            while (running && loopThread != Thread.currentThread()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            closed = true;
        }
        reaper.close();
        signals.restore();
        while (wakeWriters.get() != 0) {
            Thread.onSpinWait();
        }
        n.close(wakeFd);
        n.close(epfd);
    }

    /**
     * Sets what runs after each dispatched event (a timer, a readable fd, a child exit, a
     * signal), replacing any earlier hook; null for nothing. It runs guarded, like a handler.
     *
     * @param r the hook, or null
     */
    public void afterEachEvent(Runnable r) {
        afterEach = r;
    }

    /**
     * Sets what receives a throwable that a handler (or the hook) threw; by default it is
     * printed to standard error. If the consumer throws in turn, that is printed.
     *
     * @param consumer the receiver, not null
     */
    public void onHandlerError(Consumer<Throwable> consumer) {
        errorHandler = Objects.requireNonNull(consumer, "consumer");
    }

    @HotPath
    private void turn() {
        int ready = n.epollWait(epfd, readyFds, pollTimeout());
        if (ready < 0) {
            if (ready != -Errno.EINTR) {
                throw epollFailed(-ready);
            }
            ready = 0;
        }
        // Drain the eventfd, then clear the flag, then read the sources. A wake-up that finds
        // the flag still set published its event before that and is seen below; one after the
        // clear writes the eventfd again. (Clearing before draining could lose a write and leave
        // the flag set with the eventfd empty: every later wake-up would then be skipped.)
        for (int i = 0; i < ready; i++) {
            if (fdAt(i) == wakeFd) {
                n.eventFdDrain(wakeFd);
                wakePending.set(false);
            }
        }
        reaper.deliver();
        signals.deliver();
        for (int i = 0; i < ready; i++) {
            int fd = fdAt(i);
            if (fd == wakeFd) {
                continue;
            }
            FdHandler h = fdHandlers.get(fd);
            if (h != null) {
                try {
                    h.readable(fd);
                } catch (Throwable t) {
                    handlerFailed(t);
                }
                afterEvent();
            }
        }
        fireTimers();
    }

    @HotPath
    private int fdAt(int i) {
        return readyFds[i];
    }

    /** Milliseconds to the nearest deadline, rounded up; 0 if due; -1 (forever) with none. */
    @HotPath
    private int pollTimeout() {
        if (stopRequested) {
            return 0;
        }
        long next = timers.peekKey(Long.MAX_VALUE);
        if (next == Long.MAX_VALUE) {
            return -1;
        }
        long wait = next - now();
        if (wait <= 0) {
            return 0;
        }
        long ms = (wait + 999_999) / 1_000_000;
        return ms > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ms;
    }

    /** Runs the after-event hook, guarded; for the reaper's and the bridge's deliveries too. */
    @HotPath
    void afterEvent() {
        Runnable r = afterEach;
        if (r != null) {
            try {
                r.run();
            } catch (Throwable t) {
                handlerFailed(t);
            }
        }
    }

    /** Hands what a handler threw to the error handler; never throws. */
    void handlerFailed(Throwable t) {
        try {
            errorHandler.accept(t);
        } catch (Throwable again) {
            printError(again);
        }
    }

    private static void printError(Throwable t) {
        System.err.println("dinit: event handler failed:");
        t.printStackTrace();
    }

    private static IllegalStateException epollFailed(int err) {
        return new IllegalStateException("epoll_wait failed: errno " + err);
    }

    // ------------------------------------------------------------------------------------------
    // File descriptors

    /**
     * Watches {@code fd} for reading: {@code h} runs on the loop thread whenever it is readable,
     * hung up or in error (level-triggered). Watching an fd again replaces its handler. Loop
     * thread only. The fd must be something epoll supports (a pipe, socket, eventfd; not a
     * regular file).
     *
     * @param fd the descriptor
     * @param h its handler, not null
     * @throws IllegalArgumentException if {@code fd} is negative or the loop's own eventfd
     * @throws IllegalStateException if {@code epoll_ctl} refuses it ({@code EBADF},
     *     {@code EPERM} for a regular file, ...), with the errno in the message
     */
    public void watchRead(int fd, FdHandler h) {
        Objects.requireNonNull(h, "handler");
        if (fd < 0 || fd == wakeFd) {
            throw new IllegalArgumentException("cannot watch fd " + fd);
        }
        // Already watched: keep the registration, unless the kernel dropped it because the fd
        // was closed (and its number reused) without unwatch; then MOD fails with ENOENT.
        int r = fdHandlers.containsKey(fd)
                ? n.epollCtl(epfd, Posix.EPOLL_CTL_MOD, fd, Posix.EPOLLIN) : -1;
        if (r < 0) {
            r = n.epollCtl(epfd, Posix.EPOLL_CTL_ADD, fd, Posix.EPOLLIN);
            if (r < 0) {
                throw new IllegalStateException("epoll_ctl(ADD, " + fd + ") failed: errno "
                        + -r);
            }
        }
        fdHandlers.put(fd, h);
    }

    /**
     * Changes what a watched fd is watched for: readable, writable, both, or neither (hang-up
     * and errors are always reported). Its handler runs for any of them; it finds out which by
     * trying. Nothing if {@code fd} is not watched. Loop thread only; allocates nothing.
     *
     * @param fd a descriptor watched with {@link #watchRead}
     * @param read watch for readability
     * @param write watch for writability
     * @return 0, or {@code -errno} if {@code epoll_ctl} refused
     */
    @HotPath
    public int watchInterest(int fd, boolean read, boolean write) {
        if (!fdHandlers.containsKey(fd)) {
            return 0;
        }
        return n.epollCtl(epfd, Posix.EPOLL_CTL_MOD, fd,
                (read ? Posix.EPOLLIN : 0) | (write ? Posix.EPOLLOUT : 0));
    }

    /**
     * Stops watching {@code fd}; nothing if it is not watched. Call it before closing the fd.
     * Loop thread only; allocates nothing.
     *
     * @param fd the descriptor
     */
    @HotPath
    public void unwatch(int fd) {
        if (fdHandlers.remove(fd) != null) {
            n.epollCtl(epfd, Posix.EPOLL_CTL_DEL, fd, 0);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Timers

    /**
     * Creates a disarmed one-shot timer. Create timers at set-up (a service's behaviour creates
     * its timers once); arming and cancelling then allocate nothing. Timers due at the same
     * time fire in the order they were armed. The timer's methods are for the loop thread only.
     *
     * @param onExpiry runs on the loop thread when the timer expires (it is disarmed by then, so
     *     it may re-arm itself), guarded like every handler
     * @return the timer
     */
    public ServiceContext.Timer newTimer(Runnable onExpiry) {
        Objects.requireNonNull(onExpiry, "onExpiry");
        for (Reference<? extends LoopTimer> gone = goneTimers.poll(); gone != null;
                gone = goneTimers.poll()) {
            timerRefs.remove(gone);
            timerCount--;
        }
        LoopTimer t = new LoopTimer(onExpiry);
        timerRefs.add(new PhantomReference<>(t, goneTimers));
        // Room for every timer there is, so arming never grows the heap; grown by doubling.
        if (++timerCount > timers.capacity()) {
            timers.ensureCapacity(Math.max(timerCount, timers.capacity() * 2));
        }
        return t;
    }

    /**
     * Returns how many timers have room in the timer heap: those made and not yet found
     * collected. For tests.
     *
     * @return the count
     */
    int reservedTimers() {
        return timerCount;
    }

    /** Time since {@link #origin}: timer keys. */
    @HotPath
    private long now() {
        return System.nanoTime() - origin;
    }

    @HotPath
    private void fireTimers() {
        long now = now();
        // Only the timers present now: a handler that re-arms with delay 0 fires next turn.
        for (int budget = timers.size(); budget > 0; budget--) {
            if (timers.peekKey(Long.MAX_VALUE) > now) {
                return;
            }
            LoopTimer t = timers.poll();
            try {
                t.onExpiry.run();
            } catch (Throwable e) {
                handlerFailed(e);
            }
            afterEvent();
        }
    }

    /** A timer of this loop: its heap node and what to run. */
    private final class LoopTimer implements ServiceContext.Timer {
        final DHeap.Node<LoopTimer> node = new DHeap.Node<>(this);
        final Runnable onExpiry;

        LoopTimer(Runnable onExpiry) {
            this.onExpiry = onExpiry;
        }

        @Override
        @HotPath
        public void arm(long delayNanos) {
            if (delayNanos < 0) {
                throw new IllegalArgumentException("negative timer delay");
            }
            long now = now();
            long deadline = delayNanos > Long.MAX_VALUE - 1 - now ? Long.MAX_VALUE - 1
                    : now + delayNanos;
            if (timers.isQueued(this)) {
                timers.changeKey(this, deadline);
            } else {
                timers.insert(this, deadline);
            }
        }

        @Override
        @HotPath
        public void cancel() {
            timers.remove(this);
        }

        @Override
        @HotPath
        public boolean isArmed() {
            return timers.isQueued(this);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Children and signals: delegated to the reaper and the signal bridge

    /**
     * Sets what is told about each child exit, replacing any earlier handler. Exits reaped while
     * no handler is set are dropped. Loop thread only.
     *
     * @param h the handler, or null
     */
    public void onChildExit(ChildExitHandler h) {
        reaper.onChildExit(h);
    }

    /**
     * Tells the reaper that a child was just spawned, so that a reaper parked for want of
     * children waits for it. Call after every successful spawn. Any thread; allocates nothing.
     */
    @HotPath
    public void childSpawned() {
        reaper.childSpawned();
    }

    /**
     * Starts the reaper thread if it is not running: resets {@code SIGCHLD} to its default
     * disposition (an inherited {@code SIG_IGN} would make the kernel discard exit statuses) and
     * installs a {@code SIGCHLD} handler that wakes the reaper. {@link #run()} calls it; call it
     * earlier to reap children spawned before the loop runs. Idempotent.
     *
     * @throws IllegalStateException if the loop is closed
     */
    public synchronized void startReaper() {
        if (closed) {
            throw new IllegalStateException("event loop is closed");
        }
        if (reaper.started()) {
            return;
        }
        signals.listenForChildren();
        reaper.start();
    }

    /**
     * Runs {@code handler} on the loop thread when the signal arrives. First resets the signal
     * to its default disposition through libc (one inherited as ignored otherwise stays ignored:
     * docs/platform-notes.md §4.2), then installs a Java handler that only counts the
     * signal and wakes the loop. Deliveries that arrive before the loop gets to them coalesce
     * into one call. A second call for the same signal replaces the handler. {@code "CHLD"} also
     * keeps waking the reaper. Set-up: loop thread, or before {@code run()}.
     *
     * <p>On Java 17, {@code USR2} is the JVM's own suspend/resume signal unless the JVM was started
     * with {@code _JAVA_SR_SIGNUM} set (to 44, say): handling it then takes that signal from the
     * JVM (docs/platform-notes.md §4.3). The launcher sets the variable.
     *
     * @param name the signal's name without {@code SIG}: {@code "TERM"}, {@code "INT"},
     *     {@code "HUP"}, {@code "USR1"}, {@code "USR2"}, {@code "CHLD"}, ...
     * @param handler what to run, not null
     * @throws IllegalArgumentException if the name is unknown or the JVM keeps the signal for
     *     itself ({@code QUIT}, {@code SEGV}, ...; {@code HUP}, {@code INT} and {@code TERM}
     *     too under {@code -Xrs})
     */
    public void onSignal(String name, Runnable handler) {
        signals.onSignal(name, handler);
    }

    /**
     * Makes the process ignore a signal ({@code SIG_IGN}, through the JVM), for the signals the
     * daemon must survive but does not act on (docs/platform-notes.md §4.3). Children do
     * not inherit this: the spawn resets every disposition. A later {@link #onSignal} for
     * the same signal handles it again. Set-up: loop thread, or before {@code run()}.
     *
     * @param name the signal's name without {@code SIG}
     * @throws IllegalArgumentException if the name is unknown or the JVM keeps the signal
     */
    public void ignoreSignal(String name) {
        signals.ignoreSignal(name);
    }
}
