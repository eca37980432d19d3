package io.dinitj.shell.ctl;

import io.dinitj.api.service.DependencyKind;
import java.util.ArrayList;
import java.util.List;

/**
 * dinitctl's command line, scanned left to right as upstream does (docs/cli.md §2.1).
 * {@link #parse} never prints: a usage failure is a {@link CtlException} whose message is the
 * whole stderr text; {@link #invalid} means "Invalid command line".
 */
final class CtlOptions {

    static final String INVALID = "dinitctl: Invalid command line.\n"
            + "Try 'dinitctl --help' for more information.";

    boolean help;
    boolean version;
    boolean noWait;
    boolean ignoreUnstarted;
    boolean quiet;
    boolean json;
    Boolean userMode;
    boolean pin;
    String socketPath;
    boolean usePassedCfd;
    String from;
    boolean force;
    boolean clear;
    /** catlog: keep printing what is added ({@code --follow}, {@code -f}). */
    boolean follow;
    /** tree: dependents instead of dependencies. */
    boolean reverse;
    boolean listSignals;
    final List<String> serviceDirs = new ArrayList<>();
    boolean offline;
    Command command;
    boolean invalid;
    /** Service names, or environment arguments for setenv/unsetenv. */
    final List<String> args = new ArrayList<>();
    /** add-dep/rm-dep dependency type code, or -1. */
    DependencyKind depType;
    String depFrom;
    String depTo;
    /** enable/disable target. */
    String target;
    /** signal: the signal as typed, and the parsed number. */
    String signalArg;
    int signal;
    /** True if there were no arguments at all. */
    boolean empty;

    private CtlOptions() {
    }

    /** Scans the command line. */
    static CtlOptions parse(String[] argv) throws CtlException {
        CtlOptions o = new CtlOptions();
        o.empty = argv.length == 0;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("-") && !a.isEmpty()) {
                if (a.equals("--help")) {
                    o.help = true;
                    break;
                } else if (a.equals("--version")) {
                    o.version = true;
                    return o;
                } else if (a.equals("--no-wait")) {
                    o.noWait = true;
                } else if (a.equals("--ignore-unstarted")) {
                    o.ignoreUnstarted = true;
                } else if (a.equals("--quiet")) {
                    o.quiet = true;
                } else if (a.equals("--json")) {
                    o.json = true;
                } else if (a.equals("--system") || a.equals("-s")) {
                    o.userMode = false;
                } else if (a.equals("--user") || a.equals("-u")) {
                    o.userMode = true;
                } else if (a.equals("--pin")) {
                    o.pin = true;
                } else if (a.equals("--socket-path") || a.equals("-p")) {
                    if (++i >= argv.length || argv[i].isEmpty()) {
                        throw new CtlException(
                                "dinitctl: --socket-path/-p should be followed by socket path");
                    }
                    o.socketPath = argv[i];
                } else if (a.equals("--use-passed-cfd")) {
                    o.usePassedCfd = true;
                } else if (a.equals("--from")) {
                    if (o.command != Command.ENABLE && o.command != Command.DISABLE) {
                        o.invalid = true;
                        break;
                    }
                    if (++i >= argv.length || argv[i].isEmpty()) {
                        throw new CtlException(
                                "dinitctl: --from should be followed by a service name");
                    }
                    o.from = argv[i];
                } else if ((a.equals("--follow") || a.equals("-f"))
                        && o.command == Command.CATLOG) {
                    o.follow = true;
                } else if ((a.equals("--reverse") || a.equals("-r"))
                        && o.command == Command.TREE) {
                    // An addition of ours: elsewhere it is an option upstream does not know,
                    // refused below with upstream's text, as --follow is.
                    o.reverse = true;
                } else if (a.equals("--force") || a.equals("-f")) {
                    if (o.command != Command.STOP && o.command != Command.RESTART) {
                        o.invalid = true;
                        break;
                    }
                    o.force = true;
                } else if (a.equals("--clear")) {
                    if (o.command != Command.CATLOG) {
                        o.invalid = true;
                        break;
                    }
                    o.clear = true;
                } else if (a.equals("--list") || a.equals("-l")) {
                    if (o.command != Command.SIGNAL) {
                        o.invalid = true;
                        break;
                    }
                    o.listSignals = true;
                } else if (a.equals("--services-dir") || a.equals("-d")) {
                    if (++i >= argv.length || argv[i].isEmpty()) {
                        throw new CtlException(
                                "dinitctl: '--services-dir' (-d) requires an argument");
                    }
                    o.serviceDirs.add(argv[i]);
                } else if (a.equals("--offline") || a.equals("-o")) {
                    o.offline = true;
                } else {
                    throw new CtlException("dinitctl: unrecognized/invalid option: " + a
                            + " (use --help for help)");
                }
            } else if (o.command == null) {
                o.command = Command.byWord(a);
                if (o.command == null) {
                    throw new CtlException("dinitctl: unrecognized command: " + a
                            + " (use --help for help)");
                }
            } else {
                if (a.isEmpty()) {
                    throw new CtlException("dinitctl: Invalid empty argument");
                }
                if (!o.positional(a)) {
                    break;
                }
            }
        }
        o.check();
        return o;
    }

    /**
     * Takes one positional argument after the command.
     *
     * @return false if the scan must stop (invalid command line)
     */
    private boolean positional(String a) {
        switch (command.args()) {
            case DEPENDENCY:
                if (depType == null) {
                    depType = Handlers.depType(a);
                    if (depType == null) {
                        invalid = true;
                        return false;
                    }
                } else if (depFrom == null) {
                    depFrom = a;
                } else if (depTo == null) {
                    depTo = a;
                } else {
                    invalid = true;
                    return false;
                }
                return true;
            case TARGET:
                if (target != null) {
                    invalid = true;
                    return false;
                }
                target = a;
                return true;
            case SIGNAL:
                if (listSignals) {
                    invalid = true;
                } else if (signalArg == null) {
                    signalArg = a;
                } else if (args.isEmpty()) {
                    args.add(a);
                } else {
                    invalid = true;
                }
                return true;
            default:
                args.add(a);
                return true;
        }
    }

    /**
     * The checks after the scan, in upstream's order (docs/cli.md §2.1): they run even when the
     * scan already found the line invalid or saw {@code --help}, so that {@code signal --force HUP
     * a} (the scan stopped at {@code --force}) reports the missing signal, as upstream does.
     */
    private void check() throws CtlException {
        if (command == null) {
            invalid |= !help;
            return;
        }
        switch (command.args()) {
            case TARGET:
                invalid |= target == null;
                break;
            case ENVIRONMENT:
                invalid |= args.isEmpty();
                break;
            case SIGNAL:
                if (listSignals) {
                    invalid |= signalArg != null;
                } else {
                    if (signalArg == null) {
                        throw new CtlException("dinitctl: signal number/name must be specified");
                    }
                    if (args.isEmpty()) {
                        throw new CtlException("dinitctl: service name must be specified");
                    }
                    signal = Signals.parse(signalArg);
                    if (signal == Integer.MIN_VALUE) {
                        throw new CtlException("dinitctl: '" + signalArg
                                + "' is not a valid signal name/number");
                    }
                }
                break;
            case NONE:
                invalid |= !args.isEmpty();
                break;
            case OPTIONAL_SERVICE:
                invalid |= args.size() > 1;
                break;
            case DEPENDENCY:
                invalid |= depTo == null;
                break;
            default:
                invalid |= args.size() != 1;
                break;
        }
    }

    /** The single service argument. */
    String service() {
        return args.get(0);
    }
}
