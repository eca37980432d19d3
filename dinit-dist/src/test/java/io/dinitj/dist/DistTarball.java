package io.dinitj.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The tarball the package phase made, as the integration tests unpack it. */
final class DistTarball {

    private DistTarball() {
    }

    /**
     * Unpacks the module's {@code target/dinitj-*.tar.gz} into {@code into} (created if need
     * be) and returns its one top folder, checked to be named after the tarball.
     */
    static Path unpack(Path module, Path into) throws IOException, InterruptedException {
        Path tarball;
        try (Stream<Path> s = Files.list(module.resolve("target"))) {
            tarball = s.filter(p -> p.getFileName().toString().matches("dinitj-.*\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no tarball: run package"));
        }
        Files.createDirectories(into);
        Path output = module.resolve("target/unpack-output.txt");
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(tar.waitFor(120, TimeUnit.SECONDS)).as("tar finished").isTrue();
            assertThat(tar.exitValue()).as(Files.readString(output)).isZero();
        } finally {
            tar.destroyForcibly();
        }
        try (Stream<Path> s = Files.list(into)) {
            List<Path> top = s.toList();
            assertThat(top).hasSize(1);
            String name = tarball.getFileName().toString();
            assertThat(top.get(0).getFileName())
                    .hasToString(name.substring(0, name.length() - ".tar.gz".length()));
            return top.get(0);
        }
    }
}
