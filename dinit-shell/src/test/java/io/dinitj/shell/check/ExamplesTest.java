package io.dinitj.shell.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The examples under examples/check give exactly their expected.txt and expected-exit, both
 * in-process and through bin/dinit-check. Each is meant to be run from its own directory with
 * {@code -d sd}; in-process, the absolute directory is given instead and removed from the
 * output again, since a JVM cannot change its working directory.
 */
class ExamplesTest {

    private static final Path ROOT = repositoryRoot();
    private static final Path EXAMPLES = ROOT.resolve("examples/check");

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/check"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no examples/check above " + Path.of("")
                    .toAbsolutePath());
        }
        return p;
    }

    static List<String> examples() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            return s.filter(p -> Files.isDirectory(p.resolve("sd")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The examples this test must find; a new one is picked up without being listed. */
    @Test
    void examples_arePresent() throws IOException {
        assertThat(examples()).contains("ok", "upstream-errors", "cycle");
    }

    /** Each example gives its expected output and exit status, run in-process. */
    @ParameterizedTest
    @MethodSource("examples")
    void example_inProcess(String name) throws IOException {
        Path dir = EXAMPLES.resolve(name);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buf, false, StandardCharsets.UTF_8);
        int status = DinitCheck.run(new String[] {"-d", dir.resolve("sd").toString()}, both,
                both, Map.of(), CheckRun.USER);
        both.flush();
        String output = buf.toString(StandardCharsets.UTF_8).replace(dir + "/", "");
        assertThat(output).isEqualTo(Files.readString(dir.resolve("expected.txt")));
        assertThat(status).isEqualTo(expectedExit(dir));
    }

    /** The launcher script, run as a user would run it, prints exactly the expected bytes. */
    @Test
    void script_matchesByteForByte() throws Exception {
        Path script = ROOT.resolve("bin/dinit-check");
        assertThat(Files.isExecutable(script)).as("bin/dinit-check is executable").isTrue();
        for (String m : List.of("dinit-shell", "dinit-core", "dinit-api", "dinit-collections")) {
            assumeTrue(Files.isDirectory(ROOT.resolve(m).resolve("target/classes")),
                    m + " is built");
        }
        Path dir = EXAMPLES.resolve("upstream-errors");
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "-d", "sd")
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("DINITJ_NO_BUILD", "1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(output, StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(dir.resolve("expected.txt")));
        assertThat(output).isEqualTo(Files.readAllBytes(dir.resolve("expected.txt")));
        assertThat(p.exitValue()).isEqualTo(expectedExit(dir));
    }

    private static int expectedExit(Path dir) throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve("expected-exit")).trim());
    }
}
