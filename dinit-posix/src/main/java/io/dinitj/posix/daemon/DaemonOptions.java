package io.dinitj.posix.daemon;

import io.dinitj.posix.log.DaemonLog;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The daemon's command line (docs/cli.md §1.3): options exactly as upstream matches them. */
final class DaemonOptions {

    static final String VERSION_LINE = "Dinit version 0.23.0pre.";

    static final String HELP = """
            dinit: init/service manager daemon
             --help                       display (this) help
             --version                    display version
             --env-file <file>, -e <file>
                                          environment variable initialisation file
             --services-dir <dir>, -d <dir>
                                          set base directory for service description
                                          files, can be specified multiple times
             --plugin-dir <directory>
                                          (Dinit/J) load service type plugins from
                                          the directory, can be specified multiple times
             --system, -s                 run as the system service manager
             --system-mgr, -m             run as system manager (perform shutdown etc)
             --user, -u                   run as a user service manager
             --container, -o              run in container mode (do not manage system)
             --auto-recovery, -r          auto-run recovery service on system manager boot failure
             --socket-path <path>, -p <path>
                                          path to control socket
             --ready-fd <fd>, -F <fd>
                                          file descriptor to report readiness
             --log-file <file>, -l <file> log to the specified file
             --quiet, -q                  disable output to standard output
             <service-name>, --service <service-name>, -t <service-name>
                                          start service with name <service-name>
            """;

    String envFile;
    /** {@code --cgroup-path}: the base of relative {@code run-in-cgroup} paths, or null. */
    String cgroupPath;
    final List<String> dirs = new ArrayList<>();
    /** {@code --plugin-dir} values, in order (Dinit/J). */
    final List<String> pluginDirs = new ArrayList<>();
    Boolean system;
    Boolean systemManager;
    boolean autoRecovery;
    String socketPath;
    int readyFd = -1;
    String logFile;
    DaemonLog.Threshold consoleLevel = DaemonLog.Threshold.WARN;
    DaemonLog.Threshold logLevel = DaemonLog.Threshold.INFO;
    boolean statusLines = true;
    final List<String> services = new ArrayList<>();

    /** What parsing decided: run, or exit with a status. */
    static final class Parsed {
        final DaemonOptions options;
        final int exitStatus;

        Parsed(DaemonOptions options, int exitStatus) {
            this.options = options;
            this.exitStatus = exitStatus;
        }
    }

    /**
     * Parses the arguments; prints help, version or an error itself.
     *
     * @param args the arguments
     * @param out stdout
     * @param err stderr
     * @return options to run with, or an exit status (options null)
     */
    static Parsed parse(String[] args, PrintStream out, PrintStream err) {
        return parse(args, out, err, false);
    }

    /**
     * Parses the arguments, as the kernel's command line if {@code kernel} (docs/cli.md §1.4:
     * the daemon is PID 1 and run by root): then, until {@code -m} or {@code -o} is seen, a word
     * that is no option is a word of the kernel's command line meant for someone else and is
     * ignored, except {@code single}, which names a service; and an unknown option is ignored
     * silently. {@code -t NAME} always names a service.
     *
     * @param args the arguments
     * @param out stdout
     * @param err stderr
     * @param kernel true if the arguments may be the kernel's command line
     * @return options to run with, or an exit status (options null)
     */
    static Parsed parse(String[] args, PrintStream out, PrintStream err, boolean kernel) {
        DaemonOptions o = new DaemonOptions();
        boolean kernelWords = kernel;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String next = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--env-file", "-e" -> {
                    if (next == null || next.isEmpty()) {
                        return fail(out, err, "'--env-file' (-e) requires an argument");
                    }
                    o.envFile = next;
                    i++;
                }
                case "--services-dir", "-d" -> {
                    if (next == null || next.isEmpty()) {
                        return fail(out, err, "'--services-dir' (-d) requires an argument");
                    }
                    o.dirs.add(next);
                    i++;
                }
                case "--plugin-dir" -> {
                    if (next == null || next.isEmpty()) {
                        return fail(out, err, "'--plugin-dir' requires an argument");
                    }
                    o.pluginDirs.add(next);
                    i++;
                }
                case "--system", "-s" -> o.system = true;
                case "--system-mgr", "-m" -> {
                    o.systemManager = true;
                    kernelWords = false;
                }
                case "--user", "-u" -> o.system = false;
                case "--container", "-o" -> {
                    o.systemManager = false;
                    kernelWords = false;
                }
                case "--auto-recovery", "-r" -> o.autoRecovery = true;
                case "--socket-path", "-p" -> {
                    if (next == null || next.isEmpty()) {
                        return fail(out, err, "'--socket-path' (-p) requires an argument");
                    }
                    o.socketPath = next;
                    i++;
                }
                case "--ready-fd", "-F" -> {
                    if (next == null) {
                        return fail(out, err, "'--ready-fd' (-F) requires an argument");
                    }
                    if (!next.matches("[0-9]+") || next.length() > 9) {
                        return fail(out, err, "'--ready-fd' (-F) requires a numerical argument");
                    }
                    o.readyFd = Integer.parseInt(next);
                    i++;
                }
                case "--log-file", "-l" -> {
                    if (next == null || next.isEmpty()) {
                        return fail(out, err, "'--log-file' (-l) requires an argument");
                    }
                    o.logFile = next;
                    i++;
                }
                case "--quiet", "-q" -> {
                    o.statusLines = false;
                    o.consoleLevel = DaemonLog.Threshold.NONE;
                }
                case "--console-level", "--log-level" -> {
                    String opt = "'" + a + "'";
                    if (next == null || next.isEmpty()) {
                        return fail(out, err, opt + " requires an argument");
                    }
                    DaemonLog.Threshold t = DaemonLog.Threshold.fromWord(next);
                    if (t == null) {
                        return fail(out, err, opt + " accepts only arguments: 'none', 'error',"
                                + " 'warn', 'info', 'debug'");
                    }
                    if (a.equals("--console-level")) {
                        o.consoleLevel = t;
                    } else {
                        o.logLevel = t;
                    }
                    i++;
                }
                case "--cgroup-path", "-b" -> {
                    if (next == null || next.isEmpty()) {
                        return fail(out, err, "'--cgroup-path' (-b) requires an argument");
                    }
                    o.cgroupPath = next;
                    i++;
                }
                case "--service", "-t" -> {
                    if (next == null || next.isEmpty()) {
                        return fail(out, err, "'--service' (-t) requires an argument");
                    }
                    o.services.add(next);
                    i++;
                }
                case "--version" -> {
                    out.println(VERSION_LINE);
                    out.flush();
                    return new Parsed(null, 0);
                }
                case "--help" -> {
                    out.print(HELP);
                    out.flush();
                    return new Parsed(null, 0);
                }
                default -> {
                    if (kernelWords) {
                        // The kernel passes init the words of its command line it did not
                        // use itself (and options meant for another init): only "single".
                        if (a.equals("single")) {
                            o.services.add(a);
                        }
                        continue;
                    }
                    if (a.isEmpty()) {
                        return fail(out, err, "error: empty command-line argument");
                    }
                    if (a.startsWith("-")) {
                        return fail(out, err, "unrecognized option: " + a);
                    }
                    if (a.startsWith(".") || a.startsWith("@")) {
                        return fail(out, err, "error: invalid service name '" + a + "'.");
                    }
                    o.services.add(a);
                }
            }
        }
        return new Parsed(o, -1);
    }

    private static Parsed fail(PrintStream out, PrintStream err, String message) {
        out.flush();
        err.println("dinit: " + message);
        err.flush();
        return new Parsed(null, 1);
    }
}
