package io.dinitj.posix;

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
import io.dinitj.api.spi.ServiceContext.LogLevel;
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
 * option {@code no-new-privs}, and {@code LISTEN_PID} for socket activation (spec/platform-notes.md
 * section 1.3). A service with none of these is spawned directly, without the helper.
 *
 * <p><b>How.</b> The daemon spawns the helper in place of the command, with the same
 * descriptors, directory, session and environment, plus the write end of a close-on-exec status
 * pipe at a free descriptor number. The helper applies the settings to itself in the order of
 * service-semantics.md section 16 (resource limits; nice, I/O priority, OOM score; cgroup;
 * supplementary groups, group, user; capabilities, securebits, no-new-privs; LISTEN_PID) and then
 * executes the command in the same process. On a failure it writes {@code {stage, errno}} to the
 * status pipe and exits; a successful exec closes the pipe without data. {@link #spawn} waits for
 * one or the other (the helper's work takes well under a millisecond; a name-service lookup for
 * the supplementary groups of a {@code run-as} user is the only step that could take longer),
 * so a failure is reported with its stage exactly like a failure of {@code posix_spawn}.
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
final class ExecHelper {

    /** The system property naming the helper executable. */
    static final String PROPERTY = "dinitj.execHelper";

    /** Linux x86-64/aarch64 resource numbers. */
    private static final int RLIMIT_DATA = 2;
    private static final int RLIMIT_CORE = 4;
    private static final int RLIMIT_NOFILE = 7;
    private static final int RLIMIT_AS = 9;
    private static final int IOPRIO_CLASS_SHIFT = 13;
    private static final String CGROUP_ROOT = "/sys/fs/cgroup";
    private static final int EIO = 5;
    private static final int STATUS_SIZE = 8;

    private final Spawner spawner;
    private final Native posix;
    private final DaemonLog log;
    private final Path helper;
    private final byte[] status = new byte[STATUS_SIZE];
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
    ExecHelper(Spawner spawner, Native posix, DaemonLog log, Path helper) {
        this.spawner = spawner;
        this.posix = posix;
        this.log = log;
        this.helper = helper;
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

    /** What a launch through the helper came to. */
    record Outcome(int pid, ExecStage stage, int errno) {

        /**
         * Tells whether the command runs.
         *
         * @return true if the helper executed the command
         */
        boolean ok() {
            return stage == null;
        }
    }

    /**
     * Launches {@code direct}'s command through the helper with the service's settings, and
     * waits until the helper has executed it or reported a failure.
     *
     * @param d the service
     * @param direct the request as it would be spawned without the helper
     * @param listenPid whether to set {@code LISTEN_PID} to the process's pid
     * @return the outcome; on a failure after the spawn, {@link Outcome#pid()} is the helper's
     *     pid (it has exited or is exiting; the caller must expect its exit), else -1
     */
    Outcome spawn(ServiceDescription d, SpawnRequest direct, boolean listenPid) {
        if (!Files.isRegularFile(helper) || !Files.isExecutable(helper)) {
            log.log(LogLevel.ERROR, d.name() + ": cannot apply its process settings: exec helper "
                    + helper + " is missing or not executable (build dinit-posix, or set -D"
                    + PROPERTY + ")");
            return new Outcome(-1, ExecStage.DO_EXEC, Native.ENOENT);
        }
        int[] map = direct.fdMap();
        int statusFd = 2;
        for (int i = 1; i < map.length; i += 2) {
            statusFd = Math.max(statusFd, map[i]);
        }
        statusFd++;
        List<String> argv;
        try {
            argv = arguments(d, statusFd, listenPid, direct.path(), direct.argv());
        } catch (SettingFailure f) {
            log.log(LogLevel.ERROR, d.name() + ": " + f.getMessage());
            return new Outcome(-1, f.stage, f.errno);
        }
        int[] p = new int[2];
        if (posix.c.pipe2(p, Native.O_CLOEXEC) < 0) {
            return new Outcome(-1, ExecStage.ARRANGE_FDS, -posix.fail());
        }
        try {
            int[] withStatus = new int[map.length + 2];
            System.arraycopy(map, 0, withStatus, 0, map.length);
            withStatus[map.length] = p[1];
            withStatus[map.length + 1] = statusFd;
            SpawnResult r = spawner.spawn(new SpawnRequest(helper.toString(), argv, direct.env(),
                    direct.workingDir(), direct.stdin(), direct.stdout(), direct.stderr(),
                    withStatus, direct.newSession()));
            posix.close(p[1]);
            p[1] = -1;
            if (!r.ok()) {
                return new Outcome(-1, ExecStage.DO_EXEC, r.errno());
            }
            int got = readStatus(p[0]);
            if (got == 0) {
                return new Outcome(r.pid(), null, 0);
            }
            Outcome failed = got == STATUS_SIZE ? decode(r.pid()) : new Outcome(r.pid(),
                    ExecStage.DO_EXEC, got < 0 ? -got : EIO);
            explainPrivileges(d, failed);
            return failed;
        } finally {
            posix.close(p[0]);
            if (p[1] >= 0) {
                posix.close(p[1]);
            }
        }
    }

    /** Reads the helper's report: 0 at end of file, 8 for a full report, or {@code -errno}. */
    private int readStatus(int fd) {
        int got = 0;
        while (got < STATUS_SIZE) {
            int n = posix.read(fd, status, got, STATUS_SIZE - got);
            if (n == -Native.EINTR) {
                continue;
            }
            if (n < 0) {
                return n;
            }
            if (n == 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    private Outcome decode(int pid) {
        ByteBuffer b = ByteBuffer.wrap(status).order(ByteOrder.nativeOrder());
        int code = b.getInt(0);
        int errno = b.getInt(4);
        ExecStage stage = ExecStage.DO_EXEC;
        for (ExecStage s : ExecStage.values()) {
            if (s.code() == code) {
                stage = s;
            }
        }
        return new Outcome(pid, stage, errno);
    }

    /**
     * An EPERM (EACCES for a negative nice) from a step that needs privileges, in a daemon that
     * is not root: say so.
     */
    private void explainPrivileges(ServiceDescription d, Outcome o) {
        if (o.errno() != Native.EPERM && o.errno() != Native.EACCES || posix.geteuid() == 0) {
            return;
        }
        String what = switch (o.stage()) {
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
        ProcessSettings p = d.process();
        List<String> a = new ArrayList<>(24 + argv.size());
        a.add("dinit-exec");
        a.add("-S");
        a.add(Integer.toString(statusFd));
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
                throw new SettingFailure(ExecStage.SET_CAPS, Native.EINVAL,
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
     * {@code /sys/fs/cgroup}; anything else to the daemon's own cgroup, known only on a single
     * (v2) hierarchy.
     */
    private String cgroupProcs(String cgroup) throws SettingFailure {
        String dir;
        if (cgroup.startsWith("/")) {
            dir = CGROUP_ROOT + cgroup;
        } else {
            String own = ownCgroup();
            if (own == null) {
                throw new SettingFailure(ExecStage.ENTER_CGROUP, Native.ENOENT,
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
