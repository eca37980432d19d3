package io.dinitj.core.load;

import io.dinitj.api.spi.ServiceContext.LogLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the daemon logs about a load, in upstream's words and order (docs/cli.md §1.5 and §1.7): the
 * notices of the services that load despite them (an unreadable dependency directory, an unresolved
 * entry in one; never a lint warning: upstream's daemon does not lint), and for a failed load one
 * line for the service whose own problem made it fail, then one for each service that needed it,
 * back to the one requested:
 *
 * <pre>
 * dinit: Could not load service no-command: 'command' setting not specified.
 * dinit: Could not load service mid: could not load dependency.
 * dinit: boot: error loading: could not load dependency.
 * </pre>
 *
 * <p>An error located by line or setting is written {@code Error in service description for
 * 'x' ...} ({@link LoadProblem#forDaemon()}) wherever it is in the chain; any other is written
 * {@code Could not load service x: desc}, except for the requested service itself, whose line
 * depends on who asked ({@link Origin}).
 */
public final class LoadLog {

    /** Who asked for the load: it decides how the requested service's own failure reads. */
    public enum Origin {
        /**
         * A service named on the daemon's command line: {@code x: could not find service
         * description.} or {@code x: error loading: desc}.
         */
        COMMAND_LINE,
        /** A control-protocol request: {@code Could not load service x: desc}. */
        CONTROL
    }

    /**
     * One line to log, without the {@code dinit: } prefix.
     *
     * @param level the level
     * @param text the text
     */
    public record Line(LogLevel level, String text) {
    }

    private static final String DEPENDENCY_FAILED = "could not load dependency.";

    private LoadLog() {
    }

    /**
     * Tells whether a failed load counts as an error in the service description, as upstream
     * counts it (its control reply SERVICE_DESC_ERR): the requested service's own error is in
     * the text and located by line or setting. An error it cannot place, such as
     * {@code 'command' setting not specified.}, is a plain load error (SERVICE_LOAD_ERR) there.
     * The loader decided it already: this reads {@link LoadOutcome#failure()}.
     *
     * @param o the outcome of a {@link DescriptionLoader#load}
     * @return true for a located description error of the requested service
     */
    public static boolean isDescriptionError(LoadOutcome o) {
        return o.failure() == LoadOutcome.Failure.DESCRIPTION_ERROR;
    }

    /**
     * The lines to log for a load.
     *
     * @param name the service requested
     * @param o the outcome of loading it
     * @param origin who asked
     * @return the lines, in order; empty for a load that succeeded without notices
     */
    public static List<Line> lines(String name, LoadOutcome o, Origin origin) {
        List<Line> out = new ArrayList<>();
        List<LoadProblem> chain = new ArrayList<>();
        for (LoadProblem p : o.problems()) {
            if (p.warning()) {
                if (p.daemonLog() != null) {
                    out.add(new Line(LogLevel.WARN, p.daemonLog()));
                }
            } else if (chain.isEmpty()
                    || (p.message().equals(DEPENDENCY_FAILED) && !p.located())) {
                // The first error is the failing service's own; later errors of that same
                // service are not logged (upstream stops at the first), but each requester's is.
                chain.add(p);
            }
        }
        if (o.succeeded()) {
            return out;
        }
        if (chain.isEmpty()) {
            String failed = o.failedService() != null ? o.failedService() : name;
            chain.add(new LoadProblem(failed, null, 0, null, o.message(), false));
        }
        for (int i = 0; i < chain.size(); i++) {
            LoadProblem p = chain.get(i);
            boolean requested = i == chain.size() - 1;
            String text;
            if (p.located()) {
                text = p.forDaemon();
            } else if (!requested || origin == Origin.CONTROL) {
                text = "Could not load service " + p.service() + ": " + p.message();
            } else if (o.failure() == LoadOutcome.Failure.NOT_FOUND) {
                text = p.service() + ": could not find service description.";
            } else {
                text = p.service() + ": error loading: " + p.message();
            }
            out.add(new Line(LogLevel.ERROR, text));
        }
        return out;
    }
}
