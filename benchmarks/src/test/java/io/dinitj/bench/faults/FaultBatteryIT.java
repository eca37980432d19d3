package io.dinitj.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fault battery (README "Reliability"): benchmarks/scripts/faults/all.sh with its short
 * settings against the checkout's built daemon and dinitctl, the soak for
 * {@code faults.soak.minutes} (5 by default, 60 with -Psoak). Fails when any check fails; the
 * summary and each check's figures are printed, the full logs left in target/faults/.
 */
class FaultBatteryIT {

    @Test
    void everyCheckOfTheBatteryPasses() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path all = root.resolve("benchmarks/scripts/faults/all.sh");
        assertThat(all).isExecutable();
        ProcessBuilder pb = new ProcessBuilder(all.toString(), "--soak-minutes",
                System.getProperty("faults.soak.minutes", "5"));
        pb.environment().put("DINITJ_FAULTS_JAR", System.getProperty("faults.jar"));
        pb.environment().put("DINITJ_FAULTS_WORK", root.resolve("target/faults").toString());
        pb.redirectErrorStream(true);
        Path out = Files.createDirectories(root.resolve("target/faults")).resolve("all.log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        int rc;
        try {
            rc = p.waitFor();
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        String text = Files.readString(out);
        System.out.println(text);
        assertThat(rc).as("all.sh exit status; its output:%n%s", text).isZero();
    }
}
