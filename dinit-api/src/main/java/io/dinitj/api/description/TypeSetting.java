package io.dinitj.api.description;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A setting that a service type declares for itself ({@link io.dinitj.api.spi.ServiceType#settings()}).
 * Service files write it as {@code TYPE.NAME = value} (for example {@code timer.every = 30}), so
 * it never clashes with Dinit's settings. The loader checks it as it checks Dinit's (a misspelt
 * or misplaced one is an error naming file, line and setting), applies the same lexing and
 * substitution, parses it with the setting's {@link SettingParser} and hands the typed value to
 * the behaviour in {@link ServiceDescription#typeSettings()}.
 *
 * <p>A setting given twice replaces the earlier value, as Dinit's settings do, unless it is
 * {@link #repeatable()}: then each line adds one value, in file order. A {@link #required()}
 * setting that a file leaves out is an error; an optional one has its default (or none).
 *
 * <p>Declare settings as constants of the type and read values with {@link #get} or
 * {@link #all}: immutable, safe to share.
 *
 * @param <T> the value's type
 */
public final class TypeSetting<T> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final String name;
    private final SettingParser<T> parser;
    private final String help;
    private final boolean required;
    private final boolean repeatable;
    private final T defaultValue;

    private TypeSetting(String name, SettingParser<T> parser, String help, boolean required,
            boolean repeatable, T defaultValue) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("setting name '" + name + "' must be lower-case"
                    + " letters, digits and '-', starting with a letter");
        }
        this.name = name;
        this.parser = Objects.requireNonNull(parser, "parser");
        this.help = Objects.requireNonNull(help, "help");
        this.required = required;
        this.repeatable = repeatable;
        this.defaultValue = defaultValue;
    }

    /**
     * Declares an optional setting without a default.
     *
     * @param <T> the value's type
     * @param name the name after {@code TYPE.}: lower-case letters, digits and {@code -}
     * @param parser turns the text into the value
     * @param help one line saying what it does, for error messages and documentation
     * @return the setting
     */
    public static <T> TypeSetting<T> optional(String name, SettingParser<T> parser, String help) {
        return new TypeSetting<>(name, parser, help, false, false, null);
    }

    /**
     * Declares a setting that every service of the type must give.
     *
     * @param <T> the value's type
     * @param name the name after {@code TYPE.}
     * @param parser turns the text into the value
     * @param help one line saying what it does
     * @return the setting
     */
    public static <T> TypeSetting<T> required(String name, SettingParser<T> parser, String help) {
        return new TypeSetting<>(name, parser, help, true, false, null);
    }

    /**
     * Declares a setting that may be given on several lines, each adding a value.
     *
     * @param <T> the value's type
     * @param name the name after {@code TYPE.}
     * @param parser turns each line's text into a value
     * @param help one line saying what it does
     * @return the setting
     */
    public static <T> TypeSetting<T> repeatable(String name, SettingParser<T> parser,
            String help) {
        return new TypeSetting<>(name, parser, help, false, true, null);
    }

    /**
     * Returns this optional setting with a default, the value of a file that leaves it out.
     *
     * @param value the default
     * @return a new setting
     * @throws IllegalStateException if the setting is required or repeatable
     */
    public TypeSetting<T> withDefault(T value) {
        if (required || repeatable) {
            throw new IllegalStateException("only an optional setting has a default");
        }
        return new TypeSetting<>(name, parser, help, false, false,
                Objects.requireNonNull(value, "value"));
    }

    /**
     * Returns the name after {@code TYPE.}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the parser.
     *
     * @return the parser
     */
    public SettingParser<T> parser() {
        return parser;
    }

    /**
     * Returns the one-line help.
     *
     * @return the help text
     */
    public String help() {
        return help;
    }

    /**
     * Tells whether a file must give the setting.
     *
     * @return true if required
     */
    public boolean required() {
        return required;
    }

    /**
     * Tells whether each line adds a value rather than replacing the earlier one.
     *
     * @return true if repeatable
     */
    public boolean repeatable() {
        return repeatable;
    }

    /**
     * Returns the default value.
     *
     * @return the default, or null if there is none
     */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * Returns the setting's value in a description: the value given, else the default.
     *
     * @param description a description of this setting's type
     * @return the value, or null if neither given nor defaulted
     * @throws IllegalStateException if the setting is repeatable (use {@link #all})
     */
    public T get(ServiceDescription description) {
        if (repeatable) {
            throw new IllegalStateException("'" + name + "' is repeatable: use all()");
        }
        List<Object> values = description.typeSettings().values(name);
        return values.isEmpty() ? defaultValue : cast(values.get(values.size() - 1));
    }

    /**
     * Returns every value given for the setting, in file order.
     *
     * @param description a description of this setting's type
     * @return the values, empty if none was given
     */
    @SuppressWarnings("unchecked")
    public List<T> all(ServiceDescription description) {
        return (List<T>) (List<?>) description.typeSettings().values(name);
    }

    @SuppressWarnings("unchecked")
    private T cast(Object o) {
        return (T) o;
    }

    @Override
    public String toString() {
        return name;
    }
}
