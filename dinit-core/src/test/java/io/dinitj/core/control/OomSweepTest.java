package io.dinitj.core.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.core.faults.AllocationFaultLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Allocation failure injected at every allocation site of the load and control paths: for each
 * request of {@link OomScenario#OPERATIONS}, and for n = 1, 2, ... until the request completes
 * with fewer than n sites, the n-th allocation site of the request's handling throws
 * {@link OutOfMemoryError} (all of Dinit/J's code is rewritten by
 * {@link AllocationFaultLoader}). Each time the connection answers with what the clean run
 * answered or ends with OOM (section 9 of docs/control-protocol.md), nothing escapes to the
 * event loop, a new client is served, and the engine's whole state (every service's state,
 * edges, pins, counts, the environment) is exactly as before the request or exactly as after
 * the clean run: never half of it.
 */
class OomSweepTest {

    @TempDir
    static Path dir;

    private static BiFunction<String, Integer, String[]> scenario;

    @SuppressWarnings("unchecked")
    @BeforeAll
    static void load() throws ReflectiveOperationException {
        ClassLoader loader = new AllocationFaultLoader(OomSweepTest.class.getClassLoader());
        Class<?> c = Class.forName(OomScenario.class.getName(), true, loader);
        scenario = (BiFunction<String, Integer, String[]>) c.getConstructor(Path.class)
                .newInstance(dir);
    }

    static List<String> operations() {
        return OomScenario.OPERATIONS;
    }

    @ParameterizedTest
    @MethodSource("operations")
    void everyAllocationFailure_leavesTheStateWhole_andTheDaemonServing(String op) {
        String[] clean = scenario.apply(op, 0);
        assertThat(clean[5]).as("clean run of %s", op).isEmpty();
        String version = clean[7];
        List<String> problems = new ArrayList<>();
        int n = 1;
        for (;; n++) {
            String[] r = scenario.apply(op, n);
            if (!Boolean.parseBoolean(r[0])) {
                assertThat(r[4]).as("%s with no failure", op).isEqualTo(clean[4]);
                assertThat(r[3]).as("%s with no failure", op).isEqualTo(clean[3]);
                break;
            }
            String at = op + " failing at site " + n + ":" + r[6] + "\n  log: " + r[8];
            if (!r[5].isEmpty()) {
                problems.add(at + "\n  escaped: " + r[5]);
            }
            if (!r[4].equals(clean[4]) && !r[4].endsWith("35")) {
                problems.add(at + "\n  answered " + r[4] + "\n  clean run " + clean[4]);
            }
            if (!r[3].equals(r[2]) && !r[3].equals(clean[3])) {
                problems.add(at + "\n  state after:  " + r[3] + "\n  state before: " + r[2]
                        + "\n  clean after:  " + clean[3]);
            }
            if (!r[7].equals(version)) {
                problems.add(at + "\n  a new client got " + r[7]);
            }
            if (problems.size() > 5) {
                break;
            }
        }
        assertThat(problems).as("%s over %d allocation sites", op, n - 1).isEmpty();
        // A request with no site (such as QUERYVERSION) is allocation-free: nothing to inject.
    }
}
