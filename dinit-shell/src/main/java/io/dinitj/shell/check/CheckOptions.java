package io.dinitj.shell.check;

import java.util.ArrayList;
import java.util.List;

/**
 * dinit-check's command line (docs/cli.md §3.1), read left to right: upstream's options and
 * Dinit/J's {@code --plugin-dir}. Options are matched
 * exactly: no abbreviations, no {@code --opt=value}, no bundling; an option's value is the next
 * argument and must not be empty. Anything starting with {@code -} that is not an option is an
 * error; every other argument names a service to check.
 */
final class CheckOptions {

    /** The text of {@code --help}: upstream's, with {@code --plugin-dir} added. */
    static final String HELP = "dinit-check: check dinit service descriptions\n"
            + " --help                       display help\n"
            + " --services-dir <dir>, -d <dir>\n"
            + "                              set base directory for service description\n"
            + "                              files, can be specified multiple times\n"
            + " --plugin-dir <directory>\n"
            + "                              (Dinit/J) load service type plugins from the\n"
            + "                              directory, can be specified multiple times\n"
            + " --online, -n                 use service dirs and environment from running\n"
            + "                              dinit instance\n"
            + " --socket-path <path>, -p <path>\n"
            + "                              use specified socket to connect to daemon (online\n"
            + "                              mode)\n"
            + " --env-file, -e <file>        read environment from specified file\n"
            + " --system, -s                 use defaults for system manager mode\n"
            + " --user, -u                   use defaults for user mode\n"
            + " <service-name>               check service with name <service-name>\n";

    /** A command line that cannot be used; the message is the whole line for stderr. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The {@code -d} directories, in command-line order; empty for the defaults. */
    final List<String> serviceDirs = new ArrayList<>();
    /** The {@code --plugin-dir} directories, in command-line order. */
    final List<String> pluginDirs = new ArrayList<>();
    /** The services named, in order; {@code boot} if none was. */
    final List<String> services = new ArrayList<>();
    /** True for the user-mode defaults, false for the system-mode ones. */
    boolean userMode;
    /** True if {@code --help} was given: print {@link #HELP} and do nothing else. */
    boolean help;
    /** True for {@code --online}. */
    boolean online;
    /** The {@code -p} socket path, or null. */
    String socketPath;
    /** The {@code -e} environment file, or null. */
    String envFile;

    private CheckOptions(boolean userMode) {
        this.userMode = userMode;
    }

    /**
     * Reads the command line. Stops at {@code --help}, as upstream does, so that what follows
     * it is not looked at.
     *
     * @param args the arguments
     * @param userByDefault true unless running as root
     * @return the options
     * @throws UsageException at the first argument that is wrong
     */
    static CheckOptions parse(String[] args, boolean userByDefault) throws UsageException {
        CheckOptions o = new CheckOptions(userByDefault);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                o.services.add(a);
                continue;
            }
            switch (a) {
                case "--services-dir", "-d" -> {
                    i++;
                    if (i == args.length || args[i].isEmpty()) {
                        throw new UsageException(
                                "dinit-check: '--services-dir' (-d) requires an argument");
                    }
                    o.serviceDirs.add(args[i]);
                }
                case "--plugin-dir" -> {
                    i++;
                    if (i == args.length || args[i].isEmpty()) {
                        throw new UsageException(
                                "dinit-check: '--plugin-dir' requires an argument");
                    }
                    o.pluginDirs.add(args[i]);
                }
                case "--system", "-s" -> o.userMode = false;
                case "--user", "-u" -> o.userMode = true;
                case "--socket-path", "-p" -> {
                    i++;
                    if (i == args.length || args[i].isEmpty()) {
                        throw new UsageException(
                                "dinit-check: --socket-path/-p should be followed by socket path");
                    }
                    o.socketPath = args[i];
                }
                case "--online", "-n" -> o.online = true;
                case "--env-file", "-e" -> {
                    i++;
                    if (i == args.length || args[i].isEmpty()) {
                        throw new UsageException("dinit-check: --env-file/-e should be followed"
                                + " by environment file path");
                    }
                    o.envFile = args[i];
                }
                case "--help" -> {
                    o.help = true;
                    return o;
                }
                default -> throw new UsageException("dinit-check: unrecognized option: '" + a
                        + "' (use '--help' for help)");
            }
        }
        if (o.services.isEmpty()) {
            o.services.add("boot");
        }
        return o;
    }
}
