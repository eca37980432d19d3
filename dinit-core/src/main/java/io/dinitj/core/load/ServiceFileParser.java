package io.dinitj.core.load;

import io.dinitj.api.description.CapabilityIab;
import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.IoPriority;
import io.dinitj.api.description.LoadOption;
import io.dinitj.api.description.LogSettings;
import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.ReadyNotification;
import io.dinitj.api.description.ResourceKind;
import io.dinitj.api.description.ResourceLimit;
import io.dinitj.api.description.RestartPolicy;
import io.dinitj.api.description.RestartSettings;
import io.dinitj.api.description.SecureBit;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.Signal;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.description.UserSpec;
import io.dinitj.api.service.DependencyKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one service description file, with its includes and environment file, into a
 * {@link ServiceDescription}: every setting of the Dinit format, pre-load substitution as lines
 * are read, the post-parse checks and post-load substitution after the last line. Dependencies
 * are named, not loaded: {@link DescriptionLoader} loads them with a work list.
 *
 * <p>Every problem is collected; a file with any error yields no description. Includes are
 * processed with an explicit stack of open fragments, not by recursion, and nest at most
 * {@value #MAX_INCLUDE_DEPTH} deep (upstream has no limit and loops until it runs out of file
 * descriptors).
 */
final class ServiceFileParser {

    static final int MAX_INCLUDE_DEPTH = 32;
    static final int MAX_INCLUDES = 1000;
    /** Upstream's lint text; its variant for socket-listen has a stray quote, not copied. */
    static final String IGNORED_FOR_TYPE =
            "specified, but ignored for the specified (or default) service type.";

    /**
     * The outcome of parsing one file. What it names, and a partial description, are kept even
     * when it has errors, so that dinit-check can go on to check them.
     */
    record Result(ServiceDescription description, List<LoadProblem> problems,
            boolean substituted, List<String> named, ServiceDescription partial) {
        boolean failed() {
            return description == null;
        }
    }

    /** A file being read: its lines, how far we are, and where relative paths start. */
    private static final class Fragment {
        final List<LexedLine> lines;
        final String display;
        final Path realFile;
        final Path realDir;
        final Path openedDir;
        int next;

        Fragment(List<LexedLine> lines, String display, Path realFile, Path openedDir) {
            this.lines = lines;
            this.display = display;
            this.realFile = realFile;
            Path parent = realFile.getParent();
            this.realDir = parent == null ? realFile : parent;
            this.openedDir = openedDir;
        }
    }

    private final String name;
    private final String argument;
    private final LoadContext ctx;
    private final Substitution preLoad;
    private final List<LoadProblem> problems = new ArrayList<>();
    private boolean failed;
    private boolean postLoadSubstituted;
    private int includes;

    private String type = "internal";
    private final List<String> command = new ArrayList<>();
    private final List<String> stopCommand = new ArrayList<>();
    private String workingDir;
    private UserSpec runAs;
    private String envFile;
    private Path envFileDir;
    private String chainTo;
    private String pidFile;
    private RestartPolicy restart = RestartSettings.DEFAULT.restart();
    private boolean smoothRecovery;
    private Duration restartDelay = RestartSettings.DEFAULT.restartDelay();
    private Duration restartLimitInterval = RestartSettings.DEFAULT.restartLimitInterval();
    private int restartLimitCount = RestartSettings.DEFAULT.restartLimitCount();
    private Duration startTimeout = RestartSettings.DEFAULT.startTimeout();
    private Duration stopTimeout = RestartSettings.DEFAULT.stopTimeout();
    private final List<Dependency> dependencies = new ArrayList<>();
    private LogType logType = LogType.NONE;
    private String logfile;
    private int logfilePermissions = LogSettings.DEFAULT.permissions();
    private UserSpec logfileOwner;
    private int logfileGroup = -1;
    private int logBufferSize = LogSettings.DEFAULT.bufferSize();
    private String consumerOf;
    private String socketPath;
    private int socketPermissions = SocketSettings.DEFAULT.permissions();
    private UserSpec socketOwner;
    private int socketGroup = -1;
    private ReadyNotification readyNotification;
    private Signal termSignal = Signal.TERM;
    private final Map<ResourceKind, ResourceLimit> limits = new EnumMap<>(ResourceKind.class);
    private Integer nice;
    private IoPriority ioPriority;
    private Integer oomScoreAdj;
    private String cgroup;
    private String capabilities;
    private final Set<SecureBit> secureBits = EnumSet.noneOf(SecureBit.class);
    private String inittabId;
    private String inittabLine;
    private final Set<ServiceOption> options = EnumSet.noneOf(ServiceOption.class);
    private final Set<LoadOption> loadOptions = EnumSet.noneOf(LoadOption.class);
    private String enableVia;
    /** The last line each setting was given on, for post-parse messages and lint. */
    private final Map<String, Position> given = new LinkedHashMap<>();

    private record Position(String file, int line) {
    }

    private ServiceFileParser(String name, LoadContext ctx) {
        this.name = name;
        int at = name.indexOf('@');
        this.argument = at < 0 ? null : name.substring(at + 1);
        this.ctx = ctx;
        this.preLoad = new Substitution(ctx.globalEnv::get, argument);
    }

    /**
     * Parses the file of service {@code name}.
     *
     * @param name the full service name
     * @param found where the file is
     * @param ctx the load context
     * @return the description, or the problems that prevent it
     */
    static Result parse(String name, ServiceDirectories.Found found, LoadContext ctx) {
        return new ServiceFileParser(name, ctx).run(found);
    }

    private Result run(ServiceDirectories.Found found) {
        String display = found.directory() + "/" + found.file().getFileName();
        String text;
        FileTime modified;
        try {
            text = TextFiles.read(found.file());
            modified = Files.getLastModifiedTime(found.file());
        } catch (IOException e) {
            problems.add(new LoadProblem(name, null, 0, null, "error reading service description: "
                    + Errno.describe(e), LoadProblem.Severity.ERROR, true));
            return new Result(null, problems, false, List.of(), null);
        }
        Deque<Fragment> stack = new ArrayDeque<>();
        stack.push(new Fragment(ServiceFileLexer.lex(text), display,
                realPath(found.file()), found.directory()));
        while (!stack.isEmpty()) {
            Fragment f = stack.peek();
            if (f.next >= f.lines.size()) {
                stack.pop();
                continue;
            }
            LexedLine line = f.lines.get(f.next++);
            switch (line.kind()) {
                case ERROR -> error(f.display, line.line(), null, line.error());
                case META -> meta(f, line, stack);
                case SETTING -> {
                    given.put(line.name(), new Position(f.display, line.line()));
                    try {
                        setting(f, line);
                    } catch (BadValueException e) {
                        error(f.display, line.line(), line.name(), withSetting(line.name(),
                                e.getMessage()));
                    }
                }
            }
        }
        ServiceDescription d = finish(new ServiceDescription.Source(display,
                found.directory().toString(), modified));
        List<String> named = new ArrayList<>();
        dependencies.forEach(dep -> named.add(dep.name()));
        if (chainTo != null) {
            named.add(chainTo);
        }
        if (consumerOf != null) {
            named.add(consumerOf);
        }
        return new Result(failed ? null : d, problems,
                preLoad.usedVariables() || postLoadSubstituted, named, d);
    }

    // ---------------------------------------------------------------------------------------
    // Meta-commands

    private void meta(Fragment f, LexedLine line, Deque<Fragment> stack) {
        String cmd = line.name();
        if (cmd.equals("meta")) {
            List<String> t = line.tokens();
            if (t.size() >= 1 && t.get(0).equals("enable-via")) {
                if (t.size() != 2 || !isValidName(t.get(1)) || t.get(1).indexOf('@') >= 0) {
                    error(f.display, line.line(), null,
                            "'@meta enable-via' requires a single service name");
                } else {
                    enableVia = t.get(1);
                }
            }
            return;
        }
        boolean optional = cmd.equals("include-opt");
        if (!optional && !cmd.equals("include")) {
            error(f.display, line.line(), null, "bad meta command");
            return;
        }
        if (line.tokens().size() != 1) {
            error(f.display, line.line(), null, "'@" + cmd + "' requires a single argument");
            return;
        }
        String path;
        try {
            path = preLoad.apply(line.tokens().get(0));
        } catch (BadValueException e) {
            error(f.display, line.line(), null, e.getMessage());
            return;
        }
        if (stack.size() > MAX_INCLUDE_DEPTH) {
            error(f.display, line.line(), null, "'@" + cmd + "' nested more than "
                    + MAX_INCLUDE_DEPTH + " deep (is a file including itself?)");
            return;
        }
        if (++includes > MAX_INCLUDES) {
            // Without a total, a few files that each include the next twice would expand
            // exponentially within the depth limit.
            error(f.display, line.line(), null, "more than " + MAX_INCLUDES
                    + " '@include' directives processed for one service");
            return;
        }
        Path file = resolve(f.realDir, path);
        if (file == null) {
            error(f.display, line.line(), null, path + ": cannot open: invalid path");
            return;
        }
        Path real = realPath(file);
        for (Fragment open : stack) {
            if (real.equals(open.realFile)) {
                error(f.display, line.line(), null, path + ": '@" + cmd + "' of a file that is"
                        + " already being read (an include loop)");
                return;
            }
        }
        String text;
        try {
            text = TextFiles.read(file);
        } catch (NoSuchFileException e) {
            if (!optional) {
                error(f.display, line.line(), null, path + ": cannot open: "
                        + Errno.describe(e));
            }
            return;
        } catch (IOException e) {
            error(f.display, line.line(), null, path + ": cannot open: " + Errno.describe(e));
            return;
        }
        Path opened = file.getParent() == null ? f.openedDir : file.getParent();
        stack.push(new Fragment(ServiceFileLexer.lex(text), path, real, opened));
    }

    // ---------------------------------------------------------------------------------------
    // Settings

    /** Checks one {@code capabilities} value (each {@code +=} part is checked alone). */
    private static void checkCapabilities(String v) throws BadValueException {
        try {
            CapabilityIab.parse(v);
        } catch (IllegalArgumentException e) {
            throw new BadValueException("invalid capabilities: " + e.getMessage());
        }
    }

    private void setting(Fragment f, LexedLine line) throws BadValueException {
        String s = line.name();
        if (line.append() && !(s.equals("command") || s.equals("stop-command")
                || s.equals("capabilities") || s.equals("securebits"))) {
            throw new BadValueException("cannot use '+=' with setting '" + s + "'");
        }
        String v = line.value();
        switch (s) {
            case "type" -> {
                String clash = ctx.typeClashes.get(v);
                if (clash != null) {
                    throw new BadValueException(clash);
                }
                if (!ctx.knownTypes.contains(v)) {
                    throw new BadValueException(typeList(ctx.knownTypes));
                }
                type = v;
            }
            case "command" -> replaceOrAppend(command, line);
            case "stop-command" -> replaceOrAppend(stopCommand, line);
            case "working-dir" -> workingDir = v;
            case "run-as" -> runAs = Values.parseUser(v, s, ctx.users);
            case "env-file" -> {
                envFile = preLoad.apply(v);
                envFileDir = f.realDir;
            }
            case "chain-to" -> chainTo = serviceName(preLoad.apply(v), "chain-to");
            case "pid-file" -> pidFile = v;
            case "restart" -> restart = Values.parseRestart(v);
            case "smooth-recovery" -> smoothRecovery = Values.parseBool(v, s);
            case "restart-delay" -> restartDelay = Values.parseTime(v, s);
            case "restart-limit-interval" -> restartLimitInterval = Values.parseTime(v, s);
            case "restart-limit-count" ->
                    restartLimitCount = (int) Values.parseUnsigned(v, s, Integer.MAX_VALUE);
            case "start-timeout" -> startTimeout = Values.parseTime(v, s);
            case "stop-timeout" -> stopTimeout = Values.parseTime(v, s);
            case "depends-on" -> dependency(v, DependencyKind.REGULAR);
            case "depends-ms" -> dependency(v, DependencyKind.MILESTONE);
            case "waits-for" -> dependency(v, DependencyKind.WAITS_FOR);
            case "prepared-by" -> dependency(v, DependencyKind.PREPARED_BY);
            case "before" -> dependency(v, DependencyKind.BEFORE);
            case "after" -> dependency(v, DependencyKind.AFTER);
            case "depends-on.d" -> dependencyDir(f, line, DependencyKind.REGULAR);
            case "depends-ms.d" -> dependencyDir(f, line, DependencyKind.MILESTONE);
            case "waits-for.d" -> dependencyDir(f, line, DependencyKind.WAITS_FOR);
            case "log-type" -> logType = Values.parseLogType(v);
            case "logfile" -> {
                logfile = v;
                if (logType == LogType.NONE) {
                    logType = LogType.FILE;
                }
            }
            case "logfile-permissions" -> logfilePermissions = Values.parseOctalMode(v, s);
            case "logfile-uid" -> logfileOwner = Values.parseUser(v, s, ctx.users);
            case "logfile-gid" -> logfileGroup = Values.parseGroup(v, s, ctx.users);
            case "log-buffer-size" ->
                    logBufferSize = (int) Values.parseUnsigned(v, s, Integer.MAX_VALUE);
            case "consumer-of" -> {
                String target = serviceName(preLoad.apply(v), "consumer-of");
                if (target.equals(name)) {
                    throw new BadValueException("service cannot be its own consumer");
                }
                consumerOf = target;
            }
            case "socket-listen" -> socketPath = v;
            case "socket-permissions" -> socketPermissions = Values.parseOctalMode(v, s);
            case "socket-uid" -> socketOwner = Values.parseUser(v, s, ctx.users);
            case "socket-gid" -> socketGroup = Values.parseGroup(v, s, ctx.users);
            case "ready-notification" -> readyNotification = Values.parseReadyNotification(v);
            case "term-signal", "termsignal" -> termSignal = Values.parseSignal(v, s);
            case "rlimit-nofile" -> limits.put(ResourceKind.NOFILE, Values.parseLimit(v, s));
            case "rlimit-core" -> limits.put(ResourceKind.CORE, Values.parseLimit(v, s));
            case "rlimit-data" -> limits.put(ResourceKind.DATA, Values.parseLimit(v, s));
            case "rlimit-addrspace" ->
                    limits.put(ResourceKind.ADDRSPACE, Values.parseLimit(v, s));
            case "nice" -> nice = (int) Values.parseSigned(v, s, Integer.MIN_VALUE / 2,
                    Integer.MAX_VALUE / 2);
            case "ioprio" -> ioPriority = Values.parseIoPriority(v);
            case "oom-score-adj" -> oomScoreAdj = (int) Values.parseSigned(v, s, -1000, 1000);
            case "run-in-cgroup" -> cgroup = v;
            case "capabilities" -> {
                checkCapabilities(v);
                capabilities = line.append() && capabilities != null ? capabilities + "," + v : v;
            }
            case "securebits" -> {
                Set<SecureBit> bits = Values.parseSecureBits(line.tokens());
                if (!line.append()) {
                    secureBits.clear();
                }
                secureBits.addAll(bits);
            }
            case "inittab-id" -> inittabId = limited(v, 4, s);
            case "inittab-line" -> inittabLine = limited(v, 32, s);
            case "options" -> options(line.tokens());
            case "load-options" -> loadOptions(line.tokens());
            // Not about a setting's value, so the message names no setting before the position.
            default -> error(f.display, line.line(), null, "unknown setting: '" + s + "'.");
        }
    }

    /** Upstream's message, listing the plugin types that exist too. */
    static String typeList(Set<String> known) {
        List<String> names = new ArrayList<>();
        for (String t : List.of("scripted", "process", "bgprocess", "internal", "triggered")) {
            if (known.contains(t)) {
                names.add('"' + t + '"');
            }
        }
        for (String t : new TreeSet<>(known)) {
            if (!LoadContext.BUILT_IN_TYPES.contains(t)) {
                names.add('"' + t + '"');
            }
        }
        if (names.isEmpty()) {
            return "no service types are available";
        }
        String last = names.remove(names.size() - 1);
        return "service type must be one of: " + String.join(", ", names) + " or " + last;
    }

    private static void replaceOrAppend(List<String> target, LexedLine line) {
        if (!line.append()) {
            target.clear();
        }
        target.addAll(line.tokens());
    }

    private static String limited(String v, int max, String setting) throws BadValueException {
        if (v.length() > max) {
            throw new BadValueException("value too long (at most " + max + " characters) for "
                    + setting);
        }
        return v;
    }

    private void dependency(String raw, DependencyKind kind) throws BadValueException {
        String target = serviceName(preLoad.apply(raw), "dependency");
        // A service ordered before or after itself is a cycle, found as the others are: the
        // daemon's loader fails it as upstream's does, dinit-check's secondary checks show it.
        dependencies.add(new Dependency(target, kind));
    }

    private void dependencyDir(Fragment f, LexedLine line, DependencyKind kind)
            throws BadValueException {
        String written = preLoad.apply(line.value());
        Path dir = resolve(f.openedDir, written);
        if (dir == null) {
            throw new BadValueException("invalid path '" + written + "'");
        }
        List<String> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                entries.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            problems.add(new LoadProblem(name, null, 0, null, "error reading dependencies from"
                    + " directory " + written + ": " + Errno.describe(e),
                    LoadProblem.Severity.NOTICE, true, "Could not open dependency directory '"
                            + dir + "' for " + name + " service."));
            return;
        }
        // Directory order is arbitrary; sorting makes loading reproducible.
        entries.sort(null);
        for (String entry : entries) {
            if (!isValidName(entry)) {
                continue;
            }
            int at = entry.indexOf('@');
            String base = at < 0 ? entry : entry.substring(0, at);
            if (ctx.dirs.find(base) instanceof ServiceDirectories.NotFound) {
                problems.add(new LoadProblem(name, f.display, line.line(), line.name(),
                        "dependency '" + entry + "' from directory " + written
                                + ": service description not found; ignored",
                        LoadProblem.Severity.LINT, false, "Ignoring unresolved dependency '"
                                + entry + "' in dependency directory '" + written + "' for "
                                + name + " service."));
                continue;
            }
            dependencies.add(new Dependency(entry, kind));
        }
    }

    private void options(List<String> words) throws BadValueException {
        for (String w : words) {
            ServiceOption o = ServiceOption.fromWord(w);
            if (o == null) {
                throw new BadValueException("unknown option: " + w);
            }
            // The console options override each other in line order.
            switch (o) {
                case RUNS_ON_CONSOLE -> {
                    options.remove(ServiceOption.SHARES_CONSOLE);
                    options.add(ServiceOption.STARTS_ON_CONSOLE);
                }
                case STARTS_ON_CONSOLE -> options.remove(ServiceOption.SHARES_CONSOLE);
                case SHARES_CONSOLE -> {
                    options.remove(ServiceOption.RUNS_ON_CONSOLE);
                    options.remove(ServiceOption.STARTS_ON_CONSOLE);
                }
                default -> { }
            }
            options.add(o);
        }
    }

    private void loadOptions(List<String> words) throws BadValueException {
        for (String w : words) {
            LoadOption o = LoadOption.fromWord(w);
            if (o == null) {
                throw new BadValueException("unknown load option: " + w);
            }
            loadOptions.add(o);
        }
    }

    // ---------------------------------------------------------------------------------------
    // After the last line

    private ServiceDescription finish(ServiceDescription.Source source) {
        boolean processBased = type.equals("process") || type.equals("bgprocess")
                || type.equals("scripted");
        // 1. The service environment: load-option variables, then the env-file.
        Map<String, String> loadVars = new LinkedHashMap<>();
        exportLoadOptionVariables(loadVars);
        ServiceEnvironment environment = new ServiceEnvironment(false, Map.of(), loadVars);
        if (envFile != null) {
            Path file = resolve(envFileDir, envFile);
            try {
                if (file == null) {
                    throw new TextFiles.NotReadable("invalid path");
                }
                EnvFile parsed = EnvFile.parse(TextFiles.read(file));
                environment = parsed.toServiceEnvironment(loadVars);
                // The daemon skips bad lines silently; dinit-check reports them.
                for (EnvFile.Warning w : parsed.warnings()) {
                    problems.add(new LoadProblem(name, null, 0, null,
                            (w.kind() == EnvFile.Warning.Kind.INVALID_SETTING
                                    ? "invalid environment variable setting"
                                    : "bad command") + " in environment file " + envFile
                                    + " (line " + w.line() + ")",
                            LoadProblem.Severity.NOTICE, false));
                }
            } catch (IOException e) {
                general("env-file", "could not read environment file '" + envFile + "': "
                        + Errno.describe(e));
            }
        }
        // 2-4. Required settings and type restrictions.
        if (processBased && command.isEmpty()) {
            general(null, "'command' setting not specified.");
        }
        if (type.equals("bgprocess")) {
            if (pidFile == null) {
                general(null, "process ID file ('pid-file') not specified for bgprocess"
                        + " service.");
            }
            if (readyNotification != null) {
                general(null, "readiness notification ('ready-notification') is not supported"
                        + " for bgprocess services.");
            }
        }
        if (options.contains(ServiceOption.KILL_ALL_ON_STOP)
                && !(type.equals("scripted") || type.equals("internal"))) {
            general(null, "kill-all-on-stop can only be set on scripted or internal"
                    + " services.");
        }
        if (consumerOf != null && !(type.equals("process") || type.equals("bgprocess"))) {
            general(null, "only a process or bgprocess service can be a log consumer"
                    + " ('consumer-of') of another service.");
        }
        lintIgnoredSettings(processBased);
        if (given.containsKey("logfile") && logType != LogType.FILE) {
            lint("option 'logfile' was specified, but selected log type is not 'file'");
        }
        if (logType == LogType.FILE && logfile == null) {
            lint("option 'logfile' not set, but selected log type is 'file'");
        }
        // 5. Post-load substitution in the service environment.
        Map<String, String> serviceEnv = environment.resolve(ctx.globalEnv);
        Substitution postLoad = new Substitution(serviceEnv::get, argument);
        List<String> cmd = substituteCommand(postLoad, command, "command");
        List<String> stopCmd = substituteCommand(postLoad, stopCommand, "stop-command");
        String wd = substituteValue(postLoad, workingDir, "working-dir");
        String log = substituteValue(postLoad, logfile, "logfile");
        String pid = substituteValue(postLoad, pidFile, "pid-file");
        String socket = substituteValue(postLoad, socketPath, "socket-listen");
        postLoadSubstituted = postLoad.usedVariables();
        // Built even after errors: dinit-check goes on to check what could be read.
        // 6-7. Defaults that depend on other settings; a logfile only for log-type file.
        int logGroup = logfileGroup >= 0 ? logfileGroup
                : logfileOwner != null && logfileOwner.name() != null ? logfileOwner.gid() : -1;
        int sockGroup = socketGroup >= 0 ? socketGroup
                : socketOwner != null && socketOwner.name() != null ? socketOwner.gid() : -1;
        if (logType != LogType.FILE) {
            log = null;
        }
        ProcessSettings process = new ProcessSettings(cmd, stopCmd, wd, runAs, pid,
                readyNotification, termSignal, limits, nice, ioPriority, oomScoreAdj, cgroup,
                capabilities, secureBits, inittabId, inittabLine);
        RestartSettings restartSettings = new RestartSettings(restart, smoothRecovery,
                restartDelay, restartLimitInterval, restartLimitCount, startTimeout, stopTimeout);
        LogSettings logSettings = new LogSettings(logType, log, logfilePermissions, logfileOwner,
                logGroup, logBufferSize);
        SocketSettings socketSettings = new SocketSettings(socket, socketPermissions, socketOwner,
                sockGroup);
        return new ServiceDescription(name, type, process, restartSettings, logSettings,
                socketSettings, dependencies, options, loadOptions, environment, envFile, chainTo,
                consumerOf, enableVia, source);
    }

    private void exportLoadOptionVariables(Map<String, String> vars) {
        if (loadOptions.contains(LoadOption.EXPORT_PASSWD_VARS)) {
            int uid = runAs != null ? runAs.uid() : ctx.uid;
            UserDatabase.PasswdEntry pw = ctx.users.lookupUid(uid);
            if (pw == null) {
                general("load-options", "cannot export passwd variables: user id " + uid
                        + " is not in the system database");
            } else {
                vars.put("USER", pw.name());
                vars.put("LOGNAME", pw.name());
                vars.put("HOME", pw.home());
                vars.put("SHELL", pw.shell());
                vars.put("UID", Integer.toString(pw.uid()));
                vars.put("GID", Integer.toString(pw.gid()));
            }
        }
        if (loadOptions.contains(LoadOption.EXPORT_SERVICE_NAME)) {
            int at = name.indexOf('@');
            vars.put("DINIT_SERVICE", at < 0 ? name : name.substring(0, at));
        }
    }

    /** dinit-check's lint: settings that the chosen type ignores, in upstream's words. */
    private void lintIgnoredSettings(boolean processBased) {
        if (processBased) {
            return;
        }
        for (String s : List.of("command", "stop-command", "working-dir", "run-in-cgroup",
                "run-as", "socket-listen", "capabilities", "securebits", "nice", "ioprio",
                "oom-score-adj")) {
            if (given.containsKey(s)) {
                lint("'" + s + "' " + IGNORED_FOR_TYPE);
            }
        }
        if (given.containsKey("inittab-id") || given.containsKey("inittab-line")) {
            lint("'inittab-line' or 'inittab-id' " + IGNORED_FOR_TYPE);
        }
        if (options.contains(ServiceOption.SIGNAL_PROCESS_ONLY)
                || options.contains(ServiceOption.START_INTERRUPTIBLE)) {
            lint("signal options were " + IGNORED_FOR_TYPE);
        }
        for (ServiceOption o : List.of(ServiceOption.PASS_CS_FD, ServiceOption.SKIPPABLE,
                ServiceOption.NO_NEW_PRIVS)) {
            if (options.contains(o)) {
                lint("option '" + o.word() + "' was " + IGNORED_FOR_TYPE);
            }
        }
        if (logType != LogType.NONE) {
            lint("option 'log-type' was " + IGNORED_FOR_TYPE);
        }
    }

    private void lint(String message) {
        problems.add(new LoadProblem(name, null, 0, null, message, true));
    }

    private List<String> substituteCommand(Substitution sub, List<String> tokens, String setting) {
        try {
            return sub.applyToCommand(tokens);
        } catch (BadValueException e) {
            atSetting(setting, e.getMessage());
            return List.of();
        }
    }

    private String substituteValue(Substitution sub, String value, String setting) {
        if (value == null) {
            return null;
        }
        try {
            return sub.apply(value);
        } catch (BadValueException e) {
            atSetting(setting, e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Names and problems

    /**
     * The enforced rule for service names: not empty, not starting with '.' or '@', at most
     * 65535 bytes.
     */
    static boolean isValidName(String n) {
        // A NUL cannot be part of a name: upstream's names are C strings.
        return !n.isEmpty() && n.charAt(0) != '.' && n.charAt(0) != '@' && n.indexOf('\0') < 0
                && n.getBytes(StandardCharsets.UTF_8).length <= 65535;
    }

    private static String serviceName(String n, String what) throws BadValueException {
        if (!isValidName(n)) {
            throw new BadValueException("invalid " + what + " name '" + n + "'");
        }
        return n;
    }

    private static String withSetting(String setting, String message) {
        return message.contains(setting) ? message : setting + ": " + message;
    }

    /** Resolves a path from a service file, or null if it is not a valid path (a NUL). */
    private static Path resolve(Path base, String path) {
        try {
            return base.resolve(path);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The file with symlinks followed, or its absolute path if that fails. */
    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath();
        }
    }

    private void error(String file, int line, String setting, String message) {
        failed = true;
        problems.add(new LoadProblem(name, file, line, setting, message, false));
    }

    /** An error about a setting found after the last line: placed at the setting's line. */
    private void atSetting(String setting, String message) {
        Position p = given.get(setting);
        if (p == null) {
            general(setting, message);
        } else {
            error(p.file(), p.line(), setting, withSetting(setting, message));
        }
    }

    private void general(String setting, String message) {
        failed = true;
        problems.add(new LoadProblem(name, null, 0, setting, message, false));
    }
}
