package io.dinitj.shell.check;

import io.dinitj.core.load.IoErrorText;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.EnvFile;
import io.dinitj.core.load.FileUserDatabase;
import io.dinitj.core.load.LoadContext;
import io.dinitj.core.load.ProcessIds;
import io.dinitj.core.load.ServiceDirectories;
import io.dinitj.core.load.UserDatabase;
import io.dinitj.core.type.PluginDirectories;
import io.dinitj.core.type.ServiceTypes;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code dinit-check} command: checks service descriptions offline and reports errors and
 * likely mistakes with upstream Dinit's texts, options and exit status (docs/cli.md §3).
 *
 * <p>For each service, starting with those named ({@code boot} if none), it prints
 * {@code Checking service: <name>...}, reads the description as the daemon would, prints every
 * problem, runs the lint checks that need the file system, and queues every service the
 * description names. Then it reports consumers whose producer cannot feed them and one
 * dependency cycle, and ends with {@code No problems found.} (exit status 0) or
 * {@code One or more errors/warnings issued.} (exit status 1). Unlike upstream there is no
 * dependency depth limit: the loader and the cycle search use explicit work lists.
 *
 * <p>{@code --online} (ask a running daemon for its directories and environment) is not
 * available: this version has no control protocol client yet, so the option fails with a
 * one-line message and exit status 1 instead of pretending to work.
 *
 * <p>Not thread safe; {@link #run} may be called repeatedly.
 */
public final class DinitCheck {

    static final String ONLINE_UNAVAILABLE = "dinit-check: --online is not available yet: this"
            + " version has no control protocol client";

    /** The environment file read by default in system mode; a missing one is no error. */
    static final String SYSTEM_ENV_FILE = "/etc/dinit/environment";

    /** Far above any real environment file, as for the loader's files. */
    private static final int MAX_ENV_FILE_BYTES = 4 * 1024 * 1024;

    private DinitCheck() {
    }

    /**
     * Runs dinit-check on the command line and exits with its status.
     *
     * @param args the command line, without the program name
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(
                new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        int status = run(args, out, err, System.getenv(), ProcessIds.current().realUid());
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs dinit-check without exiting: everything the command does, testable in-process.
     * Information goes to {@code out}, errors and warnings to {@code err}, and {@code out} is
     * flushed before every write to {@code err}, so one stream given as both receives the text
     * in program order. Never throws: an unexpected failure is printed as
     * {@code dinit-check: <message>} and gives status 1.
     *
     * @param args the command line, without the program name
     * @param out standard output
     * @param err standard error
     * @param env the process environment: HOME and XDG_CONFIG_HOME choose the user-mode
     *     directories, and it is the environment substituted into descriptions (after any
     *     environment file)
     * @param uid the real user id; 0 selects system mode unless {@code --user} is given
     * @return the exit status, 0 or 1
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            int uid) {
        Reporter report = new Reporter(out, err);
        try {
            return check(args, report, env, uid);
        } catch (RuntimeException | Error e) {
            String m = e.getMessage();
            report.note("dinit-check: " + (m == null || m.isEmpty() ? e.toString() : m));
            return 1;
        } finally {
            report.flush();
        }
    }

    private static int check(String[] args, Reporter report, Map<String, String> env, int uid) {
        CheckOptions o;
        try {
            o = CheckOptions.parse(args, uid != 0);
        } catch (CheckOptions.UsageException e) {
            report.note(e.getMessage());
            return 1;
        }
        if (o.help) {
            report.text(CheckOptions.HELP);
            return 0;
        }
        if (o.online) {
            report.note(ONLINE_UNAVAILABLE);
            return 1;
        }
        ServiceDirectories dirs = directories(o, env, uid);
        Map<String, String> globalEnv = globalEnvironment(o, env, report);
        if (globalEnv == null) {
            return 1;
        }
        ServiceTypes types = ServiceTypes.discover(DinitCheck.class.getClassLoader(),
                PluginDirectories.of(o.pluginDirs, o.userMode, env, passwdHome(env, uid)));
        for (String problem : types.problems()) {
            report.error("dinit-check: warning: " + problem);
        }
        DescriptionLoader loader = new DescriptionLoader(LoadContext.forCheck(dirs,
                globalEnv, types, GetentUserDatabase.system()));
        return new Checker(loader, report).run(o.services);
    }

    /** The home directory from the password database when HOME is unset, else null. */
    private static String passwdHome(Map<String, String> env, int uid) {
        String home = env.get("HOME");
        UserDatabase.PasswdEntry pw = (home == null || home.isEmpty()) && uid >= 0
                ? FileUserDatabase.system().lookupUid(uid) : null;
        return pw == null ? null : pw.home();
    }

    /** The {@code -d} directories, else the defaults of the mode (docs/service-format.md §2). */
    private static ServiceDirectories directories(CheckOptions o, Map<String, String> env,
            int uid) {
        if (!o.serviceDirs.isEmpty()) {
            List<Path> paths = new ArrayList<>();
            for (String d : o.serviceDirs) {
                paths.add(Path.of(d));
            }
            return new ServiceDirectories(paths);
        }
        if (!o.userMode) {
            return ServiceDirectories.system();
        }
        return ServiceDirectories.user(env, passwdHome(env, uid));
    }

    /**
     * Applies the environment file to the process environment: the {@code -e} file, else in
     * system mode /etc/dinit/environment if it exists, else none. Prints a warning for each
     * line skipped.
     *
     * @return the environment, or null if the file could not be read (the error is printed)
     */
    private static Map<String, String> globalEnvironment(CheckOptions o, Map<String, String> env,
            Reporter report) {
        String file = o.envFile != null ? o.envFile : o.userMode ? null : SYSTEM_ENV_FILE;
        if (file == null) {
            return env;
        }
        String text;
        try {
            text = readEnvFile(Path.of(file));
        } catch (NoSuchFileException e) {
            if (o.envFile == null) {
                return env;
            }
            report.note(envFileError(file, IoErrorText.describe(e)));
            return null;
        } catch (IOException e) {
            report.note(envFileError(file, IoErrorText.describe(e)));
            return null;
        }
        EnvFile parsed = EnvFile.parse(text);
        for (EnvFile.Warning w : parsed.warnings()) {
            String what = w.kind() == EnvFile.Warning.Kind.BAD_COMMAND ? "bad command"
                    : "invalid environment variable setting";
            report.note("dinit-check: warning: " + what + " in environment file " + file
                    + " (line " + w.line() + ")");
        }
        return parsed.applyTo(env);
    }

    private static String envFileError(String file, String reason) {
        return "dinit-check: error reading environment file " + file + ": " + reason;
    }

    /** Reads an environment file; bytes that are not UTF-8 are replaced, as the loader does. */
    private static String readEnvFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("Is a directory");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_ENV_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_ENV_FILE_BYTES) {
            throw new IOException("File too large");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
