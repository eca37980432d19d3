package io.dinitj.posix.daemon;

import io.dinitj.api.service.ShutdownType;
import io.dinitj.posix.sys.Posix;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a system manager does once all its services have stopped (docs/cli.md §1.8): the pieces
 * that need no engine. Which shutdown program to run and with which option, the boot-failure
 * question on the console, and the command line that starts the daemon again on a soft reboot.
 * {@link DinitDaemon} joins them to its service set and event loop.
 *
 * <p><b>The shutdown program</b> is {@code dinit-shutdown} (Dinit/J's, which is what the
 * distribution's {@code sbin/shutdown} links to): the system property {@value #PROGRAM_PROPERTY}
 * if set (tests name a program that only records its arguments), else {@code dinit-shutdown}
 * in the directory of the launcher the daemon was started by (the launcher passes its own real
 * path as {@value #LAUNCHER_PROPERTY}). There is no guess beyond that: a daemon started without
 * a launcher and without the property runs no program, and says so, rather than run whatever
 * {@code /sbin/shutdown} is on a machine it may not be the init of.
 */
final class EndOfRun {

    /** The system property naming the shutdown program. */
    static final String PROGRAM_PROPERTY = "dinitj.shutdown";
    /** The system property the launcher sets to its own real path. */
    static final String LAUNCHER_PROPERTY = "dinitj.launcher";

    /** The question after a boot failure, as upstream asks it. */
    static final String QUESTION =
            "Choose: (r)eboot, r(e)covery, re(s)tart boot sequence, (p)ower off? ";

    /** An answer to the boot-failure question. */
    enum Answer {
        /** (r)eboot. */
        REBOOT,
        /** r(e)covery: start the {@code recovery} service. */
        RECOVERY,
        /** re(s)tart the boot sequence: start the boot services again. */
        RESTART,
        /** (p)ower off. */
        POWEROFF,
        /** No terminal to ask on (or it ended): halt. */
        HALT
    }

    private EndOfRun() {
    }

    /**
     * The shutdown program's path.
     *
     * @param program the {@value #PROGRAM_PROPERTY} property, or null
     * @param launcher the {@value #LAUNCHER_PROPERTY} property, or null
     * @return the program, or null if none is known
     */
    static String program(String program, String launcher) {
        if (program != null && !program.isEmpty()) {
            return program;
        }
        if (launcher != null && !launcher.isEmpty()) {
            Path dir = Path.of(launcher).getParent();
            return dir == null ? "dinit-shutdown" : dir.resolve("dinit-shutdown").toString();
        }
        return null;
    }

    /**
     * The shutdown program's option for a shutdown type.
     *
     * @param type what was requested (not {@code NONE} or {@code REMAIN})
     * @return {@code -r}, {@code -s}, {@code -h}, {@code -p} or {@code -k}
     */
    static String option(ShutdownType type) {
        return switch (type) {
            case REBOOT -> "-r";
            case SOFTREBOOT -> "-s";
            case HALT -> "-h";
            case KEXEC -> "-k";
            default -> "-p";
        };
    }

    /**
     * Asks the boot-failure question on the terminal that is standard input, until a key
     * answers it: {@code r}, {@code e}, {@code s} or {@code p}, in either case; any other key
     * asks again. Each key is read as typed (the terminal's line mode is off while asking, and
     * on again after), and followed by a new line. Without a terminal, or when its input ends,
     * prints {@code Halting.} and answers {@link Answer#HALT}.
     *
     * @param posix the system calls (for the terminal's mode)
     * @param in standard input
     * @param out the console
     * @return the answer
     */
    static Answer ask(Posix posix, InputStream in, PrintStream out) {
        if (posix.setTerminalCanonical(0, false) < 0) {
            out.println("Halting.");
            out.flush();
            return Answer.HALT;
        }
        try {
            while (true) {
                out.print(QUESTION);
                out.flush();
                int c;
                try {
                    c = in.read();
                } catch (IOException e) {
                    c = -1;
                }
                out.println();
                if (c < 0) {
                    out.println("Halting.");
                    out.flush();
                    return Answer.HALT;
                }
                switch (Character.toLowerCase((char) c)) {
                    case 'r':
                        return Answer.REBOOT;
                    case 'e':
                        return Answer.RECOVERY;
                    case 's':
                        return Answer.RESTART;
                    case 'p':
                        return Answer.POWEROFF;
                    default:
                        break;
                }
            }
        } finally {
            posix.setTerminalCanonical(0, true);
            out.flush();
        }
    }

    /**
     * The command line that starts this daemon again on a soft reboot: the launcher with the
     * daemon's own arguments if a launcher started it, else the JVM's own command line (read
     * from {@code /proc/self/cmdline}).
     *
     * @param launcher the {@value #LAUNCHER_PROPERTY} property, or null
     * @param args the daemon's arguments
     * @return the command line, program first, or null if it cannot be known
     */
    static List<String> restartCommand(String launcher, String[] args) {
        List<String> cmd = new ArrayList<>();
        if (launcher != null && !launcher.isEmpty()) {
            cmd.add(launcher);
            cmd.addAll(List.of(args));
            return cmd;
        }
        try {
            String all = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")),
                    StandardCharsets.UTF_8);
            for (String part : all.split("\0")) {
                cmd.add(part);
            }
            if (cmd.isEmpty() || cmd.get(0).isEmpty()) {
                return null;
            }
            if (!cmd.get(0).contains("/")) {
                cmd.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
            }
            return cmd;
        } catch (IOException e) {
            return null;
        }
    }
}
