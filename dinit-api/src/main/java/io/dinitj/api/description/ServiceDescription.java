package io.dinitj.api.description;

import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A loaded service description: everything a service file says, typed, with substitutions done
 * and defaults applied. Immutable.
 *
 * @param name the full name, including any {@code @argument}
 * @param type the service type name ({@code process}, {@code bgprocess}, {@code scripted},
 *     {@code internal}, {@code triggered}, or a plugin's)
 * @param process how processes are launched
 * @param restart restart policy and timeouts
 * @param log where output goes
 * @param socket a pre-opened socket
 * @param dependencies the dependencies in file order, {@code .d} entries where their setting was
 * @param options the {@code options} words
 * @param loadOptions the {@code load-options} words
 * @param environment the env-file contents and load-option variables
 * @param envFile the {@code env-file} path as given (after substitution), or null
 * @param chainTo the service to start when this one finishes, or null
 * @param consumerOf the service whose output this one reads, or null
 * @param enableVia the {@code @meta enable-via} service, or null
 * @param source where the description was read from
 * @param typeSettings the values of the type's own settings ({@code TYPE.NAME = value})
 */
public record ServiceDescription(String name, String type, ProcessSettings process,
        RestartSettings restart, LogSettings log, SocketSettings socket,
        List<Dependency> dependencies, Set<ServiceOption> options, Set<LoadOption> loadOptions,
        ServiceEnvironment environment, String envFile, String chainTo, String consumerOf,
        String enableVia, Source source, TypeSettings typeSettings) {

    /**
     * Where a description came from.
     *
     * @param file the path of the service file, as opened
     * @param directory the service description directory it was found in
     * @param modified its modification time at load
     */
    public record Source(String file, String directory, FileTime modified) {
    }

    /**
     * Copies the collections and checks that the required parts are present.
     *
     * @param name the full name, including any {@code @argument}
     * @param type the service type name ({@code process}, {@code bgprocess}, {@code scripted},
     *     {@code internal}, {@code triggered}, or a plugin's)
     * @param process how processes are launched
     * @param restart restart policy and timeouts
     * @param log where output goes
     * @param socket a pre-opened socket
     * @param dependencies the dependencies in file order, {@code .d} entries where their setting was
     * @param options the {@code options} words
     * @param loadOptions the {@code load-options} words
     * @param environment the env-file contents and load-option variables
     * @param envFile the {@code env-file} path as given (after substitution), or null
     * @param chainTo the service to start when this one finishes, or null
     * @param consumerOf the service whose output this one reads, or null
     * @param enableVia the {@code @meta enable-via} service, or null
     * @param source where the description was read from
     * @param typeSettings the values of the type's own settings ({@code TYPE.NAME = value})
     */
    public ServiceDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(typeSettings, "typeSettings");
        dependencies = List.copyOf(dependencies);
        options = options.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(options));
        loadOptions = loadOptions.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(loadOptions));
    }

    /**
     * Creates a description whose type has no settings of its own given.
     *
     * @param name the full name, including any {@code @argument}
     * @param type the service type name
     * @param process how processes are launched
     * @param restart restart policy and timeouts
     * @param log where output goes
     * @param socket a pre-opened socket
     * @param dependencies the dependencies in file order
     * @param options the {@code options} words
     * @param loadOptions the {@code load-options} words
     * @param environment the env-file contents and load-option variables
     * @param envFile the {@code env-file} path as given, or null
     * @param chainTo the service to start when this one finishes, or null
     * @param consumerOf the service whose output this one reads, or null
     * @param enableVia the {@code @meta enable-via} service, or null
     * @param source where the description was read from
     */
    public ServiceDescription(String name, String type, ProcessSettings process,
            RestartSettings restart, LogSettings log, SocketSettings socket,
            List<Dependency> dependencies, Set<ServiceOption> options, Set<LoadOption> loadOptions,
            ServiceEnvironment environment, String envFile, String chainTo, String consumerOf,
            String enableVia, Source source) {
        this(name, type, process, restart, log, socket, dependencies, options, loadOptions,
                environment, envFile, chainTo, consumerOf, enableVia, source, TypeSettings.none());
    }

    /**
     * Returns the base name: the name up to the first {@code @}.
     *
     * @return the base name
     */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /**
     * Returns the service argument: the text after the first {@code @}.
     *
     * @return the argument (possibly empty), or null if the name has no {@code @}
     */
    public String argument() {
        int at = name.indexOf('@');
        return at < 0 ? null : name.substring(at + 1);
    }
}
