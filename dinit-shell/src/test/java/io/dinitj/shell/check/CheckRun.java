package io.dinitj.shell.check;

import io.dinitj.shell.ToolRun;
import java.util.Map;

/**
 * One in-process run of dinit-check, with stdout, stderr and both combined in program order.
 *
 * @param status the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 * @param all both, in the order written
 */
record CheckRun(int status, String out, String err, String all) {

    /** A non-root user id: user mode by default. */
    static final int USER = 1000;

    /** Runs as a non-root user with an empty environment. */
    static CheckRun of(String... args) {
        return of(Map.of(), USER, args);
    }

    /**
     * Runs dinit-check. Stdout is buffered, as the real one is, so that the combined text is in
     * program order only if stdout is flushed before each write to stderr.
     */
    static CheckRun of(Map<String, String> env, int uid, String... args) {
        ToolRun r = ToolRun.of((out, err) -> DinitCheck.run(args, out, err, env, uid));
        return new CheckRun(r.status(), r.out(), r.err(), r.all());
    }
}
