package io.dinitj.posix;

import io.dinitj.api.spi.ServiceContext.LogLevel;
import java.io.PrintStream;

/**
 * The daemon's two log streams (cli.md 1.7): the console (dinit's stdout) and the main log (a
 * file with {@code --log-file}; syslog is not supported yet, so without it the main log is
 * off). Each has a level; service status lines go to the console unless {@code -q}.
 */
public final class DaemonLog {

    /** A level threshold: messages at or above it are shown; NONE shows nothing. */
    public enum Threshold {
        /** Debug and everything above. */
        DEBUG,
        /** Informational (notice) and above. */
        INFO,
        /** Warnings and errors. */
        WARN,
        /** Errors only. */
        ERROR,
        /** Nothing. */
        NONE;

        boolean passes(LogLevel level) {
            return this != NONE && level.ordinal() >= ordinal();
        }

        /**
         * Reads a level name as the options give it.
         *
         * @param word none, error, warn, info or debug
         * @return the threshold, or null for another word
         */
        public static Threshold fromWord(String word) {
            return switch (word) {
                case "none" -> NONE;
                case "error" -> ERROR;
                case "warn" -> WARN;
                case "info" -> INFO;
                case "debug" -> DEBUG;
                default -> null;
            };
        }
    }

    private final PrintStream console;
    private final PrintStream main;
    private final Threshold consoleLevel;
    private final Threshold mainLevel;
    private final boolean statusLines;

    /**
     * Creates the log.
     *
     * @param console dinit's stdout
     * @param main the log file's stream, or null for none
     * @param consoleLevel the console's threshold
     * @param mainLevel the main log's threshold
     * @param statusLines false with {@code -q}
     */
    public DaemonLog(PrintStream console, PrintStream main, Threshold consoleLevel,
            Threshold mainLevel, boolean statusLines) {
        this.console = console;
        this.main = main;
        this.consoleLevel = consoleLevel;
        this.mainLevel = mainLevel;
        this.statusLines = statusLines;
    }

    /**
     * Logs a message as {@code dinit: <message>} on each stream whose level it meets.
     *
     * @param level the message's level
     * @param message the text
     */
    public void log(LogLevel level, String message) {
        if (consoleLevel.passes(level)) {
            console.println("dinit: " + message);
            console.flush();
        }
        if (main != null && mainLevel.passes(level)) {
            main.println("dinit: " + message);
            main.flush();
        }
    }

    /**
     * Logs a service status line: {@code [  OK  ] name} on the console (unless {@code -q} and
     * below the console level) and its main-log form.
     *
     * @param level the line's level
     * @param consoleLine the console form
     * @param mainLine the main log form, without {@code dinit: }
     */
    public void status(LogLevel level, String consoleLine, String mainLine) {
        if (statusLines || consoleLevel.passes(level)) {
            console.println(consoleLine);
            console.flush();
        }
        if (main != null && mainLevel.passes(level)) {
            main.println("dinit: " + mainLine);
            main.flush();
        }
    }
}
