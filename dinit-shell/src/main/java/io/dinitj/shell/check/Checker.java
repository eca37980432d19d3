package io.dinitj.shell.check;

import io.dinitj.api.description.Dependency;
import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.spi.TypeCapability;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.LoadOutcome;
import io.dinitj.core.load.LoadProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checks services one after another (docs/cli.md §3.2): a queue that starts with the named
 * services and grows with every service a checked one names, then the secondary checks over
 * everything that loaded: consumers, and one dependency cycle.
 */
final class Checker {

    /** Upstream keeps its services in a {@code std::map}: byte order, that is code points. */
    static final Comparator<String> NAME_ORDER = Checker::compareCodePoints;

    static final String SUBSTITUTION_WARNING = "dinit-check: warning: variable substitution"
            + " performed by dinit-check for file paths may not match dinit daemon (environment"
            + " may differ); use --online to avoid this warning";

    private final DescriptionLoader loader;
    private final Reporter report;
    private final FileLint lint;
    /** The services that loaded, by name. */
    private final SortedMap<String, ServiceDescription> loaded = new TreeMap<>(NAME_ORDER);
    /** The services that could not be loaded at all, with the reason. */
    private final Map<String, String> unloadable = new HashMap<>();

    Checker(DescriptionLoader loader, Reporter report) {
        this.loader = loader;
        this.report = report;
        this.lint = new FileLint(report);
    }

    /**
     * Checks the named services and everything they name, then runs the secondary checks and
     * prints the verdict.
     *
     * @param named the services named on the command line, in order
     * @return the exit status: 1 if anything was recorded, else 0
     */
    int run(List<String> named) {
        List<String> queue = new ArrayList<>(named);
        Set<String> queued = new HashSet<>(named);
        Set<String> checked = new HashSet<>();
        for (int i = 0; i < queue.size(); i++) {
            String name = queue.get(i);
            report.info("Checking service: " + name + "...");
            if (!checked.add(name)) {
                // Named twice on the command line: upstream looks it up again, and only a
                // service that could not be loaded says so again.
                String reason = unloadable.get(name);
                if (reason != null) {
                    report.error(unableToLoad(name, reason));
                }
                continue;
            }
            for (String next : check(name)) {
                if (queued.add(next)) {
                    queue.add(next);
                }
            }
        }
        report.info("Performing secondary checks...");
        checkConsumers();
        List<CycleFinder.Link> cycle = CycleFinder.find(loaded, named);
        if (cycle != null) {
            report.error("Found dependency cycle:");
            for (CycleFinder.Link link : cycle) {
                String via = link.via() == DependencyKind.BEFORE ? " (via 'before')"
                        : link.via() == DependencyKind.AFTER ? " (via 'after')" : "";
                report.error("    " + link.service() + " ->" + via);
            }
            report.error("    " + cycle.get(0).service() + ".");
        }
        report.note("Secondary checks complete.");
        report.info(report.errorsRecorded() ? "One or more errors/warnings issued."
                : "No problems found.");
        return report.errorsRecorded() ? 1 : 0;
    }

    /** Checks one service; returns the services it names, in the order to queue them. */
    private List<String> check(String name) {
        LoadOutcome o = loader.parseOne(name);
        if ((o.failure() == LoadOutcome.Failure.NOT_FOUND
                || o.failure() == LoadOutcome.Failure.LOAD_ERROR) && o.problems().isEmpty()) {
            unloadable.put(name, o.message());
            report.error(unableToLoad(name, o.message()));
        }
        String fatal = null;
        for (LoadProblem p : o.problems()) {
            if (p.severity() == LoadProblem.Severity.SUBSTITUTED) {
                // Once per service, where it first substituted a variable, as upstream does.
                report.note(SUBSTITUTION_WARNING);
                continue;
            }
            if (p.severity() == LoadProblem.Severity.FATAL && fatal == null) {
                fatal = p.message();
            }
            report.error(p.forCheck());
        }
        if (fatal != null) {
            // Upstream's loader stopped at this one: the service is not checked further and
            // what it names is not visited.
            unloadable.put(name, fatal);
            return List.of();
        }
        // As upstream does, a file with errors is still linted and takes part in the
        // secondary checks, with what could be read of it.
        ServiceDescription d = o.service() != null ? o.service() : o.partial();
        if (d == null) {
            return List.of();
        }
        lint.check(d);
        loaded.put(name, d);
        return named(d);
    }

    /**
     * The services a loaded description names, in upstream's queueing order: dependencies,
     * {@code before}, {@code after}, {@code consumer-of}. Not {@code chain-to}: upstream's
     * dinit-check does not visit it (its record of the service loses the name).
     */
    private static List<String> named(ServiceDescription d) {
        List<String> out = new ArrayList<>();
        for (Dependency dep : d.dependencies()) {
            if (!dep.kind().isOrdering()) {
                out.add(dep.name());
            }
        }
        for (DependencyKind kind : List.of(DependencyKind.BEFORE, DependencyKind.AFTER)) {
            for (Dependency dep : d.dependencies()) {
                if (dep.kind() == kind) {
                    out.add(dep.name());
                }
            }
        }
        if (d.consumerOf() != null) {
            out.add(d.consumerOf());
        }
        return out;
    }

    /** Checks that every consumer's producer logs to a pipe and runs a process. */
    private void checkConsumers() {
        for (ServiceDescription d : loaded.values()) {
            String producer = d.consumerOf();
            if (producer == null) {
                continue;
            }
            ServiceDescription p = loaded.get(producer);
            String head = "Service '" + d.name() + "': specified as consumer of service '"
                    + producer + "' which ";
            if (p != null) {
                if (p.log().type() != LogType.PIPE) {
                    report.error(head + "has log-type that is not 'pipe'.");
                } else if (!isProcessBased(p.type())) {
                    report.error(head + "is not a process-based service.");
                }
            } else {
                report.note("Warning: Service '" + d.name() + "' specified as consumer of"
                        + " service '" + producer + "' which was not found.");
            }
        }
    }

    /** Process-based: the type runs the service's command, as its plugin declares. */
    private boolean isProcessBased(String type) {
        return loader.types().capabilities(type).contains(TypeCapability.RUNS_COMMAND);
    }

    private static String unableToLoad(String name, String reason) {
        return "Unable to load service '" + name + "': " + reason;
    }

    /** Compares by code point, which for UTF-8 names is upstream's byte order. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
