package io.dinitj.arch;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rooms of dinit-posix ({@code sys}, {@code log}, {@code loop}, {@code launch},
 * {@code daemon}) depend on each other one way only: a cycle would make them one room again.
 * The rule's own proof runs on a fixture pair of packages that point at each other; it is kept
 * here, not among the fixture-checked rules, because a cycle is reported per slice, not per
 * class.
 */
class PosixRoomsTest {

    private static ArchRule roomsAreFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .because("each room of the platform has one purpose and the arrows between"
                        + " them point one way (daemon, launch, loop and log, sys)");
    }

    /** The product's platform rooms form no cycle. */
    @Test
    void posix_rooms_are_free_of_cycles() {
        roomsAreFreeOfCycles(ArchitectureRules.PRODUCT_ROOT + ".posix")
                .check(ArchitectureTest.PRODUCT);
    }

    /** The same rule fires on two fixture rooms that depend on each other. */
    @Test
    void the_cycle_rule_fires_on_a_cycle() {
        String rooms = RuleFixturesTest.FIXTURES_PACKAGE + ".rooms";
        assertThat(roomsAreFreeOfCycles(rooms).evaluate(RuleFixturesTest.FIXTURES).hasViolation())
                .isTrue();
    }
}
