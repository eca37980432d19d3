package io.dinitj.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tarball the package phase made installs and runs as a packager would use it: unpacked,
 * installed with {@code install.sh --prefix /usr --destdir ROOT}, made read-only, and run from
 * there with nothing of the build's environment ({@code env -i PATH=/usr/bin:/bin}): the
 * installed daemon on a private socket and service set under target/, driven by the installed
 * dinitctl. No installed file may name the checkout or a Maven repository. A second install,
 * straight into its prefix, makes the daemon's class-data archive, which the JVM must then map
 * ({@code -Xshare:on}) from the read-only tree. Every process started is killed at the end.
 * The service process runs with {@code nice}, so it is launched through the installed
 * {@code libexec/dinitj/dinit-exec}. A service of each built-in type runs, their plugins loaded
 * from {@code lib/dinitj/plugins} (not the class path), as {@code dinitctl list-types} shows.
 */
class DistributionIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path WORK = MODULE.resolve("target/it");

    private final List<Process> started = new ArrayList<>();
    private String out = "";

    @BeforeEach
    void fresh() throws Exception {
        if (Files.exists(WORK)) {
            run(List.of("chmod", "-R", "u+w", WORK.toString()));
            run(List.of("rm", "-rf", WORK.toString()));
        }
        Files.createDirectories(WORK);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        run(List.of("chmod", "-R", "u+w", WORK.toString()));
    }

    @Test
    void installedTree_runsReadOnly_withoutTheBuildsEnvironment() throws Exception {
        Path tree = unpack();
        Path root = WORK.resolve("root");
        assertThat(run(List.of(tree.resolve("install.sh").toString(), "--prefix", "/usr",
                "--destdir", root.toString(), "--sbin-links"))).as(out).isZero();
        Path usr = root.resolve("usr");
        for (String b : List.of("dinit", "dinitctl", "dinit-check", "dinit-shell",
                "dinit-shutdown")) {
            assertThat(usr.resolve("bin/" + b)).isExecutable();
        }
        assertThat(usr.resolve("libexec/dinitj/dinit-exec")).isExecutable();
        assertThat(usr.resolve("share/doc/dinitj/LICENSE")).content()
                .contains("Apache License", "Version 2.0, January 2004");
        assertThat(usr.resolve("share/doc/dinitj/README")).isRegularFile();
        assertThat(usr.resolve("lib/dinitj/plugins")).isDirectory();
        assertThat(Files.readSymbolicLink(usr.resolve("sbin/init"))).hasToString("../bin/dinit");
        for (String l : List.of("shutdown", "halt", "poweroff", "reboot", "soft-reboot")) {
            assertThat(Files.readSymbolicLink(usr.resolve("sbin/" + l)))
                    .hasToString("../bin/dinit-shutdown");
        }
        assertThat(usr.resolve("lib/dinitj/dinit.jsa")).as("no archive with --destdir")
                .doesNotExist();
        assertThat(namesOf(root, MODULE.getParent().toString())).as("files naming the checkout")
                .isEmpty();
        assertThat(namesOf(root, ".m2")).as("files naming a Maven repository").isEmpty();
        assertThat(run(List.of("chmod", "-R", "a-w", root.toString()))).isZero();

        Path services = Files.createDirectories(WORK.resolve("services"));
        Files.writeString(services.resolve("keep"), "type = internal\n");
        // nice: launched through the installed exec helper, which the daemon must find.
        Files.writeString(services.resolve("worker"),
                "type = process\ncommand = /bin/sleep 600\nrestart = false\nnice = 5\n");
        Files.writeString(services.resolve("boot"), "type = internal\ndepends-on = worker\n");
        // A service of each other built-in type: their plugins come from lib/dinitj/plugins.
        Path pidFile = WORK.resolve("bg.pid");
        Path bgScript = WORK.resolve("bg.sh");
        Files.writeString(bgScript, "/bin/sleep 600 &\necho $! > " + pidFile + "\n");
        Files.writeString(services.resolve("bg"), "type = bgprocess\ncommand = /bin/sh "
                + bgScript + "\npid-file = " + pidFile + "\nrestart = false\n");
        Files.writeString(services.resolve("script"), "type = scripted\ncommand = /bin/true\n");
        Files.writeString(services.resolve("trig"), "type = triggered\n");
        Path socket = WORK.resolve("socket");
        Path log = WORK.resolve("daemon.log");
        Process daemon = new ProcessBuilder(clean(usr.resolve("bin/dinit").toString(), "--user",
                "-d", services.toString(), "-p", socket.toString(), "keep"))
                .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        started.add(daemon);
        for (int i = 0; i < 300 && !Files.exists(socket) && daemon.isAlive(); i++) {
            Thread.sleep(100);
        }
        assertThat(socket).as(Files.readString(log)).exists();
        String ctl = usr.resolve("bin/dinitctl").toString();
        assertThat(run(clean(ctl, "-p", socket.toString(), "start", "boot"))).as(out).isZero();
        assertThat(run(clean(ctl, "-p", socket.toString(), "list"))).as(out).isZero();
        assertThat(out).contains("[[+]     ] boot").contains("[{+}     ] worker (pid: ");
        String pid = out.replaceAll("(?s).*worker \\(pid: (\\d+)\\).*", "$1");
        Path plugins = usr.resolve("lib/dinitj/plugins");
        assertThat(run(clean(ctl, "-p", socket.toString(), "list-types"))).as(out).isZero();
        for (String type : List.of("internal", "triggered", "process", "bgprocess", "scripted")) {
            String plugin = type.equals("internal") || type.equals("triggered") ? type
                    : "process";
            assertThat(out).as("list-types").containsPattern("(?m)^" + type + " \\("
                    + Pattern.quote(plugins + "/dinit-plugin-" + plugin + "-") + "[^)]*\\.jar\\)$");
        }
        assertThat(out).doesNotContain("class path").doesNotContain("refused");
        for (String service : List.of("bg", "script")) {
            assertThat(run(clean(ctl, "-p", socket.toString(), "start", service))).as(out)
                    .isZero();
        }
        assertThat(run(clean(ctl, "-p", socket.toString(), "trigger", "trig"))).as(out).isZero();
        assertThat(run(clean(ctl, "-p", socket.toString(), "start", "trig"))).as(out).isZero();
        assertThat(run(clean(ctl, "-p", socket.toString(), "list"))).as(out).isZero();
        assertThat(out).contains("[[+]     ] bg (pid: ").contains("[[+]     ] script")
                .contains("[[+]     ] trig");
        assertThat(run(clean(ctl, "-p", socket.toString(), "stop", "bg"))).as(out).isZero();
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(fields[16]).as("nice, field 19 of %s", stat).isEqualTo("5");
        // The installed bash completion, sourced alone, asks the installed dinitctl for the
        // live daemon's services; the installed pages are where man looks for them.
        String complete = "source " + usr.resolve("share/bash-completion/completions/dinitctl")
                + "; COMP_WORDS=(dinitctl -p " + socket + " start w); COMP_CWORD=4;"
                + " COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE};"
                + " f=$(complete -p dinitctl); f=${f#*-F }; ${f%% *} dinitctl w start;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"";
        assertThat(run(clean("PATH=" + usr.resolve("bin") + ":/usr/bin:/bin", "bash", "-c",
                complete))).as(out).isZero();
        assertThat(out.strip()).as("completion of 'start w'").isEqualTo("worker");
        for (String page : List.of("8/dinit", "8/dinitctl", "8/dinit-check", "8/dinit-shell",
                "8/dinit-shutdown", "5/dinit-service")) {
            String[] sp = page.split("/");
            assertThat(run(clean("MANPATH=" + usr.resolve("share/man"), "man", "-w", sp[0],
                    sp[1]))).as(out).isZero();
            assertThat(out.strip()).isEqualTo(usr.resolve("share/man/man" + sp[0] + "/" + sp[1]
                    + "." + sp[0]).toString());
        }
        assertThat(run(clean(ctl, "-p", socket.toString(), "stop", "boot"))).as(out).isZero();
        assertThat(run(clean(ctl, "-p", socket.toString(), "list"))).as(out).isZero();
        assertThat(out).contains("[[+]     ] keep").doesNotContain("+]     ] boot")
                .doesNotContain("+}     ] worker");
        daemon.destroy(); // SIGTERM: stop everything, exit 0
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).as(Files.readString(log)).isZero();
        assertThat(run(clean(usr.resolve("bin/dinit-check").toString(), "-d", services.toString(),
                "boot"))).as(out).isZero();
        // The shutdown program under one of its sbin names: the help names it so (and, as
        // upstream's, exits 1); a system shutdown where it is no init is refused.
        assertThat(run(clean(usr.resolve("sbin/reboot").toString(), "--help"))).isEqualTo(1);
        assertThat(out).startsWith("reboot :   shutdown the system\n");
        assertThat(run(clean(usr.resolve("sbin/halt").toString(), "--system"))).isEqualTo(1);
        assertThat(out).contains("shutdown: refusing --system: this process (pid ");
    }

    @Test
    void installWithoutDestdir_makesAnArchiveTheJvmMaps() throws Exception {
        Path tree = unpack();
        Path prefix = WORK.resolve("prefix");
        assertThat(run(List.of(tree.resolve("install.sh").toString(), "--prefix",
                prefix.toString()))).as(out).isZero();
        assertThat(prefix.resolve("lib/dinitj/dinit.jsa")).isRegularFile();
        assertThat(run(List.of("chmod", "-R", "a-w", prefix.toString()))).isZero();
        List<String> c = clean(prefix.resolve("bin/dinit").toString(), "--version");
        c.add(2, "DINITJ_JAVA_OPTIONS=-Xshare:on -Xlog:class+load");
        assertThat(run(c)).as(out).isZero();
        assertThat(out).contains("Dinit version").contains("source: shared objects file (top)");
    }

    @Test
    void installRefusesBadArguments() throws Exception {
        String install = unpack().resolve("install.sh").toString();
        assertThat(run(List.of(install, "--frobnicate"))).isEqualTo(2);
        assertThat(out).contains("unknown argument: --frobnicate");
        assertThat(run(List.of(install, "--prefix", "relative"))).isEqualTo(2);
        assertThat(out).contains("absolute");
        assertThat(run(List.of(install, "--prefix"))).isEqualTo(2);
        assertThat(run(List.of(install, "--help"))).isZero();
        assertThat(out).contains("--sbin-links").contains("soft-reboot");
    }

    /** Unpacks the tarball into WORK and returns its one top folder. */
    private Path unpack() throws Exception {
        return DistTarball.unpack(MODULE, WORK.resolve("unpacked"));
    }

    /** The files under {@code dir} whose bytes contain {@code text}. */
    private static List<Path> namesOf(Path dir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(f) && contains(Files.readAllBytes(f), needle)) {
                    found.add(dir.relativize(f));
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The command under {@code env -i PATH=/usr/bin:/bin}. */
    private static List<String> clean(String... command) {
        List<String> c = new ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin"));
        c.addAll(List.of(command));
        return c;
    }

    private int run(List<String> command) throws IOException, InterruptedException {
        // Output to a file, not a pipe: a full pipe would stop a talkative command.
        Path output = MODULE.resolve("target/it-output.txt");
        Process p = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        started.add(p);
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        out = Files.readString(output);
        assertThat(done).as("%s: %s", command, out).isTrue();
        return p.exitValue();
    }
}
