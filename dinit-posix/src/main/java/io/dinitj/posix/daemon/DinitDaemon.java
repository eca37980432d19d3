package io.dinitj.posix.daemon;

import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.service.StopReason;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.core.control.ControlHooks;
import io.dinitj.core.control.ControlServer;
import io.dinitj.core.graph.ServiceGraph;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.DescriptionSet;
import io.dinitj.core.load.EnvFile;
import io.dinitj.core.load.IoErrorText;
import io.dinitj.core.load.LoadContext;
import io.dinitj.core.load.LoadLog;
import io.dinitj.core.load.LoadOutcome;
import io.dinitj.core.load.ServiceDirectories;
import io.dinitj.core.log.LogBuffer;
import io.dinitj.core.service.ServiceListener;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.core.service.ServiceSet;
import io.dinitj.core.type.PluginDirectories;
import io.dinitj.core.type.ServiceTypes;
import io.dinitj.posix.launch.PosixPlatform;
import io.dinitj.posix.log.DaemonLog;
import io.dinitj.posix.loop.EventLoop;
import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.NssUserDatabase;
import io.dinitj.posix.sys.Posix;
import io.dinitj.posix.sys.ProcessTable;
import io.dinitj.posix.sys.SpawnRequest;
import io.dinitj.posix.sys.SpawnResult;
import io.dinitj.posix.sys.Spawner;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code dinit}, the daemon (docs/cli.md §1): parses its options, installs its signal
 * handlers, loads and starts the named services (default {@code boot}), and runs the event
 * loop until no service is active (or, after SIGINT/SIGTERM, until all have stopped).
 *
 * <p><b>Modes</b> ({@link DaemonMode}): a system or user instance ({@code -s}/{@code -u}:
 * default socket and service directories); a system manager (PID 1 by default, {@code -m}) or
 * not ({@code -o}, container mode). A system manager ends its run as an init does
 * ({@link #endOfRun}, docs/cli.md §1.8): it execs the shutdown program
 * ({@code dinit-shutdown --system}, {@link EndOfRun#program}), which halts, reboots or powers
 * off; after a boot failure it asks on the console what to do.
 *
 * <p><b>Signals.</b> SIGTERM stops every service and ends the daemon (shutdown type halt);
 * SIGINT does the same, except that a system manager treats it as a reboot request. SIGQUIT stays
 * the JVM's thread-dump signal (it cannot be handled in Java, platform-notes 4.1); SIGUSR1
 * opens the control socket if it is not open or makes it again if its file has gone
 * ({@link ControlSocket#open}); SIGHUP, SIGUSR2 and the terminal-stop signals are ignored.
 * As PID 1 of a PID namespace the daemon receives only the signals it handles, so SIGTERM from
 * the container runtime is what stops it.
 *
 * <p><b>Control socket and boot points.</b> A system instance that cannot bind its socket on
 * a read-only root runs on without it; the socket is (re)made when a {@code starts-rwfs}
 * service has started (which also reports {@code --ready-fd} readiness, held back until the
 * socket is open) and on SIGUSR1. A {@code starts-log} service's start connects the main log
 * to syslog ({@link DaemonLog#openSyslog}) unless {@code --log-file} is given.
 *
 * <p><b>Exit status</b> ({@link DaemonExit}): 0 after a requested shutdown or when everything
 * ended well; 1 for start-up errors; 2 when the daemon ended by itself (no shutdown requested,
 * no service left active) and a service named on the command line (or {@code boot}) failed to
 * load or start or was last stopped by a failure; for a reboot request it dies by SIGINT, as
 * upstream, or (as PID 1, where that is impossible) exits 130. Upstream exits 0 in all but the
 * start-up error cases.
 *
 * <p><b>Orphans.</b> The daemon is a child subreaper ({@code PR_SET_CHILD_SUBREAPER}), and as
 * PID 1 the reaper of its namespace: orphaned descendants of its services are re-parented to
 * it, reaped by the event loop's reaper thread like its own children, and never reported to a
 * service as its own child ({@code RecentExits}).
 *
 * <p>The composition root: it is the one place that joins the engine ({@link ServiceSet}, with
 * the {@link ServiceGraph} that loads into it), the platform ({@link PosixPlatform},
 * {@link EventLoop}, {@link Spawner}) and the service types found on the class path and in the
 * plugin directories ({@link PluginDirectories}).
 */
public final class DinitDaemon {

    /** Signals whose default action would kill the daemon and that it has no use for. */
    private static final String[] IGNORED = {"TSTP", "TTIN", "TTOU", "USR2", "ALRM", "VTALRM",
        "PROF", "IO", "PWR", "XCPU", "SYS", "HUP"};

    private final DaemonOptions options;
    private final DaemonMode mode;
    private final DaemonLog log;
    private final Map<String, String> env;
    private ServiceSet set;
    private ServiceGraph graph;
    private EventLoop loop;
    private ControlSocket socket;
    /** The log file opened at a boot point after it failed at start-up, or null. */
    private PrintStream lateLogFile;
    /** The {@code --ready-fd} descriptor until readiness is written, then -1. */
    private int readyFd = -1;

    /** The system calls: the real ones, or a test's faulty twin in front of them. */
    private final Posix posix;
    /** The command line, for a soft reboot's new start. */
    private final String[] args;
    /** The environment as the user gave it to the launcher, for the programs run at the end. */
    private final Map<String, String> givenEnv;
    /** The console (stdout), where the end of a system manager's run asks and answers. */
    private final PrintStream out;
    /** Set once the end of run must not end the loop when no service is active. */
    private boolean endless;
    /** The soft reboot's shutdown child while it runs, else 0; and its wait status. */
    private int endChild;
    private int endChildStatus;

    private DinitDaemon(DaemonOptions options, DaemonMode mode, DaemonLog log,
            Map<String, String> env, Posix posix, String[] args, PrintStream out) {
        this.posix = posix;
        this.args = args.clone();
        this.givenEnv = Map.copyOf(env);
        this.out = out;
        this.options = options;
        this.mode = mode;
        this.log = log;
        this.env = env;
    }

    /**
     * Runs the daemon.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        DaemonExit.exit(run(args, System.out, System.err, System.getenv()));
    }

    /**
     * Runs the daemon and returns its exit status.
     *
     * @param args the command line
     * @param out the console (stdout)
     * @param err stderr
     * @param environment the daemon's environment
     * @return the exit status ({@link DaemonExit}): 0, 1 for option, socket, log-file or
     *     env-file errors, 2 when a service the daemon was started for failed, 130 for a reboot
     *     request
     */
    static int run(String[] args, PrintStream out, PrintStream err,
            Map<String, String> environment) {
        return run(args, out, err, environment, JnrPosix.get());
    }

    /**
     * Runs the daemon on the given system calls, so that a test can make them fail on purpose.
     *
     * @param args the command line
     * @param out the console (stdout)
     * @param err stderr
     * @param environment the daemon's environment
     * @param posix the system calls every part of the daemon makes
     * @return the exit status, as {@link #run(String[], PrintStream, PrintStream, Map)}
     */
    static int run(String[] args, PrintStream out, PrintStream err,
            Map<String, String> environment, Posix posix) {
        DaemonOptions.Parsed p = DaemonOptions.parse(args, out, err,
                posix.getpid() == 1 && posix.geteuid() == 0);
        if (p.options == null) {
            return p.exitStatus;
        }
        DaemonOptions o = p.options;
        DaemonMode mode = DaemonMode.of(o, posix.getpid(), posix.geteuid());
        PrintStream mainLog = null;
        if (o.logFile != null) {
            try {
                mainLog = new PrintStream(new FileOutputStream(o.logFile, true), false,
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.println("dinit: Opening log file failed: " + IoErrorText.describe(e));
                out.flush();
                if (!mode.systemManager) {
                    return DaemonExit.STARTUP_ERROR;
                }
            }
        }
        // Without --log-file the main log is syslog; with one that could not be opened (a
        // system manager runs on), its lines are kept until a boot point opens it.
        DaemonLog log = new DaemonLog(out, mainLog, o.consoleLevel, o.logLevel, o.statusLines,
                o.logFile == null ? DaemonLog.DEV_LOG : null, posix);
        Map<String, String> env = LauncherEnvironment.asGivenToTheLauncher(environment);
        DinitDaemon d = new DinitDaemon(o, mode, log, env, posix, args, out);
        try {
            return d.runDaemon();
        } finally {
            log.close();
            out.flush();
            if (mainLog != null) {
                mainLog.close();
            }
            if (d.lateLogFile != null) {
                d.lateLogFile.close();
            }
        }
    }

    private int runDaemon() {
        if (mode.pid1 && mode.systemManager) {
            for (String problem : SystemConsole.takeOver(posix, SystemConsole.CONSOLE)) {
                log.log(LogLevel.WARN, "console: " + problem);
            }
        }
        loop = new EventLoop(posix);
        loop.onSignal("TERM", () -> shutdown(ShutdownType.HALT));
        loop.onSignal("INT", () -> shutdown(mode.systemManager ? ShutdownType.REBOOT
                : ShutdownType.HALT));
        // SIGUSR1: open the control socket if it is not open, or make it again if its file has
        // gone; an open socket whose file is present is left alone (as upstream, silently).
        loop.onSignal("USR1", () -> {
            if (socket != null) {
                socket.open(true);
            }
        });
        for (String s : IGNORED) {
            loop.ignoreSignal(s);
        }
        loop.onHandlerError(e -> log.log(LogLevel.ERROR, "internal error: " + e));
        posix.setChildSubreaper();
        loop.startReaper();

        boolean system = mode.systemInstance;
        if (mode.systemManager) {
            log.logMain(LogLevel.INFO, "Starting system");
        }
        String envFile = options.envFile;
        if (envFile == null && mode.systemManager
                && Files.exists(Path.of(DaemonMode.DEFAULT_ENV_FILE))) {
            envFile = DaemonMode.DEFAULT_ENV_FILE;
        }
        if (envFile != null) {
            try {
                EnvFile f = EnvFile.parse(new String(
                        Files.readAllBytes(Path.of(envFile)), StandardCharsets.UTF_8));
                // Bad lines are logged and skipped (docs/cli.md §1.7); the rest applies.
                for (EnvFile.Warning w : f.warnings()) {
                    log.log(LogLevel.ERROR, (w.kind() == EnvFile.Warning.Kind.INVALID_SETTING
                            ? "Invalid environment variable setting in environment file"
                            : "Unknown command in environment file") + " (line " + w.line()
                            + ")");
                }
                Map<String, String> applied = f.applyTo(env);
                env.clear();
                env.putAll(applied);
            } catch (IOException e) {
                log.log(LogLevel.ERROR, "Cannot read environment file '" + envFile
                        + "': " + IoErrorText.describe(e));
                if (!mode.systemManager) {
                    return DaemonExit.STARTUP_ERROR;
                }
            }
        }
        socket = new ControlSocket(Path.of(socketPath(system)), posix, log);
        // A system instance may start on a read-only root: it runs on without a socket and
        // opens it when a starts-rwfs service has started or on SIGUSR1 (as upstream). Any
        // other failure, and EROFS for a user instance, ends the daemon (logged by open).
        ControlSocket.Opened opened = socket.open(!system);
        if (opened != ControlSocket.Opened.OPEN && opened != ControlSocket.Opened.READ_ONLY) {
            return DaemonExit.STARTUP_ERROR;
        }
        try {
            return serve(posix, system);
        } finally {
            socket.close();
            loop.close();
        }
    }

    private int serve(Posix posix, boolean system) {
        ServiceDirectories dirs = serviceDirectories(system);
        ServiceTypes types = discoverTypes(system);
        LoadContext ctx = LoadContext.forDaemon(dirs, env, types, new NssUserDatabase(posix));
        PosixPlatform platform = new PosixPlatform(loop, new Spawner(posix), posix, env, log);
        platform.cgroupBase(options.cgroupPath);
        set = new ServiceSet(types, platform);
        graph = new ServiceGraph(set, new DescriptionLoader(ctx), new DescriptionSet());
        set.addListener(new ConsoleListener());
        set.addListener(platform.consoleListener());
        set.addListener(new BootPointListener());
        ControlServer control = new ControlServer(graph, env, new Hooks(posix, platform, dirs));
        socket.serve(loop, control);
        platform.controlConnections(socket::adopt);
        loop.afterEachEvent(this::afterEvent);

        List<String> names = new ArrayList<>(options.services);
        if (names.isEmpty()) {
            names.add("boot");
        }
        boolean loadFailed = false;
        for (String name : names) {
            loadFailed |= !startInitial(name);
        }
        readyFd = options.readyFd;
        signalReady(posix);
        if (set.activeCount() > 0) {
            loop.run();
        }
        if (mode.systemManager) {
            return endOfRun(names, loadFailed);
        }
        awaitZombiesReaped(posix.getpid());
        return DaemonExit.atEnd(set, names, loadFailed);
    }

    /**
     * Finds the service types: the class path's, then the plugin directories' (the
     * distribution's, the user's in a user instance, each {@code --plugin-dir}). Logs one info
     * line per plugin that gave types (debug for the class path's) and a warning per problem;
     * never fails.
     */
    private ServiceTypes discoverTypes(boolean system) {
        List<Path> dirs = PluginDirectories.of(options.pluginDirs, !system, env,
                System.getProperty("user.home"));
        ServiceTypes types = ServiceTypes.discover(DinitDaemon.class.getClassLoader(), dirs);
        for (ServiceTypes.Plugin p : types.plugins()) {
            // The class path's types are the build's own (the checkout runs the built-in
            // plugins from there): debug, so the main log reads as upstream's.
            boolean classPath = p.origin().equals(ServiceTypes.CLASS_PATH);
            log.log(classPath ? LogLevel.DEBUG : LogLevel.INFO, "service "
                    + (p.types().size() == 1 ? "type " : "types ") + String.join(", ", p.types())
                    + " from " + (classPath ? "the class path" : "plugin " + p.origin()));
        }
        for (String problem : types.problems()) {
            log.log(LogLevel.WARN, problem);
        }
        return types;
    }

    /**
     * Writes the socket path and a NUL to the {@code --ready-fd} descriptor, once, when the
     * control socket is open (so not before a read-only root has become writable), then closes
     * the descriptor if it is not 0, 1 or 2.
     */
    private void signalReady(Posix posix) {
        if (readyFd < 0 || !socket.isOpen()) {
            return;
        }
        int fd = readyFd;
        readyFd = -1;
        byte[] msg = (socket.path() + "\0").getBytes(StandardCharsets.UTF_8);
        if (posix.write(fd, msg, 0, msg.length) < 0) {
            log.log(LogLevel.ERROR, "'--ready-fd' (-F) requires an open file descriptor");
        }
        if (fd > 2) {
            posix.close(fd);
        }
    }

    /**
     * Opens the {@code --log-file} that could not be opened at start-up (a system manager ran
     * on without it), as upstream does at the {@code starts-rwfs} and {@code starts-log} boot
     * points; a failure is logged again and changes nothing.
     */
    private void openLateLogFile() {
        if (options.logFile == null || !log.awaitsMainFile()) {
            return;
        }
        try {
            PrintStream file = new PrintStream(new FileOutputStream(options.logFile, true), false,
                    StandardCharsets.UTF_8);
            if (log.openMainFile(file)) {
                lateLogFile = file;
            } else {
                file.close();
            }
        } catch (IOException e) {
            log.log(LogLevel.ERROR, "Opening log file failed: " + IoErrorText.describe(e));
        }
    }

    /**
     * Gives the reaper a moment for children that have died but are not reaped yet (orphaned
     * grandchildren killed with their service's process group), so the daemon leaves no zombie
     * behind for its parent. Live orphans do not delay the exit.
     */
    private static void awaitZombiesReaped(int self) {
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end && ProcessTable.hasZombieChild(self)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Loads and starts one of the services named on the command line; false if not loaded. */
    private boolean startInitial(String name) {
        LoadOutcome o;
        try {
            o = graph.load(name);
        } catch (RuntimeException e) {
            log.log(LogLevel.ERROR, name + ": error loading: " + e);
            return false;
        }
        for (LoadLog.Line line : LoadLog.lines(name, o, LoadLog.Origin.COMMAND_LINE)) {
            log.log(line.level(), line.text());
        }
        if (!o.succeeded()) {
            return false;
        }
        set.start(set.find(name), false);
        return true;
    }

    private void afterEvent() {
        set.processQueues();
        socket.flushAll();
        if (!endless && set.activeCount() == 0 && set.shutdownType() != ShutdownType.REMAIN) {
            loop.stop();
        }
    }

    /**
     * The end of a system manager's run (docs/cli.md §1.8), once no service is active: says
     * what comes next; after a boot failure, starts {@code recovery} once with
     * {@code --auto-recovery}, then asks on the console what to do (or halts without a
     * terminal), and runs on with whatever that starts; then closes the control socket and
     * replaces itself with the shutdown program ({@code --system} and the type's option), after
     * a soft reboot's {@code --system -s} child with a new start of the daemon itself. Returns
     * only if that fails and the daemon is not PID 1 (PID 1 may not end: it stays, reaping).
     */
    private int endOfRun(List<String> names, boolean loadFailed) {
        boolean autoRecoveryTried = false;
        ShutdownType type;
        while (true) {
            notice(set.allStoppedNotice());
            if (!set.isBootFailure()) {
                type = set.shutdownType();
                break;
            }
            if (options.autoRecovery && !autoRecoveryTried) {
                // --auto-recovery (edge case E49): once, start 'recovery' and run on with it.
                autoRecoveryTried = true;
                if (startInitial("recovery") && set.activeCount() > 0) {
                    loop.run();
                    continue;
                }
                log.log(LogLevel.ERROR, "Unable to start recovery service.");
            }
            log.flush();
            out.println("All services have stopped with no shutdown issued; boot failure?");
            EndOfRun.Answer answer;
            while (true) {
                answer = EndOfRun.ask(posix, System.in, out);
                if (answer != EndOfRun.Answer.RECOVERY
                        || (startInitial("recovery") && set.activeCount() > 0)) {
                    break;
                }
                out.println("Unable to start recovery service.");
            }
            if (answer == EndOfRun.Answer.RECOVERY) {
                loop.run();
                continue;
            }
            if (answer == EndOfRun.Answer.RESTART) {
                boolean started = true;
                for (String name : names) {
                    started &= startInitial(name);
                }
                if (started && set.activeCount() > 0) {
                    loop.run();
                    continue;
                }
                out.println("Could not start '" + names.get(0)
                        + "' service. Will attempt reboot.");
                type = ShutdownType.REBOOT;
            } else {
                type = switch (answer) {
                    case REBOOT -> ShutdownType.REBOOT;
                    case POWEROFF -> ShutdownType.POWEROFF;
                    default -> ShutdownType.HALT;
                };
            }
            break;
        }
        socket.close();
        awaitZombiesReaped(posix.getpid());
        String program = EndOfRun.program(System.getProperty(EndOfRun.PROGRAM_PROPERTY),
                System.getProperty(EndOfRun.LAUNCHER_PROPERTY));
        if (program == null) {
            log.log(LogLevel.ERROR, "No shutdown program: started without its launcher and"
                    + " without -D" + EndOfRun.PROGRAM_PROPERTY + "; not executing one.");
        } else {
            if (type == ShutdownType.SOFTREBOOT) {
                if (softReboot(program)) {
                    log.log(LogLevel.ERROR, "Could not soft-reboot. Will attempt reboot.");
                }
                type = ShutdownType.REBOOT;
            }
            execute(program, List.of(program, "--system", EndOfRun.option(type)));
        }
        if (mode.pid1) {
            // An init may not end (the kernel panics when the host's does): stay, reaping.
            log.log(LogLevel.ERROR, "Staying as PID 1 (an init may not exit), reaping"
                    + " children.");
            log.flush();
            endless = true;
            loop.run();
        }
        return DaemonExit.atEnd(set, names, loadFailed);
    }

    /** Logs a notice on the console (as a status line: unless {@code -q}) and the main log. */
    private void notice(String text) {
        log.status(LogLevel.INFO, "dinit: " + text, text);
    }

    /**
     * Replaces the daemon with a program, with the environment the user gave the launcher;
     * returns only if that failed, having said why.
     */
    private void execute(String program, List<String> argv) {
        log.flush();
        out.flush();
        int r = posix.execve(program, argv, SpawnRequest.envStrings(givenEnv));
        log.log(LogLevel.ERROR, "Error executing " + program + ": " + Errno.strerror(-r));
        log.flush();
    }

    /**
     * A soft reboot: runs {@code PROGRAM --system -s} (every other process ended) and waits for
     * it, then starts the daemon again in this process with its command line.
     *
     * @return only on failure: true, having logged why
     */
    private boolean softReboot(String program) {
        posix.sync();
        SpawnResult r = new Spawner(posix).spawn(new SpawnRequest(program,
                List.of(program, "--system", "-s"), SpawnRequest.envStrings(givenEnv), null, 0, 1,
                2, null, false));
        if (!r.ok()) {
            log.log(LogLevel.ERROR, "Error executing " + program + ": "
                    + Errno.strerror(r.errno()));
            return true;
        }
        endChild = r.pid();
        endChildStatus = -1;
        loop.onChildExit((pid, status) -> {
            if (pid == endChild) {
                endChildStatus = status;
                endChild = 0;
                loop.stop();
            }
        });
        loop.childSpawned();
        endless = true;
        loop.run();
        endless = false;
        if (endChildStatus != 0) {
            log.log(LogLevel.ERROR, "Execution of shutdown returned non-zero status");
        }
        List<String> again = EndOfRun.restartCommand(
                System.getProperty(EndOfRun.LAUNCHER_PROPERTY), args);
        if (again == null) {
            return true;
        }
        execute(again.get(0), again);
        return true;
    }

    /**
     * A shutdown signal: the first one decides the type, except that after a {@code remain}
     * shutdown (everything stopped, daemon kept running) a signal ends the daemon.
     */
    private void shutdown(ShutdownType type) {
        if (!set.isShuttingDown() || set.shutdownType() == ShutdownType.REMAIN) {
            set.stopAll(type);
        }
    }

    private String socketPath(boolean system) {
        if (options.socketPath != null) {
            return options.socketPath;
        }
        if (!system) {
            if (env.containsKey("XDG_RUNTIME_DIR")) {
                return env.get("XDG_RUNTIME_DIR") + "/dinitctl";
            }
            String home = env.get("HOME");
            if (home != null && !home.isEmpty()) {
                return home + "/.dinitctl";
            }
        }
        return "/run/dinitctl";
    }

    private ServiceDirectories serviceDirectories(boolean system) {
        if (!options.dirs.isEmpty()) {
            List<Path> dirs = new ArrayList<>();
            for (String dir : options.dirs) {
                dirs.add(Path.of(dir));
            }
            return new ServiceDirectories(dirs);
        }
        return system ? ServiceDirectories.system()
                : ServiceDirectories.user(env, System.getProperty("user.home"));
    }

    /** What the control protocol needs from the daemon. */
    private final class Hooks implements ControlHooks {
        private final Posix posix;
        private final PosixPlatform platform;
        private final List<String> dirs = new ArrayList<>();

        Hooks(Posix posix, PosixPlatform platform, ServiceDirectories directories) {
            this.posix = posix;
            this.platform = platform;
            for (Path p : directories.dirs()) {
                dirs.add(p.toString());
            }
        }

        @Override
        public LogBuffer logBuffer(ServiceRecord service) {
            return platform.buffer(service.name());
        }

        @Override
        public int signal(int pid, int signo) {
            return posix.kill(pid, signo);
        }

        @Override
        public String strerror(int errno) {
            return Errno.strerror(errno);
        }

        @Override
        public void shutdown(ShutdownType type) {
            set.stopAll(type);
        }

        @Override
        public String workingDirectory() {
            return System.getProperty("user.dir");
        }

        @Override
        public List<String> serviceDirectories() {
            return dirs;
        }

        @Override
        public void log(LogLevel level, String message) {
            log.log(level, message);
        }
    }

    /**
     * The boot points of docs/service-format.md's {@code options}: when a {@code starts-rwfs}
     * service has started, the root is writable, so (re)open the control socket and report
     * readiness if not done yet; when a {@code starts-log} service has started, connect the
     * main log to syslog. Registered after {@link ConsoleListener}, so the service's own
     * "started" line comes first, as upstream.
     */
    private final class BootPointListener implements ServiceListener {
        @Override
        public void serviceEvent(ServiceRecord r, ServiceEvent event) {
            if (event != ServiceEvent.STARTED || r.description() == null) {
                return;
            }
            try {
                bootPoint(r);
            } catch (RuntimeException | OutOfMemoryError e) {
                // The service stays started; what failed here is tried again at the next point.
                log.log(LogLevel.ERROR, r.name() + ": boot point actions failed: " + e);
            }
        }

        private void bootPoint(ServiceRecord r) {
            if (r.description().options().contains(ServiceOption.STARTS_RWFS)) {
                socket.open(true);
                signalReady(posix);
                openLateLogFile();
            }
            if (r.description().options().contains(ServiceOption.STARTS_LOG)) {
                if (options.logFile != null) {
                    openLateLogFile();
                } else {
                    log.openSyslog();
                }
            }
        }
    }

    /** Console and main-log lines for service events (docs/cli.md §1.7). */
    private final class ConsoleListener implements ServiceListener {
        @Override
        public void serviceEvent(ServiceRecord r, ServiceEvent event) {
            switch (event) {
                case STARTED -> log.status(LogLevel.INFO, "[  OK  ] " + r.name(),
                        "service " + r.name() + " started.");
                case FAILEDSTART -> {
                    if (r.stopReason() == StopReason.EXECFAILED && r.execStage() != null) {
                        log.log(LogLevel.ERROR, r.name() + ": execution failed - "
                                + r.execStage().text() + ": " + Errno.strerror(r.execErrno()));
                    }
                    LogLevel level = r.stopReason() == StopReason.DEPFAILED ? LogLevel.WARN
                            : LogLevel.ERROR;
                    log.status(level, "[FAILED] " + r.name(),
                            "service " + r.name() + " failed to start.");
                }
                case STOPPED -> {
                    if (!r.startFailed()) {
                        log.status(LogLevel.INFO, "[STOPPD] " + r.name(),
                                "service " + r.name() + " stopped.");
                    }
                }
                default -> {
                    // Cancel events matter to control clients only.
                }
            }
        }

        @Override
        public void restartingTooQuickly(ServiceRecord r) {
            log.log(LogLevel.ERROR, "Service " + r.name() + " restarting too quickly; stopping.");
        }

        @Override
        public void problem(ServiceRecord r, String message) {
            log.log(LogLevel.ERROR, r.name() + ": " + message);
        }

        @Override
        public void workBoundExceeded(int steps, int bound, List<ServiceRecord> involved) {
            log.logUrgent(LogLevel.ERROR, workBoundText(steps, bound, involved));
        }
    }

    /**
     * The log line for a cut engine pass (docs/service-semantics.md §11): how far it went and
     * which services, of which types, were still working, at most 16 of them.
     *
     * @param steps the steps the pass took
     * @param bound the bound it reached
     * @param involved the services with work still queued
     * @return the text
     */
    static String workBoundText(int steps, int bound, List<ServiceRecord> involved) {
        StringBuilder b = new StringBuilder("engine: a pass took ").append(steps)
                .append(" steps and reached its bound of ").append(bound)
                .append("; cut short to serve other work (most likely a service type reporting"
                        + " its state from within its own calls); involved: ");
        int shown = Math.min(involved.size(), 16);
        for (int i = 0; i < shown; i++) {
            ServiceRecord r = involved.get(i);
            if (i > 0) {
                b.append(", ");
            }
            b.append(r.name()).append(" (").append(r.state().name())
                    .append(r.description() == null ? "" : ", type " + r.description().type())
                    .append(')');
        }
        if (involved.size() > shown) {
            b.append(" and ").append(involved.size() - shown).append(" more");
        }
        return b.toString();
    }
}
