package io.dinitj.posix.differential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One generated differential scenario: a service directory and a sequence of dinitctl
 * commands, both a pure function of the seed (so a seed reproduces it exactly).
 *
 * <p>Service files may name the scenario's work directory as {@code @W@} (a bgprocess's
 * script and pid file); each run writes them with its own directory there, and the
 * comparison writes it back as {@code $W}.
 *
 * <p>The daemon is always started on {@link #HOLD}, an internal service no command names,
 * so that it stays up (a user daemon exits when nothing is active). Services do only short,
 * timing-tolerant things: they succeed or fail at once, or after {@code sleep 0.2}, or
 * run until stopped, so every step settles well within the comparison's quiet period.
 *
 * @param seed the seed it was made from
 * @param files service name to file text (in the order written)
 * @param commands the dinitctl command lines, without {@code -p SOCKET}
 */
record Scenario(long seed, Map<String, String> files, List<List<String>> commands) {

    /** The service the daemon starts on; no command names it. */
    static final String HOLD = "hold";

    /** The bgprocess helper: writes a background sleep's pid to $1, or with $2 = nopid, nothing. */
    static final String BG_SCRIPT = "#!/bin/sh\n"
            + "[ \"$2\" = nopid ] && exit 0\n"
            + "sleep 1000 >/dev/null 2>&1 </dev/null &\n"
            + "echo $! > \"$1\"\n";

    private static final String[] DEP_KINDS = {"depends-on", "depends-on", "waits-for",
        "waits-for", "depends-ms", "before", "after"};

    /** The scenario as {@code scenario.txt} shows it, which {@link #parse} reads back. */
    String text() {
        StringBuilder b = new StringBuilder();
        files.forEach((name, text) -> b.append("== services/").append(name).append('\n')
                .append(text));
        b.append("== commands (after: dinit -u -d services -p socket ").append(HOLD)
                .append(")\n");
        for (List<String> c : commands) {
            b.append("dinitctl -p socket ").append(String.join(" ", c)).append('\n');
        }
        return b.toString();
    }

    /**
     * Reads a scenario written as {@code scenario.txt} is ({@code == services/NAME} then the
     * file's lines, {@code == commands ...} then one {@code dinitctl -p socket ARGS} a line, ARGS
     * split at spaces): a reproduction can be cut down by hand and run again.
     */
    static Scenario parse(String text) {
        Map<String, String> files = new LinkedHashMap<>();
        List<List<String>> commands = new ArrayList<>();
        String file = null;
        boolean inCommands = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("== services/")) {
                file = line.substring(12).strip();
                files.put(file, "");
                inCommands = false;
            } else if (line.startsWith("== commands")) {
                inCommands = true;
            } else if (inCommands) {
                String c = line.strip();
                if (c.isEmpty() || c.startsWith("#")) {
                    continue;
                }
                if (!c.startsWith("dinitctl -p socket ")) {
                    throw new IllegalArgumentException("not 'dinitctl -p socket ARGS': " + line);
                }
                commands.add(List.of(c.substring(19).strip().split(" +")));
            } else if (file != null) {
                files.put(file, files.get(file) + line + "\n");
            }
        }
        if (!files.containsKey(HOLD)) {
            files.put(HOLD, "type = internal\n");
        }
        return new Scenario(0, files, commands);
    }

    /** Makes the scenario of a seed. */
    static Scenario generate(long seed) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + 17);
        int n = 3 + r.nextInt(5);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("s" + i);
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(HOLD, "type = internal\n");
        List<String> withDir = new ArrayList<>();
        boolean cycle = r.nextInt(8) == 0;
        boolean mutualBefore = r.nextInt(10) == 0;
        for (int i = 0; i < n; i++) {
            String s = names.get(i);
            StringBuilder f = new StringBuilder();
            int t = r.nextInt(20);
            String type = t < 9 ? "process" : t < 13 ? "scripted" : t < 16 ? "internal"
                    : "bgprocess";
            f.append("type = ").append(type).append('\n');
            boolean canLog = false;
            switch (type) {
                case "process" -> {
                    canLog = true;
                    switch (r.nextInt(7)) {
                        case 0, 1 -> f.append("command = /bin/sh -c \"echo ").append(s)
                                .append(" running; exec sleep 1000\"\n");
                        case 2 -> f.append("command = /bin/sh -c \"echo ").append(s)
                                .append(" failing; exit 3\"\n");
                        case 3 -> f.append("command = /bin/sh -c \"sleep 0.2; exit ")
                                .append(r.nextInt(2)).append("\"\n");
                        case 4 -> f.append("command = /nonexistent/").append(s).append('\n');
                        case 5 -> f.append("command = /bin/sh -c \"trap '' TERM; exec sleep")
                                .append(" 1000\"\nstop-timeout = 0.5\n");
                        default -> f.append("command = /bin/sleep 1000\n");
                    }
                }
                case "scripted" -> {
                    canLog = true;
                    switch (r.nextInt(6)) {
                        case 0, 1 -> f.append("command = /bin/sh -c \"echo ").append(s)
                                .append(" start\"\n");
                        case 2 -> f.append("command = /bin/sh -c \"exit 2\"\n");
                        case 3 -> f.append("command = /bin/sh -c \"sleep 0.2\"\n");
                        case 4 -> f.append("command = /bin/sleep 5\nstart-timeout = 0.5\n");
                        default -> f.append("command = /nonexistent/").append(s).append('\n');
                    }
                    switch (r.nextInt(4)) {
                        case 0 -> f.append("stop-command = /bin/sh -c \"echo ").append(s)
                                .append(" stop\"\n");
                        case 1 -> f.append("stop-command = /bin/sh -c \"exit 4\"\n");
                        default -> { }
                    }
                }
                case "bgprocess" -> f.append("command = /bin/sh @W@/bg.sh @W@/run/").append(s)
                        .append(".pid").append(r.nextInt(4) == 0 ? " nopid" : "").append('\n')
                        .append("pid-file = @W@/run/").append(s).append(".pid\n");
                default -> { }
            }
            if (!type.equals("internal")) {
                int rs = r.nextInt(4);
                f.append("restart = ").append(rs == 0 ? "yes" : rs == 1 ? "on-failure" : "no")
                        .append('\n');
            }
            if (canLog && r.nextInt(3) == 0) {
                f.append("log-type = buffer\n");
            }
            for (int j = 0; j < i; j++) {
                if (r.nextInt(10) < 3) {
                    f.append(DEP_KINDS[r.nextInt(DEP_KINDS.length)]).append(" = ")
                            .append(names.get(j)).append('\n');
                }
            }
            if (cycle && i == n - 1) {
                f.append("depends-on = ").append(names.get(0)).append('\n');
            }
            if (r.nextInt(5) == 0) {
                f.append("waits-for.d = ").append(s).append(".d\n");
                withDir.add(s);
            }
            if (r.nextInt(12) == 0) {
                f.append(switch (r.nextInt(6)) {
                    case 0 -> "restart = maybe\n";
                    case 1 -> "stop-timeout = soon\n";
                    case 2 -> "colour = blue\n";
                    case 3 -> "depends-on = ghost\n";
                    case 4 -> "waits-for = ghost\n";
                    default -> "type = weird\n";
                });
            }
            files.put(s, f.toString());
        }
        if (cycle) {
            // s0 also depends on the last, which depends on s0.
            files.put("s0", files.get("s0") + "depends-on = s" + (n - 1) + "\n");
        }
        if (mutualBefore && n >= 2) {
            files.put("s0", files.get("s0") + "before = s1\n");
            files.put("s1", files.get("s1") + "before = s0\n");
        }
        if (r.nextInt(6) == 0) {
            // a process without a command: a load error of its own
            files.put("s" + n, "type = process\nrestart = no\n");
            names.add("s" + n);
        }

        List<List<String>> commands = new ArrayList<>();
        int steps = 7 + r.nextInt(6);
        for (int k = 0; k < steps; k++) {
            commands.add(command(r, names, withDir, k == 0));
        }
        return new Scenario(seed, files, commands);
    }

    private static List<String> command(Random r, List<String> names, List<String> withDir,
            boolean first) {
        String s = r.nextInt(20) == 0 ? "ghost" : names.get(r.nextInt(names.size()));
        String o = names.get(r.nextInt(names.size()));
        int c = first ? r.nextInt(2) : r.nextInt(100);
        if (c < 22) {
            return List.of("start", s);
        }
        if (c < 27) {
            return List.of("start", "--pin", s);
        }
        if (c < 30) {
            return List.of("start", "--no-wait", s);
        }
        if (c < 40) {
            return List.of("stop", s);
        }
        if (c < 42) {
            return List.of("stop", "--force", s);
        }
        if (c < 48) {
            return List.of("restart", s);
        }
        if (c < 52) {
            return List.of("wake", s);
        }
        if (c < 56) {
            return List.of("release", s);
        }
        if (c < 59) {
            return List.of("unpin", s);
        }
        if (c < 64) {
            return List.of("status", s);
        }
        if (c < 67) {
            return List.of("is-started", s);
        }
        if (c < 70) {
            return List.of("is-failed", s);
        }
        if (c < 74) {
            return List.of("add-dep", r.nextBoolean() ? "waits-for" : "need", s, o);
        }
        if (c < 78) {
            return List.of("rm-dep", r.nextBoolean() ? "waits-for" : "need", s, o);
        }
        if (c < 82) {
            String from = withDir.isEmpty() || r.nextInt(4) == 0 ? o
                    : withDir.get(r.nextInt(withDir.size()));
            return List.of(r.nextInt(3) == 0 ? "disable" : "enable", "--from", from, s);
        }
        if (c < 87) {
            return r.nextInt(3) == 0 ? List.of("catlog", "--clear", s) : List.of("catlog", s);
        }
        if (c < 91) {
            return List.of("reload", s);
        }
        if (c < 95) {
            return List.of("unload", s);
        }
        if (c < 97) {
            return List.of("signal", "HUP", s);
        }
        return List.of("list");
    }
}
