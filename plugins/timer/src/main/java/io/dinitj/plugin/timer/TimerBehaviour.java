package io.dinitj.plugin.timer;

import io.dinitj.api.service.ServiceState;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceHandle.PeerStart;

/**
 * One timer service. Started at once when brought up; from then on its one timer (made here, at
 * create time) fires at each due time and starts the target through
 * {@link ServiceHandle#startPeer}, outside the engine's own work as that requires.
 *
 * <p><b>Fixed rate.</b> Due times are the start time plus whole periods (with
 * {@code timer.at-start}, the start time itself first). A due time that comes while the target
 * is still going (its state is not STOPPED) is a missed run, counted and logged at info level;
 * if the timer fires late, each due time that passed meanwhile counts as one missed run, and the
 * next due time stays on the grid.
 *
 * <p><b>No allocation while ticking.</b> Expiry reads the clock, asks the target's state, starts
 * it and re-arms the timer; only logging a missed run builds text.
 *
 * <p>Event-loop thread only, like every behaviour.
 */
final class TimerBehaviour implements ServiceBehaviour {

    private static final long TENTH = 100_000_000L;

    private final ServiceHandle handle;
    private final ServiceContext context;
    private final String target;
    private final long every;
    private final boolean atStart;
    private final ServiceContext.Timer timer;

    /** Brought up and not yet brought down: the timer is armed. */
    private boolean up;
    /** The next due time, on the context's monotonic clock; valid while up. */
    private long nextDue;
    private long runs;
    private long missed;
    private long failed;
    /** When the target was last started, or -1 if never. */
    private long lastRun = -1;

    TimerBehaviour(ServiceHandle handle, ServiceContext context, String target, long every,
            boolean atStart) {
        this.handle = handle;
        this.context = context;
        this.target = target;
        this.every = every;
        this.atStart = atStart;
        this.timer = context.newTimer(this::expired);
    }

    @Override
    public boolean bringUp() {
        up = true;
        long delay = atStart ? 0 : every;
        nextDue = context.nanoTime() + delay;
        // Even with at-start the run waits for the timer: a peer may not be started from
        // within bringUp, which runs inside the engine's queue processing.
        timer.arm(delay);
        handle.started();
        return true;
    }

    @Override
    public void bringDown() {
        up = false;
        timer.cancel();
        handle.stopped();
    }

    /** The timer fired: run the target if it is due and not still going, and re-arm. */
    private void expired() {
        if (!up) {
            return;
        }
        long now = context.nanoTime();
        if (now - nextDue < 0) {
            timer.arm(nextDue - now);
            return;
        }
        long late = (now - nextDue) / every;
        nextDue += (late + 1) * every;
        if (late > 0) {
            missed += late;
            logLate(late);
        }
        run(now);
        if (up) {
            timer.arm(nextDue - now);
        }
    }

    private void run(long now) {
        ServiceState state = handle.peerState(target);
        if (state != null && state != ServiceState.STOPPED) {
            missed++;
            logMissed(state);
            return;
        }
        PeerStart r = handle.startPeer(target);
        if (r == PeerStart.STARTED) {
            runs++;
            lastRun = now;
        } else if (r == PeerStart.ALREADY_ACTIVE) {
            missed++;
            logMissed(handle.peerState(target));
        } else if (r != PeerStart.SHUTTING_DOWN) {
            // Not loaded, refused, unsupported: the engine has logged why.
            failed++;
        }
    }

    private void logMissed(ServiceState state) {
        context.log(LogLevel.INFO, handle.name() + ": run of " + target + " missed: it is still "
                + (state == null ? "active" : state.name().toLowerCase(java.util.Locale.ROOT)));
    }

    private void logLate(long count) {
        context.log(LogLevel.INFO, handle.name() + ": " + count + (count == 1 ? " run" : " runs")
                + " of " + target + " missed: the timer fired late");
    }

    @Override
    public void describe(StatusDetail detail) {
        long now = context.nanoTime();
        detail.add("Starts", target);
        detail.add("Every", seconds(every) + " s");
        detail.add("Next run", up ? "in " + seconds(Math.max(0, nextDue - now)) + " s"
                : "none (timer stopped)");
        detail.add("Runs", Long.toString(runs));
        detail.add("Missed runs", Long.toString(missed));
        if (failed > 0) {
            detail.add("Failed starts", Long.toString(failed));
        }
        detail.add("Last run", lastRun < 0 ? "never" : seconds(now - lastRun) + " s ago");
    }

    /** Nanoseconds as seconds with one decimal, rounded: {@code 0.4}, {@code 12.0}. */
    static String seconds(long nanos) {
        long tenths = (nanos + TENTH / 2) / TENTH;
        return (tenths / 10) + "." + (tenths % 10);
    }

    // For tests: the counters as describe() shows them.

    long runs() {
        return runs;
    }

    long missed() {
        return missed;
    }

    long failed() {
        return failed;
    }

    long nextDue() {
        return nextDue;
    }
}
