package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.Ctl.ctlText;
import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.shell.ctl.Dinitctl;
import io.dinitj.shell.interactive.DinitShell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/**
 * The shell's Dinit/J views against the real daemon with real processes: {@code watch} driven
 * through a JLine terminal over piped streams while services start, fail and stop, the
 * {@code tree} and {@code graph} of a known set, and {@code catlog --follow}.
 */
class ShellIntegrationTest {

    /** ANSI "home, clear to end": how an "ansi" terminal clears its screen. */
    private static final String CLEAR = "\u001b[H\u001b[J";

    private static DaemonHarness daemon(String name) throws Exception {
        DaemonHarness d = new DaemonHarness(name);
        d.service("boot", "type = internal", "depends-on = web", "waits-for = trig");
        d.service("web", "type = process", "command = /bin/sleep 100");
        d.service("trig", "type = triggered");
        d.service("spare", "type = process", "command = /bin/sleep 100");
        d.service("broken", "type = process", "command = /bin/sh -c \"exit 3\"",
                "restart = false");
        d.service("ticker", "type = process", "log-type = buffer",
                "command = /bin/sh -c \"i=0; while :; do i=$$((i+1)); echo tick $$i;"
                        + " sleep 0.05; done\"");
        return d;
    }

    /** A shell on a terminal whose keys the test types while it runs. */
    private static final class Shell implements AutoCloseable {
        final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PipedOutputStream keys = new PipedOutputStream();
        final Terminal terminal;
        final Thread thread;

        Shell(DaemonHarness d) throws IOException {
            terminal = new DumbTerminal("test", "ansi", new PipedInputStream(keys, 4096),
                    screen, StandardCharsets.UTF_8);
            terminal.setSize(new Size(100, 30));
            DinitShell shell = new DinitShell(terminal, List.of("-p", d.socket.toString()),
                    Map.of("DINITJ_HISTORY", d.dir.resolve("history").toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            thread = new Thread(shell::loop, "shell");
            thread.start();
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        String screen() {
            return screen.toString(StandardCharsets.UTF_8);
        }

        /** The last full frame of watch (between the last two clears, or after the last). */
        String lastFrame() {
            String s = screen();
            int last = s.lastIndexOf(CLEAR);
            if (last < 0) {
                return "";
            }
            int before = s.lastIndexOf(CLEAR, last - 1);
            // The frame being written may be incomplete: take the previous one then.
            String current = s.substring(last + CLEAR.length());
            return current.contains("\r\n") && current.endsWith("\r\n") || before < 0 ? current
                    : s.substring(before + CLEAR.length(), last);
        }

        /** A row of the last frame, by service name. */
        String row(String name) {
            for (String line : lastFrame().split("\r\n")) {
                if (line.startsWith(name + " ")) {
                    return line.replaceAll(" +", " ");
                }
            }
            return "";
        }

        @Override
        public void close() throws IOException {
            try {
                keys.close();
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                thread.interrupt();
                terminal.close();
            }
        }
    }

    @Test
    void watch_followsStartsFailuresAndStops() throws Exception {
        try (DaemonHarness d = daemon("shell-watch")) {
            d.start("spare");
            d.awaitLine("[  OK  ] spare");
            try (Shell sh = new Shell(d)) {
                sh.type("watch\n");
                d.await(() -> sh.row("spare").matches("spare started started \\d+ \\d+s -")
                        && sh.lastFrame().startsWith("dinit watch: 1 services, 1 started,"
                                + " 0 failed    (q quits, r re-lists)\r\n"
                                + "SERVICE  STATE     TARGET   PID      UPTIME    LAST EXIT\r\n"),
                        "watch shows spare started: " + sh.lastFrame());
                // boot and web are loaded by the start; the event burst re-lists them in.
                // boot waits for trig, which waits for its trigger: do not wait for boot.
                assertThat(ctlText(d, "start", "--no-wait", "boot")).startsWith("0 ");
                assertThat(ctlText(d, "start", "--no-wait", "broken")).startsWith("0 ");
                d.await(() -> sh.row("web").matches("web started started \\d+ \\d+s -")
                        && sh.row("boot").equals("boot starting started - - -")
                        && sh.row("broken").equals("broken failed stopped - - exit 3")
                        && sh.row("trig").equals("trig starting started - - -"),
                        "watch shows the new services: " + sh.lastFrame());
                assertThat(ctlText(d, "trigger", "trig")).startsWith("0 ");
                d.await(() -> sh.row("boot").matches("boot started started - \\d+s -"),
                        "boot started: " + sh.lastFrame());
                assertThat(ctlText(d, "stop", "boot")).startsWith("0 ");
                d.await(() -> sh.row("web").equals("web stopped stopped - - signal 15 (TERM)")
                        && sh.row("boot").equals("boot stopped stopped - - -"),
                        "web stopped: " + sh.lastFrame());
                sh.type("q");
                sh.type("list\n");
                d.await(() -> sh.out.toString(StandardCharsets.UTF_8).contains("] spare"),
                        "the shell runs commands after watch");
                sh.type("watch\n");
                d.await(() -> sh.row("spare").startsWith("spare started"), "second watch");
                // The daemon goes away under the view: it ends with the reason.
                d.signal("TERM");
                assertThat(d.awaitExit()).isZero();
                d.await(() -> sh.err.toString(StandardCharsets.UTF_8)
                        .contains("dinitctl: lost the connection to the daemon\n"),
                        "lost connection reported: " + sh.err);
                sh.type("exit\n");
            }
        }
    }

    @Test
    void treeAndGraph_ofAKnownSet() throws Exception {
        try (DaemonHarness d = daemon("shell-tree")) {
            d.start("spare", "boot");
            d.awaitLine("[  OK  ] web");
            assertThat(ctlText(d, "tree", "boot")).isEqualTo("0 boot [starting]\n"
                    + "├─ depends-on web [started]\n"
                    + "└─ waits-for trig [starting]\n");
            // Reversed, each line reads from the dependent's side: boot depends-on web.
            assertThat(ctlText(d, "tree", "--reverse", "web")).isEqualTo("0 web [started]\n"
                    + "└─ boot [starting] depends-on web\n");
            // A link added at run time is in the live graph.
            assertThat(ctlText(d, "add-dep", "waits-for", "spare", "trig")).startsWith("0 ");
            assertThat(ctlText(d, "tree", "-r", "trig")).isEqualTo("0 trig [starting]\n"
                    + "├─ boot [starting] waits-for trig\n"
                    + "└─ spare [started] waits-for trig\n");
            String dot = ctlText(d, "graph");
            assertThat(dot).startsWith("0 digraph dinit {\n").endsWith("}\n");
            assertThat(dot).contains(
                    "  \"web\" [label=\"web\\nstarted\", fillcolor=\"palegreen\"];\n",
                    "  \"trig\" [label=\"trig\\nstarting\", fillcolor=\"khaki\"];\n",
                    "  \"boot\" -> \"web\" [label=\"depends-on\", style=solid];\n",
                    "  \"boot\" -> \"trig\" [label=\"waits-for\", style=dashed];\n",
                    "  \"spare\" -> \"trig\" [label=\"waits-for\", style=dashed];\n");
            assertThat(ctlText(d, "graph", "web")).doesNotContain("boot");
            assertThat(ctlText(d, "tree", "nonexistent")).startsWith("1 dinitctl: failed to find");
            // The same through the shell.
            try (Shell sh = new Shell(d)) {
                sh.type("tree boot\nexit\n");
                sh.thread.join(20_000);
                assertThat(sh.out.toString(StandardCharsets.UTF_8)).isEqualTo(
                        "boot [starting]\n├─ depends-on web [started]\n"
                                + "└─ waits-for trig [starting]\n");
            }
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void catlogFollow_printsEachLineOnceAsItArrives() throws Exception {
        try (DaemonHarness d = daemon("shell-follow")) {
            d.start("spare", "ticker");
            d.awaitLine("[  OK  ] ticker");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread follow = new Thread(() -> Dinitctl.run(new String[] {"-p",
                d.socket.toString(), "catlog", "-f", "ticker"},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8), Map.of()));
            follow.start();
            try {
                d.await(() -> out.toString(StandardCharsets.UTF_8).contains("tick 20\n"),
                        "followed output reaches tick 20: " + out);
            } finally {
                follow.interrupt();
                follow.join(5000);
            }
            assertThat(follow.isAlive()).isFalse();
            assertConsecutiveTicks(out.toString(StandardCharsets.UTF_8));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** Every line is "tick N" with N = 1, 2, 3, ... (the last may be partial). */
    private static void assertConsecutiveTicks(String text) {
        Matcher m = Pattern.compile("tick (\\d+)\n").matcher(text);
        int expected = 1;
        int end = 0;
        while (m.find()) {
            assertThat(m.start()).as("nothing between lines").isEqualTo(end);
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(expected++);
            end = m.end();
        }
        assertThat(expected).isGreaterThan(20);
        assertThat(text.substring(end)).matches("(tick \\d*)?");
    }
}
