package io.dinitj.posix.daemon;

import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment of real children of the real daemon (docs/service-format.md §8,
 * docs/service-semantics.md §18): the global {@code -e} file, a service's {@code env-file},
 * {@code load-options}, their priority, and {@code dinitctl setenv}/{@code unsetenv} reaching
 * later launches (E48). Each service runs {@code /usr/bin/env} with its output in a log file,
 * so the test sees the exact environment the process got.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EnvironmentIntegrationTest {

    /** Waits for an {@code env} dump to be complete (its service stopped) and parses it. */
    private static Map<String, String> envDump(DaemonHarness d, String service, int runs,
            Path file) throws IOException {
        d.awaitLine("[STOPPD] " + service, runs);
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    /** A passwd entry by uid (field 2) or name (field 0): name, uid, gid, home, shell. */
    private static String[] passwd(int field, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":", -1);
            if (f.length >= 7 && f[field].equals(key)) {
                return new String[] {f[0], f[2], f[3], f[5], f[6]};
            }
        }
        throw new AssertionError("no passwd entry for " + key);
    }

    /**
     * Priority, high to low: the service's env-file; its load-options; the global environment
     * (the daemon's own, changed by {@code -e}, with the env-file's {@code !unset} applied).
     * Bad lines are skipped and logged with their line numbers (the global file's as docs/cli.md
     * gives them; a service env-file's with the service and file named).
     */
    @Test
    void envFileOverLoadOptionsOverGlobalEnvironment() throws Exception {
        try (DaemonHarness d = new DaemonHarness("env-priority")) {
            Path global = d.dir.resolve("global.env");
            Files.writeString(global, String.join("\n",
                    "!clear",
                    "!import IMPORTED NOT_IN_DAEMON",
                    "GLOBAL=g",
                    "=bad",
                    "!frobnicate",
                    "USER=global-user",
                    "OVERRIDE=global",
                    "DINIT_SERVICE=global",
                    "KEEP = kept  ",
                    ""));
            Files.writeString(d.services.resolve("show.env"), String.join("\n",
                    "# the service's own variables",
                    "OVERRIDE=file",
                    "SHELL=/from/env-file",
                    "  SPACED = a value with spaces  ",
                    "!unset GLOBAL",
                    "junk line",
                    "!frobnicate",
                    ""));
            Path out = d.dir.resolve("show-x.env");
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("show", "type = process", "command = /usr/bin/env",
                    "log-type = file", "logfile = " + d.dir.resolve("show-$1.env"),
                    "env-file = show.env",
                    "load-options = export-passwd-vars export-service-name",
                    "restart = false");
            d.environment("IMPORTED", "from-daemon").environment("DROPPED", "by-clear")
                    .options("-e", global.toString()).start("keeper", "show@x");
            String[] pw = passwd(2, Integer.toString(JnrPosix.get().geteuid()));
            Map<String, String> expected = new HashMap<>();
            expected.put("IMPORTED", "from-daemon");
            expected.put("USER", pw[0]);
            expected.put("LOGNAME", pw[0]);
            expected.put("UID", pw[1]);
            expected.put("GID", pw[2]);
            expected.put("HOME", pw[3]);
            expected.put("SHELL", "/from/env-file");
            expected.put("DINIT_SERVICE", "show");
            expected.put("OVERRIDE", "file");
            expected.put("SPACED", " a value with spaces  ");
            expected.put("KEEP", " kept  ");
            assertThat(envDump(d, "show@x", 1, out)).isEqualTo(expected);
            assertThat(d.lines()).contains(
                    "dinit: Invalid environment variable setting in environment file (line 4)",
                    "dinit: Unknown command in environment file (line 5)");
            // A service's env-file is skipped over silently, as upstream's daemon does
            // (dinit-check reports its bad lines).
            assertThat(d.lines()).noneMatch(l -> l.contains("show.env"));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * export-passwd-vars takes the run-as user's entry, not the daemon's; the variables are
     * exactly USER, LOGNAME, HOME, SHELL, UID and GID over the global environment.
     */
    @Test
    void passwdVariablesOfTheRunAsUser() throws Exception {
        try (DaemonHarness d = new DaemonHarness("env-runas")) {
            Path global = d.dir.resolve("global.env");
            Files.writeString(global, "!clear\nUSER=global-user\nOTHER=o\n");
            Path out = d.dir.resolve("out");
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("show", "type = process", "command = /usr/bin/env", "run-as = nobody",
                    "working-dir = /", "log-type = file", "logfile = " + out,
                    "load-options = export-passwd-vars", "restart = false");
            d.options("-e", global.toString()).start("keeper", "show");
            String[] pw = passwd(0, "nobody");
            assertThat(envDump(d, "show", 1, out)).isEqualTo(Map.of("USER", pw[0],
                    "LOGNAME", pw[0], "UID", pw[1], "GID", pw[2], "HOME", pw[3],
                    "SHELL", pw[4], "OTHER", "o"));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * E48: setenv and unsetenv change the environment of processes launched afterwards, while
     * a substitution made at load keeps its value; the env-file still wins over setenv.
     */
    @Test
    void setenvReachesLaterLaunchesButNotLoadTimeSubstitutions() throws Exception {
        try (DaemonHarness d = new DaemonHarness("env-setenv")) {
            Files.writeString(d.services.resolve("svc.env"), "FILEVAR=file\n");
            Path out = d.dir.resolve("out");
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("svc", "type = process",
                    "command = /bin/sh -c \"echo arg=$FOO env=$${FOO-unset} gone=$${GONE-unset}"
                            + " file=$$FILEVAR\"",
                    "env-file = svc.env", "log-type = file", "logfile = " + out,
                    "restart = false");
            d.environment("FOO", "at-load").environment("GONE", "there")
                    .start("keeper", "svc");
            d.awaitLine("[STOPPD] svc");
            assertThat(ctl(d, "setenv", "FOO=bar", "FILEVAR=from-setenv")).isEqualTo(
                    new Ctl(0, "", ""));
            assertThat(ctl(d, "unsetenv", "GONE")).isEqualTo(new Ctl(0, "", ""));
            assertThat(ctl(d, "start", "svc").status()).isZero();
            d.awaitLine("[STOPPD] svc", 2);
            assertThat(Files.readString(out)).isEqualTo(
                    "arg=at-load env=at-load gone=there file=file\n"
                    + "arg=at-load env=bar gone=unset file=file\n");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** A global environment file that cannot be read stops the daemon with status 1. */
    @Test
    void missingGlobalEnvironmentFileIsFatal() throws Exception {
        try (DaemonHarness d = new DaemonHarness("env-missing")) {
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            Path missing = d.dir.resolve("no-such.env");
            d.options("-e", missing.toString()).start("keeper");
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.lines()).containsExactly("dinit: Cannot read environment file '"
                    + missing + "': No such file or directory");
        }
    }

    /**
     * A service env-file that cannot be read is a load error naming the service, the setting
     * and the env-file; nothing is started and the rest runs on.
     */
    @Test
    void missingServiceEnvFileIsALoadError() throws Exception {
        try (DaemonHarness d = new DaemonHarness("env-svc-missing")) {
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("svc", "type = process", "command = /bin/true",
                    "env-file = missing.env");
            d.start("keeper", "svc");
            d.awaitLine("[  OK  ] keeper");
            // A load error, not a description error, as upstream.
            d.awaitLine("dinit: svc: error loading: could not load environment file:"
                    + " No such file or directory");
            assertThat(ctl(d, "start", "svc").status()).isEqualTo(1);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }
}
