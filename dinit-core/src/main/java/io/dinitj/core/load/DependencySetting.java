package io.dinitj.core.load;

import java.nio.file.Path;

/**
 * One {@code depends-on}, {@code depends-ms} or {@code waits-for} line of a service file, or
 * one of their {@code .d} forms, as the loader read it: after {@code @include} and pre-load
 * substitution. {@code dinitctl enable} and {@code disable} read these rather than the
 * dependencies, which merge a {@code .d} directory's entries with the named ones.
 *
 * @param setting the setting name, such as {@code waits-for.d}
 * @param value the value after substitution
 * @param directory for a {@code .d} setting, the directory the loader reads (relative values
 *     resolved as the loader resolves them); null for the others
 * @param file the file (or included fragment) the line is in, as opened
 * @param line the line number from 1
 */
public record DependencySetting(String setting, String value, Path directory, String file,
        int line) {
}
