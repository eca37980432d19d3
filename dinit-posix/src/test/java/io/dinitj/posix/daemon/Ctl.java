package io.dinitj.posix.daemon;

import io.dinitj.shell.ctl.Dinitctl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One in-process dinitctl run against a harness daemon's socket.
 *
 * @param status the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 */
record Ctl(int status, String out, String err) {

    /** Runs {@code dinitctl -p SOCKET args...}. */
    static Ctl ctl(DaemonHarness d, String... args) {
        return ctl(d.socket, args);
    }

    /** Runs {@code dinitctl -p SOCKET args...} against any daemon's socket. */
    static Ctl ctl(Path socket, String... args) {
        List<String> all = new ArrayList<>(List.of("-p", socket.toString()));
        all.addAll(Arrays.asList(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Dinitctl.run(all.toArray(new String[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Ctl(status, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /** Runs dinitctl and gives {@code "STATUS STDOUT STDERR"} (the two texts concatenated). */
    static String ctlText(DaemonHarness d, String... args) {
        Ctl c = ctl(d, args);
        return c.status + " " + c.out + c.err;
    }
}
