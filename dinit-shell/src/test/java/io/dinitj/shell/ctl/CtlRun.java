package io.dinitj.shell.ctl;

import io.dinitj.shell.ToolRun;
import java.util.Map;

/**
 * One in-process run of dinitctl, with stdout, stderr and both combined in program order.
 *
 * @param status the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 * @param all both, in the order written
 */
record CtlRun(int status, String out, String err, String all) {

    /** Runs as a non-root user with the given environment. */
    static CtlRun of(Map<String, String> env, String... args) {
        return of(env, false, args);
    }

    /** Runs dinitctl; stdout is buffered so that ordering depends on flushing. */
    static CtlRun of(Map<String, String> env, boolean root, String... args) {
        ToolRun r = ToolRun.of((out, err) -> Dinitctl.run(args, out, err, env, root));
        return new CtlRun(r.status(), r.out(), r.err(), r.all());
    }
}
