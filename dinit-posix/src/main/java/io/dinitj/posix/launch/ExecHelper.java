package io.dinitj.posix.launch;

import io.dinitj.api.description.CapabilityIab;
import io.dinitj.api.description.IoPriority;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.ResourceKind;
import io.dinitj.api.description.ResourceLimit;
import io.dinitj.api.description.SecureBit;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.UserSpec;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.posix.log.DaemonLog;
import io.dinitj.posix.sys.Posix;
import io.dinitj.posix.sys.SpawnRequest;
import io.dinitj.posix.sys.SpawnResult;
import io.dinitj.posix.sys.Spawner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launches a command through the exec helper {@code dinit-exec} (built from
 * {@code src/main/c/dinit-exec.c}), for the process settings {@code posix_spawn} cannot apply
 * in the child: {@code run-as}, {@code rlimit-*}, {@code nice}, {@code ioprio},
 * {@code oom-score-adj}, {@code run-in-cgroup}, {@code capabilities}, {@code securebits},
 * option {@code no-new-privs}, {@code LISTEN_PID} for socket activation (docs/platform-notes.md
 * §1.3), and the console steps of a console service's main command (own process group,
 * terminal foreground and blocked job-control signals for the holder of the console,
 * {@link Console}). A service with none of these is spawned directly, without the helper.
 *
 * <p><b>How.</b> The daemon spawns the helper in place of the command, with the same
 * descriptors, directory, session and environment, plus the write end of a close-on-exec status
 * pipe at a free descriptor number. The helper applies the settings to itself in the order of
 * docs/service-semantics.md §16 (resource limits; nice, I/O priority, OOM score; cgroup;
 * supplementary groups, group, user; capabilities, securebits, no-new-privs; LISTEN_PID) and then
 * executes the command in the same process. On a failure it writes {@code {stage, errno}} to the
 * status pipe and exits; a successful exec closes the pipe without data. The daemon does not
 * wait for that: {@link #spawn} returns at once with a {@link Pending} result whose read end the
 * caller watches on the event loop (so a slow name-service lookup for the supplementary groups
 * of a {@code run-as} user delays only that service, and its start timeout still applies).
 * Until the result is known the process is the helper; its pid is the command's.
 *
 * <p><b>Where the helper is.</b> The system property {@value #PROPERTY} if set; otherwise
 * {@code dinit-exec} next to the daemon's classes ({@code dinit-posix/target/dinit-exec} for
 * both {@code target/classes} and {@code target/dinit-posix.jar}). If it is missing, a service
 * that needs it fails to start with a message saying so; the daemon runs on.
 *
 * <p><b>Capabilities</b> are the IAB text of {@link CapabilityIab}, passed to the helper as bit
 * masks and applied with raw {@code capset}/{@code prctl} calls (no libcap). With
 * {@code run-as}, the helper keeps its permitted capabilities across the user change
 * ({@code PR_SET_KEEPCAPS}) so that ambient capabilities can be raised for the new user.
 *
 * <p>Event-loop thread only.
 */
public final class ExecHelper {

    /** What a launch does with the console (docs/service-semantics.md §14 and §16, step 8). */
    enum Console {
        /** Not on the console. */
        NONE,
        /** On the console's descriptors, in a process group of its own ({@code -P}). */
        GROUP,
        /**
         * Also the terminal's foreground process group, with the job-control signals blocked
         * ({@code -F}, and {@code -U} for option {@code unmask-intr}).
         */
        FOREGROUND
    }

    /** The system property naming the helper executable. */
    public static final String PROPERTY = "dinitj.execHelper";

    /** Linux x86-64/aarch64 resource numbers. */
    private static final int RLIMIT_DATA = 2;
    private static final int RLIMIT_CORE = 4;
    private static final int RLIMIT_NOFILE = 7;
    private static final int RLIMIT_AS = 9;
    private static final int IOPRIO_CLASS_SHIFT = 13;
    private static final String CGROUP_ROOT = "/sys/fs/cgroup";
    private static final int STATUS_SIZE = 8;

    private final Spawner spawner;
    private final Posix posix;
    private final DaemonLog log;
    private final Path helper;
    /** The daemon's own cgroup (cgroup v2, single hierarchy), or null if unknown; lazily. */
    private String ownCgroup;
    private boolean ownCgroupRead;

    /**
     * Creates the launcher.
     *
     * @param spawner spawns the helper
     * @param posix libc
     * @param log where failures are explained
     * @param helper the helper executable (it need not exist)
     */
    ExecHelper(Spawner spawner, Posix posix, DaemonLog log, Path helper) {
        this.spawner = spawner;
        this.posix = posix;
        this.log = log;
        this.helper = helper;
    }

    /**
     * Sets the base of relative {@code run-in-cgroup} paths ({@code --cgroup-path}), instead of
     * the daemon's own cgroup: a path in the cgroup file system, with or without its leading
     * {@code /}.
     *
     * @param base the base, such as {@code /system.slice/dinit}
     */
    void cgroupBase(String base) {
        ownCgroup = base.startsWith("/") ? base : "/" + base;
        ownCgroupRead = true;
    }

    /**
     * Finds the helper: the system property {@value #PROPERTY}, else {@code dinit-exec} in the
     * directory that holds the daemon's classes directory or jar.
     *
     * @return the path (it may not exist)
     */
    static Path locate() {
        String set = System.getProperty(PROPERTY);
        if (set != null && !set.isEmpty()) {
            return Path.of(set);
        }
        try {
            CodeSource cs = ExecHelper.class.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                Path where = Path.of(cs.getLocation().toURI());
                Path parent = where.getParent();
                if (parent != null) {
                    return parent.resolve("dinit-exec");
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // Fall through to the bare name, which fails clearly when used.
        }
        return Path.of("dinit-exec");
    }

    /**
     * Tells whether a service's processes need the helper (socket activation aside).
     *
     * @param d the service
     * @return true if it sets any process attribute {@code posix_spawn} cannot apply
     */
    static boolean needed(ServiceDescription d) {
        ProcessSettings p = d.process();
        return p.runAs() != null || !p.limits().isEmpty() || p.nice() != null
                || p.ioPriority() != null || p.oomScoreAdj() != null || p.cgroup() != null
                || p.capabilities() != null || !p.secureBits().isEmpty()
                || d.options().contains(ServiceOption.NO_NEW_PRIVS);
    }

    /**
     * What starting the helper came to: a running helper whose result is {@link Pending}, or a
     * failure before anything ran.
     *
     * @param pid the helper's (and so the command's) pid, or -1
     * @param pending the result to watch for, when {@code pid > 0}
     * @param stage the failed stage when {@code pid == -1}
     * @param errno the error number when {@code pid == -1}
     */
    record Outcome(int pid, Pending pending, ExecStage stage, int errno) {

        static Outcome failed(ExecStage stage, int errno) {
            return new Outcome(-1, null, stage, errno);
        }
    }

    /**
     * The helper's report, read from its status pipe (non-blocking) as it arrives. The caller
     * owns the pipe's read end {@link #fd}: it watches it, and unwatches and closes it once
     * {@link #read()} returned true (or the process has exited).
     */
    final class Pending {
        private final ServiceDescription d;
        /** The status pipe's read end; the caller watches it on the loop. */
        final int fd;
        private final byte[] bytes = new byte[STATUS_SIZE];
        private int got;
        private ExecStage stage;
        private int errno;

        private Pending(ServiceDescription d, int fd) {
            this.d = d;
            this.fd = fd;
        }

        /**
         * Reads what the helper wrote so far.
         *
         * @return true if the result is known: {@link #failedStage()} null means the command was
         *     executed; false if the helper has not finished yet
         */
        boolean read() {
            while (true) {
                int n = posix.read(fd, bytes, got, STATUS_SIZE - got);
                if (n == -Errno.EINTR) {
                    continue;
                }
                if (n == -Errno.EAGAIN) {
                    return false;
                }
                if (n > 0) {
                    got += n;
                    if (got < STATUS_SIZE) {
                        continue;
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
                    stage = stageOf(b.getInt(0));
                    errno = b.getInt(4);
                } else if (n < 0 || got > 0) {
                    // A read error, or end of file within a report: the helper broke off.
                    stage = ExecStage.DO_EXEC;
                    errno = n < 0 ? -n : Errno.EIO;
                }
                if (stage != null) {
                    explainPrivileges(d, stage, errno);
                }
                return true;
            }
        }

        /**
         * Returns the failed stage, once {@link #read()} returned true.
         *
         * @return the stage, or null if the command was executed
         */
        ExecStage failedStage() {
            return stage;
        }

        /**
         * Returns the error number of a failure.
         *
         * @return the errno, or 0
         */
        int errno() {
            return errno;
        }
    }

    /**
     * Starts the helper for {@code direct}'s command with the service's settings. It does not
     * wait: watch {@link Outcome#pending()}'s descriptor and call {@link Pending#read()} when it
     * is readable (and once more when the process has exited, before reporting the exit).
     *
     * @param d the service
     * @param direct the request as it would be spawned without the helper
     * @param listenPid whether to set {@code LISTEN_PID} to the process's pid
     * @return the running helper, or the failure that kept it from starting
     */
    Outcome spawn(ServiceDescription d, SpawnRequest direct, boolean listenPid) {
        return spawn(d, direct, listenPid, Console.NONE);
    }

    /**
     * Starts the helper as {@link #spawn(ServiceDescription, SpawnRequest, boolean)} does, with
     * the console steps of {@code console}.
     *
     * @param d the service
     * @param direct the request as it would be spawned without the helper
     * @param listenPid whether to set {@code LISTEN_PID} to the process's pid
     * @param console what the child does with the console
     * @return the running helper, or the failure that kept it from starting
     */
    Outcome spawn(ServiceDescription d, SpawnRequest direct, boolean listenPid,
            Console console) {
        if (!Files.isRegularFile(helper) || !Files.isExecutable(helper)) {
            log.log(LogLevel.ERROR, d.name() + ": cannot apply its process settings: exec helper "
                    + helper + " is missing or not executable (build dinit-posix, or set -D"
                    + PROPERTY + ")");
            return Outcome.failed(ExecStage.DO_EXEC, Errno.ENOENT);
        }
        int[] map = direct.fdMap();
        int statusFd = 2;
        for (int i = 1; i < map.length; i += 2) {
            statusFd = Math.max(statusFd, map[i]);
        }
        statusFd++;
        List<String> argv;
        try {
            argv = arguments(d, statusFd, listenPid, console, direct.path(), direct.argv());
        } catch (SettingFailure f) {
            log.log(LogLevel.ERROR, d.name() + ": " + f.getMessage());
            return Outcome.failed(f.stage, f.errno);
        }
        int[] p = new int[2];
        int rc = posix.pipe(p);
        if (rc < 0) {
            return Outcome.failed(ExecStage.ARRANGE_FDS, -rc);
        }
        boolean handedOver = false;
        try {
            int[] withStatus = new int[map.length + 2];
            System.arraycopy(map, 0, withStatus, 0, map.length);
            withStatus[map.length] = p[1];
            withStatus[map.length + 1] = statusFd;
            SpawnResult r = spawner.spawn(new SpawnRequest(helper.toString(), argv, direct.env(),
                    direct.workingDir(), direct.stdin(), direct.stdout(), direct.stderr(),
                    withStatus, direct.newSession()));
            if (!r.ok()) {
                return Outcome.failed(ExecStage.DO_EXEC, r.errno());
            }
            handedOver = true;
            return new Outcome(r.pid(), new Pending(d, p[0]), null, 0);
        } finally {
            // Only the helper holds the write end now: its exec or exit closes the pipe.
            posix.close(p[1]);
            if (!handedOver) {
                posix.close(p[0]);
            }
        }
    }

    private static ExecStage stageOf(int code) {
        for (ExecStage s : ExecStage.values()) {
            if (s.code() == code) {
                return s;
            }
        }
        return ExecStage.DO_EXEC;
    }

    /**
     * An EPERM (EACCES for a negative nice) from a step that needs privileges, in a daemon that
     * is not root: say so.
     */
    private void explainPrivileges(ServiceDescription d, ExecStage stage, int errno) {
        if (errno != Errno.EPERM && errno != Errno.EACCES || posix.geteuid() == 0) {
            return;
        }
        String what = switch (stage) {
            case SET_UIDGID -> "run-as";
            case SET_RLIMITS -> "raising a hard resource limit (rlimit-*)";
            case SET_PRIO -> "a negative nice, realtime ioprio or lower oom-score-adj";
            case ENTER_CGROUP -> "run-in-cgroup";
            case SET_CAPS -> "capabilities, securebits or no-new-privs";
            default -> null;
        };
        if (what != null) {
            log.log(LogLevel.ERROR, d.name() + ": " + what + " needs root privileges, but dinit"
                    + " runs as uid " + posix.geteuid());
        }
    }

    /**
     * Builds the helper's argument list.
     *
     * @param d the service
     * @param statusFd the child's descriptor number of the status pipe
     * @param listenPid whether to set LISTEN_PID
     * @param path the command's executable
     * @param argv the command's arguments
     * @return the helper's argv, {@code argv[0]} first
     * @throws SettingFailure if a setting cannot be turned into arguments (a relative cgroup
     *     while the daemon's own cgroup is unknown)
     */
    List<String> arguments(ServiceDescription d, int statusFd, boolean listenPid, String path,
            List<String> argv) throws SettingFailure {
        return arguments(d, statusFd, listenPid, Console.NONE, path, argv);
    }

    /**
     * Builds the helper's argument list, with the console steps of {@code console}.
     *
     * @param d the service
     * @param statusFd the child's descriptor number of the status pipe
     * @param listenPid whether to set LISTEN_PID
     * @param console what the child does with the console
     * @param path the command's executable
     * @param argv the command's arguments
     * @return the helper's argv, {@code argv[0]} first
     * @throws SettingFailure if a setting cannot be turned into arguments
     */
    List<String> arguments(ServiceDescription d, int statusFd, boolean listenPid,
            Console console, String path, List<String> argv) throws SettingFailure {
        ProcessSettings p = d.process();
        List<String> a = new ArrayList<>(24 + argv.size());
        a.add("dinit-exec");
        a.add("-S");
        a.add(Integer.toString(statusFd));
        if (console == Console.GROUP) {
            a.add("-P");
        } else if (console == Console.FOREGROUND) {
            a.add("-F");
            if (d.options().contains(ServiceOption.UNMASK_INTR)) {
                a.add("-U");
            }
        }
        for (Map.Entry<ResourceKind, ResourceLimit> e : p.limits().entrySet()) {
            a.add("-R");
            a.add(resource(e.getKey()) + ":" + limit(e.getValue().soft()) + ":"
                    + limit(e.getValue().hard()));
        }
        if (p.nice() != null) {
            a.add("-n");
            a.add(Integer.toString(p.nice()));
        }
        if (p.ioPriority() != null) {
            a.add("-i");
            a.add(Integer.toString(ioprio(p.ioPriority())));
        }
        if (p.oomScoreAdj() != null) {
            a.add("-o");
            a.add(Integer.toString(p.oomScoreAdj()));
        }
        if (p.cgroup() != null) {
            a.add("-c");
            a.add(cgroupProcs(p.cgroup()));
        }
        UserSpec u = p.runAs();
        if (u != null) {
            if (u.name() != null) {
                a.add("-G");
                a.add(u.name());
            } else {
                a.add("-C");
            }
            if (u.gid() >= 0) {
                a.add("-g");
                a.add(Integer.toString(u.gid()));
            }
            a.add("-u");
            a.add(Integer.toString(u.uid()));
        }
        if (p.capabilities() != null) {
            CapabilityIab iab;
            try {
                iab = CapabilityIab.parse(p.capabilities());
            } catch (IllegalArgumentException e) {
                throw new SettingFailure(ExecStage.SET_CAPS, Errno.EINVAL,
                        "invalid capabilities: " + e.getMessage());
            }
            a.add("-I");
            a.add(Long.toHexString(iab.inheritable()));
            a.add("-A");
            a.add(Long.toHexString(iab.ambient()));
            a.add("-B");
            a.add(Long.toHexString(iab.boundingDrop()));
        }
        if (!p.secureBits().isEmpty()) {
            a.add("-s");
            a.add(Integer.toString(secureBits(p)));
        }
        if (d.options().contains(ServiceOption.NO_NEW_PRIVS)) {
            a.add("-N");
        }
        if (listenPid) {
            a.add("-L");
        }
        a.add("--");
        a.add(path);
        a.addAll(argv);
        return a;
    }

    private static int resource(ResourceKind k) {
        return switch (k) {
            case NOFILE -> RLIMIT_NOFILE;
            case CORE -> RLIMIT_CORE;
            case DATA -> RLIMIT_DATA;
            case ADDRSPACE -> RLIMIT_AS;
        };
    }

    private static String limit(long v) {
        if (v == ResourceLimit.KEEP) {
            return "k";
        }
        return v == ResourceLimit.UNLIMITED ? "u" : Long.toUnsignedString(v);
    }

    private static int ioprio(IoPriority p) {
        int cls = switch (p.ioClass()) {
            case NONE -> 0;
            case REALTIME -> 1;
            case BEST_EFFORT -> 2;
            case IDLE -> 3;
        };
        return cls << IOPRIO_CLASS_SHIFT | p.level();
    }

    private static int secureBits(ProcessSettings p) {
        int bits = 0;
        for (SecureBit b : p.secureBits()) {
            bits |= switch (b) {
                case NOROOT -> 1;
                case NOROOT_LOCKED -> 1 << 1;
                case NO_SETUID_FIXUP -> 1 << 2;
                case NO_SETUID_FIXUP_LOCKED -> 1 << 3;
                case KEEP_CAPS -> 1 << 4;
                case KEEP_CAPS_LOCKED -> 1 << 5;
            };
        }
        return bits;
    }

    /**
     * The {@code cgroup.procs} file to join: a leading {@code /} is relative to
     * {@code /sys/fs/cgroup}; anything else to {@code --cgroup-path} if given, else to the
     * daemon's own cgroup, known only on a single (v2) hierarchy; as PID 1 the daemon assumes
     * the root cgroup.
     */
    private String cgroupProcs(String cgroup) throws SettingFailure {
        String dir;
        if (cgroup.startsWith("/")) {
            dir = CGROUP_ROOT + cgroup;
        } else {
            String own = ownCgroup();
            if (own == null) {
                throw new SettingFailure(ExecStage.ENTER_CGROUP, Errno.ENOENT,
                        "cannot resolve relative run-in-cgroup path '" + cgroup + "': dinit's own"
                                + " cgroup is unknown (not a single cgroup v2 hierarchy)");
            }
            dir = CGROUP_ROOT + (own.endsWith("/") ? own : own + "/") + cgroup;
        }
        return dir + "/cgroup.procs";
    }

    private String ownCgroup() {
        if (!ownCgroupRead) {
            ownCgroupRead = true;
            if (posix.getpid() == 1) {
                ownCgroup = "/";
                return ownCgroup;
            }
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
                if (lines.size() == 1 && lines.get(0).startsWith("0::")) {
                    ownCgroup = lines.get(0).substring(3);
                }
            } catch (IOException | RuntimeException e) {
                ownCgroup = null;
            }
        }
        return ownCgroup;
    }

    /** A setting that cannot be applied, found before spawning. */
    static final class SettingFailure extends Exception {
        private static final long serialVersionUID = 1L;
        /** The stage to report. */
        final transient ExecStage stage;
        /** The error number to report. */
        final int errno;

        SettingFailure(ExecStage stage, int errno, String message) {
            super(message);
            this.stage = stage;
            this.errno = errno;
        }
    }
}
