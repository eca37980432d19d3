package io.dinitj.core.load;

import io.dinitj.api.description.CapabilityIab;
import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.DinitTypeNames;
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
import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.description.TypeSettings;
import io.dinitj.api.description.UserSpec;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.spi.TypeCapability;
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
import java.util.HashSet;
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

    /** Every setting name, so that an unknown one is reported as such even with {@code +=}. */
    static final Set<String> SETTINGS = Set.of(
            "type", "command", "stop-command", "working-dir", "run-as", "env-file", "chain-to",
            "pid-file", "restart", "smooth-recovery", "restart-delay",
            "restart-limit-interval", "restart-limit-count", "start-timeout", "stop-timeout",
            "depends-on", "depends-ms", "waits-for", "prepared-by", "before", "after",
            "depends-on.d", "depends-ms.d", "waits-for.d", "log-type", "logfile",
            "logfile-permissions", "logfile-uid", "logfile-gid", "log-buffer-size",
            "consumer-of", "socket-listen", "socket-permissions", "socket-uid", "socket-gid",
            "ready-notification", "term-signal", "termsignal", "rlimit-nofile", "rlimit-core",
            "rlimit-data", "rlimit-addrspace", "nice", "ioprio", "oom-score-adj",
            "run-in-cgroup", "capabilities", "securebits", "inittab-id", "inittab-line",
            "options", "load-options");

    static final int MAX_INCLUDE_DEPTH = 32;
    static final int MAX_INCLUDES = 1000;
    /** Upstream's lint text; its variant for socket-listen has a stray quote, not copied. */
    static final String IGNORED_FOR_TYPE =
            "specified, but ignored for the specified (or default) service type.";

    /**
     * The outcome of parsing one file. What it names, and a partial description, are kept even
     * when it has errors, so that dinit-check can go on to check them. {@code failure} is how a
     * load that fails here is answered ({@link #failureKind}); null if the file was read
     * without error.
     */
    record Result(ServiceDescription description, List<LoadProblem> problems,
            boolean substituted, List<String> named, ServiceDescription partial,
            List<DependencySetting> dependencySettings, LoadOutcome.Failure failure,
            int substitutedAt) {
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
    /** dinit-check's reading: {@code .d} entries unfiltered, {@code @meta} not checked. */
    private final boolean forCheck;
    private boolean failed;
    /** An error was found in the text itself (see {@link #noteKind}). */
    private boolean descriptionError;
    /** The lines are read; errors found now are load errors. */
    private boolean finishing;
    /** Whether a problem of upstream's kind that stops reading the file was found. */
    private boolean fatal;
    /** Set when the exception being thrown came from substituting a value. */
    private boolean substitutionFailed;
    /** The service an error is reported for, when upstream names another (see dependency). */
    private String blame;
    /** How many problems were recorded when variable substitution was first used, or -1. */
    private int substitutedAt = -1;
    private boolean postLoadSubstituted;
    private int includes;

    private String type = DinitTypeNames.defaultType();
    /** The last {@code type =} line was refused: type settings are not checked against it. */
    private boolean typeFailed;
    /** The {@code TYPE.NAME} lines in file order, checked after the last line. */
    private final List<TypeLine> typeLines = new ArrayList<>();
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
    /** The dependency settings as written, after substitution (for dinitctl enable). */
    private final List<DependencySetting> dependencySettings = new ArrayList<>();
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

    /** One {@code TYPE.NAME = value} line as read: the value is substituted after the last line. */
    private record TypeLine(String name, String value, boolean append, String file, int line) {
    }

    private ServiceFileParser(String name, LoadContext ctx, boolean forCheck) {
        this.name = name;
        this.forCheck = forCheck;
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
     * @param forCheck true for dinit-check's reading, as upstream's dinit-check does it: every
     *     valid name in a {@code .d} directory is a dependency, found or not (the daemon warns
     *     and skips one that is not found), and {@code @meta} lines are not checked
     * @return the description, or the problems that prevent it
     */
    static Result parse(String name, ServiceDirectories.Found found, LoadContext ctx,
            boolean forCheck) {
        return new ServiceFileParser(name, ctx, forCheck).run(found);
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
                    + IoErrorText.describe(e), LoadProblem.Severity.ERROR, true));
            if (forCheck) {
                problems.add(DescriptionLoader.unreadable(name, display));
            }
            return new Result(null, problems, false, List.of(), null, List.of(),
                    LoadOutcome.Failure.LOAD_ERROR, -1);
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
                case ERROR -> {
                    if (isFatalLexError(line.error())) {
                        fatal(f.display, line.line(), line.error());
                    } else {
                        error(f.display, line.line(), null, line.error());
                    }
                }
                case META -> {
                    int before = problems.size();
                    boolean used = preLoad.usedVariables();
                    meta(f, line, stack);
                    markSubstitution(used, preLoad, before);
                }
                case SETTING -> {
                    given.put(line.name(), new Position(f.display, line.line()));
                    int before = problems.size();
                    boolean used = preLoad.usedVariables();
                    try {
                        setting(f, line);
                    } catch (BadValueException e) {
                        // Upstream logs a message that names its setting without the setting.
                        settingError(f.display, line.line(),
                                e.namesSetting() ? null : line.name(), e.getMessage());
                    }
                    markSubstitution(used, preLoad, before);
                }
            }
        }
        finishing = true;
        int linesEnd = problems.size();
        boolean fatalInLines = fatal;
        ServiceDescription d = finish(new ServiceDescription.Source(display,
                found.directory().toString(), modified));
        if (fatalInLines) {
            // Upstream stops reading at such a problem and never reaches the checks after the
            // last line; the problems of other lines are still all reported (deliberately).
            problems.subList(linesEnd, problems.size()).clear();
            if (substitutedAt > linesEnd) {
                substitutedAt = -1;
            }
        }
        List<String> named = new ArrayList<>();
        dependencies.forEach(dep -> named.add(dep.name()));
        if (chainTo != null) {
            named.add(chainTo);
        }
        if (consumerOf != null) {
            named.add(consumerOf);
        }
        return new Result(failed ? null : d, problems,
                preLoad.usedVariables() || postLoadSubstituted, named, d,
                List.copyOf(dependencySettings), failed ? failureKind() : null, substitutedAt);
    }

    // ---------------------------------------------------------------------------------------
    // Meta-commands

    private void meta(Fragment f, LexedLine line, Deque<Fragment> stack) {
        String cmd = line.name();
        if (cmd.equals("meta")) {
            List<String> t = line.tokens();
            if (t.size() >= 1 && t.get(0).equals("enable-via")) {
                if (t.size() != 2 || !isValidName(t.get(1)) || t.get(1).indexOf('@') >= 0) {
                    if (forCheck) {
                        // Upstream's dinit-check does not look at @meta lines.
                        return;
                    }
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
            fatal(f.display, line.line(), ServiceFileLexer.BAD_META);
            return;
        }
        if (line.tokens().size() != 1) {
            fatal(f.display, line.line(), "'@" + cmd + "' requires a single argument");
            return;
        }
        String path;
        try {
            path = preLoad.apply(line.tokens().get(0));
        } catch (BadValueException e) {
            fatal(f.display, line.line(), e.getMessage());
            return;
        }
        if (stack.size() > MAX_INCLUDE_DEPTH) {
            fatal(f.display, line.line(), "'@" + cmd + "' nested more than "
                    + MAX_INCLUDE_DEPTH + " deep (is a file including itself?)");
            return;
        }
        if (++includes > MAX_INCLUDES) {
            // Without a total, a few files that each include the next twice would expand
            // exponentially within the depth limit.
            fatal(f.display, line.line(), "more than " + MAX_INCLUDES
                    + " '@include' directives processed for one service");
            return;
        }
        Path file = resolve(f.realDir, path);
        if (file == null) {
            fatal(f.display, line.line(), path + ": cannot open: invalid path");
            return;
        }
        Path real = realPath(file);
        for (Fragment open : stack) {
            if (real.equals(open.realFile)) {
                fatal(f.display, line.line(), path + ": '@" + cmd + "' of a file that is"
                        + " already being read (an include loop)");
                return;
            }
        }
        String text;
        try {
            text = TextFiles.read(file);
        } catch (NoSuchFileException e) {
            if (!optional) {
                fatal(f.display, line.line(), path + ": cannot open: " + IoErrorText.describe(e));
            }
            return;
        } catch (IOException e) {
            fatal(f.display, line.line(), path + ": cannot open: " + IoErrorText.describe(e));
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
            throw new BadValueException("invalid capabilities: " + v);
        }
    }

    private void setting(Fragment f, LexedLine line) throws BadValueException {
        String s = line.name();
        if (line.append() && SETTINGS.contains(s) && !(s.equals("command") || s.equals("stop-command")
                || s.equals("capabilities") || s.equals("securebits"))) {
            throw new BadValueException("cannot use '+=' with setting '" + s + "'");
        }
        String v = line.value();
        if (s.indexOf('.') >= 0 && !SETTINGS.contains(s)) {
            // A type's own setting: checked once the type is known (its line may come later).
            typeLines.add(new TypeLine(s, v, line.append(), f.display, line.line()));
            return;
        }
        switch (s) {
            case "type" -> {
                typeFailed = true;
                String clash = ctx.types.clashes().get(v);
                if (clash != null) {
                    throw new BadValueException(clash);
                }
                if (!ctx.types.provides(v)) {
                    throw new BadValueException(unknownType(v, ctx.types.names()));
                }
                type = v;
                typeFailed = false;
            }
            case "command" -> replaceOrAppend(command, line);
            case "stop-command" -> replaceOrAppend(stopCommand, line);
            case "working-dir" -> workingDir = v;
            case "run-as" -> runAs = Values.parseUser(v, s, ctx.users);
            case "env-file" -> {
                envFile = resolved(v);
                envFileDir = f.realDir;
            }
            case "chain-to" -> chainTo = serviceName(resolved(v), "invalid chain-to service name");
            case "pid-file" -> pidFile = v;
            case "restart" -> restart = Values.parseRestart(v);
            case "smooth-recovery" -> smoothRecovery = Values.parseBool(v, s);
            case "restart-delay" -> restartDelay = Values.parseTime(v, s);
            case "restart-limit-interval" -> restartLimitInterval = Values.parseTime(v, s);
            case "restart-limit-count" ->
                    restartLimitCount = (int) Values.parseUnsigned(v, s, Integer.MAX_VALUE);
            case "start-timeout" -> startTimeout = Values.parseTime(v, s);
            case "stop-timeout" -> stopTimeout = Values.parseTime(v, s);
            case "depends-on" -> dependency(f, line, DependencyKind.REGULAR);
            case "depends-ms" -> dependency(f, line, DependencyKind.MILESTONE);
            case "waits-for" -> dependency(f, line, DependencyKind.WAITS_FOR);
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
                String target = serviceName(resolved(v), "invalid service name");
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

    /**
     * The message for a type the loader does not accept: upstream's list of the types there are,
     * and first, for one of Dinit's own types whose plugin is not loaded (the daemon accepts only
     * types a plugin provides), that this is what is wrong, not the service file's spelling.
     */
    static String unknownType(String type, Set<String> known) {
        String list = typeList(known);
        return DinitTypeNames.isDinitType(type)
                ? "no loaded plugin provides service type '" + type + "' (is its plugin jar"
                        + " missing from the class path?); " + list
                : list;
    }

    /** Upstream's message, listing the plugin types that exist too. */
    static String typeList(Set<String> known) {
        List<String> names = new ArrayList<>();
        for (String t : DinitTypeNames.dinitTypes()) {
            if (known.contains(t)) {
                names.add('"' + t + '"');
            }
        }
        for (String t : new TreeSet<>(known)) {
            if (!DinitTypeNames.isDinitType(t)) {
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
        if (v.getBytes(StandardCharsets.UTF_8).length > max) {
            throw new BadValueException(setting + " setting is too long");
        }
        return v;
    }

    private void dependency(Fragment f, LexedLine line, DependencyKind kind)
            throws BadValueException {
        String written = resolved(line.value());
        dependencySettings.add(new DependencySetting(line.name(), written, null, f.display,
                line.line()));
        addDependency(written, kind);
    }

    private void dependency(String raw, DependencyKind kind) throws BadValueException {
        addDependency(resolved(raw), kind);
    }

    private void addDependency(String target, DependencyKind kind)
            throws BadValueException {
        if (!isValidName(target)) {
            if (kind.isOrdering()) {
                throw new BadValueException("invalid service name '" + target + "'");
            }
            // Upstream reports this one as a problem of a service named as the dependency.
            blame = target;
            throw new BadValueException("invalid dependency name '" + target + "'");
        }
        // A service ordered before or after itself is a cycle, found as the others are: the
        // daemon's loader fails it as upstream's does, dinit-check's secondary checks show it.
        dependencies.add(new Dependency(target, kind));
    }

    private void dependencyDir(Fragment f, LexedLine line, DependencyKind kind)
            throws BadValueException {
        String written = resolved(line.value());
        Path dir = resolve(f.openedDir, written);
        if (dir == null) {
            throw new BadValueException("invalid path '" + written + "'");
        }
        dependencySettings.add(new DependencySetting(line.name(), written, dir, f.display,
                line.line()));
        List<String> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                entries.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            problems.add(new LoadProblem(name, null, 0, null, "error reading dependencies from"
                    + " directory " + written + ": " + IoErrorText.describe(e),
                    LoadProblem.Severity.NOTICE, true, "Could not open dependency directory '"
                            + dir + "' for " + name + " service."));
            return;
        }
        // Directory order, as upstream reads it (and so dinit-check visits it).
        for (String entry : entries) {
            if (!isValidName(entry)) {
                continue;
            }
            if (forCheck) {
                dependencies.add(new Dependency(entry, kind));
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
        // What the type declares decides the checks, never its name.
        Set<TypeCapability> can = ctx.types.capabilities(type);
        boolean runsCommand = can.contains(TypeCapability.RUNS_COMMAND);
        // In upstream's order, which is the order dinit-check prints the problems in.
        // 1. The service environment: load-option variables, then the env-file (whose bad lines
        // the daemon logs and skips, and dinit-check skips silently, as upstream's does).
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
                for (EnvFile.Warning w : forCheck ? List.<EnvFile.Warning>of() : parsed.warnings()) {
                    problems.add(new LoadProblem(name, null, 0, null,
                            (w.kind() == EnvFile.Warning.Kind.INVALID_SETTING
                                    ? "invalid environment variable setting"
                                    : "bad command") + " in environment file " + envFile
                                    + " (line " + w.line() + ")",
                            LoadProblem.Severity.NOTICE, false));
                }
            } catch (IOException e) {
                general(null, "could not load environment file: " + IoErrorText.describe(e));
            }
        }
        // 2-4. Required settings and type restrictions, with dinit-check's lint among them.
        if (runsCommand && command.isEmpty()) {
            general(null, "'command' setting not specified.");
        }
        if (!runsCommand) {
            lintIgnoredSettings();
        }
        if (given.containsKey("logfile") && logType != LogType.FILE) {
            lint("option 'logfile' was specified, but selected log type is not 'file'");
        }
        if (logType == LogType.FILE && logfile == null) {
            lint("option 'logfile' not set, but selected log type is 'file'");
        }
        if (can.contains(TypeCapability.PID_FILE)) {
            // Upstream's words name bgprocess, the one type of Dinit's that has a pid file.
            if (pidFile == null) {
                general(null, "process ID file ('pid-file') not specified for " + type
                        + " service.");
            }
            if (readyNotification != null) {
                general(null, "readiness notification ('ready-notification') is not supported"
                        + " for " + type + " services.");
            }
        }
        if (options.contains(ServiceOption.KILL_ALL_ON_STOP)
                && !can.contains(TypeCapability.KILL_ALL_ON_STOP)) {
            general(null, "kill-all-on-stop can only be set on scripted or internal"
                    + " services.");
        }
        // 5. Post-load substitution in the service environment. A bad path is reported and
        // reading goes on; a bad command stops it, as upstream's loader throws there.
        Map<String, String> serviceEnv = environment.resolve(ctx.globalEnv);
        Substitution postLoad = new Substitution(serviceEnv::get, argument);
        String socket = substituteValue(postLoad, socketPath, "socket-listen");
        String log = substituteValue(postLoad, logfile, "logfile");
        String wd = substituteValue(postLoad, workingDir, "working-dir");
        String pid = substituteValue(postLoad, pidFile, "pid-file");
        List<String> cmd = substituteCommand(postLoad, command);
        List<String> stopCmd = fatal ? List.of() : substituteCommand(postLoad, stopCommand);
        TypeSettings typeSettings = fatal ? TypeSettings.none() : typeSettings(postLoad);
        postLoadSubstituted = postLoad.usedVariables();
        if (!fatal && consumerOf != null && !can.contains(TypeCapability.LOG_CONSUMER)) {
            general(null, "only a process or bgprocess service can be a log consumer"
                    + " ('consumer-of') another service.");
        }
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
                consumerOf, enableVia, source, typeSettings);
    }

    /**
     * Checks the {@code TYPE.NAME} lines against the settings the service's type declares,
     * substitutes their values as {@code working-dir}'s (post-load, whole value) and parses
     * them (docs/service-format.md §14). Every problem is reported at its line; a required
     * setting not given is reported as a missing {@code command} is.
     */
    private TypeSettings typeSettings(Substitution postLoad) {
        if (typeFailed) {
            // The type line's error says what is wrong; its settings cannot be judged.
            return TypeSettings.none();
        }
        List<TypeSetting<?>> declared = ctx.types.settings(type);
        if (typeLines.isEmpty() && declared.isEmpty()) {
            return TypeSettings.none();
        }
        Map<String, TypeSetting<?>> byName = new LinkedHashMap<>();
        for (TypeSetting<?> d : declared) {
            byName.put(d.name(), d);
        }
        Map<String, List<Object>> values = new LinkedHashMap<>();
        Set<String> attempted = new HashSet<>();
        for (TypeLine l : typeLines) {
            int dot = l.name().indexOf('.');
            String owner = l.name().substring(0, dot);
            String key = l.name().substring(dot + 1);
            if (!owner.equals(type)) {
                typeSettingError(l, "setting '" + l.name() + "' belongs to service type '"
                        + owner + "'" + (ctx.types.names().contains(owner) ? ""
                                : " (which no loaded plugin provides)")
                        + ", but this service's type is '" + type + "'");
                continue;
            }
            TypeSetting<?> setting = byName.get(key);
            if (setting == null) {
                typeSettingError(l, "unknown setting '" + l.name() + "' for service type '"
                        + type + "'" + knownSettings(declared));
                continue;
            }
            attempted.add(key);
            if (l.append() && !setting.repeatable()) {
                typeSettingError(l, "cannot use '+=' with setting '" + l.name() + "'");
                continue;
            }
            int before = problems.size();
            String text = substituteValue(postLoad, l.value(), l.name());
            if (problems.size() != before) {
                continue;
            }
            Object value = parse(l, setting, text);
            if (value == null) {
                continue;
            }
            if (!setting.repeatable()) {
                values.remove(key);
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        for (TypeSetting<?> d : declared) {
            if (d.required() && !attempted.contains(d.name())) {
                general(null, "'" + type + "." + d.name() + "' setting not specified.");
            }
        }
        return TypeSettings.of(values);
    }

    /** The value of a type setting, or null after reporting why there is none. */
    private Object parse(TypeLine l, TypeSetting<?> setting, String text) {
        try {
            Object value = setting.parser().parse(text);
            if (value == null) {
                typeSettingError(l, "bad value for " + l.name() + ": the type's parser gave"
                        + " no value");
            }
            return value;
        } catch (IllegalArgumentException e) {
            typeSettingError(l, "bad value for " + l.name() + ": " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // A plugin's parser that fails otherwise is the plugin's bug, not the file's; the
            // service still does not load, and nothing else is affected.
            typeSettingError(l, "bad value for " + l.name() + ": the type's parser failed: "
                    + e);
        }
        return null;
    }

    private String knownSettings(List<TypeSetting<?>> declared) {
        if (declared.isEmpty()) {
            return ", which has no settings of its own";
        }
        List<String> names = new ArrayList<>();
        for (TypeSetting<?> d : declared) {
            names.add(type + "." + d.name());
        }
        return "; its settings are: " + String.join(", ", names);
    }

    /**
     * An error in a type setting's line: found after the last line, yet an error in the text
     * read, so a description error as a bad value of Dinit's is. The message names the setting.
     */
    private void typeSettingError(TypeLine l, String message) {
        failed = true;
        descriptionError = true;
        problems.add(new LoadProblem(name, l.file(), l.line(), null, message, false));
    }

    private void exportLoadOptionVariables(Map<String, String> vars) {
        if (loadOptions.contains(LoadOption.EXPORT_PASSWD_VARS)) {
            int uid = runAs != null ? runAs.uid() : ctx.uid;
            UserDatabase.PasswdEntry pw = ctx.users.lookupUid(uid);
            if (pw == null) {
                general(null, "user id '" + Integer.toUnsignedString(uid) + "' does not exist in"
                        + " system database");
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

    /**
     * dinit-check's lint for an internal or triggered service: settings that the type ignores,
     * in upstream's words and order.
     */
    private void lintIgnoredSettings() {
        for (String s : List.of("command", "stop-command", "working-dir", "run-in-cgroup",
                "capabilities", "securebits", "run-as", "socket-listen")) {
            if (given.containsKey(s)) {
                lint("'" + s + "' " + IGNORED_FOR_TYPE);
            }
        }
        if (given.containsKey("inittab-id") || given.containsKey("inittab-line")) {
            lint("'inittab_line' or 'inittab_id' " + IGNORED_FOR_TYPE);
        }
        if (options.contains(ServiceOption.SIGNAL_PROCESS_ONLY)
                || options.contains(ServiceOption.START_INTERRUPTIBLE)) {
            lint("signal options were " + IGNORED_FOR_TYPE);
        }
        // Upstream names these options with underscores.
        if (options.contains(ServiceOption.PASS_CS_FD)) {
            lint("option 'pass_cs_fd' was " + IGNORED_FOR_TYPE);
        }
        if (options.contains(ServiceOption.SKIPPABLE)) {
            lint("option 'skippable' was " + IGNORED_FOR_TYPE);
        }
        if (options.contains(ServiceOption.NO_NEW_PRIVS)) {
            lint("option 'no_new_privs' was " + IGNORED_FOR_TYPE);
        }
        if (logType != LogType.NONE) {
            lint("option 'log_type' was " + IGNORED_FOR_TYPE);
        }
        for (String s : List.of("nice", "ioprio", "oom-score-adj")) {
            if (given.containsKey(s)) {
                lint("option '" + s + "' was " + IGNORED_FOR_TYPE);
            }
        }
    }

    private void lint(String message) {
        problems.add(new LoadProblem(name, null, 0, null, message, true));
    }

    private List<String> substituteCommand(Substitution sub, List<String> tokens) {
        int before = problems.size();
        boolean used = sub.usedVariables();
        try {
            return sub.applyToCommand(tokens);
        } catch (BadValueException e) {
            fatal(null, 0, e.getMessage());
            return List.of();
        } finally {
            markSubstitution(used, sub, before);
        }
    }

    private String substituteValue(Substitution sub, String value, String setting) {
        if (value == null) {
            return null;
        }
        int before = problems.size();
        boolean used = sub.usedVariables();
        try {
            return sub.apply(value);
        } catch (BadValueException e) {
            general(null, setting + ": " + e.getMessage());
            // Upstream keeps the value as written, and dinit-check's lint looks at that.
            return value;
        } finally {
            markSubstitution(used, sub, before);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Names and problems

    /**
     * The enforced rule for service names: not empty, not starting with '.' or '@', no
     * {@code ..} path segment before any '@', at most 65535 bytes.
     */
    static boolean isValidName(String n) {
        // A NUL cannot be part of a name: upstream's names are C strings.
        return !n.isEmpty() && n.charAt(0) != '.' && n.charAt(0) != '@' && n.indexOf('\0') < 0
                && !climbsOut(n) && n.getBytes(StandardCharsets.UTF_8).length <= 65535;
    }

    /**
     * True when the file part of a name (before the first '@') has a {@code ..} segment, as
     * {@code a/../../etc/x}: joined to a service directory it would name a file outside it.
     * The argument after '@' is not a path and may hold anything.
     */
    private static boolean climbsOut(String n) {
        int at = n.indexOf('@');
        String base = at < 0 ? n : n.substring(0, at);
        return base.contains("/../") || base.endsWith("/..");
    }

    private static String serviceName(String n, String what) throws BadValueException {
        if (!isValidName(n)) {
            throw new BadValueException(what + " '" + n + "'");
        }
        return n;
    }

    /** Pre-load substitution of a value; a failure is reported at the setting, not the line. */
    private String resolved(String value) throws BadValueException {
        try {
            return preLoad.apply(value);
        } catch (BadValueException e) {
            substitutionFailed = true;
            throw e;
        }
    }

    /** Records where substitution was first used, if {@code sub} has just started using it. */
    private void markSubstitution(boolean usedBefore, Substitution sub, int problemsBefore) {
        if (!usedBefore && sub.usedVariables() && substitutedAt < 0) {
            substitutedAt = problemsBefore;
        }
    }

    /** Whether upstream stops reading the file at this lexer error. */
    private static boolean isFatalLexError(String message) {
        return message.equals(ServiceFileLexer.BADLY_FORMED)
                || message.equals(ServiceFileLexer.BAD_META)
                || message.equals(ServiceFileLexer.BAD_CONTINUATION)
                || message.equals(ServiceFileLexer.EOF_AFTER_BACKSLASH);
    }

    /**
     * Reports an error thrown by a setting: at the setting, without a line, if substituting its
     * value failed (as upstream does); else at the line.
     */
    private void settingError(String file, int line, String setting, String message) {
        String service = blame != null ? blame : name;
        blame = null;
        failed = true;
        noteKind();
        if (substitutionFailed) {
            substitutionFailed = false;
            problems.add(new LoadProblem(service, null, 0, setting, message, false));
        } else {
            problems.add(new LoadProblem(service, file, line, setting, message, false));
        }
    }

    /** An error at which upstream's loader stops reading the service (see Severity.FATAL). */
    private void fatal(String file, int line, String message) {
        failed = true;
        noteKind();
        fatal = true;
        problems.add(new LoadProblem(name, file, line, null, message,
                LoadProblem.Severity.FATAL, false));
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
        noteKind();
        problems.add(new LoadProblem(name, file, line, setting, message, false));
    }

    /** Notes whether an error was found while the lines were read (see {@link #failureKind}). */
    private void noteKind() {
        if (!finishing) {
            descriptionError = true;
        }
    }

    /**
     * Sorts a failed file as upstream's daemon does for its reply to LOADSERVICE, the one place
     * that decides it ({@link LoadLog#isDescriptionError} and the control reply follow
     * {@link LoadOutcome#failure()}): an error in the text read (syntax, a bad value) that is
     * located by line or setting is a description error (SERVICE_DESC_ERR). What the checks
     * after reading find (a required setting missing, the env-file unreadable, a post-load
     * substitution), an error upstream cannot place, and a file that cannot be read are load
     * errors (SERVICE_LOAD_ERR), and so is a cycle, which the loader finds (a service ordered
     * before or after itself included). Errors found while reading come first in the list, so
     * the first error decides.
     */
    private LoadOutcome.Failure failureKind() {
        if (!descriptionError) {
            return LoadOutcome.Failure.LOAD_ERROR;
        }
        for (LoadProblem p : problems) {
            if (!p.warning()) {
                return p.located() ? LoadOutcome.Failure.DESCRIPTION_ERROR
                        : LoadOutcome.Failure.LOAD_ERROR;
            }
        }
        return LoadOutcome.Failure.DESCRIPTION_ERROR;
    }

    private void general(String setting, String message) {
        failed = true;
        noteKind();
        problems.add(new LoadProblem(name, null, 0, setting, message, false));
    }
}
