package io.dinitj.shell.interactive;

import io.dinitj.shell.ctl.Command;
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
 * service directories. If the daemon cannot be reached, no service names are offered.
 *
 * <p>Called by the line reader on its own thread only.
 */
final class ShellCompleter implements Completer {

    /** The shell's own words, completed beside the command names. */
    static final List<String> BUILTINS = List.of("help", "exit", "quit");

    /** General options that take a value (so the value is not the command). */
    private static final Set<String> WITH_VALUE = Set.of("-p", "--socket-path", "-d",
            "--services-dir", "--from");

    private final List<String> options;
    private final Map<String, String> env;

    /**
     * Creates the completer.
     *
     * @param options the shell's general dinitctl options, used to reach the daemon
     * @param env the process environment
     */
    ShellCompleter(List<String> options, Map<String, String> env) {
        this.options = List.copyOf(options);
        this.env = env;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int current = line.wordIndex();
        String word = line.word() == null ? "" : line.word();
        String first = null;
        int args = 0;
        for (int i = 0; i < current && i < words.size(); i++) {
            String w = words.get(i);
            if (WITH_VALUE.contains(w)) {
                i++;
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
                candidates.add(new Candidate(p, p, null, null, null, null, !p.endsWith("/")));
            }
            return;
        }
        if (first == null) {
            if (word.startsWith("-")) {
                return;
            }
            for (Command c : Command.values()) {
                candidates.add(new Candidate(c.word(), c.word(), null, c.help(), null, null,
                        true));
            }
            for (String b : BUILTINS) {
                candidates.add(new Candidate(b));
            }
            return;
        }
        if (first.equals("help")) {
            if (args == 0) {
                for (Command c : Command.values()) {
                    candidates.add(new Candidate(c.word()));
                }
            }
            return;
        }
        Command c = Command.byWord(first);
        if (c == null) {
            return;
        }
        if (word.startsWith("-")) {
            for (String o : optionsOf(c)) {
                candidates.add(new Candidate(o));
            }
            return;
        }
        for (String n : serviceNames(c, args)) {
            candidates.add(new Candidate(n));
        }
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

    /** The service names for the argument after {@code args} earlier arguments. */
    private List<String> serviceNames(Command c, int args) {
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
        Set<String> all = new LinkedHashSet<>(ServiceNames.loaded(options, env));
        if (c == Command.START || c == Command.ENABLE) {
            all.addAll(ServiceNames.loadable(options, env));
        }
        names.addAll(all);
        return names;
    }
}
