package io.dinitj.core.load;

import io.dinitj.api.description.ServiceDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a load must give, whatever the files say (the contract the loader fuzzers check): a
 * success has no error problem and adds exactly the services it names to the set; a failure
 * has at least one error problem, a failure kind, a message and the service that failed, and
 * leaves the set exactly as it was. Each check returns what was broken, or null.
 */
final class LoadContract {

    private LoadContract() {
    }

    static Map<String, ServiceDescription> loaded(DescriptionSet set) {
        Map<String, ServiceDescription> m = new HashMap<>();
        for (ServiceDescription d : set.descriptions()) {
            m.put(d.name(), d);
        }
        return m;
    }

    static boolean hasError(LoadOutcome o) {
        return o.problems().stream().anyMatch(p -> !p.warning());
    }

    static String checkSuccess(String name, LoadOutcome o,
            Map<String, ServiceDescription> before, DescriptionSet set) {
        if (hasError(o)) {
            return "succeeded with an error problem";
        }
        if (o.failure() != null || o.message() != null || o.failedService() != null) {
            return "succeeded with a failure, message or failed service";
        }
        if (set.get(name) != o.service()) {
            return "succeeded but the set does not hold the service returned";
        }
        for (Map.Entry<String, ServiceDescription> e : before.entrySet()) {
            if (set.get(e.getKey()) != e.getValue()) {
                return "succeeded but replaced or dropped a loaded service";
            }
        }
        for (String n : o.loaded()) {
            if (set.get(n) == null || set.isPlaceholder(n) || before.containsKey(n)) {
                return "succeeded but a newly loaded service is missing, a placeholder, or old";
            }
        }
        if (set.size() != before.size() + o.loaded().size()) {
            return "succeeded but the set grew by more than the services loaded";
        }
        return null;
    }

    static String checkFailure(LoadOutcome o, Map<String, ServiceDescription> before,
            Set<String> placeholdersBefore, DescriptionSet set) {
        if (!hasError(o)) {
            return "failed without an error problem";
        }
        if (o.failure() == null || o.message() == null || o.failedService() == null) {
            return "failed without a failure, message or failed service";
        }
        if (!o.loaded().isEmpty()) {
            return "failed but names services as loaded";
        }
        if (set.size() != before.size() || !loaded(set).equals(before)
                || !set.placeholders().equals(placeholdersBefore)) {
            return "failed but changed the set";
        }
        for (Map.Entry<String, ServiceDescription> e : before.entrySet()) {
            if (set.get(e.getKey()) != e.getValue()) {
                return "failed but replaced a loaded service";
            }
        }
        return null;
    }

    static String checkParsed(String name, LoadOutcome o) {
        if (o.succeeded()) {
            if (hasError(o)) {
                return "succeeded with an error problem";
            }
            if (o.failure() != null || !o.loaded().equals(List.of(name))) {
                return "succeeded with a failure, or loaded names other than its own";
            }
            return null;
        }
        if (o.failure() == null || o.message() == null) {
            return "failed without a failure or message";
        }
        if (o.failure() == LoadOutcome.Failure.DESCRIPTION_ERROR && !hasError(o)) {
            return "description error without an error problem";
        }
        return null;
    }

    /**
     * Checks that a load says what and where: every error problem has a message and names the
     * service it is about or a file and line (a problem of the whole service, such as a missing
     * {@code command}, names no line, as upstream's does not; a bad dependency name is blamed
     * on the dependency, as upstream does, even an empty one, but has its file and line); and a
     * problem that names a file and line points at a line the file has.
     */
    static String checkReported(LoadOutcome o) {
        for (LoadProblem p : o.problems()) {
            if (p.line() < 0) {
                return "a problem has a negative line number: " + p;
            }
            if (p.file() != null && p.line() > 0) {
                int lines = lineCount(p.file());
                if (lines >= 0 && p.line() > lines) {
                    return "a problem points at line " + p.line() + " of a file of " + lines
                            + " lines: " + p;
                }
            }
            if (p.warning()) {
                continue;
            }
            if (p.message() == null || p.message().isBlank()) {
                return "an error problem has no message: " + p;
            }
            boolean named = p.service() != null && !p.service().isEmpty();
            if (!named && (p.file() == null || p.line() == 0)) {
                return "an error problem names neither a service nor a file and line: " + p;
            }
        }
        return null;
    }

    /** The number of lines of a file (a last line without a newline counts), or -1. */
    private static int lineCount(String file) {
        byte[] b;
        try {
            b = Files.readAllBytes(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return b.length > 0 && b[b.length - 1] != '\n' ? n + 1 : n;
    }
}
