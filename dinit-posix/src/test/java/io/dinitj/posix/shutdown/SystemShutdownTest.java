package io.dinitj.posix.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.spi.Errno;
import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dinit-shutdown --system}'s steps, in order, against system calls that record what they
 * are asked and do nothing (kill, unmount, swapoff, reboot are never made for real here) and a
 * {@code /proc} made of files. The real run, as PID 1 of a namespace, is in
 * {@code ShutdownProgramIT}.
 */
class SystemShutdownTest {

    private static final Set<String> RECORDED = Set.of("killAll", "umount", "remountReadOnly",
            "swapoff", "sync", "reboot");

    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();
    private final Map<String, Integer> results = new HashMap<>();
    private int pid = 1;
    private int ppid;
    private int euid;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    /** System calls that record the dangerous ones; the rest reach the kernel. */
    private Posix posix() {
        Posix real = JnrPosix.get();
        return (Posix) Proxy.newProxyInstance(Posix.class.getClassLoader(),
                new Class<?>[] {Posix.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "getpid":
                            return pid;
                        case "getppid":
                            return ppid;
                        case "geteuid":
                            return euid;
                        case "open":
                            if ("/dev/console".equals(args[0])) {
                                return -Errno.ENOENT;
                            }
                            break;
                        default:
                            break;
                    }
                    if (RECORDED.contains(m.getName())) {
                        String call = m.getName() + (args == null ? ""
                                : Arrays.toString(args).replace('[', '(').replace(']', ')'));
                        calls.add(call);
                        return m.getReturnType() == void.class ? null
                                : results.getOrDefault(call, 0);
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A /proc of files: the namespaces as links, the mount and swap tables as text. */
    private Path proc(String pidNs, String mntNs, String mounts, String swaps)
            throws IOException {
        Path proc = dir.resolve("proc");
        Path ns = Files.createDirectories(proc.resolve("self/ns"));
        Files.createSymbolicLink(ns.resolve("pid"), Path.of(pidNs));
        Files.createSymbolicLink(ns.resolve("mnt"), Path.of(mntNs));
        Files.writeString(proc.resolve("self/mounts"), mounts);
        Files.writeString(proc.resolve("swaps"), swaps);
        return proc;
    }

    private SystemShutdown shutdown(Path proc, List<Path> hooks) {
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        return new SystemShutdown(posix(), out, proc, hooks, "/dev/console",
                ms -> calls.add("sleep(" + ms + ")"), Map.of("PATH", "/usr/bin:/bin"));
    }

    private List<String> consoleLines() {
        return console.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static final String MOUNTS = String.join("\n",
            "/dev/sda1 / ext4 rw,relatime 0 0",
            "proc /proc proc rw 0 0",
            "sysfs /sys sysfs rw 0 0",
            "tmpfs /run tmpfs rw 0 0",
            "/dev/sda3 /home/my\\040files ext4 rw 0 0",
            "binfmt_misc /proc/sys/fs/binfmt_misc binfmt_misc rw 0 0",
            "devpts /dev/pts devpts rw 0 0", "");

    @Test
    void theHostsInit_killsTurnsOffSwapUnmountsLastFirst_thenAsksTheKernel() throws IOException {
        Path proc = proc("pid:[4026531836]", "mnt:[4026531840]", MOUNTS,
                "Filename Type Size Used Priority\n/dev/sda2 partition 1 0 -2\n");
        results.put("umount(/, 0)", -16);
        results.put("reboot(" + Posix.RB_POWER_OFF + ")", -Errno.EPERM);
        SystemShutdown s = shutdown(proc, List.of(dir.resolve("no-hook")));
        assertThat(s.notHostInit()).isNull();

        assertThat(s.run(ShutdownType.POWEROFF)).isEqualTo(SystemShutdown.HANG);

        assertThat(calls).containsExactly("killAll(15)", "sleep(1000)", "killAll(9)",
                "swapoff(/dev/sda2)", "umount(/home/my files, 0)", "umount(/run, 0)",
                "umount(/, 0)", "remountReadOnly(/)", "sync", "reboot(" + Posix.RB_POWER_OFF + ")");
        assertThat(consoleLines()).containsExactly("Sending TERM/KILL to all processes...",
                "Turning off swap...", "Unmounting disks...",
                "umount: / busy - remounted read-only", "Issuing shutdown via kernel...",
                "reboot: Operation not permitted");
    }

    @Test
    void aNamespacesInit_leavesTheFileSystemsAlone_andSaysSo() throws IOException {
        Path proc = proc("pid:[4026532999]", "mnt:[4026533000]", MOUNTS, "");
        results.put("reboot(" + Posix.RB_AUTOBOOT + ")", -Errno.EPERM);
        SystemShutdown s = shutdown(proc, List.of());

        assertThat(s.run(ShutdownType.REBOOT)).isEqualTo(1);

        assertThat(calls).containsExactly("killAll(15)", "sleep(1000)", "killAll(9)", "sync",
                "reboot(" + Posix.RB_AUTOBOOT + ")");
        assertThat(consoleLines()).contains("Not the host's init (PID namespace"
                + " pid:[4026532999]): not turning off swap or unmounting file systems.");
    }

    @Test
    void noProc_isTakenAsNotTheHost() {
        SystemShutdown s = shutdown(dir.resolve("no-proc"), List.of());
        assertThat(s.notHostInit()).startsWith("PID namespace unknown");
    }

    @Test
    void aHookThatSucceeds_takesOverTheFileSystems_andGetsTheActionsWord() throws Exception {
        Path proc = proc("pid:[4026531836]", "mnt:[4026531840]", MOUNTS, "");
        Path said = dir.resolve("hook-said");
        Path hook = dir.resolve("shutdown-hook");
        Files.writeString(hook, "#!/bin/sh\necho \"$1\" > " + said + "\n");
        Path notExecutable = Files.writeString(dir.resolve("first-hook"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        SystemShutdown s = shutdown(proc, List.of(dir.resolve("absent"), notExecutable, hook));

        s.run(ShutdownType.HALT);

        assertThat(Files.readString(said)).isEqualTo("halt\n");
        assertThat(calls).doesNotContain("umount(/, 0)").contains("sync",
                "reboot(" + Posix.RB_HALT_SYSTEM + ")");
        assertThat(consoleLines()).contains("Executing shutdown hook...")
                .doesNotContain("Unmounting disks...");
    }

    @Test
    void aSoftReboot_killsAndSyncs_andReturnsForTheWaitingDaemon() throws IOException {
        Path proc = proc("pid:[4026531836]", "mnt:[4026531840]", MOUNTS, "");
        pid = 4321;
        ppid = 1;
        SystemShutdown s = shutdown(proc, List.of());
        assertThat(s.refusal(ShutdownType.SOFTREBOOT)).isNull();

        assertThat(s.run(ShutdownType.SOFTREBOOT)).isZero();

        assertThat(calls).containsExactly("killAll(15)", "sleep(1000)", "killAll(9)", "sync");
    }

    @Test
    void refusedUnlessRootAndAnInit() {
        SystemShutdown s = shutdown(dir, List.of());
        euid = 1000;
        assertThat(s.refusal(ShutdownType.POWEROFF)).contains("must run as root");
        euid = 0;
        pid = 4321;
        ppid = 1;
        assertThat(s.refusal(ShutdownType.POWEROFF)).contains("pid 4321",
                "not the init of its PID namespace");
        assertThat(s.refusal(ShutdownType.SOFTREBOOT)).isNull();
        ppid = 77;
        assertThat(s.refusal(ShutdownType.SOFTREBOOT)).contains("nor its child");
        pid = 1;
        assertThat(s.refusal(ShutdownType.HALT)).isNull();
        assertThat(calls).isEmpty();
    }

    @Test
    void theMountTable_unescapesPaths_andSkipsTheKernelsFileSystems() {
        assertThat(MountTable.unmountOrder(MountTable.parse(MOUNTS)))
                .containsExactly("/home/my files", "/run", "/");
        assertThat(MountTable.swaps("Filename Type\n/swap\\040file file 1 0 -2\n\n"))
                .containsExactly("/swap file");
        assertThat(MountTable.unescape("a\\134b\\011c\\9")).isEqualTo("a\\b\tc\\9");
    }
}
