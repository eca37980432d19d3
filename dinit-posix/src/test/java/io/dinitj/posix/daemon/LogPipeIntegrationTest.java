package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code log-type = pipe} and {@code consumer-of} with the real daemon and real processes
 * (docs/service-semantics.md §11, edge case E43): the daemon holds the producer's pipe, so
 * neither side's restart loses or repeats output, and output written while no consumer runs
 * stays in the pipe until one does.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LogPipeIntegrationTest {

    /**
     * A producer numbering a line about every millisecond until SIGTERM, then writing
     * {@code end}. A bash trap runs between commands, so {@code end} follows the last whole line.
     * It waits with {@code read -t} on a FIFO it holds open itself (no data ever comes), so it
     * starts no process per line.
     */
    private static final String PRODUCER = """
            tick=$(mktemp -u)
            mkfifo "$tick"
            exec 9<>"$tick"
            rm "$tick"
            trap 'echo end; exit 0' TERM
            i=0
            while :; do i=$((i+1)); printf '%d\\n' "$i"; read -t 0.001 -u 9; done
            """;

    /**
     * A consumer that is not itself a source of loss: bash's {@code read} takes a pipe one byte
     * at a time, so it never consumes past the current line; SIGTERM only sets a flag, and the
     * loop exits after the line it is on has been written out (bash resumes an interrupted
     * {@code read} after running the trap, so a line is never half read). It stops for good at
     * {@code end}.
     */
    private static final String CONSUMER = """
            trap 'stop=1' TERM
            while IFS= read -r line; do
              printf '%s\\n' "$line" >> "$1"
              [ "$line" = end ] && exit 0
              [ -n "$stop" ] && exit 0
            done
            """;

    private static Path script(DaemonHarness d, String name, String text) throws IOException {
        Path p = d.dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * E43: the consumer is restarted 100 times through the control socket while its producer
     * writes a numbered line every millisecond; every line arrives exactly once, in order.
     */
    @Test
    void consumerRestartedHundredTimesLosesAndRepeatsNothing() throws Exception {
        try (DaemonHarness d = new DaemonHarness("pipe-restart")) {
            Path producer = script(d, "producer.sh", PRODUCER);
            Path consumer = script(d, "consumer.sh", CONSUMER);
            Path out = d.dir.resolve("out");
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("producer", "type = process", "command = /bin/bash " + producer,
                    "log-type = pipe");
            d.service("consumer", "type = process", "command = /bin/bash " + consumer + " "
                    + out, "consumer-of = producer", "restart = false");
            d.start("keeper", "consumer", "producer");
            d.awaitLine("[  OK  ] producer");
            d.awaitLine("[  OK  ] consumer");
            d.await(() -> !read(out).isEmpty(), "first line through the pipe");
            int restarts = 100;
            long t0 = System.nanoTime();
            for (int i = 0; i < restarts; i++) {
                // Each consumer takes at least one line before it is stopped mid-stream.
                long before = out.toFile().length();
                d.await(() -> out.toFile().length() > before, "the consumer reading");
                Ctl r = ctl(d, "restart", "consumer");
                assertThat(r).as("restart %d", i).isEqualTo(new Ctl(0,
                        "Service 'consumer' stopped.\nService 'consumer' started.\n", ""));
            }
            long restartNanos = System.nanoTime() - t0;
            d.awaitLine("[  OK  ] consumer", restarts + 1);
            assertThat(ctl(d, "stop", "producer").status()).isZero();
            d.await(() -> read(out).endsWith("\nend\n"), "the producer's last line");
            List<String> lines = List.of(read(out).split("\n"));
            int n = lines.size() - 1;
            List<String> expected = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                expected.add(Integer.toString(i));
            }
            // Contiguous from 1 with nothing twice: nothing lost, nothing repeated.
            assertThat(lines.subList(0, n)).isEqualTo(expected);
            System.out.printf("log pipe: %d consumer restarts in %d ms (%.1f ms each); %d lines"
                    + " delivered, none lost or repeated%n", restarts, restartNanos / 1_000_000,
                    restartNanos / 1e6 / restarts, n);
            d.awaitLine("[STOPPD] consumer");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * The producer restarts under a running consumer: the consumer sees no end of file (it
     * stays the same process) and gets every run's output.
     */
    @Test
    void producerRestartsWithoutEndingTheConsumer() throws Exception {
        try (DaemonHarness d = new DaemonHarness("pipe-producer")) {
            Path out = d.dir.resolve("out");
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("producer", "type = process",
                    "command = /bin/sh -c \"echo run; exec sleep 1000\"", "log-type = pipe");
            d.service("consumer", "type = process", "command = /bin/sh -c \"echo consumer"
                    + " $$$$ >> " + out + "; exec cat >> " + out + "\"",
                    "consumer-of = producer", "restart = false");
            d.start("keeper", "consumer", "producer");
            d.awaitLine("[  OK  ] consumer");
            d.await(() -> read(out).endsWith("run\n"), "the first run's line");
            for (int i = 0; i < 5; i++) {
                assertThat(ctl(d, "restart", "producer").status()).isZero();
                // Stopped before it wrote, a run would have nothing to deliver: wait for it.
                int runs = i + 2;
                d.await(() -> read(out).split("run\n", -1).length == runs + 1,
                        runs + " runs' lines");
            }
            assertThat(read(out)).startsWith("consumer ").endsWith("run\nrun\nrun\nrun\nrun\nrun\n");
            assertThat(read(out).lines().filter(l -> l.startsWith("consumer"))).hasSize(1);
            assertThat(d.count("[STOPPD] consumer")).isZero();
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * While the consumer is down the daemon does not read the pipe: the producer fills it and
     * blocks in the kernel's pipe_write; the consumer started later gets all of it, in order.
     * The bulk copy also gives the pipe's throughput.
     */
    @Test
    void outputWaitsInThePipeWhileNoConsumerRuns() throws Exception {
        int n = 200_000;
        try (DaemonHarness d = new DaemonHarness("pipe-wait")) {
            Path out = d.dir.resolve("out");
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("producer", "type = process", "command = /usr/bin/seq 1 " + n,
                    "log-type = pipe", "restart = false");
            d.service("consumer", "type = process", "command = /usr/bin/head -n " + n,
                    "consumer-of = producer", "log-type = file", "logfile = " + out,
                    "restart = false");
            d.start("keeper", "producer");
            d.awaitLine("[  OK  ] producer");
            int pid = pidOf(d, "producer");
            // seq writes more than the pipe holds: it blocks, since nobody reads.
            d.await(() -> read(Path.of("/proc", Integer.toString(pid), "stack"))
                    .contains("pipe_write"), "the producer blocked writing to the full pipe");
            assertThat(d.count("[STOPPD] producer")).isZero();
            long t0 = System.nanoTime();
            assertThat(ctl(d, "start", "consumer").status()).isZero();
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                expected.append(i).append('\n');
            }
            long size = expected.length();
            d.await(() -> out.toFile().length() == size, "all lines through the pipe");
            long nanos = System.nanoTime() - t0;
            assertThat(read(out)).isEqualTo(expected.toString());
            d.awaitLine("[STOPPD] producer");
            System.out.printf("log pipe: %d lines (%d bytes) held and then delivered in %d ms,"
                    + " about %.0f lines/s (including the consumer's start)%n", n, size,
                    nanos / 1_000_000, n / (nanos / 1e9));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * What the daemon holds: one pipe per producer, kept while the producer or its consumer is
     * loaded (unloading the producer under a loaded consumer keeps it, as the spec's
     * placeholder does), closed once neither is.
     */
    @Test
    void pipeLivesWhileProducerOrConsumerIsLoaded() throws Exception {
        try (DaemonHarness d = new DaemonHarness("pipe-unload")) {
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("producer", "type = process",
                    "command = /bin/sh -c \"echo one; exec sleep 1000\"", "log-type = pipe");
            d.service("consumer", "type = process", "command = /bin/sleep 1000",
                    "consumer-of = producer");
            d.start("keeper", "consumer");
            d.awaitLine("[  OK  ] consumer");
            // The consumer started first: its stdin is the pipe, made on its launch.
            String pipe = stdinOf(d, "consumer");
            assertThat(pipe).startsWith("pipe:[");
            assertThat(daemonPipes(d)).contains(pipe);
            assertThat(ctl(d, "start", "producer").status()).isZero();
            assertThat(stdoutOf(d, "producer")).isEqualTo(pipe);
            assertThat(ctl(d, "stop", "producer").status()).isZero();
            assertThat(ctl(d, "unload", "producer")).isEqualTo(
                    new Ctl(0, "Service 'producer' unloaded.\n", ""));
            assertThat(daemonPipes(d)).as("unloaded producer, consumer loaded").contains(pipe);
            // Loaded again, the producer writes into the same pipe.
            assertThat(ctl(d, "start", "producer").status()).isZero();
            assertThat(stdoutOf(d, "producer")).isEqualTo(pipe);
            assertThat(ctl(d, "stop", "consumer").status()).isZero();
            assertThat(ctl(d, "unload", "consumer").status()).isZero();
            assertThat(daemonPipes(d)).as("consumer unloaded, producer loaded").contains(pipe);
            assertThat(ctl(d, "stop", "producer").status()).isZero();
            assertThat(ctl(d, "unload", "producer")).isEqualTo(
                    new Ctl(0, "Service 'producer' unloaded.\n", ""));
            assertThat(daemonPipes(d)).as("neither loaded").doesNotContain(pipe);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * A {@code log-type = buffer} service's pipe survives its restarts but not its unload:
     * the daemon closes both ends, and loading it again makes a new one.
     */
    @Test
    void bufferPipeIsClosedWhenItsServiceIsUnloaded() throws Exception {
        try (DaemonHarness d = new DaemonHarness("buffer-unload")) {
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("web", "type = process",
                    "command = /bin/sh -c \"echo up; exec sleep 1000\"", "log-type = buffer");
            d.start("keeper", "web");
            d.awaitLine("[  OK  ] web");
            String pipe = stdoutOf(d, "web");
            assertThat(daemonPipes(d)).contains(pipe);
            assertThat(ctl(d, "restart", "web").status()).isZero();
            assertThat(stdoutOf(d, "web")).isEqualTo(pipe);
            assertThat(ctl(d, "stop", "web").status()).isZero();
            assertThat(ctl(d, "unload", "web")).isEqualTo(
                    new Ctl(0, "Service 'web' unloaded.\n", ""));
            assertThat(daemonPipes(d)).doesNotContain(pipe);
            assertThat(ctl(d, "start", "web").status()).isZero();
            assertThat(stdoutOf(d, "web")).startsWith("pipe:[").isNotEqualTo(pipe);
            d.await(() -> ctl(d, "catlog", "web").out().equals("up\n"), "the new buffer's text");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** E43's load error: a consumer of a service that does not log to a pipe. */
    @Test
    void consumerOfNonPipeServiceIsALoadError() throws Exception {
        try (DaemonHarness d = new DaemonHarness("pipe-bad")) {
            d.service("keeper", "type = process", "command = /bin/sleep 1000");
            d.service("producer", "type = process", "command = /bin/sleep 1000",
                    "log-type = buffer");
            d.service("consumer", "type = process", "command = /bin/cat",
                    "consumer-of = producer");
            d.start("keeper", "producer");
            d.awaitLine("[  OK  ] producer");
            Ctl r = ctl(d, "start", "consumer");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).startsWith("dinitctl: error loading service");
            d.awaitContaining("service 'producer' has log-type that is not 'pipe'.");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    private static int pidOf(DaemonHarness d, String service) {
        String status = ctl(d, "status", service).out();
        return Integer.parseInt(status.replaceAll("(?s).*Process ID: (\\d+).*", "$1"));
    }

    private static String stdinOf(DaemonHarness d, String service) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pidOf(d, service)),
                "fd", "0")).toString();
    }

    private static String stdoutOf(DaemonHarness d, String service) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pidOf(d, service)),
                "fd", "1")).toString();
    }

    /** The pipes the daemon has open. */
    private static Set<String> daemonPipes(DaemonHarness d) throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(d.pid()), "fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (target.startsWith("pipe:")) {
                        out.add(target);
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return out;
    }
}
