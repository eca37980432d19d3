package org.example.dinitj.tcpwait;

import io.dinitj.api.description.Durations;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.ServiceHandle;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One {@code tcp-wait} service: while starting, it makes one connection attempt per interval
 * until one succeeds ({@link ServiceHandle#started()}) or the start timeout runs out
 * ({@link ServiceHandle#failedToStart failedToStart(TIMEDOUT)}).
 *
 * <p><b>Never blocking the loop.</b> Every method runs on the daemon's event-loop thread,
 * which also serves every other service and the control socket, so nothing here may wait. An
 * attempt opens a non-blocking {@link SocketChannel} and {@code connect}s: that returns at
 * once, connected, refused, or pending. A pending connect is polled with
 * {@link SocketChannel#finishConnect()}, which does not block either, from the service's own
 * timer: first after 1 ms, then at doubling delays, so a local answer is seen within a
 * millisecond or two and a far one within twice its round trip, and an address that never
 * answers costs about ten polls per interval. A connect still pending an interval after it
 * began is abandoned and the next attempt begins. A host name is looked up by the {@link Resolver}'s helper
 * thread; the timer polls that lookup the same way. So the plugin needs no thread of its own
 * for connecting and no access to the daemon's selector, and it calls the handle only from its
 * timers, on the loop thread.
 *
 * <p><b>Allocation.</b> An attempt allocates (a channel, a socket address): once per interval,
 * which is far from the engine's hot path; a poll allocates nothing of its own. The timers are
 * made once, here in the constructor, as {@link ServiceContext#newTimer} asks.
 *
 * <p>Not thread-safe: the event loop is its only caller.
 */
final class TcpWaitBehaviour implements ServiceBehaviour {

    /** The first poll of a pending connect or lookup; each next one waits twice as long. */
    static final long FIRST_POLL_NANOS = 1_000_000L;

    private enum Phase {
        /** Not starting or started. */
        STOPPED,
        /** Looking the host name up for the current attempt. */
        RESOLVING,
        /** A connect is pending. */
        CONNECTING,
        /** The attempt failed; the next begins when the interval since its start is over. */
        WAITING,
        /** Connected once: started, and staying so until stopped. */
        STARTED
    }

    private final TcpAddress address;
    private final long interval;
    private final long startTimeout;
    private final ServiceHandle handle;
    private final ServiceContext context;
    private final Resolver resolver;
    /** Polls, and begins the next attempt. */
    private final ServiceContext.Timer step;
    /** The start timeout. */
    private final ServiceContext.Timer deadline;

    private Phase phase = Phase.STOPPED;
    private SocketChannel channel;
    private Future<InetAddress> lookup;
    /** When the current attempt began; the next begins an interval later. */
    private long attemptStart;
    /** When the pending connect began: it has one interval to complete. */
    private long connectStart;
    private long nextPoll;
    /** Attempts since the last bring-up. */
    private int attempts;
    /** Why the last attempt failed, or null. */
    private String lastError;

    TcpWaitBehaviour(TcpAddress address, long interval, long startTimeout, ServiceHandle handle,
            ServiceContext context, Resolver resolver) {
        this.address = address;
        this.interval = interval;
        this.startTimeout = startTimeout;
        this.handle = handle;
        this.context = context;
        this.resolver = resolver;
        this.step = context.newTimer(this::onStep);
        this.deadline = context.newTimer(this::onStartTimeout);
    }

    @Override
    public boolean bringUp() {
        reset(); // nothing should be left from an earlier start; if it is, drop it
        attempts = 0;
        lastError = null;
        if (startTimeout > 0) {
            deadline.arm(startTimeout);
        }
        beginAttempt();
        return true;
    }

    @Override
    public void bringDown() {
        reset();
        handle.stopped();
    }

    /** Stops waiting at once: nothing is left running. */
    @Override
    public boolean interruptStart() {
        reset();
        return true;
    }

    @Override
    public void describe(StatusDetail detail) {
        detail.add("Address", address.toString());
        detail.add("Attempts", Integer.toString(attempts));
        if (lastError != null) {
            detail.add("Last error", lastError);
        }
        if (phase == Phase.WAITING) {
            long in = Math.max(0, attemptStart + interval - context.nanoTime());
            // To the millisecond: a person reads it, nanoseconds would be noise.
            long millis = in / 1_000_000 * 1_000_000;
            detail.add("Next attempt", "in " + Durations.formatSeconds(millis) + " s");
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Begins one attempt: a lookup for a name, else the connect. */
    private void beginAttempt() {
        attempts++;
        attemptStart = context.nanoTime();
        nextPoll = FIRST_POLL_NANOS;
        if (address.literal() != null) {
            connect(address.literal());
            return;
        }
        try {
            lookup = resolver.resolve(address.host());
        } catch (RuntimeException e) {
            fail("cannot look up " + address.host() + ": " + e);
            return;
        }
        phase = Phase.RESOLVING;
        pollLater(Long.MAX_VALUE);
    }

    private void connect(InetAddress to) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (ch.connect(new InetSocketAddress(to, address.port()))) {
                close(ch);
                connected();
                return;
            }
            channel = ch;
            phase = Phase.CONNECTING;
            connectStart = context.nanoTime();
            nextPoll = FIRST_POLL_NANOS;
            pollLater(connectStart + interval);
        } catch (IOException e) {
            // Refused at once, no route, out of descriptors: all may pass, so try again.
            close(ch);
            attemptFailed(message(e));
        } catch (RuntimeException e) {
            // An address the JDK cannot connect to at all: trying again will not help.
            close(ch);
            fail("cannot connect to " + address + ": " + e);
        }
    }

    /** The step timer: poll what is pending, or begin the next attempt. */
    private void onStep() {
        switch (phase) {
            case RESOLVING -> pollLookup();
            case CONNECTING -> pollConnect();
            case WAITING -> beginAttempt();
            default -> {
                // STOPPED or STARTED: a stale expiry; reset() cancelled the timer already.
            }
        }
    }

    private void pollLookup() {
        if (!lookup.isDone()) {
            // The lookup has its own time limits (the resolver's); it is not abandoned.
            pollLater(Long.MAX_VALUE);
            return;
        }
        InetAddress to;
        try {
            to = lookup.get();
        } catch (ExecutionException e) {
            lookup = null;
            attemptFailed("unknown host " + address.host());
            return;
        } catch (InterruptedException e) {
            // Not possible once done; keep the loop thread's interrupt status all the same.
            Thread.currentThread().interrupt();
            lookup = null;
            attemptFailed("lookup of " + address.host() + " interrupted");
            return;
        }
        lookup = null;
        connect(to);
    }

    private void pollConnect() {
        try {
            if (channel.finishConnect()) {
                close(channel);
                channel = null;
                connected();
                return;
            }
        } catch (IOException e) {
            close(channel);
            channel = null;
            attemptFailed(message(e));
            return;
        }
        long end = connectStart + interval;
        if (context.nanoTime() - end >= 0) {
            close(channel);
            channel = null;
            attemptFailed("no answer within " + Durations.formatSeconds(interval) + " s");
            return;
        }
        pollLater(end);
    }

    /**
     * Arms the next poll: doubling delays from {@link #FIRST_POLL_NANOS} up to the interval,
     * and not past {@code end}.
     */
    private void pollLater(long end) {
        long now = context.nanoTime();
        long delay = nextPoll;
        if (end != Long.MAX_VALUE && end - now < delay) {
            delay = Math.max(0, end - now);
        }
        step.arm(delay);
        nextPoll = Math.min(nextPoll * 2, interval);
    }

    private void attemptFailed(String why) {
        if (lastError == null) {
            context.log(LogLevel.INFO, "Service " + handle.name() + ": waiting for " + address
                    + " (" + why + ")");
        } else {
            context.log(LogLevel.DEBUG, "Service " + handle.name() + ": attempt " + attempts
                    + " to reach " + address + " failed (" + why + ")");
        }
        lastError = why;
        phase = Phase.WAITING;
        step.arm(Math.max(0, attemptStart + interval - context.nanoTime()));
    }

    private void connected() {
        phase = Phase.STARTED;
        step.cancel();
        deadline.cancel();
        context.log(LogLevel.INFO, "Service " + handle.name() + ": connected to " + address
                + (attempts == 1 ? "" : " at attempt " + attempts));
        handle.started();
    }

    private void onStartTimeout() {
        if (phase == Phase.STOPPED || phase == Phase.STARTED) {
            return;
        }
        context.log(LogLevel.WARN, "Service " + handle.name() + " exceeded allowed start time;"
                + " cancelling (no connection to " + address + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts")
                + (lastError == null ? "" : "; last: " + lastError) + ").");
        reset();
        handle.failedToStart(StopReason.TIMEDOUT);
    }

    /** A failure that trying again cannot mend: the start fails now. */
    private void fail(String why) {
        context.log(LogLevel.ERROR, "Service " + handle.name() + ": " + why);
        lastError = why;
        reset();
        handle.failedToStart(StopReason.FAILED);
    }

    /** Back to STOPPED: timers disarmed, the connect closed, a lookup's result dropped. */
    private void reset() {
        phase = Phase.STOPPED;
        step.cancel();
        deadline.cancel();
        close(channel);
        channel = null;
        if (lookup != null) {
            lookup.cancel(false);
            lookup = null;
        }
    }

    private void close(SocketChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            context.log(LogLevel.DEBUG, "Service " + handle.name() + ": closing a connection"
                    + " to " + address + " failed: " + message(e));
        }
    }

    private static String message(IOException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
