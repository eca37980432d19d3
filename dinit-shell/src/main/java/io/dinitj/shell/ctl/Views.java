package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ServiceState;
import io.dinitj.shell.ctl.DaemonClient.Edge;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list/graph family: {@code list}, and Dinit/J's views of a running service set beyond
 * upstream's commands: {@code tree NAME}
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
     * Asks for a service's dependency edges (or its dependents').
     *
     * @throws CtlException if the daemon does not have the extension or the handle is stale
     */
    static List<Edge> edges(Session s, int handle, boolean dependents) throws CtlException {
        DaemonClient.Answer<List<Edge>> a = s.client().edges(handle, dependents);
        if (a.reply() == Reply.BADREQ) {
            throw unsupported();
        }
        if (a.reply() == Reply.NAK) {
            throw new CtlException("dinitctl: the service was unloaded while it was read");
        }
        if (a.value() == null) {
            throw CtlException.protocol();
        }
        return a.value();
    }

    private static CtlException unsupported() {
        return new CtlException("dinitctl: the daemon cannot list dependencies (tree and graph"
                + " need a Dinit/J daemon)");
    }

    /**
     * Lists the loaded services with their statuses, in the daemon's order.
     *
     * @return name to status
     */
    static Map<String, ServiceStatus> listAll(Session s) throws CtlException {
        return s.client().list();
    }

    /** {@code list}: one line per loaded service (or JSON), in the daemon's order. */
    static int list(Session s) throws CtlException {
        boolean v5 = s.client().version() >= Codes.Since.STATUS5;
        Map<String, ServiceStatus> all = listAll(s);
        if (s.opts.json) {
            s.out.print(Json.list(new ArrayList<>(all.keySet()), new ArrayList<>(all.values()),
                    v5) + "\n");
            return 0;
        }
        for (Map.Entry<String, ServiceStatus> e : all.entrySet()) {
            s.out.print(Texts.listLine(e.getKey(), e.getValue(), v5) + "\n");
        }
        return 0;
    }

    /** A state in one word: started, starting, stopping, stopped or failed. */
    static String stateWord(ServiceStatus st) {
        if (st == null) {
            return "not loaded";
        }
        ServiceState state = st.currentState();
        if (state == ServiceState.STARTED) {
            return st.has(ServiceStatus.START_SKIPPED) ? "skipped" : "started";
        }
        if (state == ServiceState.STARTING) {
            return "starting";
        }
        if (state == ServiceState.STOPPING) {
            return "stopping";
        }
        return Texts.failed(st) ? "failed" : "stopped";
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
        DaemonClient.Lookup rec = Handlers.load(s, root, true, false);
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
            ServiceStatus st = states.get(e.name());
            boolean again = !e.placeholder() && !expanded.add(e.name());
            String named = e.name() + " [" + (e.placeholder() ? "not loaded" : stateWord(st)) + "]";
            s.print(l.prefix + (l.last ? "└─ " : "├─ ")
                    + (reverse ? named + " " + e.kind().setting() + " " + l.parent
                            : e.kind().setting() + " " + named)
                    + (again ? " (above)" : ""));
            if (e.placeholder() || again) {
                continue;
            }
            Integer h = handles.get(e.name());
            if (h == null) {
                DaemonClient.Lookup r = Handlers.load(s, e.name(), true, true);
                if (r == null) {
                    continue;
                }
                h = r.handle();
                handles.put(e.name(), h);
            }
            pushChildren(stack, edges(s, h, reverse), l.prefix + (l.last ? "   " : "│  "),
                    e.name());
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
        DaemonClient.Lookup rootRecord = null;
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
            DaemonClient.Lookup r = rootRecord != null && out.isEmpty() ? rootRecord
                    : Handlers.load(s, name, true, true);
            List<Edge> edges = r == null ? List.of() : edges(s, r.handle(), false);
            out.put(name, edges);
            for (Edge e : edges) {
                if (e.placeholder()) {
                    placeholders.add(e.name());
                } else if (!out.containsKey(e.name())) {
                    todo.add(e.name());
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
                b.append("  ").append(quote(n.getKey())).append(" -> ").append(quote(e.name()))
                        .append(" [label=").append(quote(e.kind().setting()))
                        .append(", style=").append(style(e.kind())).append("];\n");
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
     * (a full buffer drops later output, docs/service-semantics.md §11).
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
            byte[] log = ServiceHandlers.readLog(s, handle);
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
