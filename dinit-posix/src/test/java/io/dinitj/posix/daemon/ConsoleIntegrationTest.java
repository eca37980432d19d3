package io.dinitj.posix.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console (docs/service-semantics.md §14) with the real daemon on a real pseudo-terminal
 * ({@link DaemonHarness#onTerminal()}, util-linux {@code script}), and without one. Each console
 * service runs a probe that records what it found: the terminal on its descriptors 0, 1 and 2,
 * its pid, process group and the terminal's foreground process group (from
 * {@code /proc/PID/stat}), and its blocked signals; a waiting probe then waits for a file before
 * it exits.
 */
class ConsoleIntegrationTest {

    /** SIGINT, SIGQUIT, SIGTSTP, SIGTTIN and SIGTTOU as a {@code SigBlk} mask. */
    private static final long FOREGROUND_BLOCKED = 1L << 1 | 1L << 2 | 1L << 19 | 1L << 20
            | 1L << 21;

    private static final String PROBE = String.join("\n",
            "#!/bin/sh",
            "# probe DIR NAME wait|exit",
            "dir=$1; name=$2",
            "t=$(tty 2>/dev/null) || t=none",
            "if [ -t 0 ] && [ -t 1 ] && [ -t 2 ]; then all=yes; else all=no; fi",
            "st=$(cut -d' ' -f5,8 /proc/$$/stat)",
            "blk=$(sed -n 's/^SigBlk:[[:space:]]*//p' /proc/$$/status)",
            "echo \"$t $all $$ $st $blk\" > \"$dir/$name.tmp\"",
            "mv \"$dir/$name.tmp\" \"$dir/$name.probe\"",
            "echo \"probe $name on console\"",
            "if [ \"$3\" = wait ]; then",
            "  while [ ! -e \"$dir/$name.go\" ]; do",
            "    if [ -e \"$dir/$name.say\" ] && [ ! -e \"$dir/$name.said\" ]; then",
            "      echo \"probe $name says hello\"; : > \"$dir/$name.said\"",
            "    fi",
            "    sleep 0.05",
            "  done",
            "fi",
            "");

    /** What a probe recorded. */
    private record Probe(String tty, boolean allTty, int pid, int pgrp, int tpgid,
            long blocked) {

        boolean foreground() {
            return pid == pgrp && tpgid == pgrp;
        }
    }

    private static Probe probe(DaemonHarness d, String name) throws IOException {
        Path f = d.dir.resolve(name + ".probe");
        d.await(() -> Files.exists(f), name + "'s probe");
        String[] w = Files.readString(f).trim().split(" ");
        return new Probe(w[0], w[1].equals("yes"), Integer.parseInt(w[2]),
                Integer.parseInt(w[3]), Integer.parseInt(w[4]), Long.parseLong(w[5], 16));
    }

    private static DaemonHarness daemon(String name) throws IOException {
        DaemonHarness d = new DaemonHarness(name);
        Files.writeString(d.dir.resolve("probe.sh"), PROBE);
        d.service("idle", "type = process", "command = /bin/sleep 1000");
        d.service("plain", "type = process", "command = /bin/sleep 1000");
        d.service("later", "type = process", "command = /bin/sleep 1000");
        return d;
    }

    private static String probeCommand(DaemonHarness d, String name, String mode) {
        return "command = /bin/sh " + d.dir.resolve("probe.sh") + " " + d.dir + " " + name + " "
                + mode;
    }

    private static String ctl(DaemonHarness d, String... args) {
        Ctl c = Ctl.ctl(d, args);
        assertThat(c.status()).as("dinitctl %s: %s%s", List.of(args), c.out(), c.err()).isZero();
        return c.out() + c.err();
    }

    /** The terminal's foreground process group and the process's own group, as the daemon's. */
    private static int[] groupAndForeground(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[5])};
    }

    private static void go(DaemonHarness d, String name, String what) throws IOException {
        Files.writeString(d.dir.resolve(name + "." + what), "");
    }

    /**
     * Two runs-on-console services take turns: the first gets the terminal on 0, 1 and 2 and is
     * its foreground process group (job-control signals blocked), the second waits in the queue
     * until the first stops, then gets the same; afterwards the daemon has the foreground back.
     * While a service holds the console the daemon's own lines are kept back (a line for a
     * service started meanwhile does not come before what the holder writes later); once the
     * console is free, the daemon's lines show again.
     */
    @Test
    void runsOnConsoleServicesTakeTurnsInTheForeground() throws Exception {
        try (DaemonHarness d = daemon("console-queue")) {
            d.service("first", "type = process", "restart = false", "options = runs-on-console",
                    probeCommand(d, "first", "wait"));
            d.service("second", "type = process", "restart = false",
                    "options = runs-on-console", probeCommand(d, "second", "wait"));
            d.onTerminal().start("idle", "first", "second");

            Probe first = probe(d, "first");
            assertThat(first.tty()).startsWith("/dev/pts/");
            assertThat(first.allTty()).isTrue();
            assertThat(first.foreground()).as("%s", first).isTrue();
            assertThat(first.blocked() & FOREGROUND_BLOCKED).isEqualTo(FOREGROUND_BLOCKED);
            String list = ctl(d, "list");
            assertThat(list).contains("first (pid: " + first.pid() + ") (has console)")
                    .contains("second (waiting for console)");
            assertThat(d.dir.resolve("second.probe")).doesNotExist();

            // A service started while 'first' holds the console: its line is kept back.
            assertThat(ctl(d, "start", "plain")).endsWith("started.\n");
            go(d, "first", "say");
            d.awaitLine("probe first says hello");
            assertThat(d.lines()).doesNotContain("[  OK  ] plain");

            go(d, "first", "go");
            Probe second = probe(d, "second");
            assertThat(second.tty()).isEqualTo(first.tty());
            assertThat(second.allTty()).isTrue();
            assertThat(second.foreground()).as("%s", second).isTrue();
            assertThat(second.pgrp()).isNotEqualTo(first.pgrp());
            assertThat(ctl(d, "list")).contains("second (pid: " + second.pid()
                    + ") (has console)");

            go(d, "second", "go");
            d.awaitLine("[STOPPD] second");
            int[] daemon = groupAndForeground(d.daemonPid());
            assertThat(daemon[1]).as("terminal foreground back with the daemon")
                    .isEqualTo(daemon[0]);
            assertThat(ctl(d, "start", "later")).endsWith("started.\n");
            d.awaitLine("[  OK  ] later");

            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * A starts-on-console (scripted) service has the console, in the foreground, only while it
     * starts: once STARTED it gives it to the next in the queue, a runs-on-console service.
     * With unmask-intr, SIGINT is not blocked in the foreground process. A shares-console
     * service gets the terminal too, but neither queues nor takes the foreground.
     */
    @Test
    void startsOnConsoleReleasesOnceStarted() throws Exception {
        try (DaemonHarness d = daemon("console-starts")) {
            d.service("setup", "type = scripted", "options = starts-on-console",
                    probeCommand(d, "setup", "exit"));
            d.service("shell", "type = process", "restart = false",
                    "options = runs-on-console unmask-intr", probeCommand(d, "shell", "wait"));
            d.service("shared", "type = process", "restart = false",
                    "options = shares-console", probeCommand(d, "shared", "wait"));
            d.onTerminal().start("idle", "setup", "shell");

            Probe setup = probe(d, "setup");
            assertThat(setup.tty()).startsWith("/dev/pts/");
            assertThat(setup.allTty()).isTrue();
            assertThat(setup.foreground()).as("%s", setup).isTrue();
            Probe shell = probe(d, "shell");
            assertThat(shell.foreground()).as("%s", shell).isTrue();
            assertThat(shell.blocked() & FOREGROUND_BLOCKED).isEqualTo(FOREGROUND_BLOCKED & ~2L);
            assertThat(ctl(d, "list")).contains("] setup\n")
                    .contains("shell (pid: " + shell.pid() + ") (has console)");

            // shares-console: no queue (it runs while 'shell' holds the console), no foreground.
            assertThat(ctl(d, "start", "shared")).endsWith("started.\n");
            Probe shared = probe(d, "shared");
            assertThat(shared.tty()).isEqualTo(shell.tty());
            assertThat(shared.allTty()).isTrue();
            assertThat(shared.pgrp()).isEqualTo(shared.pid());
            assertThat(shared.tpgid()).isEqualTo(shell.pgrp());
            assertThat(shared.blocked() & FOREGROUND_BLOCKED).isZero();

            go(d, "shell", "go");
            go(d, "shared", "go");
            d.awaitLine("[STOPPD] shell");
            d.awaitLine("[STOPPD] shared");
            int[] daemon = groupAndForeground(d.daemonPid());
            assertThat(daemon[1]).isEqualTo(daemon[0]);

            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * Without a terminal (the daemon's output is a pipe), console services still run, on the
     * daemon's own descriptors, one after the other; nothing fails and the daemon's lines go on
     * once the console is free.
     */
    @Test
    void withoutTerminalConsoleServicesUseTheDaemonsDescriptors() throws Exception {
        try (DaemonHarness d = daemon("console-none")) {
            d.service("one", "type = process", "restart = false", "options = runs-on-console",
                    probeCommand(d, "one", "exit"));
            d.service("two", "type = scripted", "options = starts-on-console",
                    probeCommand(d, "two", "exit"));
            d.service("three", "type = process", "restart = false", "options = shares-console",
                    probeCommand(d, "three", "exit"));
            d.start("idle", "one", "two", "three");

            for (String name : List.of("one", "two", "three")) {
                Probe p = probe(d, name);
                assertThat(p.tty()).isEqualTo("none");
                assertThat(p.allTty()).isFalse();
                assertThat(p.pgrp()).as("%s", p).isEqualTo(p.pid());
                d.awaitLine("probe " + name + " on console");
            }
            d.awaitLine("[STOPPD] one");
            d.awaitLine("[STOPPD] three");
            assertThat(ctl(d, "list")).contains("] two\n");
            assertThat(ctl(d, "start", "later")).endsWith("started.\n");
            d.awaitLine("[  OK  ] later");

            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }
}
