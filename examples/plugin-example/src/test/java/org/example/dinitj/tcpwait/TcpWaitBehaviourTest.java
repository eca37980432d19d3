package org.example.dinitj.tcpwait;

import io.dinitj.api.description.LogSettings;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.RestartPolicy;
import io.dinitj.api.description.RestartSettings;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.description.TypeSettings;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.api.spi.RecordingHandle;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour on the fake platform: time is virtual (nothing sleeps for an interval), the
 * connects are real, to listeners the tests open on the loopback interface.
 */
class TcpWaitBehaviourTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    private final FakePlatform platform = new FakePlatform();
    private final RecordingHandle handle = new RecordingHandle();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Resolver resolver = host -> {
        throw new AssertionError("no lookup expected of " + host);
    };
    private ServiceBehaviour behaviour;

    @AfterEach
    void closeAll() throws Exception {
        if (behaviour != null) {
            behaviour.interruptStart(); // closes a pending connect
        }
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /**
     * The acceptance case: while nothing listens the service stays starting, trying once per
     * interval; once a listener appears it is started within one interval.
     */
    @Test
    void waitsWhileNothingListens_thenStartsWithinAnInterval() throws Exception {
        int port = freePort();
        create("127.0.0.1:" + port, "0.2", Duration.ofSeconds(60));
        assertTrue(behaviour.bringUp());
        run(SECOND);
        assertEquals(List.of(), handle.events());
        int attempts = Integer.parseInt(detail().get("Attempts"));
        assertTrue(attempts >= 5 && attempts <= 6, "attempts: " + attempts);
        assertEquals("Connection refused", detail().get("Last error"));
        assertTrue(platform.messages().contains("Service svc: waiting for 127.0.0.1:" + port
                + " (Connection refused)"), platform.messages().toString());

        listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        long from = platform.nanoTime();
        // Virtual time (FakePlatform's clock), not the wall clock: within one interval.
        long virtualNanos = runUntilStarted(2 * SECOND) - from;
        assertTrue(virtualNanos <= 200 * MS + 50 * MS, "started after " + virtualNanos + " ns");
        assertEquals(List.of("started"), handle.events());
        assertEquals(-1, platform.nextDeadline(), "no timer left armed once started");
        assertTrue(platform.messages().get(platform.messages().size() - 1)
                .startsWith("Service svc: connected to 127.0.0.1:" + port + " at attempt "));
    }

    /** An address already listening starts the service at the first attempt. */
    @Test
    void listening_startsAtOnce() throws Exception {
        ServerSocket server = listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        create("127.0.0.1:" + server.getLocalPort(), null, Duration.ofSeconds(60));
        assertTrue(behaviour.bringUp());
        long at = runUntilStarted(SECOND);
        assertTrue(at <= 10 * MS, "started at " + at);
        assertEquals("1", detail().get("Attempts"));
        assertEquals("Service svc: connected to 127.0.0.1:" + server.getLocalPort(),
                platform.messages().get(platform.messages().size() - 1));
    }

    /** IPv6: [::1]:PORT connects over IPv6 loopback. */
    @Test
    void ipv6Loopback() throws Exception {
        ServerSocket server = listen(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        create("[::1]:" + server.getLocalPort(), null, Duration.ofSeconds(60));
        behaviour.bringUp();
        runUntilStarted(SECOND);
        assertEquals(List.of("started"), handle.events());
        assertEquals("[::1]:" + server.getLocalPort(), detail().get("Address"));
    }

    /** The default interval is one second: attempts at 0, 1, 2 and 3 s in 3.5 s. */
    @Test
    void defaultInterval_isOneSecond() throws Exception {
        create("127.0.0.1:" + freePort(), null, Duration.ofSeconds(60));
        behaviour.bringUp();
        run(3500 * MS);
        assertEquals("4", detail().get("Attempts"));
        assertEquals("in 0.5 s", detail().get("Next attempt"));
    }

    /**
     * The start timeout applies: the start fails TIMEDOUT, logged with the last error, and
     * nothing is left armed or open.
     */
    @Test
    void startTimeout_failsTheStart() throws Exception {
        create("127.0.0.1:" + freePort(), "0.2", Duration.ofSeconds(1));
        behaviour.bringUp();
        run(999 * MS);
        assertEquals(List.of(), handle.events());
        run(2 * MS);
        assertEquals(List.of("failed TIMEDOUT"), handle.events());
        FakePlatform.LogLine last = platform.log().get(platform.log().size() - 1);
        assertEquals(LogLevel.WARN, last.level());
        assertTrue(last.message().startsWith("Service svc exceeded allowed start time;"
                + " cancelling (no connection to 127.0.0.1:"), last.message());
        assertTrue(last.message().endsWith(" attempts; last: Connection refused)."),
                last.message());
        assertEquals(-1, platform.nextDeadline());
        String attempts = detail().get("Attempts");
        run(5 * SECOND);
        assertEquals(attempts, detail().get("Attempts"), "no attempts after the failure");
    }

    /** {@code start-timeout = 0}: it waits for as long as it takes. */
    @Test
    void noStartTimeout_waitsOn() throws Exception {
        create("127.0.0.1:" + freePort(), "1", Duration.ZERO);
        behaviour.bringUp();
        run(120 * SECOND);
        assertEquals(List.of(), handle.events());
        assertEquals("121", detail().get("Attempts"));
    }

    /**
     * An interrupted start (a stop while starting) ends at once: no timer armed, and a
     * listener appearing later starts nothing.
     */
    @Test
    void interruptStart_stopsWaiting() throws Exception {
        int port = freePort();
        create("127.0.0.1:" + port, "0.2", Duration.ofSeconds(60));
        behaviour.bringUp();
        run(500 * MS);
        assertTrue(behaviour.canInterruptStart());
        assertTrue(behaviour.interruptStart());
        assertEquals(-1, platform.nextDeadline());
        listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        run(2 * SECOND);
        assertEquals(List.of(), handle.events());
    }

    /** Stopped after it started, and started again: a fresh count of attempts. */
    @Test
    void bringDown_thenUpAgain() throws Exception {
        ServerSocket server = listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        create("127.0.0.1:" + server.getLocalPort(), "0.2", Duration.ofSeconds(60));
        behaviour.bringUp();
        runUntilStarted(SECOND);
        behaviour.bringDown();
        assertEquals(List.of("started", "stopped"), handle.events());
        behaviour.bringUp();
        runUntilStarted(SECOND);
        assertEquals(List.of("started", "stopped", "started"), handle.events());
        assertEquals("1", detail().get("Attempts"));
    }

    /**
     * A connect that gets no answer (the listener's backlog is full, so its SYN is dropped)
     * is abandoned after one interval and a new attempt begins.
     */
    @Test
    void unansweredConnect_isAbandonedAfterAnInterval() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(server);
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                server.getLocalPort());
        for (int i = 0; i < 4; i++) { // fill the accept queue, never accepting
            SocketChannel filler = SocketChannel.open();
            open.add(filler);
            filler.configureBlocking(false);
            filler.connect(at);
        }
        Thread.sleep(50);
        create("127.0.0.1:" + server.getLocalPort(), "0.2", Duration.ofSeconds(60));
        behaviour.bringUp();
        run(450 * MS);
        assertEquals(List.of(), handle.events());
        assertEquals("3", detail().get("Attempts"));
        assertEquals("no answer within 0.2 s", detail().get("Last error"));
    }

    /** A host name is looked up off the loop; the attempt connects once the lookup is done. */
    @Test
    void name_isLookedUpThenConnected() throws Exception {
        ServerSocket server = listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        CompletableFuture<InetAddress> lookup = new CompletableFuture<>();
        List<String> asked = new ArrayList<>();
        resolver = host -> {
            asked.add(host);
            return lookup;
        };
        create("db.example:" + server.getLocalPort(), "0.2", Duration.ofSeconds(60));
        behaviour.bringUp();
        run(3 * SECOND);
        assertEquals(List.of("db.example"), asked, "one lookup, waited for, not repeated");
        assertEquals(List.of(), handle.events());
        lookup.complete(InetAddress.getLoopbackAddress());
        runUntilStarted(SECOND);
        assertEquals(List.of("started"), handle.events());
    }

    /** A name that does not resolve fails the attempt; the next interval asks again. */
    @Test
    void unknownName_failsTheAttempt_andIsAskedAgain() throws Exception {
        List<String> asked = new ArrayList<>();
        resolver = host -> {
            asked.add(host);
            return CompletableFuture.failedFuture(new java.net.UnknownHostException(host));
        };
        create("nowhere.invalid:80", "0.5", Duration.ofSeconds(60));
        behaviour.bringUp();
        run(1200 * MS);
        assertEquals(List.of("nowhere.invalid", "nowhere.invalid", "nowhere.invalid"), asked);
        assertEquals("unknown host nowhere.invalid", detail().get("Last error"));
        assertEquals(List.of(), handle.events());
    }

    /** The real resolver answers on its helper thread, not the caller's. */
    @Test
    void helperThreadResolver_looksUpOffTheCallersThread() throws Exception {
        Future<InetAddress> f = Resolver.onHelperThread().resolve("localhost");
        assertTrue(f.get().isLoopbackAddress());
    }

    /** describe() gives the address, the attempts, the last error and the next attempt. */
    @Test
    void describe_reportsProgress() throws Exception {
        int port = freePort();
        create("127.0.0.1:" + port, "2", Duration.ofSeconds(60));
        assertEquals(Map.of("Address", "127.0.0.1:" + port, "Attempts", "0"), detail());
        behaviour.bringUp();
        run(500 * MS);
        assertEquals(List.of("Address", "Attempts", "Last error", "Next attempt"),
                new ArrayList<>(detail().keySet()));
        assertEquals("in 1.5 s", detail().get("Next attempt"));
    }

    // ---------------------------------------------------------------------------------------

    private void create(String address, String interval, Duration startTimeout) {
        Map<String, List<?>> values = new LinkedHashMap<>();
        values.put("address", List.of(TcpWaitServiceType.ADDRESS.parser().parse(address)));
        if (interval != null) {
            values.put("interval", List.of(TcpWaitServiceType.INTERVAL.parser().parse(interval)));
        }
        RestartSettings d = RestartSettings.DEFAULT;
        RestartSettings restart = new RestartSettings(RestartPolicy.NO, false, d.restartDelay(),
                d.restartLimitInterval(), d.restartLimitCount(), startTimeout, d.stopTimeout());
        ServiceDescription description = new ServiceDescription("svc", TcpWaitServiceType.NAME,
                ProcessSettings.DEFAULT, restart, LogSettings.DEFAULT, SocketSettings.DEFAULT,
                List.of(), Set.of(), Set.of(), ServiceEnvironment.NONE, null, null, null, null,
                new ServiceDescription.Source("/etc/dinit.d/svc", "/etc/dinit.d", null),
                TypeSettings.of(values));
        behaviour = new TcpWaitServiceType(resolver).create(description, handle,
                platform.contextFor(description));
    }

    private Map<String, String> detail() {
        Map<String, String> out = new LinkedHashMap<>();
        behaviour.describe(out::put);
        return out;
    }

    /** Moves virtual time on in 1 ms steps. */
    private void run(long nanos) {
        for (long t = 0; t < nanos; t += MS) {
            platform.advance(Math.min(MS, nanos - t));
        }
    }

    /**
     * Moves virtual time on in 1 ms steps, letting a little real time pass at each so that
     * the kernel can answer a real connect, until the service has started once more.
     *
     * @return the virtual time it started at
     */
    private long runUntilStarted(long max) throws InterruptedException {
        long end = platform.nanoTime() + max;
        long before = starts();
        while (starts() == before && platform.nanoTime() < end) {
            platform.advance(MS);
            Thread.sleep(0, 100_000);
        }
        assertEquals(before + 1, starts(), "not started: " + handle.events() + " " + detail()
                + " " + platform.messages());
        return platform.nanoTime();
    }

    private long starts() {
        return handle.events().stream().filter("started"::equals).count();
    }

    private ServerSocket listen(InetSocketAddress at) throws IOException {
        ServerSocket s = new ServerSocket();
        open.add(s);
        s.setReuseAddress(true);
        s.bind(at);
        return s;
    }

    /** A port nothing listens on (for the moment: the tests bind it at once when they need). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
