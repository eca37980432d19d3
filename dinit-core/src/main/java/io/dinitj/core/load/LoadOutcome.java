package io.dinitj.core.load;

import io.dinitj.api.description.ServiceDescription;
import java.util.List;

/**
 * The result of loading a service with its dependencies.
 *
 * @param service the loaded description, or null if loading failed
 * @param failure how it failed, or null on success
 * @param failedService the service whose own problem made the load fail (the requested one or
 *     a dependency), or null on success
 * @param message the description of the failure as logged (e.g. {@code service description not
 *     found.}), or null on success
 * @param problems every error and warning found, in the order found, dependencies included
 * @param loaded the names newly loaded, in load order (empty on failure)
 * @param substituted true if any file used variable substitution before load
 * @param named for {@link DescriptionLoader#parseOne}: the services the file names (its
 *     dependencies of every kind, chain-to and consumer-of), even if it has errors; else empty
 * @param partial for {@link DescriptionLoader#parseOne} of a file with errors: what could be
 *     read of it, settings in error left at their defaults, for dinit-check's further checks;
 *     never to be run; else null
 */
public record LoadOutcome(ServiceDescription service, Failure failure, String failedService,
        String message, List<LoadProblem> problems, List<String> loaded, boolean substituted,
        List<String> named, ServiceDescription partial) {

    /**
     * Why a load failed; decides the control-protocol reply, and is decided once, where the
     * file is read. For {@link DescriptionLoader#parseOne} (dinit-check, reload), which answers
     * no LOADSERVICE, any error in the file is a {@code DESCRIPTION_ERROR}.
     */
    public enum Failure {
        /** No description file was found (NOSERVICE). */
        NOT_FOUND,
        /**
         * The requested service's text has an error located by line or setting
         * (SERVICE_DESC_ERR).
         */
        DESCRIPTION_ERROR,
        /**
         * Anything else: an error found in the checks after reading or not located, an
         * unreadable file, a dependency, a cycle (SERVICE_LOAD_ERR).
         */
        LOAD_ERROR
    }

    /**
     * Tells whether the load succeeded.
     *
     * @return true if {@link #service()} is not null
     */
    public boolean succeeded() {
        return service != null;
    }
}
