package io.dinitj.posix.log;

import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The daemon's two log streams (docs/cli.md §1.7): the console (dinit's stdout) and the main log (a
 * file with {@code --log-file}; without it, syslog: {@link SyslogSink}, each message a datagram
 * {@code <PRI>dinit: ...} to {@code /dev/log}, kept from the start until {@link #openSyslog()}
 * connects, when a {@code starts-log} service has started). Each has a level; service status lines
 * go to the console unless {@code -q}.
 *
 * <p><b>Never blocks the loop.</b> Lines go into a bounded queue that a writer thread empties
 * into the streams, so a stalled terminal or a pipe nobody reads cannot stop the daemon. When
 * the queue is full a line is dropped, and once there is room again the writer says so:
 * {@code dinit: *** log message discarded due to full buffer ***}, as upstream does.
 *
 * <p><b>Console hand-over</b> (docs/service-semantics.md §14). While a service holds the
 * console ({@link #holdConsole()} to {@link #resumeConsole()}), console lines are kept back
 * (the line being written when the hold began is finished); the main log goes on. On resume
 * they are written, unless the console was away for a second or more: then they are stale and
 * dropped.
 */
public final class DaemonLog implements AutoCloseable {

    /** The syslog socket the main log goes to when there is no log file. */
    public static final String DEV_LOG = SyslogSink.DEV_LOG;

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

    private static final int QUEUE_LINES = 1024;
    /** A console away this long drops the lines kept back meanwhile. */
    private static final long STALE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String DISCARDED = "dinit: *** log message discarded due to full buffer ***";
    /** The same with its line end, as one syslog datagram. */
    static final String DISCARDED_LINE = DISCARDED + "\n";

    /** A line for one stream; {@code to} null for syslog. */
    private record Line(PrintStream to, String text) {
    }

    private final PrintStream console;
    /** The log file; null for syslog, or while a log file that could not be opened waits. */
    private volatile PrintStream main;
    /**
     * Main-log lines kept while a log file waits to be opened (it failed at start-up; a
     * system manager runs on and tries again at a boot point), at most {@value #PENDING_BYTES}
     * characters; guarded by itself. Null when there is no such wait.
     */
    private final ArrayDeque<String> pendingFile;
    private int pendingFileChars;
    private static final int PENDING_BYTES = SyslogSink.PENDING_BYTES;
    /** The main log when there is no log file; null with one. */
    private final SyslogSink syslog;
    private final Threshold consoleLevel;
    private final Threshold mainLevel;
    private final boolean statusLines;
    private final ArrayBlockingQueue<Line> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final Thread writer;
    private volatile boolean discarded;
    /** Lines queued (by the loop thread) and lines written (by the writer). */
    private volatile long offered;
    private volatile long written;
    /** Console lines kept back while a service holds the console; guarded by itself. */
    private final ArrayDeque<String> held = new ArrayDeque<>();
    private volatile boolean holding;
    private long holdingSince;
    private LongSupplier clock = System::nanoTime;

    /**
     * Creates the log and starts its writer thread.
     *
     * @param console dinit's stdout
     * @param main the log file's stream, or null for none
     * @param consoleLevel the console's threshold
     * @param mainLevel the main log's threshold
     * @param statusLines false with {@code -q}
     */
    public DaemonLog(PrintStream console, PrintStream main, Threshold consoleLevel,
            Threshold mainLevel, boolean statusLines) {
        this(console, main, consoleLevel, mainLevel, statusLines, SyslogSink.DEV_LOG,
                JnrPosix.get());
    }

    /**
     * Creates the log with syslog at a given path, reached through a given system-call layer
     * (the daemon's, so that a test can make syslog's socket calls fail).
     *
     * @param console dinit's stdout
     * @param main the log file's stream, or null for syslog
     * @param consoleLevel the console's threshold
     * @param mainLevel the main log's threshold
     * @param statusLines false with {@code -q}
     * @param syslogPath the syslog socket, used when {@code main} is null; null when
     *     {@code main} is a log file that could not be opened yet (its lines are kept until
     *     {@link #openMainFile})
     * @param posix the system calls syslog is written through
     */
    public DaemonLog(PrintStream console, PrintStream main, Threshold consoleLevel,
            Threshold mainLevel, boolean statusLines, String syslogPath, Posix posix) {
        this.console = console;
        this.main = main;
        this.consoleLevel = consoleLevel;
        this.mainLevel = mainLevel;
        this.statusLines = statusLines;
        this.syslog = main == null && syslogPath != null
                ? new SyslogSink(posix, syslogPath) : null;
        this.pendingFile = main == null && syslogPath == null ? new ArrayDeque<>() : null;
        this.writer = new Thread(this::write, "dinit-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Logs a message as {@code dinit: <message>} on each stream whose level it meets.
     *
     * @param level the message's level
     * @param message the text
     */
    public void log(LogLevel level, String message) {
        if (consoleLevel.passes(level)) {
            offer(console, "dinit: " + message);
        }
        offerMain(level, message);
    }

    /**
     * As {@link #log}, but when the queue is full its oldest line gives way to this one (and the
     * discard notice follows), rather than this one being lost: for a report the operator must
     * see though lines are flooding, such as a cut engine pass (its own service's thousand start
     * lines would otherwise fill the queue first).
     *
     * @param level the message's level
     * @param message the text
     */
    public void logUrgent(LogLevel level, String message) {
        if (consoleLevel.passes(level)) {
            offer(console, "dinit: " + message, true);
        }
        if (mainLevel.passes(level) && main != null) {
            offer(main, "dinit: " + message, true);
        } else {
            offerMain(level, message);
        }
    }

    /**
     * Logs a message as {@code dinit: <message>} on the main log only, if it meets the main
     * level (docs/cli.md §1.5: {@code Starting system}).
     *
     * @param level the message's level
     * @param message the text
     */
    public void logMain(LogLevel level, String message) {
        offerMain(level, message);
    }

    /** {@code dinit: <message>} to the main log if it meets the main level. */
    private void offerMain(LogLevel level, String message) {
        if (!mainLevel.passes(level)) {
            return;
        }
        PrintStream file = main;
        if (file != null) {
            offer(file, "dinit: " + message);
        } else if (pendingFile != null) {
            keepForFile("dinit: " + message);
        } else {
            offer(null, "<" + syslogPriority(level) + ">dinit: " + message);
        }
    }

    /** LOG_DAEMON (24) plus the syslog severity of the level. */
    static int syslogPriority(LogLevel level) {
        return 24 + switch (level) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 5;
            case DEBUG -> 7;
        };
    }

    private void keepForFile(String text) {
        synchronized (pendingFile) {
            PrintStream file = main;
            if (file != null) {
                offer(file, text); // opened meanwhile
            } else if (pendingFileChars + text.length() <= PENDING_BYTES) {
                pendingFile.addLast(text);
                pendingFileChars += text.length();
            } else {
                discarded = true;
            }
        }
    }

    /**
     * Tells whether the main log is a log file that has not been opened yet.
     *
     * @return true while {@link #openMainFile} is awaited
     */
    public boolean awaitsMainFile() {
        return pendingFile != null && main == null;
    }

    /**
     * The log file that could not be opened at start-up is open now: it gets the main-log
     * lines kept meanwhile, then the later ones. Does nothing unless {@link #awaitsMainFile}.
     *
     * @param file the log file's stream
     * @return true if it was taken (false: the caller closes it)
     */
    public boolean openMainFile(PrintStream file) {
        if (pendingFile == null) {
            return false;
        }
        synchronized (pendingFile) {
            if (main != null) {
                return false;
            }
            while (!pendingFile.isEmpty()) {
                offer(file, pendingFile.pollFirst());
            }
            pendingFileChars = 0;
            main = file;
            return true;
        }
    }

    /**
     * Connects the main log to syslog, if there is no log file and it is not connected yet,
     * and sends the messages kept meanwhile. A socket nobody listens on is passed over
     * silently (the syslog daemon may not have started yet); a later call tries again.
     */
    public void openSyslog() {
        if (syslog != null) {
            syslog.connect();
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
            offer(console, consoleLine);
        }
        offerMain(level, mainLine);
    }

    /**
     * A service now holds the console: keep console lines back until {@link #resumeConsole()}.
     * Holding again while held changes nothing.
     */
    public void holdConsole() {
        synchronized (held) {
            if (!holding) {
                holding = true;
                holdingSince = clock.getAsLong();
            }
        }
    }

    /**
     * The console is the daemon's again: write the lines kept back, or drop them if the
     * console was away for a second or more. Without a hold this does nothing.
     */
    public void resumeConsole() {
        synchronized (held) {
            if (!holding) {
                return;
            }
            holding = false;
            boolean stale = clock.getAsLong() - holdingSince >= STALE_AFTER_NANOS;
            while (!held.isEmpty()) {
                String text = held.pollFirst();
                if (!stale) {
                    offer(console, text);
                }
            }
        }
    }

    /**
     * Tells whether console lines are being kept back.
     *
     * @return true between {@link #holdConsole()} and {@link #resumeConsole()}
     */
    public boolean consoleHeld() {
        return holding;
    }

    /** For tests: the clock that decides whether kept-back lines are stale. */
    void clock(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    private void offer(PrintStream to, String text) {
        offer(to, text, false);
    }

    private void offer(PrintStream to, String text, boolean urgent) {
        if (holding && to == console) {
            synchronized (held) {
                if (holding) {
                    if (held.size() < QUEUE_LINES) {
                        held.addLast(text);
                    } else {
                        discarded = true;
                    }
                    return;
                }
            }
        }
        Line line = new Line(to, text);
        if (queue.offer(line)) {
            offered++;
        } else if (urgent) {
            // The oldest queued line gives way; the counts follow what really left and came.
            Line old = queue.poll();
            if (queue.offer(line)) {
                if (old == null) {
                    offered++;
                } else {
                    discarded = true;
                }
            } else {
                if (old != null) {
                    offered--;
                }
                discarded = true;
            }
        } else {
            discarded = true;
        }
    }

    private void write() {
        while (true) {
            Line line;
            try {
                if (syslog != null && syslog.hasPending() && syslog.isConnected()) {
                    // The socket could not take everything: try again in a moment.
                    line = queue.poll(20, TimeUnit.MILLISECONDS);
                    if (line == null) {
                        syslog.flush();
                        continue;
                    }
                } else {
                    line = queue.take();
                }
            } catch (InterruptedException e) {
                return;
            }
            if (line.to() == null) {
                if (discarded) {
                    discarded = false;
                    syslog.send(DISCARDED_LINE);
                }
                syslog.send(line.text() + "\n");
                written++;
                continue;
            }
            if (discarded) {
                discarded = false;
                line.to().println(DISCARDED);
            }
            line.to().println(line.text());
            if (queue.isEmpty()) {
                line.to().flush();
                if (line.to() != console) {
                    console.flush();
                }
            }
            written++;
        }
    }

    /**
     * Waits (briefly) for the lines queued so far to be written: before the daemon replaces its
     * program ({@code execve}), which would lose them. Gives up after a second if the output is
     * stalled. The log stays usable.
     */
    public void flush() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (written < offered && System.nanoTime() < end) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (syslog != null) {
            syslog.flush();
        }
    }

    /**
     * Waits (briefly) for queued lines to be written: at exit, so the last lines are not lost.
     * Gives up after a second if the output is stalled.
     */
    @Override
    public void close() {
        flush();
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        if (syslog != null) {
            syslog.flush();
            syslog.close();
        }
    }
}
