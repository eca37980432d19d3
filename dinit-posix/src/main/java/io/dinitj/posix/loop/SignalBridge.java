package io.dinitj.posix.loop;

import io.dinitj.collections.HotPath;
import io.dinitj.posix.sys.Posix;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event loop's signal bridge: it takes signals from the JVM's signal-handler threads to the
 * loop thread. A JVM handler only counts the signal and wakes the loop (and, for
 * {@code SIGCHLD}, the reaper); the loop then {@link #deliver delivers} each signal that
 * arrived, once however often it arrived (docs/platform-notes.md §4).
 *
 * <p>Signals are reached through {@code sun.misc.Signal}, by method handles (see
 * {@code JvmSignals} below). Every disposition this bridge replaces is remembered and put back
 * by {@link #restore()}.
 *
 * <p><b>Threads.</b> Set-up ({@link #onSignal}, {@link #ignoreSignal}, {@link #listenForChildren})
 * and {@link #restore()} are synchronized; {@link #deliver} runs on the loop thread and
 * allocates nothing; the JVM's signal threads only count and wake.
 */
final class SignalBridge {

    private static final int MAX_SIGNAL = 64;

    private final Posix posix;
    private final EventLoop loop;
    private final ChildReaper reaper;
    private final SignalSlot[] signals = new SignalSlot[MAX_SIGNAL + 1];
    private volatile boolean signalsPending;
    private final int sigchld;

    SignalBridge(Posix posix, EventLoop loop, ChildReaper reaper) {
        this.posix = posix;
        this.loop = loop;
        this.reaper = reaper;
        this.sigchld = JvmSignals.number(JvmSignals.signal("CHLD"));
    }

    /**
     * Listens for {@code SIGCHLD}, reset to its default disposition first (an inherited
     * {@code SIG_IGN} would make the kernel discard exit statuses), so that it wakes the reaper.
     */
    synchronized void listenForChildren() {
        listen(slot("CHLD"));
    }

    /** One signal's state: what the Java handler counted, what the loop runs. */
    private final class SignalSlot {
        /** The {@code sun.misc.Signal}. */
        final Object signal;
        final int number;
        final AtomicInteger pending = new AtomicInteger();
        /** The {@code sun.misc.SignalHandler} that counts deliveries. */
        final Object javaHandler;
        volatile Runnable handler;
        /** The JVM's handler before this loop first replaced it; restored by close(). */
        Object previous;
        boolean replaced;
        boolean listening;

        SignalSlot(Object signal) {
            this.signal = signal;
            this.number = JvmSignals.number(signal);
            this.javaHandler = JvmSignals.handler(() -> signalArrived(this));
        }
    }

    /** {@link EventLoop#onSignal}: a handler, after a reset of the disposition. */
    synchronized void onSignal(String name, Runnable handler) {
        Objects.requireNonNull(handler, "handler");
        SignalSlot s = slot(name);
        s.handler = handler;
        listen(s);
    }

    /** {@link EventLoop#ignoreSignal}: {@code SIG_IGN} through the JVM. */
    synchronized void ignoreSignal(String name) {
        SignalSlot s = slot(name);
        s.handler = null;
        s.listening = false;
        remember(s, JvmSignals.handle(s.signal, JvmSignals.SIG_IGN));
    }

    private SignalSlot slot(String name) {
        Object sig = JvmSignals.signal(name);
        int no = JvmSignals.number(sig);
        if (no < 1 || no > MAX_SIGNAL) {
            throw new IllegalArgumentException("signal number out of range: " + name);
        }
        SignalSlot s = signals[no];
        if (s == null) {
            s = new SignalSlot(sig);
            signals[no] = s;
        }
        return s;
    }

    private void listen(SignalSlot s) {
        if (s.listening) {
            return;
        }
        posix.resetSignalToDefault(s.number);
        remember(s, JvmSignals.handle(s.signal, s.javaHandler));
        s.listening = true;
    }

    private static void remember(SignalSlot s, Object previous) {
        if (!s.replaced) {
            s.previous = previous;
            s.replaced = true;
        }
    }

    /** Puts back the JVM handlers this bridge replaced (the loop is closing). */
    synchronized void restore() {
        for (SignalSlot s : signals) {
            if (s != null && s.replaced) {
                s.handler = null;
                s.listening = false;
                s.replaced = false;
                try {
                    JvmSignals.handle(s.signal, s.previous);
                } catch (IllegalArgumentException e) {
                    // The JVM refused to take back its own handler; ours now only wakes nothing.
                    loop.handlerFailed(e);
                }
            }
        }
    }

    /** On a JVM signal thread: count, wake the reaper for SIGCHLD, wake the loop if it cares. */
    private void signalArrived(SignalSlot s) {
        s.pending.incrementAndGet();
        if (s.number == sigchld) {
            reaper.childSpawned();
        }
        if (s.handler != null) {
            signalsPending = true;
            loop.wakeup();
        }
    }

    /**
     * Runs the handler of every signal that arrived since the last call, once per signal however
     * often it arrived, each followed by the loop's after-event hook. Loop thread; allocates
     * nothing.
     */
    @HotPath
    void deliver() {
        if (!signalsPending) {
            return;
        }
        signalsPending = false;
        SignalSlot[] all = signals;
        for (int i = 1; i < all.length; i++) {
            SignalSlot s = all[i];
            if (s == null || s.pending.get() == 0) {
                continue;
            }
            // Deliveries counted so far become this one call.
            s.pending.getAndSet(0);
            Runnable h = s.handler;
            if (h != null) {
                try {
                    h.run();
                } catch (Throwable t) {
                    loop.handlerFailed(t);
                }
                loop.afterEvent();
            }
        }
    }

    /**
     * {@code sun.misc.Signal} and {@code sun.misc.SignalHandler} (module {@code jdk.unsupported},
     * exported to everyone), reached through method handles. javac warns about every direct use
     * as "internal proprietary API", a warning that no {@code @SuppressWarnings} silences and
     * that {@code -Werror} makes fatal. Only set-up and the JVM's signal threads come here.
     */
    private static final class JvmSignals {
        static final Class<?> SIGNAL;
        static final Class<?> HANDLER;
        static final Object SIG_IGN;
        private static final MethodHandle NEW_SIGNAL;
        private static final MethodHandle GET_NUMBER;
        private static final MethodHandle HANDLE;

        static {
            try {
                SIGNAL = Class.forName("sun.misc.Signal");
                HANDLER = Class.forName("sun.misc.SignalHandler");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                NEW_SIGNAL = lookup.findConstructor(SIGNAL,
                        MethodType.methodType(void.class, String.class));
                GET_NUMBER = lookup.findVirtual(SIGNAL, "getNumber",
                        MethodType.methodType(int.class));
                HANDLE = lookup.findStatic(SIGNAL, "handle",
                        MethodType.methodType(HANDLER, SIGNAL, HANDLER));
                SIG_IGN = HANDLER.getField("SIG_IGN").get(null);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private JvmSignals() {
        }

        /** {@code new Signal(name)}; IllegalArgumentException for an unknown name. */
        static Object signal(String name) {
            Objects.requireNonNull(name, "name");
            try {
                return NEW_SIGNAL.invoke(name);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        static int number(Object signal) {
            try {
                return (int) GET_NUMBER.invoke(signal);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        /** {@code Signal.handle}: IllegalArgumentException if the JVM keeps the signal. */
        static Object handle(Object signal, Object handler) {
            try {
                return HANDLE.invoke(signal, handler);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        /** A {@code SignalHandler} that runs {@code onSignal} (on a JVM signal thread). */
        static Object handler(Runnable onSignal) {
            return Proxy.newProxyInstance(SignalBridge.class.getClassLoader(),
                    new Class<?>[] {HANDLER}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "handle":
                                onSignal.run();
                                return null;
                            case "equals":
                                return proxy == args[0];
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            default:
                                return "dinit signal handler";
                        }
                    });
        }
    }
}
