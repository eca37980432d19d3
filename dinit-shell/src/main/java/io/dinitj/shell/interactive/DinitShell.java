package io.dinitj.shell.interactive;

import io.dinitj.core.load.IoErrorText;
import io.dinitj.shell.ctl.Command;
import io.dinitj.shell.ctl.Dinitctl;
import io.dinitj.shell.ctl.TerminalScreen;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: {@code dinit-shell [options]}, and {@code dinitctl [options]} with no
 * command when standard input is a terminal. It reads lines with JLine (prompt
 * {@value #PROMPT}), splits each like a POSIX shell (quotes and backslashes), puts the
 * shell's general options (such as {@code -p SOCKET}) in front and runs the result through
 * {@link Dinitctl#run}, the code of a one-shot command, so a command's output, errors and
 * status are those of {@code dinitctl [options] LINE}. Every command connects anew, so a
 * daemon that restarted is simply reached again by the next command (the failed one reports
 * the lost connection).
 *
 * <p>Words of its own: {@code help}, {@code help COMMAND}, {@code exit} and {@code quit}; and
 * output redirection at the end of a line, {@code > FILE} or {@code >> FILE} (standard output
 * only, uncoloured).
 * Ctrl-C abandons the line being typed (or interrupts a running command), Ctrl-D on an empty
 * line leaves. History persists in {@code $DINITJ_HISTORY}, else
 * {@code $XDG_STATE_HOME/dinitj/history}, else {@code ~/.dinitj_history}.
 *
 * <p>Not thread safe: one thread runs {@link #loop}.
 */
public final class DinitShell {

    /** The prompt. */
    public static final String PROMPT = "dinit> ";

    private final Terminal terminal;
    private final List<String> options;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final LineReader reader;
    /** Splits lines like a POSIX shell; it keeps no state between lines. */
    private static final Parser PARSER = new DefaultParser();
    private final Parser parser = PARSER;
    /** True to colour states in list and status output ({@link Colour}). */
    private boolean colour;

    /**
     * Creates a shell over a terminal. Nothing is read until {@link #loop}.
     *
     * @param terminal the terminal to read lines from (and echo to)
     * @param options the general dinitctl options put before every command line, such as
     *     {@code -p /run/dinitctl}
     * @param env the process environment: chooses the socket as dinitctl does, and
     *     {@code DINITJ_HISTORY}, {@code XDG_STATE_HOME} and {@code HOME} the history file
     * @param out where commands' standard output goes
     * @param err where commands' standard error goes
     */
    public DinitShell(Terminal terminal, List<String> options, Map<String, String> env,
            PrintStream out, PrintStream err) {
        this.terminal = terminal;
        this.options = List.copyOf(options);
        this.env = env;
        this.out = out;
        this.err = err;
        LineReaderBuilder b = LineReaderBuilder.builder()
                .appName("dinit-shell")
                .terminal(terminal)
                .parser(parser)
                .completer(new ShellCompleter(this.options, env))
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        Path history = historyFile(env);
        if (history != null) {
            b.variable(LineReader.HISTORY_FILE, history);
        }
        this.reader = b.build();
    }

    /**
     * Runs the shell on the system terminal, or the one-shot command if {@code args} names
     * one, and exits with the status.
     *
     * @param args general dinitctl options, optionally followed by a command
     */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    /**
     * Opens the shell on the system terminal with the given general options, or runs
     * {@code dinitctl args} if {@code args} contain a command or {@code --help}/{@code
     * --version}. Used by {@code bin/dinit-shell} and by {@code dinitctl} with no command.
     *
     * @param args the command line, without the program name
     * @param env the process environment
     * @return the exit status: the one-shot command's, or 0 when the shell ends normally
     */
    public static int run(String[] args, Map<String, String> env) {
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        if (Dinitctl.hasCommand(args)) {
            return Dinitctl.run(args, stdout, stderr, env);
        }
        // dumb(true): a dumb terminal is expected when input is not a terminal (a script, a
        // pipe), so JLine need not warn about falling back to one.
        try (Terminal t = TerminalBuilder.builder().name("dinit-shell").system(true)
                .dumb(true).nativeSignals(true).build()) {
            DinitShell shell = new DinitShell(t, List.of(args), env, stdout, stderr);
            shell.colour(Colour.enabled(t, env));
            Thread main = Thread.currentThread();
            t.handle(Terminal.Signal.INT, signal -> main.interrupt());
            return shell.loop();
        } catch (IOException e) {
            stderr.println("dinit-shell: cannot open the terminal: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Turns colour for service states in {@code list} and {@code status} output on or off
     * (off at first). Only for output that goes to a colour terminal.
     *
     * @param on true to colour
     */
    public void colour(boolean on) {
        colour = on;
    }

    /**
     * Reads and runs lines until end of input, {@code exit} or {@code quit}.
     *
     * @return 0
     */
    public int loop() {
        try {
            while (true) {
                String line;
                // A Ctrl-C that came after the last command ended is spent.
                Thread.interrupted();
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (!execute(line)) {
                    break;
                }
            }
        } finally {
            saveHistory();
        }
        return 0;
    }

    /**
     * Runs one line: a shell word or a dinitctl command line.
     *
     * @param line the line as typed
     * @return false if the shell should end
     */
    boolean execute(String line) {
        Redirect to;
        try {
            to = redirect(line);
        } catch (RuntimeException e) {
            error("dinit-shell: " + e.getMessage());
            return true;
        }
        if (to == null) {
            return run(line, out, colour);
        }
        String file = to.file();
        try (PrintStream f = new PrintStream(new FileOutputStream(file, to.append()), false,
                StandardCharsets.UTF_8)) {
            boolean more = run(to.command(), f, false);
            f.flush();
            if (f.checkError()) {
                error("dinit-shell: error writing " + file);
            }
            return more;
        } catch (IOException e) {
            error("dinit-shell: cannot write " + file + ": " + IoErrorText.describe(e));
            return true;
        }
    }

    /**
     * An output redirection at the end of a line: {@code > FILE} (truncate) or {@code >> FILE}
     * (append).
     *
     * @param command the line before the operator
     * @param file the file name: the one word after it, quotes removed
     * @param append true for {@code >>}
     */
    record Redirect(String command, String file, boolean append) {
    }

    /**
     * Finds an output redirection: the first {@code >} outside quotes and not escaped. What
     * follows {@code >} or {@code >>} must be exactly one word (the file), so the redirection
     * ends the line; a quoted or escaped {@code >} is an ordinary character.
     *
     * @param line the line as typed
     * @return the redirection, or null if the line has none
     * @throws RuntimeException if the redirection is malformed (the message says why)
     */
    static Redirect redirect(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quote != '\'') {
                i++;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '>') {
                boolean append = i + 1 < line.length() && line.charAt(i + 1) == '>';
                String rest = line.substring(i + (append ? 2 : 1));
                String op = append ? ">>" : ">";
                List<String> file = words(rest);
                if (file.size() != 1 || file.get(0).isEmpty()) {
                    throw new IllegalArgumentException(file.isEmpty() || file.get(0).isEmpty()
                            ? "missing file name after " + op
                            : op + " FILE must end the line");
                }
                return new Redirect(line.substring(0, i), file.get(0), append);
            }
        }
        return null;
    }

    /** Splits text into words as a line is split (quotes and backslashes). */
    private static List<String> words(String text) {
        ParsedLine p = PARSER.parse(text, text.length(), Parser.ParseContext.ACCEPT_LINE);
        List<String> w = new ArrayList<>(p.words());
        if (!w.isEmpty() && w.get(w.size() - 1).isEmpty() && !text.stripTrailing().endsWith("\"")
                && !text.stripTrailing().endsWith("'")) {
            w.remove(w.size() - 1);
        }
        return w;
    }

    /** Runs a line without redirection, its standard output to {@code stdout}. */
    private boolean run(String line, PrintStream stdout, boolean coloured) {
        List<String> words;
        try {
            words = words(line);
        } catch (RuntimeException e) {
            error("dinit-shell: " + e.getMessage());
            return true;
        }
        if (words.isEmpty()) {
            return true;
        }
        String first = words.get(0);
        if (first.equals("exit") || first.equals("quit")) {
            return false;
        }
        if (first.equals("help")) {
            help(words.subList(1, words.size()), stdout);
            return true;
        }
        List<String> argv = new ArrayList<>(options);
        argv.addAll(words);
        Command c = Command.byWord(first);
        if (coloured && (c == Command.LIST || c == Command.STATUS) && !words.contains("--json")) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(buffer, false, StandardCharsets.UTF_8);
            Dinitctl.run(argv.toArray(new String[0]), capture, err, env);
            String text = buffer.toString(StandardCharsets.UTF_8);
            stdout.print(c == Command.LIST ? Colour.list(text) : Colour.status(text));
            stdout.flush();
        } else {
            Dinitctl.run(argv.toArray(new String[0]), stdout, err, env,
                    new TerminalScreen(terminal, coloured));
        }
        if (Thread.interrupted()) {
            error("dinit-shell: interrupted");
        }
        return true;
    }

    /** Prints {@code help} or {@code help COMMAND}. */
    private void help(List<String> args, PrintStream stdout) {
        if (args.isEmpty()) {
            stdout.print(helpText());
            stdout.flush();
            return;
        }
        Command c = Command.byWord(args.get(0));
        if (c == null) {
            error("dinit-shell: no command named '" + args.get(0) + "' (type help for a list)");
            return;
        }
        stdout.print(helpText(c));
        stdout.flush();
    }

    /**
     * The text of {@code help}: every command of the table with its one-line help, then the
     * shell's own words and keys.
     *
     * @return the text, each line ending in a newline
     */
    static String helpText() {
        StringBuilder b = new StringBuilder("Commands (help COMMAND for details):\n");
        for (Command c : Command.values()) {
            b.append(String.format("  %-12s %s%n", c.word(), c.help()));
        }
        b.append("Shell:\n"
                + "  help [COMMAND]  show this list, or a command's usage\n"
                + "  exit, quit      leave the shell (also Ctrl-D)\n"
                + "  CMD > FILE      write a command's output to FILE (>> FILE: append)\n"
                + "Keys: Tab completes commands, options and service names;"
                + " Ctrl-C abandons the line\n"
                + "      or stops watch and catlog --follow; q leaves watch.\n");
        return b.toString();
    }

    /**
     * The text of {@code help COMMAND}: its usage line, help and options.
     *
     * @param c the command
     * @return the text, each line ending in a newline
     */
    static String helpText(Command c) {
        StringBuilder b = new StringBuilder("Usage: ").append(c.usage()).append('\n')
                .append("  ").append(c.help()).append('\n');
        Set<String> o = new TreeSet<>(ShellCompleter.optionsOf(c));
        b.append("Options: ").append(String.join(" ", o)).append('\n');
        return b.toString();
    }

    private void error(String text) {
        out.flush();
        err.print(text + "\n");
        err.flush();
    }

    private void saveHistory() {
        History h = reader.getHistory();
        try {
            h.save();
        } catch (IOException e) {
            error("dinit-shell: cannot save history: " + e.getMessage());
        }
    }

    /**
     * The history file: {@code $DINITJ_HISTORY}, else {@code $XDG_STATE_HOME/dinitj/history}
     * (its directory created), else {@code ~/.dinitj_history}.
     *
     * @param env the process environment
     * @return the file, or null if there is no home directory to put it in
     */
    static Path historyFile(Map<String, String> env) {
        String explicit = env.get("DINITJ_HISTORY");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isEmpty()) {
            Path dir = Path.of(state, "dinitj");
            try {
                Files.createDirectories(dir);
                return dir.resolve("history");
            } catch (IOException e) {
                // Fall back to the home directory.
            }
        }
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        if (home == null || home.isEmpty() || home.equals("?")) {
            return null;
        }
        return Path.of(home, ".dinitj_history");
    }
}
