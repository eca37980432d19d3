package io.dinitj.core.load;

import java.util.List;

/**
 * One service file read by {@link DescriptionLoader#readSettings}: the parse, and the
 * dependency settings and {@code @meta enable-via} it holds, kept even when some other setting
 * of the file is in error.
 *
 * @param outcome the parse, as {@link DescriptionLoader#parseOne} gives it
 * @param dependencySettings the dependency lines in file order
 * @param enableVia the {@code @meta enable-via} service, or null
 */
public record SettingsReading(LoadOutcome outcome, List<DependencySetting> dependencySettings,
        String enableVia) {
}
