package io.dinitj.shell;

import io.dinitj.shell.ctl.Dinitctl;
import io.dinitj.shell.interactive.CompletionCommand;
import io.dinitj.shell.interactive.DinitShell;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What {@code bin/dinitctl} starts: with no command (general options only, no {@code --help}),
 * on a terminal or with {@code DINITJ_SHELL=1} in the environment, the interactive shell
 * ({@link DinitShell}); otherwise one {@link Dinitctl} command, as upstream's dinitctl, which
 * prints its help when given no command. The choice lives here, above both, so that the client
 * and the shell built on it do not import each other. The same holds for the hidden
 * {@code dinitctl __complete ...} of the completion scripts ({@link CompletionCommand}): it runs
 * the shell's completer, and is dispatched here so that the client need not know it.
 */
public final class DinitctlMain {

    private DinitctlMain() {
    }

    /**
     * Runs the shell or one command and exits with its status.
     *
     * @param args the command line, without the program name
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(CompletionCommand.WORD)) {
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
                    StandardCharsets.UTF_8);
            System.exit(CompletionCommand.run(Arrays.copyOfRange(args, 1, args.length),
                    System.getenv(), out, System.err));
        }
        if (!Dinitctl.hasCommand(args)
                && (isTerminal() || "1".equals(System.getenv("DINITJ_SHELL")))) {
            System.exit(DinitShell.run(args, System.getenv()));
        }
        Dinitctl.main(args);
    }

    /**
     * Tells whether standard input and output are a terminal, so that {@code dinitctl} with no
     * command opens the interactive shell instead of printing its help (upstream's behaviour,
     * kept when not on a terminal).
     */
    private static boolean isTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            // Java 22 and later return a console even when redirected; isTerminal() tells.
            Method m = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(m.invoke(c));
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
