package io.dinitj.shell.check;

import io.dinitj.core.load.IoErrorText;
import io.dinitj.api.description.ServiceDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

/**
 * The lint checks that need the file system (docs/service-format.md §10, texts from docs/cli.md
 * §3.2), in upstream's order: the working directory, the command, the stop command and
 * the logfile's directory. Each finding is a {@code warning:} that still makes dinit-check exit
 * with status 1.
 *
 * <p>Paths are looked at as upstream's {@code stat} sees them: a relative working directory is
 * relative to dinit-check's own working directory, a relative logfile to the service's working
 * directory (or to dinit-check's if that cannot be opened); the logfile's directory is its path
 * up to the last {@code /}, without it, so a file in its place is "exists but is not a
 * directory".
 */
final class FileLint {

    /** What {@code stat} found: the attributes, or the glibc text of the failure. */
    private record Stat(PosixFileAttributes attrs, String error) {
    }

    private final Reporter report;

    FileLint(Reporter report) {
        this.report = report;
    }

    /**
     * Runs every file-system lint check on a loaded service.
     *
     * @param d the service's description
     */
    void check(ServiceDescription d) {
        String name = d.name();
        String wd = d.process().workingDir();
        if (wd == null || wd.isEmpty()) {
            wd = d.source().directory();
        }
        Path base = null;
        Stat dir = stat(null, wd);
        String dirError = dir.error();
        if (dirError == null && !dir.attrs().isDirectory()) {
            dirError = "Not a directory";
        }
        if (dirError != null) {
            report.lint(name, "could not open service working directory: " + dirError);
        } else {
            base = Path.of(wd);
        }
        checkExecutable(name, "command", d.process().command());
        checkExecutable(name, "stop command", d.process().stopCommand());
        String logfile = d.log().logfile();
        if (logfile != null && !logfile.isEmpty()) {
            checkLogDirectory(name, base, logfile);
        }
    }

    private void checkExecutable(String name, String what, List<String> command) {
        if (command.isEmpty()) {
            return;
        }
        String exe = command.get(0);
        if (!exe.startsWith("/")) {
            report.lint(name, what + " executable '" + exe + "' is not an absolute path");
            return;
        }
        Stat s = stat(null, exe);
        if (s.error() != null) {
            report.lint(name, "could not stat " + what + " executable '" + exe + "': "
                    + s.error());
        } else if (!s.attrs().isRegularFile()) {
            report.lint(name, what + " executable '" + exe + "' is not a regular file.");
        } else if (!s.attrs().permissions().contains(PosixFilePermission.OWNER_EXECUTE)) {
            report.lint(name, what + " executable '" + exe + "' is not executable by owner.");
        }
    }

    /**
     * Checks the directory part of the logfile path as upstream's {@code parent_path} gives it:
     * up to its last {@code /}, without that slash and any before it ({@code /} itself for a
     * file in the root directory); none if the path has no {@code /}.
     */
    private void checkLogDirectory(String name, Path base, String logfile) {
        int slash = logfile.lastIndexOf('/');
        if (slash < 0) {
            return;
        }
        while (slash > 0 && logfile.charAt(slash - 1) == '/') {
            slash--;
        }
        String dir = slash == 0 ? "/" : logfile.substring(0, slash);
        Stat s = stat(base, dir);
        if (s.error() != null) {
            report.lint(name, "could not access logfile directory '" + dir + "': " + s.error());
        } else if (!s.attrs().isDirectory()) {
            report.lint(name, "logfile directory '" + dir + "' exists but is not a directory.");
        }
    }

    /**
     * Does what {@code stat(2)} does with a path: follows symbolic links, resolves a relative
     * path against {@code base} (null: the current directory), fails for an empty path, and
     * fails with ENOTDIR for a path ending in {@code /} that is not a directory.
     */
    private static Stat stat(Path base, String path) {
        if (path.isEmpty()) {
            return new Stat(null, "No such file or directory");
        }
        try {
            Path p = base == null || path.startsWith("/") ? Path.of(path) : base.resolve(path);
            PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class);
            if (path.endsWith("/") && !attrs.isDirectory()) {
                return new Stat(null, "Not a directory");
            }
            return new Stat(attrs, null);
        } catch (IOException e) {
            return new Stat(null, IoErrorText.describe(e));
        } catch (InvalidPathException e) {
            // A NUL byte: the kernel would see the path cut short there, which never helps.
            return new Stat(null, "Invalid argument");
        }
    }
}
