package io.dinitj.api.description;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The IAB text form of the {@code capabilities} setting. */
class CapabilityIabTest {

    /** No mark and % mean inheritable, ^ ambient and inheritable, ! a bounding-set drop. */
    @Test
    void marks() {
        CapabilityIab iab = CapabilityIab.parse("^cap_net_bind_service,%cap_chown,cap_kill,"
                + "!cap_sys_admin");
        assertThat(iab.inheritable()).isEqualTo((1L << 10) | (1L << 0) | (1L << 5));
        assertThat(iab.ambient()).isEqualTo(1L << 10);
        assertThat(iab.boundingDrop()).isEqualTo(1L << 21);
        assertThat(CapabilityIab.parse("!^cap_sys_nice"))
                .isEqualTo(new CapabilityIab(1L << 23, 1L << 23, 1L << 23));
    }

    /** Names in any case, with or without cap_, and numbers up to 63. */
    @Test
    void names() {
        assertThat(CapabilityIab.number("CAP_SYS_NICE")).isEqualTo(23);
        assertThat(CapabilityIab.number("setuid")).isEqualTo(7);
        assertThat(CapabilityIab.number("checkpoint_restore")).isEqualTo(40);
        assertThat(CapabilityIab.number("63")).isEqualTo(63);
        assertThat(CapabilityIab.number("64")).isEqualTo(-1);
        assertThat(CapabilityIab.number("cap_")).isEqualTo(-1);
        assertThat(CapabilityIab.parse(" 2 , cap_fowner ").inheritable())
                .isEqualTo((1L << 2) | (1L << 3));
        assertThat(CapabilityIab.parse("")).isEqualTo(new CapabilityIab(0, 0, 0));
    }

    /** An unknown or empty capability is an error naming it. */
    @Test
    void errors() {
        assertThatThrownBy(() -> CapabilityIab.parse("cap_bogus"))
                .hasMessage("unknown capability 'cap_bogus'");
        assertThatThrownBy(() -> CapabilityIab.parse("cap_kill,,cap_chown"))
                .hasMessage("unknown capability ''");
        assertThatThrownBy(() -> CapabilityIab.parse("^"))
                .hasMessage("unknown capability '^'");
    }
}
