package io.dinitj.core.control;

import static io.dinitj.core.control.ControlFixture.hex;
import static io.dinitj.core.control.ControlFixture.load;
import static io.dinitj.core.control.ControlFixture.nameRequest;
import static io.dinitj.core.control.ControlFixture.send;
import static io.dinitj.core.control.ControlFixture.u32;

import io.dinitj.core.faults.AllocationFaults;
import io.dinitj.core.service.ServiceEdge;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.core.service.ServiceSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * One run of a control request with its n-th allocation failing, for {@link OomSweepTest}.
 * Loaded by {@code AllocationFaultLoader}, so everything it calls of Dinit/J's is instrumented;
 * the test sees it only as a {@link BiFunction} of JDK types: (operation, n) to the outcome
 * {@code [fired, sites, state before, state after, output hex, escaped, where, new connection,
 * log]}.
 * n = 0 is the clean run. The set-up (a fresh engine with services loaded and started, a
 * connection holding handles) is done before arming, so only the request's own work counts.
 */
public final class OomScenario implements BiFunction<String, Integer, String[]> {

    /** The requests swept, by name. */
    public static final List<String> OPERATIONS = List.of("load-new", "load-bad", "start",
            "stop", "list", "status", "reload", "unload", "add-dep", "rm-dep", "setenv",
            "getallenv", "name", "detail", "dependencies", "types", "catlog", "version");

    private final Path root;

    /**
     * Creates the scenario.
     *
     * @param root a directory of its own
     */
    public OomScenario(Path root) {
        this.root = root;
    }

    @Override
    public String[] apply(String op, Integer n) {
        try {
            return run(op, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String[] run(String op, int n) throws IOException {
        Path dir = root.resolve(op);
        Files.createDirectories(dir);
        ControlFixture f = new ControlFixture(dir)
                .file("boot", "type = internal", "depends-on = a", "waits-for = b")
                .file("a", "type = internal", "depends-on = c")
                .file("b", "type = process", "command = /bin/sleep 60", "restart = yes")
                .file("c", "type = internal")
                .file("x", "type = internal", "waits-for = c")
                .file("fresh", "type = internal", "depends-on = d", "env-file = fresh.env",
                        "before = c")
                .file("d", "type = process", "command = /bin/sleep 60 $HOME",
                        "stop-timeout = 3", "options = starts-rwfs")
                .file("broken", "type = internal", "depends-on = d", "waits-for = nosuch",
                        "restart = sometimes")
                .file("fresh.env", "K=v");
        f.env.put("HOME", "/home/u");
        ControlConnection c = f.connect();
        int boot = load(c, "boot");
        send(c, hex("03 00 " + u32(boot)));
        int x = load(c, "x");
        int cHandle = load(c, "c");
        // x's file changes on disk: a reload reads the new one and loads what it names.
        f.file("x", "type = internal", "waits-for = c", "depends-on = y");
        f.file("y", "type = internal");
        // Loaded already: a refused reload keeps the dependencies it loaded (as upstream's
        // does), which is neither the state before nor after; the load path is swept by
        // load-new and load-bad.
        load(c, "y");
        byte[] request = request(op, boot, x, cHandle);
        String before = snapshot(f);

        String escaped = "";
        byte[] out;
        AllocationFaults.arm(n);
        try {
            out = send(c, request);
        } catch (Throwable t) {
            out = new byte[0];
            escaped = t.toString();
        } finally {
            AllocationFaults.disarm();
        }
        String after = snapshot(f);
        StringBuilder where = new StringBuilder();
        for (StackTraceElement e : AllocationFaults.where()) {
            if (e.getClassName().startsWith("io.dinitj.") && where.length() < 2000) {
                where.append("\n    at ").append(e);
            }
        }
        // The daemon lives: a new client is answered.
        String fresh = ControlFixture.hex(send(f.connect(), hex("00")));
        return new String[] {Boolean.toString(AllocationFaults.fired()),
            Integer.toString(AllocationFaults.sites()), before, after, ControlFixture.hex(out),
            escaped, where.toString(), fresh, String.join("\n", f.logged)};
    }

    private static byte[] request(String op, int boot, int x, int c) {
        return switch (op) {
            case "load-new" -> nameRequest(2, "fresh");
            case "load-bad" -> nameRequest(2, "broken");
            case "start" -> hex("03 00 " + u32(x));
            case "stop" -> hex("04 00 " + u32(boot));
            case "list" -> hex("08");
            case "status" -> hex("12 " + u32(boot));
            case "reload" -> hex("10 " + u32(x));
            case "unload" -> hex("09 " + u32(x));
            case "add-dep" -> hex("0b 02 " + u32(x) + u32(boot));
            case "rm-dep" -> hex("0c 02 " + u32(x) + u32(c));
            case "setenv" -> hex("11 0700 4e45573d76616c"); // NEW=val
            case "getallenv" -> hex("18 00");
            case "name" -> hex("0f 00 " + u32(boot));
            case "detail" -> hex("62 " + u32(boot));
            case "dependencies" -> hex("60 00 " + u32(boot));
            case "types" -> hex("61");
            case "catlog" -> hex("14 00 " + u32(boot));
            case "version" -> hex("00");
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** Every service's state, edges and pins, the counts, and the environment. */
    private static String snapshot(ControlFixture f) {
        ServiceSet set = f.set();
        TreeMap<String, String> lines = new TreeMap<>();
        for (ServiceRecord r = set.first(); r != null; r = set.next(r)) {
            List<String> edges = new ArrayList<>();
            for (int i = 0; i < r.dependencyCount(); i++) {
                ServiceEdge e = r.dependency(i);
                edges.add(e.kind() + ">" + e.to().name() + (e.isHolding() ? "+" : ""));
            }
            lines.put(r.name(), r.state() + "/" + r.target() + " req=" + r.requiredBy()
                    + (r.isExplicit() ? " explicit" : "") + (r.isStartPinned() ? " pin+" : "")
                    + (r.isStopPinned() ? " pin-" : "") + (r.isPlaceholder() ? " placeholder" : "")
                    + " deps=" + edges + " dependents=" + r.dependentCount()
                    + " desc=" + (r.description() == null ? "-" : r.description().type()));
        }
        return "size=" + set.size() + " active=" + set.activeCount() + " " + lines
                + " env=" + new TreeMap<>(f.env);
    }
}
