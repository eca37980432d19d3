package io.dinitj.posix.shutdown;

import io.dinitj.api.service.ShutdownType;

/**
 * The shutdown program's command line, read as upstream's {@code shutdown} reads it, left to
 * right: {@code -r}, {@code -h}, {@code -p}, {@code -s} and {@code -k} choose the action (the
 * last one wins), {@code --system} and {@code --use-passed-cfd} are switches, {@code --help}
 * stops the scan and asks for the help, any other word starting with {@code -} is an error
 * that ends the run at once (even before a later {@code --help}), and a word without a dash
 * asks for the help too (upstream reserves it for a time argument it does not take).
 *
 * <p>The action before any option depends on the name the program was run as: {@code reboot}
 * reboots and {@code soft-reboot} soft-reboots; every other name ({@code shutdown},
 * {@code halt}, {@code poweroff}, {@code dinit-shutdown}) powers off, as upstream's does on
 * Linux (its {@code halt} powers off too, unless given {@code -h}).
 *
 * <p>Immutable.
 */
final class ShutdownOptions {

    /** The action requested. */
    final ShutdownType type;
    /** {@code --system}: perform the shutdown here instead of asking the daemon. */
    final boolean system;
    /** {@code --use-passed-cfd}: talk on the descriptor named by {@code DINIT_CS_FD}. */
    final boolean usePassedCfd;
    /** The help was asked for (or a word that is no option was given). */
    final boolean help;
    /** The first word that is no option, which ends the run; null if none. */
    final String badOption;

    private ShutdownOptions(ShutdownType type, boolean system, boolean usePassedCfd,
            boolean help, String badOption) {
        this.type = type;
        this.system = system;
        this.usePassedCfd = usePassedCfd;
        this.help = help;
        this.badOption = badOption;
    }

    /**
     * The action a run without options performs, by the name it was run as.
     *
     * @param invokedAs the program's name, without its directory
     * @return {@link ShutdownType#REBOOT} for {@code reboot}, {@link ShutdownType#SOFTREBOOT}
     *     for {@code soft-reboot}, else {@link ShutdownType#POWEROFF}
     */
    static ShutdownType defaultType(String invokedAs) {
        return switch (invokedAs) {
            case "reboot" -> ShutdownType.REBOOT;
            case "soft-reboot" -> ShutdownType.SOFTREBOOT;
            default -> ShutdownType.POWEROFF;
        };
    }

    /**
     * Reads a command line.
     *
     * @param invokedAs the program's name, without its directory
     * @param args the arguments
     * @return the options; {@link #badOption} set if a word was not understood
     */
    static ShutdownOptions parse(String invokedAs, String[] args) {
        ShutdownType type = defaultType(invokedAs);
        boolean system = false;
        boolean passed = false;
        boolean help = false;
        for (String a : args) {
            if (!a.startsWith("-")) {
                help = true;
                continue;
            }
            if (a.equals("--help")) {
                help = true;
                break;
            }
            switch (a) {
                case "--system" -> system = true;
                case "-r" -> type = ShutdownType.REBOOT;
                case "-h" -> type = ShutdownType.HALT;
                case "-p" -> type = ShutdownType.POWEROFF;
                case "-s" -> type = ShutdownType.SOFTREBOOT;
                case "-k" -> type = ShutdownType.KEXEC;
                case "--use-passed-cfd" -> passed = true;
                default -> {
                    return new ShutdownOptions(type, system, passed, false, a);
                }
            }
        }
        return new ShutdownOptions(type, system, passed, help, null);
    }

    /**
     * The error line for {@link #badOption}, upstream's text.
     *
     * @return the line, without its newline
     */
    String badOptionText() {
        return "Unrecognized command-line parameter: " + badOption;
    }

    /**
     * The help, upstream's text with the name the program was run as.
     *
     * @param invokedAs the program's name, without its directory
     * @return the help, each line ended by a newline
     */
    static String helpText(String invokedAs) {
        return invokedAs + " :   shutdown the system\n"
                + "  --help           : show this help\n"
                + "  -r               : reboot.\n"
                + "  -s               : soft-reboot (restart dinit with same boot-time"
                + " arguments).\n"
                + "  -h               : halt system.\n"
                + "  -p               : power down (default).\n"
                + "  -k               : execute kernel loaded via kexec.\n"
                + "  --use-passed-cfd : use the socket file descriptor identified by the"
                + " DINIT_CS_FD\n"
                + "                     environment variable to communicate with the init"
                + " daemon.\n"
                + "  --system         : perform shutdown immediately, instead of issuing"
                + " shutdown\n"
                + "                     command to the init program. Not recommended for"
                + " normal use.\n";
    }
}
