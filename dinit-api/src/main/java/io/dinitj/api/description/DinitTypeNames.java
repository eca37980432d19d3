package io.dinitj.api.description;

import java.util.List;

/**
 * Facts of Dinit's service file format about type names that are not behaviour: the type of a
 * file without a {@code type =} line, the order in which upstream lists its types in its
 * "service type must be one of" message, and which names are Dinit's own (so that a missing
 * plugin is named as such rather than read as a typo). What a type can do is never decided from
 * its name: it is declared ({@link io.dinitj.api.spi.TypeCapability}).
 *
 * <p>Methods rather than constants, so that no type name is compiled into the code that asks
 * (the architecture tests refuse type-name literals in core and the platform).
 */
public final class DinitTypeNames {

    private static final List<String> DINIT_TYPES =
            List.of("scripted", "process", "bgprocess", "internal", "triggered");

    private DinitTypeNames() {
    }

    /**
     * Returns the type of a service file that has no {@code type =} line.
     *
     * @return {@code internal}
     */
    public static String defaultType() {
        return DINIT_TYPES.get(3);
    }

    /**
     * Returns Dinit's own type names, in the order upstream lists them in its error message.
     *
     * @return the five names; immutable
     */
    public static List<String> dinitTypes() {
        return DINIT_TYPES;
    }

    /**
     * Tells whether a name is one of Dinit's own types.
     *
     * @param name a type name
     * @return true for the five types of upstream Dinit
     */
    public static boolean isDinitType(String name) {
        return DINIT_TYPES.contains(name);
    }
}
