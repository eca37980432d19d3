package io.dinitj.shell.interactive;

import io.dinitj.shell.ctl.Command;
import io.dinitj.shell.ctl.Dinitctl;
import io.dinitj.shell.ctl.ServiceNames;
import io.dinitj.shell.ctl.Signals;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completion for the shell, from the command table: the command names (and the shell's own
 * words) first; after a command, its options when the word starts with {@code -}, else
 * service names. Service names are asked from the daemon at each completion (the loaded
 * services); {@code start} and {@code enable} also offer the description files in the
 * service directories. If the daemon cannot be reached, no service names are offered. The
 * daemon asked is the one the general options select: the shell's, then those typed on the
 * line ({@code -p}, {@code -u}/{@code -s}, {@code -d}), as the line would run.
 *
 * <p>The choice is made by {@link #suggest}, which knows nothing of JLine, so that
 * {@link CompletionCommand} ({@code dinitctl __complete}, for the bash, zsh and fish scripts)
 * offers exactly what Tab offers in the shell.
 *
 * <p>Called by the line reader on its own thread only.
 */
final class ShellCompleter implements Completer {

    /** The shell's own words, completed beside the command names. */
    static final List<String> BUILTINS = List.of("help", "exit", "quit");

    /** General options that take a value (so the value is not the command). */
    private static final Set<String> WITH_VALUE = Set.of("-p", "--socket-path", "-d",
            "--services-dir", "--from");

    /** General options that reach another daemon; taken from the line for service names. */
    private static final Set<String> DAEMON_FLAGS = Set.of("-u", "--user", "-s", "--system");

    private final List<String> options;
    private final Map<String, String> env;
    private final boolean oneShot;

    /**
     * Creates the completer for the shell.
     *
     * @param options the shell's general dinitctl options, used to reach the daemon
     * @param env the process environment
     */
    ShellCompleter(List<String> options, Map<String, String> env) {
        this(options, env, false);
    }

    /**
     * Creates the completer for the shell or for a one-shot {@code dinitctl} command line
     * ({@link CompletionCommand}). A one-shot line offers dinitctl's general options where the
     * shell offers nothing, and not the shell's own words.
     *
     * @param options general dinitctl options put before the line, used to reach the daemon
     * @param env the process environment
     * @param oneShot true to complete a {@code dinitctl} command line rather than a shell line
     */
    ShellCompleter(List<String> options, Map<String, String> env, boolean oneShot) {
        this.options = List.copyOf(options);
        this.env = env;
        this.oneShot = oneShot;
    }

    /**
     * One completion, free of JLine so that {@link CompletionCommand} prints the same ones.
     *
     * @param value the word
     * @param description a one-line description, or null
     * @param complete false if more may be typed after it (a directory), so no space follows
     */
    record Suggestion(String value, String description, boolean complete) {

        /** A complete suggestion without a description. */
        Suggestion(String value) {
            this(value, null, true);
        }
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word() == null ? "" : line.word();
        for (Suggestion s : suggest(line.words(), line.wordIndex(), word)) {
            candidates.add(new Candidate(s.value(), s.value(), null, s.description(), null,
                    null, s.complete()));
        }
    }

    /**
     * The completions for a word, not yet filtered by what was typed of it (the line reader
     * filters; {@link CompletionCommand} filters by prefix).
     *
     * @param words the words of the line (after the program name, for a one-shot line)
     * @param current the index of the word being completed
     * @param word what was typed of it so far
     * @return the completions, in the order they should be offered
     */
    List<Suggestion> suggest(List<String> words, int current, String word) {
        List<Suggestion> candidates = new ArrayList<>();
        String first = null;
        int args = 0;
        List<String> reach = new ArrayList<>(options);
        for (int i = 0; i < current && i < words.size(); i++) {
            String w = words.get(i);
            if (WITH_VALUE.contains(w)) {
                if (!w.equals("--from") && i + 1 < current && i + 1 < words.size()) {
                    reach.add(w);
                    reach.add(words.get(i + 1));
                }
                i++;
            } else if (DAEMON_FLAGS.contains(w)) {
                reach.add(w);
            } else if (!w.startsWith("-")) {
                if (first == null) {
                    first = w;
                } else {
                    args++;
                }
            }
        }
        if (current > 0 && current - 1 < words.size()
                && WITH_VALUE.contains(words.get(current - 1))
                && !words.get(current - 1).equals("--from")) {
            for (String p : paths(word)) {
                candidates.add(new Suggestion(p, null, !p.endsWith("/")));
            }
            return candidates;
        }
        if (first == null) {
            if (word.startsWith("-")) {
                if (oneShot) {
                    for (String o : Dinitctl.generalOptions()) {
                        candidates.add(new Suggestion(o));
                    }
                }
                return candidates;
            }
            for (Command c : Command.values()) {
                candidates.add(new Suggestion(c.word(), c.help(), true));
            }
            if (!oneShot) {
                for (String b : BUILTINS) {
                    candidates.add(new Suggestion(b));
                }
            }
            return candidates;
        }
        if (first.equals("help") && !oneShot) {
            if (args == 0) {
                for (Command c : Command.values()) {
                    candidates.add(new Suggestion(c.word()));
                }
            }
            return candidates;
        }
        Command c = Command.byWord(first);
        if (c == null) {
            return candidates;
        }
        if (word.startsWith("-")) {
            for (String o : optionsOf(c)) {
                candidates.add(new Suggestion(o));
            }
            return candidates;
        }
        for (String n : serviceNames(c, args, reach)) {
            candidates.add(new Suggestion(n));
        }
        return candidates;
    }

    /**
     * The options offered after a command: its own, then the general command options that
     * apply to it.
     *
     * @param c the command
     * @return the options, in a stable order
     */
    static Set<String> optionsOf(Command c) {
        Set<String> o = new LinkedHashSet<>(new TreeSet<>(c.options()));
        switch (c) {
            case START:
            case WAKE:
            case RELEASE:
                o.add("--no-wait");
                o.add("--pin");
                break;
            case STOP:
            case RESTART:
                o.add("--no-wait");
                o.add("--pin");
                o.add("--ignore-unstarted");
                break;
            case STATUS:
            case LIST:
            case LIST_TYPES:
                o.add("--json");
                break;
            case ENABLE:
            case DISABLE:
                o.add("--offline");
                o.add("--services-dir");
                break;
            default:
                break;
        }
        o.add("--quiet");
        return o;
    }

    /**
     * File and directory names starting with a typed prefix (for {@code -p} and {@code -d}):
     * the entries of the prefix's directory, directories with a trailing slash.
     *
     * @param prefix the word typed so far
     * @return the completions, sorted
     */
    static List<String> paths(String prefix) {
        int slash = prefix.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : prefix.substring(0, slash + 1);
        String namePart = prefix.substring(slash + 1);
        Path dir = Path.of(dirPart.isEmpty() ? "." : dirPart);
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                String n = e.getFileName().toString();
                if (n.startsWith(namePart) && (!n.startsWith(".") || namePart.startsWith("."))) {
                    out.add(dirPart + n + (Files.isDirectory(e) ? "/" : ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    /**
     * The service names for the argument after {@code args} earlier arguments, from the daemon
     * (and directories) that the general options {@code reach} select.
     */
    private List<String> serviceNames(Command c, int args, List<String> reach) {
        List<String> names = new ArrayList<>();
        switch (c.args()) {
            case NONE:
            case ENVIRONMENT:
                return names;
            case DEPENDENCY:
                if (args == 0) {
                    names.addAll(List.of("need", "milestone", "waits-for"));
                    return names;
                }
                break;
            case SIGNAL:
                if (args == 0) {
                    names.addAll(Signals.names());
                    return names;
                }
                break;
            case OPTIONAL_SERVICE:
                if (args > 0) {
                    return names;
                }
                break;
            default:
                break;
        }
        Set<String> all = new LinkedHashSet<>(ServiceNames.loaded(reach, env));
        if (c == Command.START || c == Command.ENABLE) {
            all.addAll(ServiceNames.loadable(reach, env));
        }
        names.addAll(all);
        return names;
    }
}
