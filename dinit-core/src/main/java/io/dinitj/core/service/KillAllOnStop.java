package io.dinitj.core.service;

import io.dinitj.api.description.Signal;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.collections.HotPath;

/**
 * The option {@code kill-all-on-stop} (docs/service-format.md §6.9, docs/service-semantics.md §5;
 * scripted and internal services only, which the loader checks): when the engine brings the service
 * down, first SIGTERM to every process, a pause of one second, SIGKILL to every process, and only
 * then the type's own bring-down (for a scripted service, its {@code stop-command}). It is meant
 * for the last service of a shutdown, or a container's init, where "every process" is every other
 * process of the machine or PID namespace ({@link ServiceContext#signalAllProcesses}).
 *
 * <p>Upstream sleeps for the second, which blocks its whole event loop; here a timer waits,
 * so the loop goes on reaping the processes that die and answering the control socket. The
 * service stays STOPPING meanwhile.
 *
 * <p>A decorator around the type's behaviour, made by {@link ServiceSet} when the option is set;
 * everything but {@link #bringDown()} passes straight through. Event-loop thread only.
 */
final class KillAllOnStop implements ServiceBehaviour {

    /** The pause between SIGTERM and SIGKILL. */
    static final long GRACE_NANOS = 1_000_000_000L;

    private final ServiceSet set;
    private final ServiceRecord record;
    private final ServiceBehaviour inner;
    private final ServiceContext context;
    private final ServiceContext.Timer timer;

    KillAllOnStop(ServiceSet set, ServiceRecord record, ServiceBehaviour inner,
            ServiceContext context) {
        this.set = set;
        this.record = record;
        this.inner = inner;
        this.context = context;
        this.timer = context.newTimer(new GraceOver());
    }

    /**
     * Returns the type's own behaviour.
     *
     * @return the wrapped behaviour
     */
    ServiceBehaviour inner() {
        return inner;
    }

    @Override
    public boolean bringUp() {
        timer.cancel();
        return inner.bringUp();
    }

    @Override
    @HotPath
    public void bringDown() {
        context.signalAllProcesses(Signal.TERM);
        timer.arm(GRACE_NANOS);
    }

    /**
     * The timer's action: the second is over; kill what is left, then the type's own
     * bring-down. A class of its own rather than a method reference made in the constructor, so
     * that the call graph has no edge from creating a behaviour to bringing one down (bringing
     * down can chain to loading another service, which creates behaviours: no recursion).
     */
    private final class GraceOver implements Runnable {
        @Override
        @HotPath
        public void run() {
            try {
                context.signalAllProcesses(Signal.KILL);
            } catch (RuntimeException | Error e) {
                set.threw(record, "signalAllProcesses", e);
            }
            set.bringDown(record, inner);
        }
    }

    @Override
    public boolean canInterruptStart() {
        return inner.canInterruptStart();
    }

    @Override
    public boolean interruptStart() {
        return inner.interruptStart();
    }

    @Override
    public void becomingInactive() {
        inner.becomingInactive();
    }

    @Override
    public int pid() {
        return inner.pid();
    }

    @Override
    public void describe(StatusDetail detail) {
        inner.describe(detail);
    }
}
