package io.dinitj.shell.interactive;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The hidden {@code dinitctl __complete [--describe] CWORD WORD0 WORD1 ...}: prints the
 * completions of word {@code CWORD} of the command line {@code WORD0 WORD1 ...} (WORD0 is the
 * program name, as in bash's {@code COMP_WORDS}), one per line, for the bash, zsh and fish
 * scripts of the distribution. The choice is the interactive shell's own
 * ({@link ShellCompleter#suggest}), so the scripts keep no second list of commands or options:
 * command names, command options, dinitctl's general options, signal names, paths after
 * {@code -p} and {@code -d}, and the service names of the daemon that the line's options select
 * ({@code -p}/{@code --socket-path}, {@code -u}/{@code --user}, else
 * {@code $DINIT_SOCKET_PATH}, else the default socket).
 *
 * <p>Only completions that start with the typed part of word {@code CWORD} are printed; a
 * missing word {@code CWORD} is an empty one. With {@code --describe}, a completion that has a
 * description is printed as {@code VALUE<TAB>DESCRIPTION} (fish's format, which the zsh script
 * splits). A directory ends in {@code /}, the scripts' sign to add no space after it.
 *
 * <p>Hidden on purpose: it is not in {@code --help}, not in the command table and not in the
 * shell's list, as it is an interface for scripts, not for people. When no daemon answers, only
 * what needs no daemon is offered, and nothing is said: status 0. A malformed request (no
 * index) prints a line on standard error and gives status 2.
 *
 * <p>Dispatched by {@link io.dinitj.shell.DinitctlMain}, above both the client and the shell.
 */
public final class CompletionCommand {

    /** The hidden subcommand's word, the first argument of {@code dinitctl}. */
    public static final String WORD = "__complete";

    private CompletionCommand() {
    }

    /**
     * Prints the completions for a command line.
     *
     * @param args the arguments after {@link #WORD}: {@code [--describe] CWORD WORD0 ...}
     * @param env the process environment (chooses the socket as dinitctl does)
     * @param out where the completions go, one per line
     * @param err where a malformed request is reported
     * @return 0, or 2 for a malformed request
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out,
            PrintStream err) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean describe = !a.isEmpty() && a.get(0).equals("--describe");
        if (describe) {
            a.remove(0);
        }
        int cword;
        try {
            cword = a.isEmpty() ? -1 : Integer.parseInt(a.get(0));
        } catch (NumberFormatException e) {
            cword = -1;
        }
        if (cword < 0) {
            err.println("dinitctl: usage: dinitctl " + WORD
                    + " [--describe] CWORD WORD0 [WORD1 ...]");
            err.flush();
            return 2;
        }
        List<String> words = new ArrayList<>(a.subList(1, a.size()));
        while (words.size() <= cword) {
            words.add("");
        }
        if (cword == 0) {
            return 0;
        }
        List<String> line = words.subList(1, words.size());
        String word = words.get(cword);
        ShellCompleter completer = new ShellCompleter(List.of(), env, true);
        for (ShellCompleter.Suggestion s : completer.suggest(line, cword - 1, word)) {
            String v = s.value();
            if (!v.startsWith(word) || v.indexOf('\n') >= 0) {
                continue;
            }
            if (describe && s.description() != null) {
                out.print(v + "\t" + s.description() + "\n");
            } else {
                out.print(v + "\n");
            }
        }
        out.flush();
        return 0;
    }
}
