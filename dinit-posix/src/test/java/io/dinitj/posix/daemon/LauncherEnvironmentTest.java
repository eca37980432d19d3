package io.dinitj.posix.daemon;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LauncherEnvironmentTest {

    @Test
    void whatTheLauncherAddedIsRemoved_whatTheUserHadIsPutBack() {
        Map<String, String> env = LauncherEnvironment.asGivenToTheLauncher(Map.of(
                "DINITJ_LAUNCHER_ENV", "_JAVA_SR_SIGNUM LD_LIBRARY_PATH",
                "_JAVA_SR_SIGNUM", "44",
                "LD_LIBRARY_PATH", "/opt/jdk/lib:/opt/mine",
                "DINITJ_SAVED_LD_LIBRARY_PATH", "/opt/mine",
                "JAVA_TOOL_OPTIONS", "-Dchosen=1",
                "PATH", "/bin"));
        assertThat(env).containsOnly(Map.entry("LD_LIBRARY_PATH", "/opt/mine"),
                Map.entry("JAVA_TOOL_OPTIONS", "-Dchosen=1"), Map.entry("PATH", "/bin"));
    }

    @Test
    void withoutTheLaunchersList_nothingButStraySavedValuesGoes() {
        Map<String, String> env = LauncherEnvironment.asGivenToTheLauncher(Map.of(
                "_JAVA_SR_SIGNUM", "44", "DINITJ_SAVED_X", "1", "X", "2"));
        assertThat(env).containsOnly(Map.entry("_JAVA_SR_SIGNUM", "44"), Map.entry("X", "2"));
    }

    @Test
    void aSavedEmptyValueStaysSetAndEmpty_oddSpacingIsFine() {
        Map<String, String> env = LauncherEnvironment.asGivenToTheLauncher(Map.of(
                "DINITJ_LAUNCHER_ENV", "  LD_LIBRARY_PATH  ",
                "LD_LIBRARY_PATH", "/opt/jdk/lib",
                "DINITJ_SAVED_LD_LIBRARY_PATH", ""));
        assertThat(env).containsOnly(Map.entry("LD_LIBRARY_PATH", ""));
    }

    @Test
    void theResultIsACopyThatCanBeChanged() {
        Map<String, String> given = Map.of("A", "1");
        Map<String, String> env = LauncherEnvironment.asGivenToTheLauncher(given);
        env.put("B", "2");
        assertThat(given).containsOnlyKeys("A");
    }
}
