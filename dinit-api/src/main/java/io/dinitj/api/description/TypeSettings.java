package io.dinitj.api.description;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a service's type settings ({@code TYPE.NAME = value}), parsed by the loader:
 * for each setting name given (without the {@code TYPE.} prefix), its values in file order
 * (one, except for a repeatable setting). Read them through {@link TypeSetting#get} and
 * {@link TypeSetting#all}. Immutable.
 */
public final class TypeSettings {

    private static final TypeSettings NONE = new TypeSettings(Map.of());

    private final Map<String, List<Object>> values;

    private TypeSettings(Map<String, List<Object>> values) {
        this.values = values;
    }

    /**
     * Returns the settings of a description that has none.
     *
     * @return the empty settings
     */
    public static TypeSettings none() {
        return NONE;
    }

    /**
     * Makes settings from parsed values.
     *
     * @param values setting name to its values in file order; copied
     * @return the settings
     */
    public static TypeSettings of(Map<String, ? extends List<?>> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(new ArrayList<Object>(v))));
        return new TypeSettings(Collections.unmodifiableMap(copy));
    }

    /**
     * Returns the values of one setting.
     *
     * @param name the setting's name without the {@code TYPE.} prefix
     * @return its values in file order, empty if not given
     */
    public List<Object> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * Returns the names of the settings given.
     *
     * @return the names, in the order first given
     */
    public java.util.Set<String> names() {
        return values.keySet();
    }

    /**
     * Tells whether no setting was given.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeSettings t && t.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
