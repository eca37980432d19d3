package io.dinitj.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's acceptance, as a plugin's user meets it: the jar that the invoker built from
 * {@code examples/plugin-example} (with its own Maven build, against dinit-api as published) is
 * copied into a fresh plugin directory, and the distribution's launchers
 * ({@code dinit-dist/target/dinitj-VERSION/bin}) load it with {@code --plugin-dir}. The daemon
 * runs on a private socket and service directory under target/; every process started is
 * killed at the end, pass or fail.
 */
class ExamplePluginIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path WORK = MODULE.resolve("target/example-it");
    /** The service's {@code tcp-wait.interval}, as written and in milliseconds. */
    private static final String INTERVAL = "0.2";
    private static final long INTERVAL_MS = 200;
    /**
     * What the check of "started within its interval" allows beyond the interval: the loop's
     * scheduling and the connect's round trip on a loaded two-core machine. A service that
     * tried only every second, or waited for the start timeout, would still fail it.
     */
    private static final long SLACK_MS = 600;

    private final List<Process> started = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Path tree;
    private Path plugins;
    private Path services;
    private String out = "";

    @BeforeEach
    void fresh() throws Exception {
        tree = Path.of(System.getProperty("dinitj.tree", "../dinit-dist/target/none"));
        assertThat(tree.resolve("bin/dinit")).as("the distribution tree: build it first"
                + " (./mvnw -B package -pl dinit-dist -am)").isExecutable();
        if (Files.exists(WORK)) {
            assertThat(run(List.of("rm", "-rf", WORK.toString()))).isZero();
        }
        plugins = Files.createDirectories(WORK.resolve("plugins"));
        services = Files.createDirectories(WORK.resolve("services"));
        Files.copy(exampleJar(), plugins.resolve("tcp-wait.jar"));
        Files.writeString(services.resolve("keep"), "type = internal\n");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A tcp-wait service stays STARTING while nothing listens on its port, and is STARTED
     * within its interval once something does.
     */
    @Test
    void tcpWait_waitsForAListener_thenStarts() throws Exception {
        int port = freePort();
        Files.writeString(services.resolve("gate"), "# waits for a listener on the port\n"
                + "type = tcp-wait\n"
                + "tcp-wait.address = 127.0.0.1:" + port + "\n"
                + "tcp-wait.interval = " + INTERVAL + "\n");
        Path socket = WORK.resolve("socket");
        Path log = WORK.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(bin("dinit"), "--user", "-d",
                services.toString(), "-p", socket.toString(), "--plugin-dir", plugins.toString(),
                "keep").directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        isolate(pb);
        Process daemon = pb.start();
        started.add(daemon);
        for (int i = 0; i < 300 && !Files.exists(socket) && daemon.isAlive(); i++) {
            Thread.sleep(100);
        }
        assertThat(socket).as(Files.readString(log)).exists();
        String ctl = bin("dinitctl");
        String sock = socket.toString();

        assertThat(run(List.of(ctl, "-p", sock, "list-types"))).as(out).isZero();
        assertThat(out).contains("tcp-wait");
        assertThat(run(List.of(ctl, "-p", sock, "start", "--no-wait", "gate"))).as(out)
                .isZero();
        Thread.sleep(5 * INTERVAL_MS);
        assertThat(run(List.of(ctl, "-p", sock, "status", "gate"))).as(out).isZero();
        assertThat(out).as(Files.readString(log)).contains("State: STARTING");

        // The service's own probe is the first connection the listener sees: its time is
        // the time the service connected, and so started.
        ServerSocket listener = new ServerSocket();
        open.add(listener);
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener.setSoTimeout(10_000);
        long listening = System.nanoTime();
        Socket probe = listener.accept();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - listening);
        probe.close();
        System.out.println("tcp-wait connected " + ms + " ms after the listener appeared"
                + " (interval " + INTERVAL_MS + " ms)");
        assertThat(ms).as("connected %d ms after the listener appeared", ms)
                .isLessThanOrEqualTo(INTERVAL_MS + SLACK_MS);
        String state = "";
        for (int i = 0; i < 50 && !state.contains("State: STARTED"); i++) {
            assertThat(run(List.of(ctl, "-p", sock, "status", "gate"))).as(out).isZero();
            state = out;
        }
        assertThat(state).as(Files.readString(log)).contains("State: STARTED");

        daemon.destroy(); // SIGTERM: stop everything, exit 0
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).as(Files.readString(log)).isZero();
    }

    /** dinit-check with the plugin directory names a misspelt tcp-wait setting and its line. */
    @Test
    void dinitCheck_reportsAMisspeltSetting() throws Exception {
        Files.writeString(services.resolve("bad"), "type = tcp-wait\n"
                + "tcp-wait.adress = 127.0.0.1:5432\n");
        Files.writeString(services.resolve("good"), "type = tcp-wait\n"
                + "tcp-wait.address = 127.0.0.1:5432\n");
        String check = bin("dinit-check");
        assertThat(run(List.of(check, "--plugin-dir", plugins.toString(), "-d",
                services.toString(), "bad"))).as(out).isEqualTo(1);
        assertThat(out).contains(services.resolve("bad") + ":2").contains("tcp-wait.adress");
        assertThat(run(List.of(check, "--plugin-dir", plugins.toString(), "-d",
                services.toString(), "good"))).as(out).isZero();
    }

    /** The jar the invoked build made: the one in its target/ that is not a test jar. */
    private static Path exampleJar() throws IOException {
        Path target = Path.of(System.getProperty("example.target",
                "target/it/plugin-example/target"));
        try (Stream<Path> s = Files.list(target)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-tests.jar")).toList();
            assertThat(jars).as("the example's jar in %s", target).hasSize(1);
            return jars.get(0);
        }
    }

    private String bin(String program) {
        return tree.resolve("bin").resolve(program).toString();
    }

    /** A port nothing listens on (for the moment: the test binds it once it wants to). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Keeps the user's own plugin directory ({@code $XDG_DATA_HOME/dinitj/plugins}, read in
     * user mode) out of the test: an empty one under target/ stands in for it.
     */
    private static void isolate(ProcessBuilder pb) {
        pb.environment().put("XDG_DATA_HOME", WORK.resolve("xdg").toString());
    }

    private int run(List<String> command) throws IOException, InterruptedException {
        // Output to a file, not a pipe: a full pipe would stop a talkative command.
        Path output = MODULE.resolve("target/example-it-output.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(MODULE.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        isolate(pb);
        Process p = pb.start();
        started.add(p);
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        out = Files.readString(output);
        assertThat(done).as("%s: %s", command, out).isTrue();
        return p.exitValue();
    }
}
