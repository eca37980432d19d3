package io.dinitj.posix.shutdown;

import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code dinit-shutdown}, Dinit/J's {@code shutdown} (installed also as {@code shutdown},
 * {@code halt}, {@code poweroff}, {@code reboot} and {@code soft-reboot}): upstream's options
 * and texts ({@link ShutdownOptions}). Without {@code --system} it asks the daemon for the
 * shutdown over the control socket ({@link ShutdownClient}); with it, it performs the shutdown
 * itself, which is what the daemon execs at the end of a system manager's run
 * ({@link SystemShutdown}, which also says when it refuses).
 *
 * <p>The name it was run as comes from the system property {@code dinitj.invokedAs} (the
 * launchers set it to {@code $(basename "$0")}), {@code dinit-shutdown} if unset. Exit status:
 * 1 for the help (as upstream), a bad option or any failure; 0 once the daemon has taken the
 * request and closed the connection, or after a soft reboot's steps.
 */
public final class DinitShutdown {

    private DinitShutdown() {
    }

    /**
     * Runs the program and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        int status = run(args, stdout, System.err, System.getenv(),
                System.getProperty("dinitj.invokedAs", "dinit-shutdown"), JnrPosix.get());
        if (status == SystemShutdown.HANG) {
            hangForever();
        }
        System.exit(status);
    }

    /**
     * Runs the program.
     *
     * @param args the command line
     * @param out standard output (the console's stream, for {@code --system})
     * @param err standard error
     * @param env the environment
     * @param invokedAs the name the program was run as, without its directory
     * @param posix the system calls
     * @return the exit status, or {@link SystemShutdown#HANG}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            String invokedAs, Posix posix) {
        ShutdownOptions o = ShutdownOptions.parse(invokedAs, args);
        if (o.badOption != null) {
            err.println(o.badOptionText());
            return 1;
        }
        if (o.help) {
            out.print(ShutdownOptions.helpText(invokedAs));
            out.flush();
            return 1;
        }
        if (o.system) {
            SystemShutdown s = new SystemShutdown(posix, out, Path.of("/proc"),
                    SystemShutdown.HOOKS, "/dev/console", DinitShutdown::sleep, env);
            String refusal = s.refusal(o.type);
            if (refusal != null) {
                err.println("shutdown: refusing --system: " + refusal);
                return 1;
            }
            ignoreTerminationSignals();
            return s.run(o.type);
        }
        return new ShutdownClient(posix, out, err, ShutdownClient.SYSTEM_SOCKET)
                .run(o.type, o.usePassedCfd, env);
    }

    private static void sleep(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        for (long left = ms; left > 0; left = (end - System.nanoTime()) / 1_000_000) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void hangForever() {
        while (true) {
            sleep(60_000);
        }
    }

    /**
     * Ignores SIGTERM, SIGINT and SIGHUP, as upstream blocks every signal: the JVM's own
     * handlers would run its shutdown and end this process (as PID 1, the machine) if a dying
     * process or a closing terminal sent one. Through {@code sun.misc.Signal}, reached by
     * reflection (javac rejects a direct use under {@code -Werror}); a signal the JVM keeps
     * for itself is left as it is.
     */
    private static void ignoreTerminationSignals() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object ignore = handler.getField("SIG_IGN").get(null);
            Method handle = signal.getMethod("handle", signal, handler);
            for (String name : new String[] {"TERM", "INT", "HUP"}) {
                try {
                    handle.invoke(null, signal.getConstructor(String.class).newInstance(name),
                            ignore);
                } catch (ReflectiveOperationException | IllegalArgumentException e) {
                    // Kept by the JVM (-Xrs): the default stays.
                }
            }
        } catch (ReflectiveOperationException e) {
            // No sun.misc.Signal in this runtime: the defaults stay.
        }
    }
}
