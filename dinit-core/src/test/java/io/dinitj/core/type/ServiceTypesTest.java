package io.dinitj.core.type;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceTypesTest {

    private final ServiceTypes types = ServiceTypes.discover(getClass().getClassLoader());

    /** Every provider that loads is found by name, clashing names included. */
    @Test
    void findsTypesByName() {
        // The real plugins are on the test class path too (engine tests use them).
        assertThat(types.names()).contains("alpha", "beta", "internal", "process");
        assertThat(types.get("beta")).isInstanceOf(FakeTypes.Beta.class);
    }

    /** Two providers of one name are refused, naming both, instead of one winning silently. */
    @Test
    void clash_isAClearError() {
        assertThatThrownBy(() -> types.get("alpha"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service type 'alpha' is provided by more than one plugin"
                        + " (io.dinitj.core.type.FakeTypes$Alpha,"
                        + " io.dinitj.core.type.FakeTypes$AlphaAgain); remove all but one");
        assertThat(types.clashes()).containsOnlyKeys("alpha");
    }

    /** An unknown name lists the types that exist. */
    @Test
    void unknown_listsKnownTypes() {
        assertThatThrownBy(() -> types.get("gamma"))
                .hasMessageStartingWith("no service type 'gamma' (known types: alpha, beta, ")
                .hasMessageContaining("internal");
    }

    /** A broken or missing provider is recorded and skipped; the others still load. */
    @Test
    void brokenProviders_areSkippedAndReported() {
        assertThat(types.problems()).hasSize(2);
        assertThat(types.problems()).anyMatch(p -> p.contains("FakeTypes$Broken")
                && p.contains("broken on purpose"));
        assertThat(types.problems()).anyMatch(p -> p.contains("NoSuchProvider"));
    }
}
