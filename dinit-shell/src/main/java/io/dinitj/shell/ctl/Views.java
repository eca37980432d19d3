package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.service.DependencyKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dinit/J's views of a running service set beyond upstream's commands: {@code tree NAME}
 * ({@code --reverse} for dependents), {@code graph [NAME]} (Graphviz DOT) and
 * {@code catlog --follow}. Dependencies come from the daemon's live graph through the
 * {@link Codes.Cmd#DJ_DEPENDENCIES} extension, so links added with {@code add-dep} show and
 * removed ones do not; an upstream daemon refuses the request, which is reported as such.
 */
final class Views {

    /** How often {@code catlog --follow} asks for new output. */
    static final long FOLLOW_INTERVAL_MILLIS = 200;

    private Views() {
    }

    /**
     * One dependency edge as the daemon reports it.
     *
     * @param kind the dependency kind
     * @param holding true if the link currently holds its dependency
     * @param placeholder true if the other end is named but not loaded
     * @param name the other end's name
     */
    record Edge(DependencyKind kind, boolean holding, boolean placeholder, String name) {
    }

    /**
     * Asks for a service's dependency edges (or its dependents').
     *
     * @throws CtlException if the daemon does not have the extension or the handle is stale
     */
    static List<Edge> edges(Session s, int handle, boolean dependents) throws CtlException {
        s.conn.sendFlagsHandle(Codes.Cmd.DJ_DEPENDENCIES,
                dependents ? Codes.Cmd.DJ_FLAG_DEPENDENTS : 0, handle);
        int r = s.conn.waitForReply();
        if (r == Codes.Reply.BADREQ) {
            throw unsupported();
        }
        if (r == Codes.Reply.NAK) {
            throw new CtlException("dinitctl: the service was unloaded while it was read");
        }
        if (r != Codes.Reply.DJ_DEPENDENCIES) {
            throw CtlException.protocol();
        }
        int n = s.conn.i32();
        if (n < 0) {
            throw CtlException.protocol();
        }
        List<Edge> out = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            int code = s.conn.u8();
            int flags = s.conn.u8();
            int len = s.conn.u16();
            String name = Connection.text(s.conn.raw(len));
            DependencyKind kind = kindOf(code);
            if (kind == null) {
                throw CtlException.protocol();
            }
            out.add(new Edge(kind, (flags & 1) != 0, (flags & 2) != 0, name));
        }
        return out;
    }

    private static CtlException unsupported() {
        return new CtlException("dinitctl: the daemon cannot list dependencies (tree and graph"
                + " need a Dinit/J daemon)");
    }

    private static DependencyKind kindOf(int code) {
        for (DependencyKind k : DependencyKind.values()) {
            if (k.code() == code) {
                return k;
            }
        }
        return null;
    }

    /**
     * Lists the loaded services with their statuses, in the daemon's order.
     *
     * @return name to status
     */
    static Map<String, ServiceStatus> listAll(Session s) throws CtlException {
        boolean v5 = s.conn.daemonVersion() >= 5;
        s.conn.send(new byte[] {(byte) (v5 ? Codes.Cmd.LISTSERVICES5 : Codes.Cmd.LISTSERVICES)});
        int size = v5 ? ServiceStatus.V5_SIZE : ServiceStatus.LEGACY_SIZE;
        Map<String, ServiceStatus> all = new LinkedHashMap<>();
        while (true) {
            int r = s.conn.waitForReply();
            if (r == Codes.Reply.LISTDONE) {
                return all;
            }
            if (r != Codes.Reply.SVCINFO) {
                throw new CtlException("dinitctl: control socket protocol error");
            }
            int len = s.conn.u8();
            ServiceStatus st = s.conn.status(size);
            all.put(Connection.text(s.conn.raw(len)), st);
        }
    }

    /** A state in one word: started, starting, stopping, stopped or failed. */
    static String stateWord(ServiceStatus st) {
        if (st == null) {
            return "not loaded";
        }
        switch (st.state()) {
            case Handlers.STARTED:
                return (st.flags() & ServiceStatus.START_SKIPPED) != 0 ? "skipped" : "started";
            case Handlers.STARTING:
                return "starting";
            case Handlers.STOPPING:
                return "stopping";
            default:
                return Texts.failed(st) ? "failed" : "stopped";
        }
    }

    // ------------------------------------------------------------------------------- tree

    /**
     * {@code tree NAME}: the service, then its dependencies (or with {@code --reverse} its
     * dependents) as an indented tree, each line the link's kind, the name and the state.
     * A service met again is printed once more without its subtree, marked {@code (above)}.
     * Reversed, a line reads from the dependent's side, the way its file says it:
     * {@code boot [starting] depends-on web} under {@code web}.
     */
    static int tree(Session s) throws CtlException {
        String root = s.opts.service();
        Handlers.Record rec = Handlers.load(s, root, true, false);
        if (rec == null) {
            return 1;
        }
        boolean reverse = s.opts.reverse;
        Map<String, ServiceStatus> states = listAll(s);
        s.print(root + " [" + stateWord(states.get(root)) + "]");
        Map<String, Integer> handles = new HashMap<>();
        handles.put(root, rec.handle());
        Set<String> expanded = new HashSet<>();
        expanded.add(root);
        // Explicit stack of pending lines: no recursion whatever the depth.
        ArrayDeque<Line> stack = new ArrayDeque<>();
        pushChildren(stack, edges(s, rec.handle(), reverse), "", root);
        while (!stack.isEmpty()) {
            Line l = stack.pop();
            Edge e = l.edge;
            ServiceStatus st = states.get(e.name);
            boolean again = !e.placeholder && !expanded.add(e.name);
            String named = e.name + " [" + (e.placeholder ? "not loaded" : stateWord(st)) + "]";
            s.print(l.prefix + (l.last ? "└─ " : "├─ ")
                    + (reverse ? named + " " + e.kind.setting() + " " + l.parent
                            : e.kind.setting() + " " + named)
                    + (again ? " (above)" : ""));
            if (e.placeholder || again) {
                continue;
            }
            Integer h = handles.get(e.name);
            if (h == null) {
                Handlers.Record r = Handlers.load(s, e.name, true, true);
                if (r == null) {
                    continue;
                }
                h = r.handle();
                handles.put(e.name, h);
            }
            pushChildren(stack, edges(s, h, reverse), l.prefix + (l.last ? "   " : "│  "),
                    e.name);
        }
        return 0;
    }

    /** A tree line waiting to be printed, under the service {@code parent}. */
    private record Line(Edge edge, String prefix, boolean last, String parent) {
    }

    private static void pushChildren(ArrayDeque<Line> stack, List<Edge> edges, String prefix,
            String parent) {
        for (int i = edges.size() - 1; i >= 0; i--) {
            stack.push(new Line(edges.get(i), prefix, i == edges.size() - 1, parent));
        }
    }

    // ------------------------------------------------------------------------------ graph

    /**
     * {@code graph [NAME]}: Graphviz DOT of the loaded services and their links (all of
     * them, or what NAME depends on, directly or not). Nodes are coloured by state; the edge
     * style says the kind (solid for hard, dashed for waits-for/soft, dotted for ordering).
     */
    static int graph(Session s) throws CtlException {
        Map<String, ServiceStatus> states = listAll(s);
        Map<String, List<Edge>> out = new LinkedHashMap<>();
        Set<String> placeholders = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        Handlers.Record rootRecord = null;
        if (s.opts.args.isEmpty()) {
            todo.addAll(states.keySet());
        } else {
            rootRecord = Handlers.load(s, s.opts.service(), true, false);
            if (rootRecord == null) {
                return 1;
            }
            todo.add(s.opts.service());
        }
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (out.containsKey(name)) {
                continue;
            }
            Handlers.Record r = rootRecord != null && out.isEmpty() ? rootRecord
                    : Handlers.load(s, name, true, true);
            List<Edge> edges = r == null ? List.of() : edges(s, r.handle(), false);
            out.put(name, edges);
            for (Edge e : edges) {
                if (e.placeholder) {
                    placeholders.add(e.name);
                } else if (!out.containsKey(e.name)) {
                    todo.add(e.name);
                }
            }
        }
        s.out.print(dot(out, states, placeholders));
        return 0;
    }

    /**
     * The DOT text of a graph.
     *
     * @param graph each service with its dependency edges, in print order
     * @param states the statuses of loaded services
     * @param placeholders names referred to but not loaded
     * @return the text, ending in a newline
     */
    static String dot(Map<String, List<Edge>> graph, Map<String, ServiceStatus> states,
            Set<String> placeholders) {
        StringBuilder b = new StringBuilder("digraph dinit {\n  rankdir=LR;\n"
                + "  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n");
        for (String name : graph.keySet()) {
            String word = stateWord(states.get(name));
            b.append("  ").append(quote(name)).append(" [label=")
                    .append(quote(name + "\n" + word)).append(", fillcolor=")
                    .append(quote(colour(word))).append("];\n");
        }
        for (String name : placeholders) {
            if (!graph.containsKey(name)) {
                b.append("  ").append(quote(name)).append(" [label=")
                        .append(quote(name + "\nnot loaded"))
                        .append(", style=dashed, fillcolor=white];\n");
            }
        }
        for (Map.Entry<String, List<Edge>> n : graph.entrySet()) {
            for (Edge e : n.getValue()) {
                b.append("  ").append(quote(n.getKey())).append(" -> ").append(quote(e.name))
                        .append(" [label=").append(quote(e.kind.setting()))
                        .append(", style=").append(style(e.kind)).append("];\n");
            }
        }
        return b.append("}\n").toString();
    }

    private static String colour(String stateWord) {
        switch (stateWord) {
            case "started":
                return "palegreen";
            case "starting":
            case "stopping":
                return "khaki";
            case "failed":
                return "lightpink";
            case "skipped":
                return "lightblue";
            default:
                return "lightgrey";
        }
    }

    private static String style(DependencyKind k) {
        switch (k) {
            case WAITS_FOR:
            case SOFT:
                return "dashed";
            case BEFORE:
            case AFTER:
                return "dotted";
            case MILESTONE:
                return "bold";
            default:
                return "solid";
        }
    }

    /** A DOT string literal: quotes and backslashes escaped, newlines as {@code \n}. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    // --------------------------------------------------------------------- catlog --follow

    /**
     * {@code catlog --follow NAME}: prints the buffered log, then what is added to it, until
     * interrupted (Ctrl-C) or the daemon goes away. The protocol has no log events, so the
     * buffer is asked for every {@value #FOLLOW_INTERVAL_MILLIS} ms and only new bytes are
     * printed; with {@code --clear} each read also empties the buffer, so it never fills up
     * (a full buffer drops later output, service-semantics.md section 11).
     */
    static int follow(Session s, int handle) throws CtlException {
        try {
            return followLoop(s, handle);
        } catch (CtlException e) {
            if (Thread.interrupted()) {
                return 0; // Ctrl-C while a reply was read: the interrupt closed the socket
            }
            throw e;
        }
    }

    private static int followLoop(Session s, int handle) throws CtlException {
        long printed = 0;
        while (true) {
            byte[] log = Handlers.readLog(s, handle);
            int len = log.length;
            if (s.opts.clear) {
                s.out.write(log, 0, log.length);
            } else {
                // A buffer shorter than what was printed was cleared meanwhile: print it all.
                int from = len < printed ? 0 : (int) printed;
                s.out.write(log, from, len - from);
                printed = len;
            }
            s.out.flush();
            try {
                Thread.sleep(FOLLOW_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }
}
