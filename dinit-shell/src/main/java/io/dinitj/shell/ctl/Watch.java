package io.dinitj.shell.ctl;

import io.dinitj.api.spi.Errno;
import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.service.ServiceEvent;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.StopReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code watch}: a live table of the loaded services (state, target, pid, uptime, last exit),
 * redrawn when the daemon reports a change. The table comes from one connection that holds a
 * handle to every listed service, so the daemon sends it an event for each change: states
 * are never polled. The list itself is asked again after each burst of events, every
 * {@value #RELIST_MILLIS} ms and on {@code r}, which brings in services loaded by other
 * clients (the protocol has no load event) and drops unloaded ones. {@code q}, Ctrl-C or the end of input
 * leaves; a lost connection ends it with the reason.
 *
 * <p>Two threads: a reader owns the connection's input (events and the replies to its own
 * requests, in order), the caller's thread reads keys and draws. The model is guarded by this
 * object's lock.
 *
 * <p>Uptime: for a service with a process, from the process's start time in {@code /proc}
 * (the daemon runs on this machine: the socket is local); for one without, from the start
 * event seen by this view ({@code -} if it started before the view opened).
 */
final class Watch {

    /** How long key reads wait, so the clock column moves. */
    private static final long TICK_MILLIS = 1000;
    /**
     * How often the list is asked again. The daemon sends events only for services this view
     * holds a handle to, and no event when another client loads a service, so a service
     * loaded elsewhere appears at the next list. States never wait for it: they come from
     * events.
     */
    private static final long RELIST_MILLIS = 2000;

    /** One service's row. */
    static final class Row {
        final String name;
        int handle = -1;
        ServiceStatus status;
        /** When it last started (epoch millis), or -1 if unknown. */
        long startedAt = -1;
        /** The pid {@link #startedAt} was read for. */
        int startedPid;
        /** The last exit seen, or "-". */
        String lastExit = "-";

        Row(String name) {
            this.name = name;
        }
    }

    private final Session s;
    private final Screen screen;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<Integer, Row> byHandle = new HashMap<>();
    /** Names whose FIND is awaiting its reply, in request order. */
    private final ArrayDeque<String> finding = new ArrayDeque<>();
    /** The list being received, or null. */
    private Map<String, ServiceStatus> listing;
    private boolean listWanted;
    private boolean dirty;
    private String ended;

    private Watch(Session s, Screen screen) {
        this.s = s;
        this.screen = screen;
    }

    /** Runs the view until the user leaves it. */
    static int run(Session s) throws CtlException {
        Screen screen = s.screen;
        TerminalScreen own = null;
        if (screen == null) {
            try {
                own = TerminalScreen.system(s.env);
            } catch (IOException | RuntimeException e) {
                return s.fail("dinitctl: watch needs a terminal: " + e.getMessage());
            }
            screen = own;
        }
        try {
            return new Watch(s, screen).loop();
        } finally {
            if (own != null) {
                try {
                    own.terminal().close();
                } catch (IOException e) {
                    // Nothing more to restore.
                }
            }
        }
    }

    private int loop() throws CtlException {
        Thread reader = new Thread(this::readEvents, "dinitctl-watch");
        reader.setDaemon(true);
        requestList();
        reader.start();
        screen.enter();
        String reason;
        try {
            reason = keysAndFrames();
        } finally {
            screen.leave();
            s.conn.close();
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reason != null) {
            return s.fail(reason);
        }
        return 0;
    }

    /** Draws frames and reads keys until one ends the view; returns an error or null. */
    private String keysAndFrames() {
        long lastDraw = 0;
        long lastList = System.currentTimeMillis();
        while (true) {
            if (System.currentTimeMillis() - lastList >= RELIST_MILLIS) {
                lastList = System.currentTimeMillis();
                try {
                    requestList();
                } catch (CtlException e) {
                    return e.getMessage();
                }
            }
            List<String> frame = null;
            synchronized (this) {
                if (ended != null) {
                    return ended;
                }
                long now = System.currentTimeMillis();
                boolean tick = screen.inPlace() && now - lastDraw >= TICK_MILLIS;
                if (dirty && listing == null || tick) {
                    frame = render(new ArrayList<>(rows.values()), screen.width(),
                            screen.height(), now, screen.colour());
                    dirty = false;
                    lastDraw = now;
                }
            }
            if (frame != null) {
                screen.show(frame);
            }
            int key;
            try {
                key = screen.readKey(screen.inPlace() ? 250 : 100);
            } catch (IOException e) {
                return null; // interrupted (Ctrl-C) or the terminal went away
            }
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            if (key == 'q' || key == 'Q' || key == 3 || key == 4 || key == Screen.END) {
                return null;
            }
            if (key == 'r' || key == 'R') {
                try {
                    requestList();
                } catch (CtlException e) {
                    return e.getMessage();
                }
            }
        }
    }

    /** Asks for the service list unless a listing is under way. */
    private void requestList() throws CtlException {
        synchronized (this) {
            if (listing != null || listWanted) {
                return;
            }
            listWanted = true;
        }
        s.client().requestList(true);
    }

    /** The reader thread: applies every packet to the model until the connection ends. */
    private void readEvents() {
        try {
            while (true) {
                int type = s.conn.nextType();
                if (type >= Codes.FIRST_INFO) {
                    Connection.Event e = s.conn.nextEvent();
                    synchronized (this) {
                        event(e);
                    }
                    if (!s.conn.hasBuffered()) {
                        requestList();
                    }
                } else {
                    reply(s.conn.waitForReply());
                }
            }
        } catch (CtlException | RuntimeException e) {
            synchronized (this) {
                if (ended == null) {
                    ended = "dinitctl: lost the connection to the daemon";
                }
            }
        }
    }

    private void reply(int type) throws CtlException {
        switch (type) {
            case Codes.Reply.SVCINFO: {
                DaemonClient.ListEntry e = s.client().readListEntry(type, ServiceStatus.V5_SIZE);
                synchronized (this) {
                    if (listing == null) {
                        listing = new LinkedHashMap<>();
                        listWanted = false;
                    }
                    listing.put(e.name(), e.status());
                }
                break;
            }
            case Codes.Reply.LISTDONE:
                listDone();
                break;
            case Codes.Reply.SERVICERECORD: {
                int handle = s.client().readLookup(type).handle();
                synchronized (this) {
                    Row r = rows.get(finding.poll());
                    if (r != null) {
                        r.handle = handle;
                        byHandle.put(handle, r);
                    }
                }
                break;
            }
            case Codes.Reply.NOSERVICE:
                synchronized (this) {
                    String gone = finding.poll();
                    if (gone != null) {
                        rows.remove(gone);
                        dirty = true;
                    }
                }
                break;
            default:
                throw CtlException.protocol();
        }
    }

    /** A whole list arrived: add new rows (and FIND them), drop unloaded ones, update all. */
    private void listDone() throws CtlException {
        List<byte[]> finds = new ArrayList<>();
        synchronized (this) {
            Map<String, ServiceStatus> now = listing == null ? Map.of() : listing;
            listing = null;
            listWanted = false;
            rows.values().removeIf(r -> {
                if (now.containsKey(r.name) || finding.contains(r.name)) {
                    return false;
                }
                byHandle.remove(r.handle);
                return true;
            });
            for (Map.Entry<String, ServiceStatus> e : now.entrySet()) {
                Row r = rows.get(e.getKey());
                if (r == null) {
                    r = new Row(e.getKey());
                    rows.put(r.name, r);
                    finding.add(r.name);
                    finds.add(DaemonClient.nameBytes(r.name));
                }
                update(r, e.getValue(), null);
            }
            dirty = true;
        }
        for (byte[] name : finds) {
            s.client().requestFind(name);
        }
    }

    private void event(Connection.Event e) {
        Row r = byHandle.get(e.handle());
        if (r == null || e.status() == null) {
            return;
        }
        update(r, e.status(), e.event());
        dirty = true;
    }

    /** Applies a status (from a list, event null; or an event) to a row. */
    private static void update(Row r, ServiceStatus st, ServiceEvent event) {
        ServiceStatus before = r.status;
        r.status = st;
        if (st.hasPid()) {
            if (r.startedPid != st.pidOrCode()) {
                r.startedPid = st.pidOrCode();
                long t = processStart(st.pidOrCode());
                r.startedAt = t > 0 ? t : System.currentTimeMillis();
            }
        } else if (st.currentState() == ServiceState.STARTED) {
            if (event == ServiceEvent.STARTED
                    || before != null && before.currentState() != ServiceState.STARTED) {
                r.startedAt = System.currentTimeMillis();
            }
            r.startedPid = 0;
        } else {
            r.startedAt = -1;
            r.startedPid = 0;
        }
        String exit = lastExit(st);
        if (exit != null) {
            r.lastExit = exit;
        }
    }

    /** The exit a pid-less status reports, or null if it reports none. */
    static String lastExit(ServiceStatus st) {
        if (st.hasPid()) {
            return null;
        }
        if (st.reason() == StopReason.EXECFAILED) {
            return "exec failed: " + Errno.strerror(st.pidOrCode());
        }
        switch (st.pidOrCode()) {
            case Codes.CLD_EXITED:
                return "exit " + st.exitStatus();
            case Codes.CLD_KILLED:
            case Codes.CLD_DUMPED:
                return "signal " + st.exitStatus()
                        + (Signals.name(st.exitStatus()) == null ? ""
                                : " (" + Signals.name(st.exitStatus()) + ")");
            default:
                return null;
        }
    }

    /**
     * A process's start time from {@code /proc/PID/stat} (field 22, clock ticks since boot;
     * Linux's user-visible tick is 100 Hz on every architecture it runs on here) and the boot
     * time in {@code /proc/stat}.
     *
     * @return epoch millis, or -1 if unreadable
     */
    static long processStart(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"),
                    StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[19]);
            long boot = -1;
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("btime ")) {
                    boot = Long.parseLong(line.substring(6).trim());
                }
            }
            return boot < 0 ? -1 : boot * 1000 + ticks * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    // ----------------------------------------------------------------------------- render

    /**
     * Draws the table: a summary line, a header and a row per service (as many as fit, then
     * a line saying how many more).
     *
     * @param rows the rows in list order
     * @param width the screen width
     * @param height the screen height
     * @param now the time uptimes count to, epoch millis
     * @param colour true to colour state words
     * @return the lines
     */
    static List<String> render(List<Row> rows, int width, int height, long now,
            boolean colour) {
        int started = 0;
        int failed = 0;
        int nameWidth = 7;
        for (Row r : rows) {
            String w = Views.stateWord(r.status);
            started += w.equals("started") ? 1 : 0;
            failed += w.equals("failed") ? 1 : 0;
            nameWidth = Math.max(nameWidth, Math.min(r.name.length(), Math.max(12, width / 3)));
        }
        List<String> out = new ArrayList<>();
        out.add(cut("dinit watch: " + rows.size() + " services, " + started + " started, "
                + failed + " failed    (q quits, r re-lists)", width));
        String fmt = "%-" + nameWidth + "s  %-9s %-8s %-8s %-9s %s";
        out.add(cut(String.format(fmt, "SERVICE", "STATE", "TARGET", "PID", "UPTIME",
                "LAST EXIT"), width));
        int room = height - out.size();
        for (int i = 0; i < rows.size(); i++) {
            if (out.size() == height - 1 && rows.size() - i > 1) {
                out.add("… " + (rows.size() - i) + " more");
                break;
            }
            if (room <= 0) {
                break;
            }
            Row r = rows.get(i);
            ServiceStatus st = r.status;
            String state = Views.stateWord(st);
            String target = st == null ? "-"
                    : st.targetState() == ServiceState.STARTED ? "started" : "stopped";
            String pid = st != null && st.hasPid() ? Integer.toString(st.pidOrCode()) : "-";
            String up = r.startedAt < 0 || st == null
                    || st.currentState() == ServiceState.STOPPED ? "-"
                    : duration(now - r.startedAt);
            String line = cut(String.format(fmt, cut(r.name, nameWidth), state, target, pid, up,
                    r.lastExit), width);
            if (colour) {
                line = colourState(line, nameWidth + 2, state);
            }
            out.add(line);
        }
        return out;
    }

    private static String colourState(String line, int at, String state) {
        String c = state.equals("started") ? TerminalScreen.GREEN
                : state.equals("failed") ? TerminalScreen.RED
                : state.equals("starting") || state.equals("stopping") ? TerminalScreen.YELLOW
                : null;
        if (c == null || line.length() < at + state.length()) {
            return line;
        }
        return line.substring(0, at) + c + state + TerminalScreen.RESET
                + line.substring(at + state.length());
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "…";
    }

    /** A duration as {@code 59s}, {@code 4m05s}, {@code 3h07m} or {@code 2d04h}. */
    static String duration(long millis) {
        long sec = Math.max(0, millis / 1000);
        if (sec < 60) {
            return sec + "s";
        }
        if (sec < 3600) {
            return String.format("%dm%02ds", sec / 60, sec % 60);
        }
        if (sec < 86400) {
            return String.format("%dh%02dm", sec / 3600, sec % 3600 / 60);
        }
        return String.format("%dd%02dh", sec / 86400, sec % 86400 / 3600);
    }
}
