package io.dinitj.shell.ctl;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code dinitctl} command: controls a running Dinit (or Dinit/J) daemon through its
 * control socket, with upstream dinitctl's options, packets, texts and exit status
 * (docs/cli.md §2, docs/control-protocol.md §10 and §11).
 *
 * <p>The subcommands are the entries of {@link Command}; this class parses the command line,
 * picks the socket ({@code -p}, else {@code $DINIT_SOCKET_PATH}, else the user or system
 * default), negotiates the protocol version and runs the command's handler. {@code --json}
 * (an extension) makes {@code status}, {@code list} and {@code list-types} print the JSON forms
 * described in the {@code ## dinitctl} section of the README.
 *
 * <p>This class runs one command and never the interactive shell; {@code bin/dinitctl} starts
 * {@link io.dinitj.shell.DinitctlMain}, which opens the shell when there is no command on a
 * terminal and otherwise comes here, so that the client and the shell do not depend on each
 * other.
 *
 * <p>Not thread safe; {@link #run} may be called repeatedly.
 */
public final class Dinitctl {

    /** The version line of {@code --version}. */
    static final String VERSION_LINE = "Dinit version 0.23.0pre.";

    /** The system instance's socket. */
    static final String SYSTEM_SOCKET = "/run/dinitctl";

    private Dinitctl() {
    }

    /**
     * Runs one dinitctl command on the command line and exits with its status.
     *
     * @param args the command line, without the program name
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(
                new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        int status = run(args, out, err, System.getenv());
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Tells whether a command line names a command (or asks for help or the version), so that
     * it is a one-shot run rather than the interactive shell.
     *
     * @param args the command line, without the program name
     * @return true unless {@code args} are general options only
     */
    public static boolean hasCommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-p") || a.equals("--socket-path") || a.equals("-d")
                    || a.equals("--services-dir")) {
                i++;
            } else if (a.equals("--help") || a.equals("--version") || !a.startsWith("-")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs dinitctl without exiting. Information goes to {@code out}, errors to {@code err},
     * and {@code out} is flushed before every write to {@code err}. Never throws: an
     * unexpected failure is printed as {@code dinitctl: <message>} and gives status 1.
     *
     * @param args the command line, without the program name
     * @param out standard output
     * @param err standard error
     * @param env the process environment: {@code DINIT_SOCKET_PATH}, {@code XDG_RUNTIME_DIR}
     *     and {@code HOME} choose the socket, and {@code setenv NAME} reads it
     * @return the exit status, 0 or 1
     */
    public static int run(String[] args, PrintStream out, PrintStream err,
            Map<String, String> env) {
        return run(args, out, err, env, null);
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream, Map)}, with the screen {@code watch}
     * draws on (the interactive shell's terminal).
     *
     * @param args the command line, without the program name
     * @param out standard output
     * @param err standard error
     * @param env the process environment
     * @param screen where {@code watch} draws, or null to open the process's terminal
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err,
            Map<String, String> env, Screen screen) {
        return run(args, out, err, env, "root".equals(System.getProperty("user.name")), screen);
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream, Map)}, with the root test given.
     *
     * @param root true to default to the system instance
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            boolean root) {
        return run(args, out, err, env, root, null);
    }

    private static int run(String[] args, PrintStream out, PrintStream err,
            Map<String, String> env, boolean root, Screen screen) {
        CtlOptions o;
        try {
            o = CtlOptions.parse(args);
        } catch (CtlException e) {
            return fail(out, err, e.getMessage());
        }
        if (o.version) {
            out.print(VERSION_LINE + "\n");
            out.flush();
            return 0;
        }
        if (o.help || o.empty) {
            out.print(helpText());
            out.flush();
            return 0;
        }
        if (o.invalid) {
            return fail(out, err, CtlOptions.INVALID);
        }
        boolean userMode = o.userMode != null ? o.userMode : !root;
        Session s = new Session(o, out, err, env, userMode);
        s.screen = screen;
        try {
            return execute(s);
        } catch (CtlException e) {
            return s.fail(e.getMessage());
        } catch (RuntimeException | Error e) {
            String m = e.getMessage();
            return s.fail("dinitctl: " + (m == null || m.isEmpty() ? e.toString() : m));
        } finally {
            if (s.conn != null) {
                s.conn.close();
            }
            out.flush();
            err.flush();
        }
    }

    private static int fail(PrintStream out, PrintStream err, String text) {
        out.flush();
        err.print(text + "\n");
        err.flush();
        return 1;
    }

    private static int execute(Session s) throws CtlException {
        CtlOptions o = s.opts;
        if (o.command == Command.SIGNAL && o.listSignals) {
            s.out.print(Signals.listText());
            return 0;
        }
        if (o.json && o.command != Command.STATUS && o.command != Command.LIST
                && o.command != Command.LIST_TYPES) {
            return s.fail("dinitctl: --json is only supported by the status, list and"
                    + " list-types commands");
        }
        if (o.offline) {
            if (o.command != Command.ENABLE && o.command != Command.DISABLE) {
                return s.fail("dinitctl: offline mode (--offline/-o) not supported for this"
                        + " command");
            }
            return Enabler.offline(s);
        }
        int passed = o.usePassedCfd ? passedFd(s.env.get("DINIT_CS_FD")) : -1;
        if (passed >= 0) {
            s.conn = Connection.adopt(passed);
        } else {
            s.conn = Connection.open(socketPath(s), s.userMode && o.socketPath == null);
        }
        s.conn.queryVersion();
        return o.command.run(s);
    }

    /**
     * The descriptor of {@code --use-passed-cfd}: {@code DINIT_CS_FD} read as C's
     * {@code strtol} reads a decimal number (leading blanks, a sign, the digits up to the first
     * other character). Absent or with no digits, -1: dinitctl then connects as usual, as
     * upstream does.
     */
    static int passedFd(String value) {
        if (value == null) {
            return -1;
        }
        int i = 0;
        int n = value.length();
        while (i < n && (value.charAt(i) == ' ' || (value.charAt(i) >= '\t'
                && value.charAt(i) <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
            negative = value.charAt(i) == '-';
            i++;
        }
        long fd = 0;
        int start = i;
        while (i < n && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            fd = Math.min(fd * 10 + (value.charAt(i) - '0'), Integer.MAX_VALUE);
            i++;
        }
        if (i == start) {
            return -1;
        }
        // A negative number is no descriptor; the first write then fails as upstream's does.
        return negative ? Integer.MAX_VALUE : (int) fd;
    }

    /** The socket path: {@code -p}, else {@code DINIT_SOCKET_PATH}, else the default. */
    static String socketPath(Session s) throws CtlException {
        if (s.opts.socketPath != null) {
            return s.opts.socketPath;
        }
        String p = s.env.get("DINIT_SOCKET_PATH");
        if (p != null) {
            return p;
        }
        if (!s.userMode) {
            return SYSTEM_SOCKET;
        }
        String xdg = s.env.get("XDG_RUNTIME_DIR");
        if (xdg != null) {
            return xdg + "/dinitctl";
        }
        String home = s.env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        if (home == null || home.isEmpty() || home.equals("?")) {
            throw new CtlException("dinitctl: cannot determine control socket directory (set"
                    + " XDG_RUNTIME_DIR or HOME, check /etc/passwd file, or specify socket path"
                    + " via -p)");
        }
        return home + "/.dinitctl";
    }

    /**
     * The {@code --help} text, built from the command table.
     *
     * @return the text, each line ending in a newline
     */
    static String helpText() {
        StringBuilder b = new StringBuilder("dinitctl:   control Dinit services\n\nUsage:\n");
        for (Command c : USAGE_ORDER) {
            b.append("    dinitctl [options] ").append(c.usage()).append('\n');
        }
        b.append("\nNote: An activated service continues running when its dependents stop.\n\n"
                + "General options:\n"
                + "  --help           : show this help\n"
                + "  -s, --system     : control system daemon (default if run as root)\n"
                + "  -u, --user       : control user daemon\n"
                + "  --quiet          : suppress output (except errors)\n"
                + "  --socket-path <path>, -p <path>\n"
                + "                   : specify socket for communication with daemon\n"
                + "  --use-passed-cfd : use the socket file descriptor identified by the"
                + " DINIT_CS_FD\n"
                + "                     environment variable to communicate with the dinit"
                + " daemon\n"
                + "  -o, --offline    : do not contact running dinit daemon\n"
                + "  -d, --services-dir <dir>\n"
                + "                   : specify directory for service definitions (offline"
                + " mode)\n"
                + "\nCommand options:\n"
                + "  --no-wait        : don't wait for service startup/shutdown to complete\n"
                + "  --pin            : pin the service in the requested state\n"
                + "  --force          : force stop even if dependents will be affected\n"
                + "  -l, --list       : (signal) list supported signals\n"
                + "\nDinit/J additions:\n");
        for (Command c : EXTRA_ORDER) {
            b.append("    dinitctl [options] ").append(c.usage()).append('\n');
        }
        b.append("  -f, --follow     : (catlog) keep printing output as it is added\n"
                + "  -r, --reverse    : (tree) show dependents instead of dependencies\n");
        return b.toString();
    }

    /**
     * The general options, in the order of {@code --help}, read from its "General options"
     * section so that completion ({@code dinitctl __complete}) offers what the help documents
     * and no second list can fall behind it.
     *
     * @return the option words, such as {@code -p} and {@code --socket-path}
     */
    public static List<String> generalOptions() {
        String text = helpText();
        int from = text.indexOf("General options:\n");
        int to = text.indexOf("\nCommand options:", from);
        List<String> out = new ArrayList<>();
        for (String line : text.substring(from, to).split("\n")) {
            int colon = line.indexOf(':');
            String head = colon < 0 ? line : line.substring(0, colon);
            for (String w : head.trim().split("[ ,]+")) {
                if (w.startsWith("-")) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /** The order of upstream's usage lines. */
    private static final Command[] USAGE_ORDER = {Command.STATUS, Command.IS_STARTED,
        Command.IS_FAILED, Command.START, Command.STOP, Command.RESTART, Command.WAKE,
        Command.RELEASE, Command.UNPIN, Command.UNLOAD, Command.RELOAD, Command.LIST,
        Command.SHUTDOWN, Command.ADD_DEP, Command.RM_DEP, Command.ENABLE, Command.DISABLE,
        Command.TRIGGER, Command.UNTRIGGER, Command.SETENV, Command.UNSETENV, Command.CATLOG,
        Command.SIGNAL};

    /** Commands that upstream does not have, listed after its text. */
    private static final Command[] EXTRA_ORDER = {Command.TREE, Command.GRAPH, Command.WATCH,
        Command.LIST_TYPES};
}
