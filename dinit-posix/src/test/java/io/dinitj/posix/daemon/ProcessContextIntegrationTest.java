package io.dinitj.posix.daemon;

import io.dinitj.posix.launch.ExecHelper;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process context (run-as, rlimits, nice, ioprio, oom-score-adj, run-in-cgroup, capabilities,
 * securebits, no-new-privs) and socket activation, applied by the exec helper to real processes
 * of the real daemon. Each test checks the running child from outside through {@code /proc}, or
 * what the child itself printed, and the failure messages for settings that cannot be applied.
 * These tests run as root (as in CI); one runs the daemon as an unprivileged user.
 */
class ProcessContextIntegrationTest {

    /**
     * run-as by name: the user's uid, primary gid and group-database groups (initgroups), for
     * a user that is a listed member of some group if the system has one, else nobody. By
     * number: that uid, the daemon's gid, no supplementary groups.
     */
    @Test
    void runAsByNameAndByNumber() throws Exception {
        String user = memberOfSomeGroup();
        try (DaemonHarness d = new DaemonHarness("runas")) {
            d.service("byname", "type = process", "command = /bin/sleep 100",
                    "run-as = " + user);
            d.service("bynumber", "type = process", "command = /bin/sleep 101",
                    "run-as = 65534");
            d.start("byname", "bynumber");
            d.awaitLine("[  OK  ] byname");
            d.awaitLine("[  OK  ] bynumber");
            String byName = status(childRunning(d, "100"));
            assertThat(field(byName, "Uid")).isEqualTo(repeat(run("id", "-u", user), 4));
            assertThat(field(byName, "Gid")).isEqualTo(repeat(run("id", "-g", user), 4));
            assertThat(sorted(field(byName, "Groups"))).isEqualTo(
                    sorted(run("id", "-G", user)));
            String byNumber = status(childRunning(d, "101"));
            assertThat(field(byNumber, "Uid")).isEqualTo("65534\t65534\t65534\t65534");
            // By number: the daemon's group, supplementary groups cleared.
            String ownGid = field(Files.readString(Path.of("/proc/self/status")), "Gid")
                    .split("\t")[0];
            assertThat(field(byNumber, "Gid")).isEqualTo(repeat(ownGid, 4));
            assertThat(field(byNumber, "Groups")).isEmpty();
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** rlimit-*, nice, ioprio and oom-score-adj as the running child sees them. */
    @Test
    void limitsAndPriorities() throws Exception {
        try (DaemonHarness d = new DaemonHarness("limits")) {
            d.service("limited", "type = process", "command = /bin/sleep 100",
                    "rlimit-nofile = 64:128", "rlimit-core = 0", "rlimit-data = -",
                    "rlimit-addrspace = 4000000000:", "nice = 7", "ioprio = best-effort:5",
                    "oom-score-adj = 250");
            d.service("idle", "type = process", "command = /bin/sleep 101", "ioprio = idle",
                    "nice = 100");
            d.start("limited", "idle");
            d.awaitLine("[  OK  ] limited");
            d.awaitLine("[  OK  ] idle");
            int pid = childRunning(d, "100");
            List<String> limits = Files.readAllLines(Path.of("/proc", "" + pid, "limits"));
            assertThat(limit(limits, "Max open files")).containsExactly("64", "128");
            assertThat(limit(limits, "Max core file size")).containsExactly("0", "0");
            assertThat(limit(limits, "Max data size")).containsExactly("unlimited",
                    "unlimited");
            List<String> own = Files.readAllLines(Path.of("/proc/self/limits"));
            // Soft half only: the hard limit stays as inherited.
            assertThat(limit(limits, "Max address space")).containsExactly("4000000000",
                    limit(own, "Max address space").get(1));
            assertThat(niceOf(pid)).isEqualTo(7);
            assertThat(run("ionice", "-p", "" + pid)).isEqualTo("best-effort: prio 5");
            assertThat(Files.readString(Path.of("/proc", "" + pid, "oom_score_adj")).trim())
                    .isEqualTo("250");
            int idle = childRunning(d, "101");
            assertThat(niceOf(idle)).as("nice clamped to 19").isEqualTo(19);
            assertThat(run("ionice", "-p", "" + idle)).isEqualTo("idle");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** run-in-cgroup joins an existing cgroup; a missing one fails at "entering cgroup". */
    @Test
    void runInCgroup() throws Exception {
        // A cgroup v2 hierarchy: the root itself, or "unified" on a hybrid system.
        Path root = Files.exists(Path.of("/sys/fs/cgroup/cgroup.procs"))
                ? Path.of("/sys/fs/cgroup") : Path.of("/sys/fs/cgroup/unified");
        String name = "dinitj-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path group = root.resolve(name);
        String setting = "/" + Path.of("/sys/fs/cgroup").relativize(group);
        Files.createDirectory(group);
        Files.createDirectory(group.resolve("sub"));
        try (DaemonHarness d = new DaemonHarness("cgroup")) {
            d.service("grouped", "type = process", "command = /bin/sleep 100",
                    "run-in-cgroup = " + setting);
            d.service("relative", "type = process", "command = /bin/sleep 102",
                    "run-in-cgroup = sub");
            d.service("lost", "type = process", "command = /bin/sleep 100",
                    "run-in-cgroup = /dinitj-no-such-cgroup");
            // --cgroup-path: the base of relative run-in-cgroup paths.
            d.options("--cgroup-path", setting);
            d.start("grouped", "relative", "lost");
            d.awaitLine("[  OK  ] grouped");
            d.awaitLine("[  OK  ] relative");
            d.awaitLine("[FAILED] lost");
            int pid = childRunning(d, "100");
            assertThat(Files.readAllLines(Path.of("/proc", "" + pid, "cgroup")))
                    .contains("0::/" + name);
            assertThat(Files.readString(group.resolve("cgroup.procs")).trim())
                    .isEqualTo("" + pid);
            int sub = childRunning(d, "102");
            assertThat(Files.readString(group.resolve("sub/cgroup.procs")).trim())
                    .isEqualTo("" + sub);
            assertThat(d.lines()).contains("dinit: lost: execution failed - entering cgroup: No"
                    + " such file or directory");
            d.await(() -> d.children().size() == 2, "the failed helper reaped");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        } finally {
            awaitRemoved(group.resolve("sub"));
            awaitRemoved(group);
        }
    }

    /**
     * capabilities (IAB), securebits and no-new-privs for a run-as user: the ambient
     * capability survives the user change and the exec; a root service's bounding set loses
     * what "!" names.
     */
    @Test
    void capabilitiesSecurebitsNoNewPrivs() throws Exception {
        try (DaemonHarness d = new DaemonHarness("caps")) {
            Path out = d.dir.resolve("caps.out");
            d.service("capped", "type = process",
                    "command = /bin/sh -c \"setpriv -d; exec sleep 100\"",
                    "run-as = nobody", "capabilities = ^cap_net_bind_service",
                    "capabilities += !cap_sys_admin", "securebits = noroot no-setuid-fixup",
                    "options = no-new-privs", "log-type = file", "logfile = " + out);
            d.service("bounded", "type = process", "command = /bin/sleep 101",
                    "capabilities = !cap_sys_admin,!cap_kill");
            d.start("capped", "bounded");
            d.awaitLine("[  OK  ] capped");
            d.awaitLine("[  OK  ] bounded");
            String st = status(childRunning(d, "100"));
            assertThat(field(st, "Uid")).startsWith("65534\t");
            assertThat(field(st, "CapInh")).isEqualTo("0000000000000400");
            assertThat(field(st, "CapAmb")).isEqualTo("0000000000000400");
            assertThat(field(st, "CapPrm")).isEqualTo("0000000000000400");
            assertThat(field(st, "CapEff")).isEqualTo("0000000000000400");
            assertThat(Long.parseLong(field(st, "CapBnd"), 16) & (1L << 21)).isZero();
            assertThat(field(st, "NoNewPrivs")).isEqualTo("1");
            d.await(() -> read(out).contains("Securebits:"), "setpriv -d output");
            assertThat(read(out)).contains("Securebits: noroot,no_setuid_fixup",
                    "no_new_privs: 1", "Ambient capabilities: net_bind_service");
            String root = status(childRunning(d, "101"));
            long bounding = Long.parseLong(field(root, "CapBnd"), 16);
            assertThat(bounding & ((1L << 21) | (1L << 5))).isZero();
            assertThat(bounding & 1L).as("cap_chown kept").isEqualTo(1L);
            assertThat(field(root, "Uid")).isEqualTo("0\t0\t0\t0");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * socket-listen: the daemon listens before the process starts, passes the socket at fd 3
     * with LISTEN_FDS=1 and LISTEN_PID=<pid>, keeps it across a restart and closes it when the
     * service stops.
     */
    @Test
    void socketActivation() throws Exception {
        try (DaemonHarness d = new DaemonHarness("socket")) {
            Path sock = d.dir.resolve("web.sock");
            Path out = d.dir.resolve("web.out");
            d.service("web", "type = process",
                    "command = /bin/sh -c \"echo fds=$$LISTEN_FDS pid=$$LISTEN_PID"
                            + " self=$$$$; exec sleep 100\"",
                    "socket-listen = " + sock, "socket-permissions = 600",
                    "socket-uid = nobody", "log-type = file", "logfile = " + out);
            d.service("anchor", "type = process", "command = /bin/sleep 101");
            d.start("anchor", "web");
            d.awaitLine("[  OK  ] web");
            d.awaitLine("[  OK  ] anchor");
            int pid = childRunning(d, "100");
            d.await(() -> read(out).contains("self="), "the child's line");
            assertThat(read(out)).isEqualTo("fds=1 pid=" + pid + " self=" + pid + "\n");
            String inode = Files.readSymbolicLink(Path.of("/proc", "" + pid, "fd", "3"))
                    .toString();
            assertThat(inode).startsWith("socket:[");
            assertThat(Files.getAttribute(sock, "unix:mode")).isEqualTo(0140600);
            assertThat(Files.getAttribute(sock, "unix:uid"))
                    .isEqualTo(Integer.parseInt(run("id", "-u", "nobody")));
            assertThat(Files.getAttribute(sock, "unix:gid"))
                    .isEqualTo(Integer.parseInt(run("id", "-g", "nobody")));
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
                assertThat(c.isConnected()).as("queued on the daemon's listen backlog").isTrue();
            }
            // A crash and restart: the new process gets the same socket.
            new ProcessBuilder("kill", "-KILL", "" + pid).start().waitFor();
            d.awaitLine("[  OK  ] web", 2);
            int again = childRunning(d, "100");
            assertThat(again).isNotEqualTo(pid);
            assertThat(Files.readSymbolicLink(Path.of("/proc", "" + again, "fd", "3"))
                    .toString()).isEqualTo(inode);
            assertThat(daemonHolds(d, inode)).isTrue();
            assertThat(ctl(d, "stop", "web").status()).isZero();
            d.awaitLine("[STOPPD] web");
            d.await(() -> !daemonHolds(d, inode), "the socket closed once web is inactive");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** The stop command runs with the service's settings and gets the activation socket. */
    @Test
    void stopCommandGetsSettingsAndSocket() throws Exception {
        try (DaemonHarness d = new DaemonHarness("stop-context")) {
            Path out = d.dir.resolve("script.out");
            d.service("script", "type = scripted", "command = /bin/true",
                    "stop-command = /bin/sh -c \"echo stop uid=$$(id -u) fds=$$LISTEN_FDS;"
                            + " readlink /proc/self/fd/3\"",
                    "run-as = nobody", "socket-listen = " + d.dir.resolve("script.sock"),
                    "log-type = file", "logfile = " + out);
            d.service("anchor", "type = process", "command = /bin/sleep 101");
            d.start("anchor", "script");
            d.awaitLine("[  OK  ] script");
            assertThat(ctl(d, "stop", "script").status()).isZero();
            d.awaitLine("[STOPPD] script");
            assertThat(read(out)).startsWith("stop uid=" + run("id", "-u", "nobody")
                    + " fds=1\nsocket:[");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** A socket path taken by a file, or in a missing directory: the start fails clearly. */
    @Test
    void socketActivationFailures() throws Exception {
        try (DaemonHarness d = new DaemonHarness("socket-fail")) {
            Path taken = d.dir.resolve("taken");
            Files.writeString(taken, "a file\n");
            d.service("occupied", "type = process", "command = /bin/sleep 100",
                    "socket-listen = " + taken);
            d.service("nodir", "type = process", "command = /bin/sleep 100",
                    "socket-listen = /nonexistent-dinitj/dir/sock");
            d.service("anchor", "type = process", "command = /bin/sleep 101");
            d.start("anchor", "occupied", "nodir");
            d.awaitLine("[  OK  ] anchor");
            d.awaitLine("[FAILED] occupied");
            d.awaitLine("[FAILED] nodir");
            assertThat(d.lines()).contains(
                    "dinit: occupied: Activation socket file " + taken
                            + " exists (and is not a socket)",
                    "dinit: occupied: execution failed - setting up activation socket: File"
                            + " exists",
                    "dinit: nodir: Error binding activation socket: No such file or directory",
                    "dinit: nodir: execution failed - setting up activation socket: No such"
                            + " file or directory");
            assertThat(Files.readString(taken)).isEqualTo("a file\n");
            assertThat(d.children()).hasSize(1);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * Settings that cannot be applied, as root: a descriptor limit above the kernel's maximum, an
     * unknown user (a load error), an invalid capability (a load error). The rest runs on and
     * no failed helper is left behind.
     */
    @Test
    void unapplicableSettingsFailClearly() throws Exception {
        try (DaemonHarness d = new DaemonHarness("unapplicable")) {
            d.service("toomany", "type = process", "command = /bin/sleep 100",
                    "rlimit-nofile = 4294967296"); // above any fs.nr_open: EPERM, even for root
            d.service("ghost", "type = process", "command = /bin/sleep 100",
                    "run-as = no-such-user-dinitj");
            d.service("badcaps", "type = process", "command = /bin/sleep 100",
                    "capabilities = cap_bogus");
            d.service("anchor", "type = process", "command = /bin/sleep 101");
            d.start("anchor", "toomany", "ghost", "badcaps");
            d.awaitLine("[  OK  ] anchor");
            d.awaitLine("[FAILED] toomany");
            d.awaitContaining("specified user \"no-such-user-dinitj\" does not exist in system"
                    + " database");
            d.awaitContaining("invalid capabilities: cap_bogus");
            assertThat(d.lines()).contains("dinit: toomany: execution failed - setting resource"
                    + " limits: Operation not permitted");
            d.await(() -> d.children().size() == 1, "only anchor; the failed helper reaped");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * An unprivileged daemon (uid 65534, only CAP_DAC_READ_SEARCH so that it can read its class
     * path): run-as, raising a hard limit and a negative nice fail with the reason, and a
     * service without such settings runs.
     */
    @Test
    void unprivilegedDaemonExplainsPrivilegeFailures() throws Exception {
        try (DaemonHarness d = new DaemonHarness("unprivileged")) {
            Files.setPosixFilePermissions(d.dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            List<String> own = Files.readAllLines(Path.of("/proc/self/limits"));
            long hard = Long.parseLong(limit(own, "Max open files").get(1));
            d.service("asroot", "type = process", "command = /bin/sleep 100", "run-as = root");
            d.service("morefiles", "type = process", "command = /bin/sleep 100",
                    "rlimit-nofile = :" + (hard + 1));
            d.service("greedy", "type = process", "command = /bin/sleep 100", "nice = -5");
            d.service("modest", "type = process", "command = /bin/sleep 101", "nice = 5");
            d.wrappedIn("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search");
            d.start("modest", "asroot", "morefiles", "greedy");
            d.awaitLine("[  OK  ] modest");
            d.awaitLine("[FAILED] asroot");
            d.awaitLine("[FAILED] morefiles");
            d.awaitLine("[FAILED] greedy");
            assertThat(field(status((int) d.pid()), "Uid")).isEqualTo("65534\t65534\t65534\t65534");
            assertThat(d.lines()).contains(
                    "dinit: asroot: run-as needs root privileges, but dinit runs as uid 65534",
                    "dinit: asroot: execution failed - setting user/group ID: Operation not"
                            + " permitted",
                    "dinit: morefiles: raising a hard resource limit (rlimit-*) needs root"
                            + " privileges, but dinit runs as uid 65534",
                    "dinit: morefiles: execution failed - setting resource limits: Operation"
                            + " not permitted",
                    "dinit: greedy: a negative nice, realtime ioprio or lower oom-score-adj"
                            + " needs root privileges, but dinit runs as uid 65534",
                    "dinit: greedy: execution failed - setting I/O priority: Permission"
                            + " denied");
            int pid = childRunning(d, "101");
            assertThat(niceOf(pid)).isEqualTo(5);
            d.await(() -> d.children().size() == 1, "only modest; the failed helpers reaped");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** Without the helper, a service that needs it fails with a clear line; others run. */
    @Test
    void missingHelperFailsTheServiceOnly() throws Exception {
        try (DaemonHarness d = new DaemonHarness("nohelper")) {
            Path missing = d.dir.resolve("no-such-helper");
            d.jvmOption("-D" + ExecHelper.PROPERTY + "=" + missing);
            d.service("niced", "type = process", "command = /bin/sleep 100", "nice = 3");
            d.service("plain", "type = process", "command = /bin/sleep 101");
            d.start("plain", "niced");
            d.awaitLine("[  OK  ] plain");
            d.awaitLine("[FAILED] niced");
            assertThat(d.lines()).contains(
                    "dinit: niced: cannot apply its process settings: exec helper " + missing
                            + " is missing or not executable (build dinit-posix, or set"
                            + " -Ddinitj.execHelper)",
                    "dinit: niced: execution failed - executing command: No such file or"
                            + " directory");
            assertThat(d.children()).hasSize(1);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    // ---------------------------------------------------------------------------------------

    /** The pid of the daemon's child whose command line ends with {@code arg}, once it runs. */
    private static int childRunning(DaemonHarness d, String arg) {
        int[] found = new int[1];
        d.await(() -> {
            for (String c : d.children()) {
                int pid = Integer.parseInt(c.split(" ")[0]);
                List<String> cmd = cmdline(pid);
                if (cmd.size() >= 2 && cmd.get(0).endsWith("sleep")
                        && cmd.get(cmd.size() - 1).equals(arg)) {
                    found[0] = pid;
                    return true;
                }
            }
            return false;
        }, "a child running sleep " + arg);
        return found[0];
    }

    private static List<String> cmdline(int pid) {
        try {
            String raw = Files.readString(Path.of("/proc", "" + pid, "cmdline"));
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A user listed as a member of a group in /etc/group (so with a supplementary group). */
    private static String memberOfSomeGroup() throws IOException, InterruptedException {
        for (String line : Files.readAllLines(Path.of("/etc/group"))) {
            String[] f = line.split(":", -1);
            if (f.length == 4 && !f[3].isEmpty()) {
                String member = f[3].split(",")[0];
                Process p = new ProcessBuilder("id", "-u", member).start();
                if (p.waitFor() == 0) {
                    return member;
                }
            }
        }
        return "nobody";
    }

    private static String status(int pid) throws IOException {
        return Files.readString(Path.of("/proc", "" + pid, "status"));
    }

    /** A "Name:\tvalue" line's value, or "" if the line is empty. */
    private static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + name + " in " + status);
    }

    /** Soft and hard value of a /proc limits row. */
    private static List<String> limit(List<String> limits, String name) {
        for (String line : limits) {
            if (line.startsWith(name + " ")) {
                String[] cols = line.substring(name.length()).trim().split("\\s+");
                return List.of(cols[0], cols[1]);
            }
        }
        throw new AssertionError("no " + name + " in " + limits);
    }

    private static int niceOf(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", "" + pid, "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(after[16]); // field 19: nice
    }

    private static String repeat(String v, int n) {
        return String.join("\t", java.util.Collections.nCopies(n, v));
    }

    private static List<String> sorted(String words) {
        return Stream.of(words.trim().split("\\s+")).filter(w -> !w.isEmpty()).sorted().toList();
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", List.of(cmd), out).isZero();
        return out.trim();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean daemonHolds(DaemonHarness d, String link) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", "" + d.pid(), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(link);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes a test cgroup once its processes are gone (rmdir fails while any is in it). */
    private static void awaitRemoved(Path group) throws InterruptedException {
        for (int i = 0; i < 500 && Files.exists(group); i++) {
            try {
                Files.delete(group);
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        assertThat(group).doesNotExist();
    }
}
