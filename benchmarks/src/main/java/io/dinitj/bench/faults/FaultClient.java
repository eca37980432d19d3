package io.dinitj.bench.faults;

import io.dinitj.api.protocol.Codes.Cmd;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.protocol.Requests;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault battery's client (benchmarks/scripts/faults/*.sh run it with the benchmarks jar):
 *
 * <pre>
 * java -cp benchmarks.jar io.dinitj.bench.faults.FaultClient MODE --socket PATH [--KEY VALUE]...
 *   fuzz       --packets N --connections C --seed S   fuzzed packets; the good client meanwhile
 *   stall      --connections N --silent PERCENT --hold-ms T   half packets; the good client
 *   noreader   --seconds T      one client that never reads; the good client meanwhile
 *   concurrent --clients N --rounds R   N clients at once, each R rounds of requests
 *   churn      --seconds T --threads K --services N   start/stop/restart/reload/unload churn
 *   bigload    --seconds T --services N   load, start, stop, unload a set of N services
 *   good       --seconds T   only the good client
 * </pre>
 *
 * Each prints {@code key: value} lines (the scripts grep them) and exits 1 when a property
 * failed: a wrong answer to a good client, a client refused or not answered, a connection the
 * daemon had to close left open. The good client ({@link #goodLoop}) needs the services
 * {@code good-steady} (started) and {@code good-1..3} (process services, stopped).
 */
public final class FaultClient {

    private final Path socket;
    private final Map<String, String> opts;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicLong goodRequests = new AtomicLong();
    private final AtomicLong goodMaxNanos = new AtomicLong();
    private volatile boolean stop;

    private FaultClient(Path socket, Map<String, String> opts) {
        this.socket = socket;
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FaultClient MODE --socket PATH [--KEY VALUE]...");
            System.exit(2);
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                System.err.println("FaultClient: expected --KEY, got " + args[i]);
                System.exit(2);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        String sock = opts.get("socket");
        if (sock == null) {
            System.err.println("FaultClient: --socket PATH is required");
            System.exit(2);
        }
        FaultClient fc = new FaultClient(Path.of(sock), opts);
        switch (args[0]) {
            case "fuzz" -> fc.fuzz();
            case "stall" -> fc.stall();
            case "noreader" -> fc.noReader();
            case "concurrent" -> fc.concurrent();
            case "churn" -> fc.churn();
            case "bigload" -> fc.bigLoad();
            case "good" -> fc.good();
            default -> {
                System.err.println("FaultClient: unknown mode " + args[0]);
                System.exit(2);
            }
        }
        String f = fc.failure.get();
        if (f != null) {
            System.out.println("FAILED: " + f);
            System.exit(1);
        }
    }

    private long num(String key, long dflt) {
        String v = opts.get(key);
        return v == null ? dflt : Long.parseLong(v);
    }

    private void fail(String what) {
        if (failure.compareAndSet(null, what)) {
            System.err.println("FaultClient: " + what);
        }
    }

    private static void out(String key, Object value) {
        System.out.println(key + ": " + value);
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    private void account(Conn c) {
        goodRequests.addAndGet(c.requests);
        goodMaxNanos.accumulateAndGet(c.maxLatencyNanos, Math::max);
        c.requests = 0;
    }

    // ------------------------------------------------------------------ the good client

    /** One round of the good client on a fresh connection; a wrong answer fails the run. */
    private void goodRound(int round) {
        try (Conn c = new Conn(socket)) {
            try {
                c.version();
                int steady = c.load("good-steady", Conn.STARTED);
                byte[] s = c.status(steady);
                if (Conn.state(s) != Conn.STARTED || Conn.pid(s) <= 0) {
                    throw new Conn.WrongAnswer("good-steady: state " + Conn.state(s) + " pid "
                            + Conn.pid(s));
                }
                String name = "good-" + (1 + Math.floorMod(round, 3));
                int h = c.load(name, -1);
                c.command(Cmd.STARTSERVICE, 0, h, Reply.ACK, Reply.ALREADYSS);
                c.await(h, Conn.STARTED, 20_000);
                Map<String, Integer> list = c.list();
                if (!Integer.valueOf(Conn.STARTED).equals(list.get("good-steady"))
                        || !Integer.valueOf(Conn.STARTED).equals(list.get(name))) {
                    throw new Conn.WrongAnswer("list: good-steady " + list.get("good-steady")
                            + ", " + name + " " + list.get(name));
                }
                c.command(Cmd.STOPSERVICE, 0, h, Reply.ACK, Reply.ALREADYSS);
                c.await(h, Conn.STOPPED, 20_000);
                int t = c.loadFails("good-none");
                if (t != Reply.NOSERVICE) {
                    throw new Conn.WrongAnswer("good-none: reply " + t + ", expected NOSERVICE");
                }
            } finally {
                account(c);
            }
        } catch (IOException | RuntimeException e) {
            fail("good client, round " + round + ": " + e);
        }
    }

    /** Runs good rounds until {@link #stop}. */
    private Thread goodLoop() {
        Thread t = new Thread(() -> {
            for (int round = 0; !stop && failure.get() == null; round++) {
                goodRound(round);
            }
        }, "good-client");
        t.start();
        return t;
    }

    private void goodReport(Thread t) throws InterruptedException {
        stop = true;
        t.join();
        out("good requests", goodRequests.get());
        out("good max latency", ms(goodMaxNanos.get()));
    }

    private void good() throws InterruptedException {
        long end = System.nanoTime() + num("seconds", 1) * 1_000_000_000L;
        goodRound(-1); // at least one round, whatever the time
        Thread t = goodLoop();
        while (System.nanoTime() - end < 0 && failure.get() == null) {
            Thread.sleep(50);
        }
        goodReport(t);
    }

    // ------------------------------------------------------------------ modes

    private void fuzz() throws IOException, InterruptedException {
        Fuzz f = new Fuzz(socket, num("packets", 1_000_000), (int) num("connections", 64),
                num("seed", 1));
        Thread t = goodLoop();
        long t0 = System.nanoTime();
        try {
            f.run();
        } finally {
            goodReport(t);
        }
        out("packets", f.packets);
        out("bytes", f.bytes);
        out("connections", f.opened);
        out("closed by daemon", f.closedByDaemon);
        out("must close", f.mustClose);
        out("not closed", f.notClosed);
        out("fuzz time", ms(System.nanoTime() - t0));
        if (f.notClosed > 0) {
            fail(f.notClosed + " connections that sent a bad request were not closed");
        }
    }

    private void stall() throws IOException, InterruptedException {
        int n = (int) num("connections", 1000);
        int silentPercent = (int) num("silent", 20);
        long hold = num("hold-ms", 3000);
        SplittableRandom r = new SplittableRandom(num("seed", 1));
        List<SocketChannel> held = new ArrayList<>();
        int silent = 0;
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                held.add(ch);
                ch.connect(UnixDomainSocketAddress.of(socket));
                if (r.nextInt(100) < silentPercent) {
                    silent++;
                    continue;
                }
                byte[] b = new byte[64];
                byte[] name = "good-steady".getBytes(StandardCharsets.UTF_8);
                int len = switch (r.nextInt(3)) {
                    case 0 -> Requests.Named.encode(b, 0, Cmd.LOADSERVICE, name, 0, name.length)
                            - 4; // name cut short
                    case 1 -> 2; // length field half there
                    default -> Requests.FlagsHandle.encode(b, 0, Cmd.STARTSERVICE, 0, 0) - 2;
                };
                ch.write(ByteBuffer.wrap(b, 0, len));
            }
            out("stalled connections", n);
            out("silent", silent);
            out("half a packet", n - silent);
            out("opened in", ms(System.nanoTime() - t0));
            System.out.println("HOLDING");
            System.out.flush();
            long end = System.nanoTime() + hold * 1_000_000L;
            int round = 0;
            while (System.nanoTime() - end < 0 && failure.get() == null) {
                goodRound(round++);
            }
            int closed = 0;
            for (SocketChannel ch : held) {
                ch.configureBlocking(false);
                try {
                    ByteBuffer sink = ByteBuffer.allocate(512);
                    int got;
                    do {
                        sink.clear();
                        got = ch.read(sink);
                    } while (got > 0);
                    if (got < 0) {
                        closed++;
                    }
                } catch (IOException e) {
                    closed++;
                }
            }
            out("closed by daemon while held", closed);
            out("good rounds while held", round);
        } finally {
            for (SocketChannel ch : held) {
                ch.close();
            }
        }
        out("good requests", goodRequests.get());
        out("good max latency", ms(goodMaxNanos.get()));
        long limit = num("latency-limit-ms", 2000);
        if (goodMaxNanos.get() > limit * 1_000_000L) {
            fail("good client took " + ms(goodMaxNanos.get()) + " > " + limit + " ms");
        }
    }

    private void noReader() throws IOException, InterruptedException {
        long seconds = num("seconds", 10);
        Thread t = goodLoop();
        long written = 0;
        long writtenFirstHalf = -1;
        long lastProgress = System.nanoTime();
        boolean closed = false;
        long t0 = System.nanoTime();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            byte[] reqs = new byte[4096];
            for (int i = 0; i < reqs.length; i++) {
                reqs[i] = (byte) Cmd.LISTSERVICES5;
            }
            ByteBuffer b = ByteBuffer.wrap(reqs);
            long end = t0 + seconds * 1_000_000_000L;
            while (System.nanoTime() - end < 0) {
                if (writtenFirstHalf < 0 && System.nanoTime() - t0 > seconds * 500_000_000L) {
                    writtenFirstHalf = written;
                }
                if (!b.hasRemaining()) {
                    b.clear();
                }
                int n;
                try {
                    n = ch.write(b);
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                if (n > 0) {
                    written += n;
                    lastProgress = System.nanoTime();
                } else {
                    Thread.sleep(10);
                }
            }
        } finally {
            goodReport(t);
        }
        out("requests written", written);
        out("requests written in the first half", writtenFirstHalf);
        out("last accepted write", ms(lastProgress - t0));
        out("closed by daemon", closed);
        if (!closed && System.nanoTime() - lastProgress < seconds * 250_000_000L) {
            fail("the daemon kept reading requests from a client that reads no replies ("
                    + written + " requests, last accepted " + ms(lastProgress - t0) + ")");
        }
    }

    private void concurrent() throws InterruptedException {
        int n = (int) num("clients", 1000);
        int rounds = (int) num("rounds", 2);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicLong answered = new AtomicLong();
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread t = new Thread(null, () -> {
                try {
                    go.await();
                    try (Conn c = new Conn(socket)) {
                        try {
                            for (int k = 0; k < rounds; k++) {
                                c.version();
                                int h = c.load("good-steady", Conn.STARTED);
                                byte[] s = c.status(h);
                                if (Conn.state(s) != Conn.STARTED || Conn.pid(s) <= 0) {
                                    throw new Conn.WrongAnswer("good-steady status");
                                }
                                Map<String, Integer> l = c.list();
                                if (!Integer.valueOf(Conn.STARTED).equals(l.get("good-steady"))) {
                                    throw new Conn.WrongAnswer("good-steady not listed started");
                                }
                                answered.addAndGet(4);
                            }
                        } finally {
                            account(c);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    fail("client " + id + ": " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "client-" + i, 256 * 1024);
            t.start();
            threads.add(t);
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        out("clients", n);
        out("requests answered", answered.get());
        out("time", ms(System.nanoTime() - t0));
        out("max latency", ms(goodMaxNanos.get()));
        if (answered.get() != 4L * n * rounds) {
            fail(answered.get() + " of " + 4L * n * rounds + " requests answered");
        }
    }

    private void churn() throws InterruptedException {
        long seconds = num("seconds", 60);
        int threads = (int) num("threads", 3);
        int services = (int) num("services", 10);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong ops = new AtomicLong();
        AtomicLong conns = new AtomicLong();
        List<Thread> list = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            long seed = i;
            Thread t = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                while (System.nanoTime() - end < 0 && failure.get() == null) {
                    try (Conn c = new Conn(socket)) {
                        conns.incrementAndGet();
                        int burst = 1 + r.nextInt(20);
                        for (int k = 0; k < burst; k++) {
                            String name = "churn-" + (1 + r.nextInt(services));
                            int h = c.load(name, -1);
                            switch (r.nextInt(7)) {
                                case 0, 1 -> c.command(Cmd.STARTSERVICE, 0, h, Reply.ACK,
                                        Reply.ALREADYSS);
                                case 2 -> c.command(Cmd.STOPSERVICE, 0, h, Reply.ACK,
                                        Reply.ALREADYSS);
                                case 3 -> c.command(Cmd.STOPSERVICE, 4, h, Reply.ACK,
                                        Reply.ALREADYSS, Reply.NAK);
                                case 4 -> c.handleCommand(Cmd.RELOADSERVICE, h);
                                case 5 -> c.handleCommand(Cmd.UNLOADSERVICE, h);
                                default -> c.list();
                            }
                            ops.incrementAndGet();
                        }
                        account(c);
                    } catch (IOException | RuntimeException e) {
                        fail("churn: " + e);
                    }
                }
            }, "churn-" + i);
            t.start();
            list.add(t);
        }
        Thread good = goodLoop();
        for (Thread t : list) {
            t.join();
        }
        goodReport(good);
        // Leave the churned services stopped, as they started, for the fd comparison.
        try (Conn c = new Conn(socket)) {
            for (int i = 1; i <= services; i++) {
                int h = c.load("churn-" + i, -1);
                c.command(Cmd.STOPSERVICE, 0, h, Reply.ACK, Reply.ALREADYSS);
                c.await(h, Conn.STOPPED, 20_000);
            }
        } catch (IOException e) {
            fail("stopping the churned services: " + e);
        }
        out("churn operations", ops.get());
        out("churn connections", conns.get());
    }

    private void bigLoad() throws InterruptedException {
        long seconds = num("seconds", 30);
        int n = (int) num("services", 2000);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int rounds = 0;
        int complete = 0;
        Map<String, Integer> problems = new HashMap<>();
        long maxRound = 0;
        while (System.nanoTime() - end < 0) {
            rounds++;
            long t0 = System.nanoTime();
            try (Conn c = new Conn(socket)) {
                int big = c.load("big", Conn.STOPPED);
                c.command(Cmd.STARTSERVICE, 0, big, Reply.ACK, Reply.ALREADYSS);
                c.await(big, Conn.STARTED, 60_000);
                c.command(Cmd.STOPSERVICE, 0, big, Reply.ACK, Reply.ALREADYSS);
                c.await(big, Conn.STOPPED, 60_000);
                if (c.handleCommand(Cmd.UNLOADSERVICE, big) != Reply.ACK) {
                    throw new Conn.WrongAnswer("unload big: NAK");
                }
                for (int i = 1; i <= n; i++) {
                    int h = c.load("big-" + i, Conn.STOPPED);
                    if (c.handleCommand(Cmd.UNLOADSERVICE, h) != Reply.ACK) {
                        throw new Conn.WrongAnswer("unload big-" + i + ": NAK");
                    }
                }
                complete++;
                maxRound = Math.max(maxRound, System.nanoTime() - t0);
            } catch (IOException | RuntimeException e) {
                // Under a small heap the daemon may answer OOM and close: counted, not fatal.
                problems.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                Thread.sleep(100);
            }
        }
        out("load rounds", rounds);
        out("load rounds complete", complete);
        out("slowest complete round", ms(maxRound));
        for (Map.Entry<String, Integer> p : problems.entrySet()) {
            out("round ended by", p.getKey() + " (x" + p.getValue() + ")");
        }
    }
}
