package io.dinitj.posix.shutdown;

import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.spi.Errno;
import io.dinitj.posix.sys.Posix;
import io.dinitj.posix.sys.SpawnRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * {@code dinit-shutdown --system}: the end of the machine's run, performed by the program the
 * daemon execs as PID 1 once every service has stopped. Each step is written to the console
 * as it starts, in upstream's words:
 * <ol>
 *   <li>{@code Sending TERM/KILL to all processes...}: {@code kill(-1, SIGTERM)}, a grace of
 *       {@link #GRACE_MS} ms, {@code kill(-1, SIGKILL)} (neither reaches this process).</li>
 *   <li>{@code Executing shutdown hook...}: the first of {@code /etc/dinit/shutdown-hook} and
 *       {@code /lib/dinit/shutdown-hook} that exists with an execute bit runs, with
 *       {@code poweroff}, {@code halt}, {@code reboot} (also for kexec) or {@code soft}; its
 *       output goes to the console. Exit status 0 means it has taken care of the file systems,
 *       and the next step is left out.</li>
 *   <li>{@code Turning off swap...} (every area of {@code /proc/swaps}) and
 *       {@code Unmounting disks...} (the mounts of {@code /proc/self/mounts}, last first, what
 *       is busy remounted read-only: {@link MountTable}).</li>
 *   <li>{@code sync}, then {@code Issuing shutdown via kernel...} and {@code reboot(2)}.</li>
 * </ol>
 *
 * <p><b>Who may run it.</b> Only root, and only an init: the process must be PID 1 of its PID
 * namespace (the daemon execs this program, so it is whatever the daemon was), or, for a soft
 * reboot, a child of PID 1 (the daemon runs {@code --system -s} as a child and re-execs
 * itself when it ends). Anything else is refused before any step, with a message and status
 * 1: run by hand or by a test from a shell, the kill steps would end every process of the
 * user's machine. The system-call seam refuses {@code kill(-1)} and {@code reboot} outside an
 * init too.
 *
 * <p><b>The host's init, or a namespace's.</b> The swap and file-system steps run only for the
 * real host's init: PID 1 whose PID namespace is the initial one ({@code /proc/self/ns/pid} is
 * {@code pid:[4026531836]}, the kernel's fixed {@code PROC_PID_INIT_INO}) and whose mount
 * namespace is the initial one ({@code /proc/self/ns/mnt} is {@code mnt:[4026531832]}, the
 * fixed number of Linux 6.18 and later, or {@code mnt:[4026531840]}, the first number handed
 * out, which the initial mount namespace gets on older kernels). For PID 1 the process is its
 * own {@code /proc/1}, so these fixed numbers are what it compares with. If it cannot tell
 * (no {@code /proc}), it takes the safe side and skips them. Inside a container (a PID or
 * mount namespace of its own) the file systems are the host's or shared with it: the console
 * says so ({@code Not the host's init (...): not turning off swap or unmounting file
 * systems.}) and {@code reboot(2)} then only ends the namespace, as the kernel makes it do for
 * a namespace's init (halt and power-off end the init by SIGINT, reboot by SIGHUP).
 *
 * <p><b>Soft reboot</b> ({@code -s}): the kill steps, the hook (with {@code soft}) and
 * {@code sync}, then status 0 for the waiting daemon; no swap or file-system step (upstream's
 * runs them too, leaving the daemon to re-exec on read-only file systems).
 *
 * <p><b>When {@code reboot(2)} fails</b> ({@code reboot: <strerror>}, with upstream's kexec
 * hint): the host's init waits forever, as upstream's does (its exit would panic the kernel);
 * a namespace's init returns status 1, which ends the namespace all the same.
 *
 * <p>Not thread safe; one run per instance.
 */
final class SystemShutdown {

    /** How long processes have between TERM and KILL (upstream: 1 s). */
    static final long GRACE_MS = 1000;

    /** The shutdown hooks, in the order they are looked for. */
    static final List<Path> HOOKS = List.of(Path.of("/etc/dinit/shutdown-hook"),
            Path.of("/lib/dinit/shutdown-hook"));

    /** {@code /proc/self/ns/pid} of the initial PID namespace. */
    static final String INITIAL_PID_NS = "pid:[4026531836]";

    /** {@code /proc/self/ns/mnt} of the initial mount namespace (Linux 6.18+, and before). */
    static final Set<String> INITIAL_MNT_NS = Set.of("mnt:[4026531832]", "mnt:[4026531840]");

    /** {@link #run}'s result when the host's init must wait forever. */
    static final int HANG = -1;

    private static final int SIGTERM = 15;
    private static final int SIGKILL = 9;
    private static final int EBUSY = 16;
    private static final int EINVAL = 22;

    private final Posix posix;
    private final PrintStream console;
    private final Path proc;
    private final List<Path> hooks;
    private final String consolePath;
    private final LongConsumer sleep;
    private final Map<String, String> env;

    /**
     * A shutdown.
     *
     * @param posix the system calls
     * @param stdout the stream on descriptor 1, which becomes the console's once it is opened
     * @param proc where {@code /proc} is mounted
     * @param hooks the shutdown hooks to look for ({@link #HOOKS})
     * @param consolePath the console ({@code /dev/console})
     * @param sleep waits the given milliseconds (the grace)
     * @param env the environment the hook gets
     */
    SystemShutdown(Posix posix, PrintStream stdout, Path proc, List<Path> hooks,
            String consolePath, LongConsumer sleep, Map<String, String> env) {
        this.posix = posix;
        this.console = stdout;
        this.proc = proc;
        this.hooks = hooks;
        this.consolePath = consolePath;
        this.sleep = sleep;
        this.env = env;
    }

    /**
     * Why {@code --system} may not run here, or null if it may.
     *
     * @param type the action
     * @return the refusal's reason, for {@code shutdown: refusing --system: <reason>}
     */
    String refusal(ShutdownType type) {
        int euid = posix.geteuid();
        if (euid != 0) {
            return "it must run as root (effective uid " + euid + ")";
        }
        int pid = posix.getpid();
        if (pid == 1 || (type == ShutdownType.SOFTREBOOT && posix.getppid() == 1)) {
            return null;
        }
        return "this process (pid " + pid + ") is not the init of its PID namespace"
                + (type == ShutdownType.SOFTREBOOT ? " nor its child" : "")
                + "; without --system, dinit-shutdown asks the init for the shutdown";
    }

    /**
     * Performs the shutdown, after {@link #refusal} said it may.
     *
     * @param type the action
     * @return the exit status (0 after a soft reboot, 1 if {@code reboot(2)} failed in a
     *     namespace), or {@link #HANG}; on success the kernel ends this process first
     */
    int run(ShutdownType type) {
        openConsole();
        say("Sending TERM/KILL to all processes...");
        posix.killAll(SIGTERM);
        sleep.accept(GRACE_MS);
        posix.killAll(SIGKILL);

        boolean hookDidFileSystems = runHook(hookArgument(type));
        if (type == ShutdownType.SOFTREBOOT) {
            posix.sync();
            return 0;
        }
        if (!hookDidFileSystems) {
            String notHost = notHostInit();
            if (notHost == null) {
                say("Turning off swap...");
                swapOff();
                say("Unmounting disks...");
                unmountDisks();
            } else {
                say("Not the host's init (" + notHost + "): not turning off swap or unmounting"
                        + " file systems.");
            }
        }
        posix.sync();
        say("Issuing shutdown via kernel...");
        int r = posix.reboot(rebootCommand(type));
        // Back here only if the kernel refused.
        say("reboot: " + Errno.strerror(-r));
        if (type == ShutdownType.KEXEC && r == -EINVAL) {
            say("It is possible that no suitable kernel image was loaded before");
            say("reboot with kexec was attempted.");
        }
        return notHostInit() == null ? HANG : 1;
    }

    /** The {@code reboot(2)} command for an action. */
    static int rebootCommand(ShutdownType type) {
        return switch (type) {
            case HALT -> Posix.RB_HALT_SYSTEM;
            case POWEROFF -> Posix.RB_POWER_OFF;
            case KEXEC -> Posix.RB_KEXEC;
            default -> Posix.RB_AUTOBOOT;
        };
    }

    /** The word the hook gets for an action (upstream's). */
    static String hookArgument(ShutdownType type) {
        return switch (type) {
            case HALT -> "halt";
            case POWEROFF -> "poweroff";
            case SOFTREBOOT -> "soft";
            default -> "reboot";
        };
    }

    /**
     * Why this process is not the host's init, or null if it is: see the class comment.
     *
     * @return e.g. {@code PID namespace pid:[4026532174]}, or null
     */
    String notHostInit() {
        String pidNs = namespace("pid");
        String mntNs = namespace("mnt");
        if (posix.getpid() != 1) {
            return "pid " + posix.getpid();
        }
        if (!INITIAL_PID_NS.equals(pidNs)) {
            return "PID namespace " + pidNs;
        }
        if (!INITIAL_MNT_NS.contains(mntNs)) {
            return "mount namespace " + mntNs;
        }
        return null;
    }

    private String namespace(String kind) {
        Path link = proc.resolve("self").resolve("ns").resolve(kind);
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown, " + link + " unreadable";
        }
    }

    /** Makes the console descriptor 1, if it can be opened; else output stays where it was. */
    private void openConsole() {
        int fd = posix.open(consolePath, Posix.O_WRONLY | Posix.O_NOCTTY, 0);
        if (fd >= 0 && fd != 1) {
            console.flush();
            posix.dup2(fd, 1);
            posix.close(fd);
        }
    }

    private void say(String line) {
        console.println(line);
        console.flush();
    }

    /**
     * Runs the first hook found.
     *
     * @return true if it ran and exited with status 0
     */
    private boolean runHook(String argument) {
        for (Path hook : hooks) {
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(hook, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | UnsupportedOperationException e) {
                continue;
            }
            Set<PosixFilePermission> p = a.permissions();
            if (!p.contains(PosixFilePermission.OWNER_EXECUTE)
                    && !p.contains(PosixFilePermission.GROUP_EXECUTE)
                    && !p.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                continue;
            }
            say("Executing shutdown hook...");
            int pid = posix.spawn(new SpawnRequest(hook.toString(),
                    List.of(hook.toString(), argument), SpawnRequest.envStrings(env), null,
                    SpawnRequest.DEV_NULL, 1, SpawnRequest.SAME_AS_STDOUT, null, false));
            if (pid < 0) {
                say("Couldn't fork for shutdown-hook: " + Errno.strerror(-pid));
                return false;
            }
            int[] status = new int[1];
            int r;
            do {
                r = posix.waitpid(pid, status, 0);
            } while (r == -Errno.EINTR);
            return r == pid && status[0] == 0;
        }
        return false;
    }

    private void swapOff() {
        for (String area : MountTable.swaps(read("swaps"))) {
            int r = posix.swapoff(area);
            if (r < 0) {
                say("swapoff: " + area + ": " + Errno.strerror(-r));
            }
        }
    }

    private void unmountDisks() {
        for (String target : MountTable.unmountOrder(
                MountTable.parse(read("self/mounts")))) {
            int r = posix.umount(target, 0);
            if (r == -EBUSY) {
                r = posix.remountReadOnly(target);
                if (r == 0) {
                    say("umount: " + target + " busy - remounted read-only");
                    continue;
                }
            }
            if (r < 0) {
                say("umount: " + target + ": " + Errno.strerror(-r));
            }
        }
    }

    /** A file of {@code /proc}, or "" (with a console line) if it cannot be read. */
    private String read(String name) {
        Path p = proc.resolve(name);
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            say("Could not read " + p + ": " + e.getMessage());
            return "";
        }
    }
}
