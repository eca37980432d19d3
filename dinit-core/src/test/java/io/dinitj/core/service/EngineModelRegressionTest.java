package io.dinitj.core.service;

import io.dinitj.api.description.ServiceDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sequences that once broke the engine, replayed through {@link EngineModelTest}'s scenario:
 * 12359, a prepared-by dependency and its restarting dependent restarting each other for ever;
 * 468, a dependent waiting to start that started while a hard dependency it no longer waited
 * for was restarting; 9685, a start kept by a pin that a stop could no longer reach after
 * unpinning. Found by running the scenario over 20,000 seeded random inputs.
 */
class EngineModelRegressionTest {

    @ParameterizedTest
    @ValueSource(longs = {468, 9685, 12359})
    void replay(long seed) {
        Random rnd = new Random(seed);
        List<Integer> graph = new ArrayList<>();
        List<Integer> commands = new ArrayList<>();
        int ng = 20 + rnd.nextInt(180);
        for (int i = 0; i < ng; i++) {
            graph.add(rnd.nextInt(Integer.MAX_VALUE));
        }
        int nc = 20 + rnd.nextInt(180);
        for (int i = 0; i < nc; i++) {
            commands.add(rnd.nextInt(Integer.MAX_VALUE));
        }
        List<ServiceDescription> ds = new ArrayList<>();
        EngineModelTest.scenario(graph, commands, new ArrayList<>(), ds);
    }
}
