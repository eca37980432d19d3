package io.dinitj.shell.ctl;

import static io.dinitj.shell.ctl.FakeServer.cat;
import static io.dinitj.shell.ctl.FakeServer.events;
import static io.dinitj.shell.ctl.FakeServer.hex;
import static io.dinitj.shell.ctl.FakeServer.le;
import static io.dinitj.shell.ctl.FakeServer.nameRequest;
import static io.dinitj.shell.ctl.FakeServer.status5;
import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.protocol.InfoPackets;
import io.dinitj.api.protocol.TypeList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every subcommand against a scripted daemon: the exact request bytes (docs/control-protocol.md
 * §11), the output text and the exit status (docs/cli.md §2).
 */
class ProtocolTest {

    private static final Path SOCKETS = Path.of("target", "ctl-sockets");

    @TempDir
    Path tmp;

    private FakeServer server() throws IOException {
        return new FakeServer(SOCKETS).version();
    }

    /** Runs dinitctl against the script and checks the client sent exactly its requests. */
    private static CtlRun run(FakeServer f, String... args) throws Exception {
        try (f) {
            f.start();
            CtlRun r = CtlRun.of(Map.of("DINIT_SOCKET_PATH", f.path(), "FOO", "bar"), args);
            assertThat(f.finish()).as("requests; output was: " + r.all()).isEmpty();
            return r;
        }
    }

    private static byte[] b(String hex) {
        return hex(hex);
    }

    private static final byte[] ACK = {0x32};
    private static final byte[] NAK = {0x33};

    /** SERVICESTATUS reply with a v6 status. */
    private static byte[] status6(byte[] v5, long sec, long nsec) {
        return le(32).put((byte) 0x46).put((byte) 0).put(v5).putLong(sec).putLong(nsec).array();
    }

    // ---- start / stop / wake / release / restart ----------------------------------------------

    /** start sends LOAD, DSCDIR, STARTSERVICE and waits for the STARTED event. */
    @Test
    void start_waitsForStarted() throws Exception {
        FakeServer f = server().load("svc", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), ACK)
                .step(new byte[0], events(0, 0, 2, 2, 8, 0, 0, 0, 0));
        CtlRun r = run(f, "start", "svc");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("Service 'svc' started.\n");
    }

    /** ALREADYSS says "(already)" only if the service was started at load time. */
    @Test
    void start_alreadyStarted_reportsWithLoadState() throws Exception {
        byte[] reply = cat(events(0, 0, 2, 2, 8, 0, 0, 0, 0), b("3D"));
        CtlRun r = run(server().load("svc", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 01 00000000"), reply), "start", "--pin", "svc");
        assertThat(r.out()).isEqualTo("Service started.\n");
        CtlRun again = run(server().load("svc", false, 2, 0, 2).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), b("3D")), "start", "svc");
        assertThat(again.out()).isEqualTo("Service (already) started.\n");
        assertThat(again.status()).isZero();
    }

    /** start compares the file's mtime to the daemon's record, to the nanosecond. */
    @Test
    void start_checksDescriptionMtime() throws Exception {
        Path file = Files.writeString(tmp.resolve("svc"), "type = internal\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1000, 5)));
        Instant t = Files.getLastModifiedTime(file).toInstant();
        FakeServer f = server().load("svc@arg", false, 0, 0, 0).dscdir(0, tmp + "/")
                .step(b("1C 00000000"), status6(status5(0, 0, 0, 0, 0, 0, 0), 999, 0))
                .step(b("03 00 00000000"), b("3D"));
        CtlRun r = run(f, "start", "svc@arg");
        assertThat(r.all()).isEqualTo("dinitctl: warning: service description may have"
                + " changed; use 'dinitctl reload svc@arg' to apply changes.\n"
                + "Service started.\n");
        FakeServer same = server().load("svc", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("1C 00000000"), status6(status5(0, 0, 0, 0, 0, 0, 0),
                        t.getEpochSecond(), t.getNano()))
                .step(b("03 00 00000000"), b("3D"));
        assertThat(run(same, "start", "svc").all()).isEqualTo("Service started.\n");
    }

    /** A relative service directory is joined with the daemon's cwd from QUERY_LOAD_MECH. */
    @Test
    void start_relativeDirectory_isJoinedWithDaemonCwd() throws Exception {
        byte[] cwd = tmp.toString().getBytes(StandardCharsets.UTF_8);
        int total = 14 + cwd.length + 4 + 1;
        byte[] mech = le(total).put((byte) 0x40).put((byte) 1).putInt(total).putInt(1)
                .putInt(cwd.length).put(cwd).putInt(1).put((byte) 'd').array();
        Files.createDirectories(tmp.resolve("d"));
        Files.writeString(tmp.resolve("d/svc"), "type = internal\n");
        FakeServer f = server().load("svc", false, 0, 0, 0).dscdir(0, "d")
                .step(b("0D"), mech)
                .step(b("1C 00000000"), status6(status5(0, 0, 0, 0, 0, 0, 0), 1, 1))
                .step(b("03 00 00000000"), b("3D"));
        CtlRun r = run(f, "--quiet", "start", "svc");
        assertThat(r.err()).contains("may have changed");
        assertThat(r.out()).isEmpty();
    }

    /** A FAILEDSTART event while waiting prints the failure and its reason block. */
    @Test
    void start_failedExec_printsReasonBlock() throws Exception {
        FakeServer f = server().load("bad-command", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), ACK)
                .step(new byte[0], cat(events(0, 2, 0, 0, 0, 4, 18, 2, 0),
                        events(0, 1, 0, 0, 0, 4, 18, 2, 0)));
        CtlRun r = run(f, "start", "bad-command");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Service 'bad-command' failed to start.\n"
                + "Reason: execution of service process failed:\n"
                + "        Stage: executing command\n"
                + "        Error: No such file or directory\n");
    }

    /** A failure already seen before the reply is reported without waiting. */
    @Test
    void start_failureSeenBeforeAck_printsReason() throws Exception {
        FakeServer f = server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), cat(events(0, 2, 0, 0, 0, 3, 0, 1, 3), ACK));
        CtlRun r = run(f, "start", "s");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Service 's' failed to start.\n"
                + "Reason: service process terminated before ready: exited - status 3\n");
        FakeServer t = server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), ACK)
                .step(new byte[0], events(0, 2, 0, 0, 0, 5, 0, 0, 0));
        assertThat(run(t, "start", "s").out()).endsWith("Reason: start timed out.\n");
    }

    /** Events of other handles are ignored; STARTCANCELLED ends the wait with status 1. */
    @Test
    void start_cancelled_exits1() throws Exception {
        FakeServer f = server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), ACK)
                .step(new byte[0], cat(events(5, 0, 2, 2, 0, 0, 0, 0, 0),
                        events(0, 3, 3, 0, 0, 0, 0, 0, 0)));
        CtlRun r = run(f, "start", "s");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Service 's' start cancelled.\n");
    }

    /** The daemon closing while dinitctl waits for an event is a protocol error. */
    @Test
    void start_eofWhileWaiting_isProtocolError() throws Exception {
        FakeServer f = server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), ACK).closeAtEnd();
        CtlRun r = run(f, "start", "s");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: protocol error\n");
    }

    /** --no-wait, PINNEDSTOPPED and SHUTTINGDOWN replies. */
    @Test
    void start_noWait_pinnedAndShutdownReplies() throws Exception {
        CtlRun r = run(server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), ACK), "--no-wait", "start", "s");
        assertThat(r.out()).isEqualTo("Issued start command successfully for service 's'.\n");
        CtlRun p = run(server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), b("43")), "start", "s");
        assertThat(p.err()).isEqualTo(
                "dinitctl: cannot start service 's' as it is pinned stopped\n");
        CtlRun sd = run(server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), b("45")), "start", "s");
        assertThat(sd.err()).isEqualTo(
                "dinitctl: cannot start/restart/wake service, shutdown is in progress.\n");
        assertThat(sd.status()).isEqualTo(1);
    }

    /** Each load error reply has its two-line message; --ignore-unstarted hides them. */
    @Test
    void load_errors() throws Exception {
        CtlRun r = run(server().step(nameRequest(2, "nope"), b("3C")), "start", "nope");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: failed to find service description.\n"
                + "dinitctl: check service description file exists / service name spelling.\n");
        assertThat(run(server().step(nameRequest(2, "x"), b("47")), "start", "x").err())
                .isEqualTo("dinitctl: error in service description.\n"
                        + "dinitctl: try 'dinit-check <service-name>' or check log for more"
                        + " information.\n");
        assertThat(run(server().step(nameRequest(2, "x"), b("48")), "unpin", "x").err())
                .startsWith("dinitctl: error loading service (or dependency of service).\n");
        CtlRun quiet = run(server().step(nameRequest(2, "x"), b("3C")), "stop",
                "--ignore-unstarted", "x");
        assertThat(quiet.status()).isZero();
        assertThat(quiet.all()).isEmpty();
    }

    /** stop sets the gentle flag unless --force, and --pin sets bit 0. */
    @Test
    void stop_sendsGentleFlagAndWaits() throws Exception {
        FakeServer f = server().load("s", false, 2, 0, 2)
                .step(b("04 02 00000000"), ACK)
                .step(new byte[0], events(0, 1, 0, 0, 0, 0, 0, 0, 0));
        assertThat(run(f, "stop", "s").out()).isEqualTo("Service 's' stopped.\n");
        FakeServer forced = server().load("critical", false, 2, 0, 2)
                .step(b("04 01 00000000"), cat(events(0, 1, 0, 0, 0, 0, 0, 0, 0), b("3D")));
        assertThat(run(forced, "stop", "--force", "--pin", "critical").out())
                .isEqualTo("Service stopped.\n");
        FakeServer already = server().load("s", false, 0, 0, 0).step(b("04 02 00000000"),
                b("3D"));
        assertThat(run(already, "stop", "s").out()).isEqualTo("Service (already) stopped.\n");
        FakeServer pinned = server().load("s", false, 2, 0, 2).step(b("04 02 00000000"),
                b("44"));
        assertThat(run(pinned, "stop", "s").err()).isEqualTo(
                "dinitctl: cannot stop service 's' as it is pinned started\n");
    }

    /** A DEPENDENTS refusal asks each dependent's name and lists them (spec byte example). */
    @Test
    void stop_refusedByDependents_listsThem() throws Exception {
        FakeServer f = server().load("critical", false, 2, 0, 2)
                .step(b("04 02 00000000"),
                        b("41 02 00 00 00 00 00 00 00 03 00 00 00 04 00 00 00"))
                .step(b("0F 00 03000000"), cat(b("42 00 0C00"),
                        "intermediary".getBytes(StandardCharsets.UTF_8)))
                .step(b("0F 00 04000000"), cat(b("42 00 0400"),
                        "boot".getBytes(StandardCharsets.UTF_8)));
        CtlRun r = run(f, "stop", "critical");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: cannot stop service 'critical' due to the"
                + " following dependents:\n"
                + "(only direct dependents are listed. Exercise caution before using '--force'"
                + " !!)\n"
                + "  intermediary boot\n");
    }

    /** restart sends flags 0x86 and reads PREACK, events and ALREADYSS (spec byte example). */
    @Test
    void restart_alreadyStarted_matchesSpecExample() throws Exception {
        byte[] reply = cat(b("4F"), events(0, 1, 1, 2, 8, 0, 0, 0, 0),
                events(0, 0, 2, 2, 8, 0, 0, 0, 0), b("3D"));
        FakeServer f = server().load("s", false, 2, 0, 2).dscdir(0, tmp.toString())
                .step(b("04 86 00 00 00 00"), reply);
        CtlRun r = run(f, "restart", "s");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("Service restarted.\n");
    }

    /** Events before PREACK are forgotten; a restart reports the stop, then waits for the start. */
    @Test
    void restart_ack_reportsStopThenStart() throws Exception {
        byte[] reply = cat(events(0, 1, 0, 0, 0, 0, 0, 0, 0), b("4F"),
                events(0, 1, 1, 2, 8, 0, 0, 0, 0), ACK);
        FakeServer f = server().load("s", false, 2, 0, 2).dscdir(0, tmp.toString())
                .step(b("04 84 00 00 00 00"), reply)
                .step(new byte[0], events(0, 0, 2, 2, 8, 0, 0, 0, 0));
        CtlRun r = run(f, "restart", "--force", "s");
        assertThat(r.out()).isEqualTo("Service 's' stopped.\nService 's' started.\n");
        FakeServer nak = server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("04 86 00 00 00 00"), b("4F 33"));
        assertThat(run(nak, "restart", "s").err()).isEqualTo(
                "dinitctl: cannot restart service; service not started.\n");
        FakeServer ign = server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("04 86 00 00 00 00"), b("4F 33"));
        CtlRun i = run(ign, "restart", "--ignore-unstarted", "s");
        assertThat(i.status()).isZero();
        assertThat(i.out()).isEqualTo("Service 's' is not currently started.\n");
    }

    /** wake refused for lack of active dependents; release with --pin and --no-wait. */
    @Test
    void wakeAndRelease() throws Exception {
        FakeServer w = server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("05 00 00000000"), NAK);
        assertThat(run(w, "wake", "s").err()).isEqualTo(
                "dinitctl: service has no active dependents, cannot wake.\n");
        FakeServer rel = server().load("s", false, 2, 0, 2).step(b("06 01 00000000"), ACK);
        assertThat(run(rel, "--no-wait", "release", "--pin", "s").out()).isEqualTo(
                "Issued stop command successfully for service 's'.\n");
    }

    // ---- status / is-started / is-failed / list -----------------------------------------------

    /** status prints file, state, activation and pid, even with --quiet. */
    @Test
    void status_printsStateActivationAndPid() throws Exception {
        FakeServer f = server().load("boot", true, 2, 0, 2).dscdir(0, tmp + "/")
                .step(b("1C 00000000"), status6(status5(2, 2, 8 | 16, 0, 0, 1234, 0), 0, 0))
                .step(b("16 4A 00000000"), b("33")); // the Dinit/J probe: upstream says NAK
        CtlRun r = run(f, "--quiet", "status", "boot");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("Service: boot\n"
                + "    File: " + tmp + "//boot\n"
                + "    State: STARTED\n"
                + "    Activation: explicitly started\n"
                + "    Process ID: 1234\n");
    }

    /** status explains exec failures and terminations. */
    @Test
    void status_failedStates() throws Exception {
        FakeServer f = server().load("bad", true, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("1C 00000000"), status6(status5(0, 0, 0, 4, 18, 2, 0), 0, 0))
                .step(b("16 4A 00000000"), b("33"));
        assertThat(run(f, "status", "bad").out()).contains(
                "    State: STOPPED (could not be launched)\n"
                        + "        Stage: executing command\n"
                        + "        Error: No such file or directory\n");
        FakeServer t = server().load("t", true, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("1C 00000000"), status6(status5(0, 0, 0, 6, 0, 2, 9), 0, 0))
                .step(b("16 4A 00000000"), b("33"));
        assertThat(run(t, "status", "t").out()).contains(
                "    State: STOPPED (terminated; signalled - signal 9)\n");
    }

    /**
     * A Dinit/J daemon answers the probe with ACK: status then asks DJ_SERVICE_DETAIL and
     * prints its lines after upstream's text; --json gets them as "detail".
     */
    @Test
    void status_dinitJ_printsDetailLines() throws Exception {
        String detail = "62 02000000 0800 4e6578742072756e 0800 696e20302e342073"
                + " 0400 52756e73 0100 33";
        FakeServer f = server().load("clock", true, 2, 0, 2).dscdir(0, tmp + "/")
                .step(b("1C 00000000"), status6(status5(2, 2, 8, 0, 0, 0, 0), 0, 0))
                .step(b("16 4A 00000000"), b("32"))
                .step(b("62 00000000"), b(detail));
        CtlRun r = run(f, "status", "clock");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("Service: clock\n"
                + "    File: " + tmp + "//clock\n"
                + "    State: STARTED\n"
                + "    Activation: explicitly started\n"
                + "    Next run: in 0.4 s\n"
                + "    Runs: 3\n");
        FakeServer j = server().load("clock", true, 2, 0, 2).dscdir(0, tmp + "/")
                .step(b("1C 00000000"), status6(status5(2, 2, 8, 0, 0, 0, 0), 0, 0))
                .step(b("16 4A 00000000"), b("32"))
                .step(b("62 00000000"), b(detail));
        CtlRun json = run(j, "--json", "status", "clock");
        assertThat(json.out()).contains("\"modifiedSinceLoaded\":false,"
                + "\"detail\":{\"next-run\":\"in 0.4 s\",\"runs\":\"3\"}}}");
    }

    /** status of a service not loaded fails; is-started fails silently. */
    @Test
    void status_notLoaded() throws Exception {
        CtlRun r = run(server().step(nameRequest(1, "x"), b("3C")), "status", "x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: service not loaded.\n");
        CtlRun is = run(server().step(nameRequest(1, "x"), b("3C")), "is-started", "x");
        assertThat(is.status()).isEqualTo(1);
        assertThat(is.all()).isEmpty();
    }

    /** status --json gives the versioned JSON object. */
    @Test
    void status_json() throws Exception {
        FakeServer f = server().load("a\"b", true, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("1C 00000000"), status6(status5(0, 0, 0, 6, 0, 1, 3), 0, 0))
                .step(b("16 4A 00000000"), b("33"));
        CtlRun r = run(f, "status", "--json", "a\"b");
        assertThat(r.out()).isEqualTo("{\"format\":\"dinitctl-status\",\"version\":1,"
                + "\"service\":{\"name\":\"a\\\"b\",\"state\":\"STOPPED\",\"target\":\"STOPPED\","
                + "\"explicitlyStarted\":false,\"startSkipped\":false,\"hasConsole\":false,"
                + "\"waitingForConsole\":false,\"pid\":null,\"stopReason\":\"TERMINATED\","
                + "\"failed\":true,\"execFailure\":null,"
                + "\"exit\":{\"kind\":\"exited\",\"siCode\":1,\"siStatus\":3},"
                + "\"file\":\"" + tmp + "/a\\\"b\",\"modifiedSinceLoaded\":false}}\n");
    }

    /** is-started and is-failed print the state and answer through the exit status. */
    @Test
    void isStartedAndIsFailed() throws Exception {
        FakeServer s = server().load("s", true, 2, 0, 2).dscdir(0, tmp.toString())
                .step(b("1C 00000000"), status6(status5(2, 2, 0, 0, 0, 0, 0), 0, 0));
        CtlRun r = run(s, "is-started", "s");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("STARTED\n");
        FakeServer f = server().load("s", true, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("1C 00000000"), status6(status5(0, 0, 0, 3, 0, 1, 1), 0, 0));
        CtlRun failed = run(f, "is-failed", "s");
        assertThat(failed.status()).isZero();
        assertThat(failed.out()).isEqualTo("STOPPED\n");
        FakeServer n = server().load("s", true, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("1C 00000000"), status6(status5(0, 0, 0, 0, 0, 0, 0), 0, 0));
        CtlRun notFailed = run(n, "--quiet", "is-failed", "s");
        assertThat(notFailed.status()).isEqualTo(1);
        assertThat(notFailed.out()).isEmpty();
    }

    private static byte[] svcinfo(String name, byte[] status) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return cat(new byte[] {0x3E, (byte) n.length}, status, n);
    }

    /** list prints upstream's markers and extras, even with --quiet. */
    @Test
    void list_printsMarkers() throws Exception {
        byte[] reply = cat(svcinfo("boot", status5(2, 2, 8, 0, 0, 0, 0)),
                svcinfo("mysvc", status5(2, 2, 16, 0, 0, 1234, 0)),
                svcinfo("bad", status5(0, 0, 0, 6, 0, 1, 1)),
                svcinfo("st", status5(1, 0, 0, 0, 0, 0, 0)),
                svcinfo("off", status5(0, 0, 0, 0, 0, 0, 0)), b("3F"));
        CtlRun r = run(server().step(b("19"), reply), "--quiet", "list");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("[[+]     ] boot\n"
                + "[{+}     ] mysvc (pid: 1234)\n"
                + "[     {X}] bad (exit status: 1)\n"
                + "[   <<{ }] st\n"
                + "[     {-}] off\n");
    }

    /** list --json gives the versioned JSON object. */
    @Test
    void list_json() throws Exception {
        byte[] reply = cat(svcinfo("boot", status5(2, 2, 8, 0, 0, 0, 0)), b("3F"));
        CtlRun r = run(server().step(b("19"), reply), "list", "--json");
        assertThat(r.out()).isEqualTo("{\"format\":\"dinitctl-list\",\"version\":1,"
                + "\"services\":[{\"name\":\"boot\",\"state\":\"STARTED\",\"target\":\"STARTED\","
                + "\"explicitlyStarted\":true,\"startSkipped\":false,\"hasConsole\":false,"
                + "\"waitingForConsole\":false,\"pid\":null,\"stopReason\":\"NORMAL\","
                + "\"failed\":false,\"execFailure\":null,\"exit\":null}]}\n");
        CtlRun empty = run(server().step(b("19"), b("3F")), "list", "--json");
        assertThat(empty.out()).isEqualTo(
                "{\"format\":\"dinitctl-list\",\"version\":1,\"services\":[]}\n");
    }

    /** An unexpected reply during list is a control socket protocol error. */
    @Test
    void list_unexpectedReply() throws Exception {
        CtlRun r = run(server().step(b("19"), b("33")), "list");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: control socket protocol error\n");
    }

    // ---- other commands -----------------------------------------------------------------------

    /** shutdown sends HALT and waits for the daemon to close the connection. */
    @Test
    void shutdown_waitsForClose() throws Exception {
        FakeServer f = server().step(b("0A 02"), cat(ACK, events(3, 1, 0, 0, 0, 0, 0, 0, 0)))
                .closeAtEnd();
        CtlRun r = run(f, "shutdown");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("Shutting down dinit...\nConnection closed.\n");
    }

    /** unpin loads; unload and reload find first (reload loads a service not loaded). */
    @Test
    void unpinUnloadReload() throws Exception {
        assertThat(run(server().load("s", false, 0, 0, 0).step(b("07 00000000"), ACK),
                "unpin", "s").out()).isEqualTo("Service 's' unpinned.\n");
        assertThat(run(server().load("s", true, 0, 1, 0).step(b("09 01000000"), ACK),
                "unload", "s").out()).isEqualTo("Service 's' unloaded.\n");
        assertThat(run(server().load("s", true, 0, 0, 0).step(b("09 00000000"), NAK),
                "unload", "s").err()).isEqualTo("dinitctl: could not unload service; service"
                        + " not stopped, or is a dependency of another service.\n");
        assertThat(run(server().step(nameRequest(1, "s"), b("3C")), "unload", "s").err())
                .isEqualTo("dinitctl: service not loaded.\n");
        assertThat(run(server().load("s", true, 0, 0, 0).step(b("10 00000000"), ACK),
                "reload", "s").out()).isEqualTo("Service 's' reloaded.\n");
        assertThat(run(server().step(nameRequest(1, "s"), b("3C"))
                .load("s", false, 0, 0, 0), "reload", "s").out())
                .isEqualTo("Service 's' reloaded.\n");
        assertThat(run(server().load("s", true, 0, 0, 0).step(b("10 00000000"), NAK),
                "reload", "s").err()).isEqualTo("dinitctl: could not reload service; service"
                        + " in wrong state, incompatible change, or bad service description.\n");
    }

    /** add-dep and rm-dep send the dependency type and both handles. */
    @Test
    void addAndRemoveDependencies() throws Exception {
        FakeServer add = server().load("a", false, 0, 0, 0).load("b", false, 0, 1, 0)
                .step(b("0B 02 00000000 01000000"), ACK);
        assertThat(run(add, "add-dep", "waits-for", "a", "b").out())
                .isEqualTo("Service 'a': dependency 'b' added\n");
        FakeServer need = server().load("a", false, 0, 0, 0).load("a", false, 0, 1, 0)
                .step(b("0B 00 00000000 01000000"), b("34")).closeAtEnd();
        assertThat(run(need, "add-dep", "need", "a", "a").err())
                .isEqualTo("dinitctl: control socket protocol error\n");
        FakeServer rm = server().load("a", false, 0, 0, 0).load("b", false, 0, 1, 0)
                .step(b("0C 03 00000000 01000000"), NAK);
        assertThat(run(rm, "rm-dep", "milestone", "a", "b").err())
                .isEqualTo("dinitctl: no such dependency to remove\n");
    }

    /** trigger, catlog (with --clear and the truncation note) and signal. */
    @Test
    void triggerCatlogSignal() throws Exception {
        CtlRun t = run(server().load("s", false, 0, 0, 0).step(b("13 00000000 01"), ACK),
                "trigger", "s");
        assertThat(t.status()).isZero();
        assertThat(t.all()).isEmpty();
        assertThat(run(server().load("s", false, 0, 0, 0).step(b("13 00000000 00"), NAK),
                "untrigger", "s").err()).isEqualTo("dinitctl: cannot trigger a service that is"
                        + " not of 'triggered' type.\n");
        CtlRun log = run(server().load("s", false, 0, 0, 0).step(b("14 01 00000000"),
                cat(b("49 00 05000000"), "ab\ncd".getBytes(StandardCharsets.UTF_8))),
                "--quiet", "catlog", "--clear", "s");
        assertThat(log.out()).isEqualTo("ab\ncd\n(last line is truncated or incomplete)\n");
        assertThat(run(server().load("s", false, 0, 0, 0).step(b("14 00 00000000"), NAK),
                "catlog", "s").err()).isEqualTo("dinitctl: cannot cat log for service not"
                        + " configured to buffer output.\n");
        CtlRun sig = run(server().load("s", false, 2, 0, 2).step(b("15 0F000000 00000000"),
                ACK), "signal", "TERM", "s");
        assertThat(sig.status()).isZero();
        assertThat(run(server().load("s", false, 2, 0, 2).step(b("15 00000000 00000000"),
                b("4A")), "signal", "0", "s").err()).isEqualTo("dinitctl: could not get valid"
                        + " PID of service; service is not process-based or is in wrong"
                        + " state.\n");
    }

    /** setenv NAME takes the value from dinitctl's environment; the first failure stops. */
    @Test
    void setenvAndUnsetenv() throws Exception {
        FakeServer f = server().step(nameRequest(0x11, "A=1"), ACK)
                .step(nameRequest(0x11, "FOO=bar"), ACK)
                .step(nameRequest(0x11, "NOPE="), ACK);
        CtlRun r = run(f, "setenv", "A=1", "FOO", "NOPE");
        assertThat(r.status()).isZero();
        assertThat(r.all()).isEmpty();
        FakeServer bad = server().step(nameRequest(0x11, "=x"), b("34")).closeAtEnd();
        assertThat(run(bad, "setenv", "=x", "B=2").err())
                .isEqualTo("dinitctl: failed to export environment.\n");
        FakeServer un = server().step(nameRequest(0x11, "A"), ACK);
        assertThat(run(un, "unsetenv", "A", "B=1").err()).isEqualTo(
                "dinitctl: environment variable 'B=1' must not contain the '=' sign.\n");
        String longValue = "L=" + "x".repeat(1100);
        assertThat(run(server(), "setenv", longValue).err())
                .isEqualTo("dinitctl: environment variable 'L' too long.\n");
    }

    /** A too-new or too-old daemon, or one that closes at once, is reported. */
    @Test
    void versionChecks() throws Exception {
        FakeServer newer = new FakeServer(SOCKETS).step("00", "3A 08 00 09 00");
        assertThat(run(newer, "list").err()).isEqualTo(
                "dinitctl: too old (daemon reports newer protocol version)\n");
        FakeServer old = new FakeServer(SOCKETS).step("00", "3A 01 00 01 00");
        assertThat(run(old, "trigger", "s").err()).isEqualTo(
                "dinitctl: daemon too old or protocol error\n");
        FakeServer eof = new FakeServer(SOCKETS).step("00", "").closeAtEnd();
        CtlRun r = run(eof, "list");
        assertThat(r.err()).isEqualTo("dinitctl: control socket read failure or protocol"
                + " error\n");
    }

    /** A daemon that closes the connection and says why (DJ_CLOSING): the reason is printed. */
    @Test
    void aClosingNotice_isPrinted() throws Exception {
        byte[] notice = InfoPackets.Closing.encode("the daemon refused this control connection:"
                + " 1024 are open, all in use");
        FakeServer refused = new FakeServer(SOCKETS).step(b("00"), notice).closeAtEnd();
        CtlRun r = run(refused, "list");
        assertThat(r.err()).isEqualTo("dinitctl: the daemon refused this control connection:"
                + " 1024 are open, all in use\n");
        assertThat(r.status()).isEqualTo(1);
    }

    // ---- enable / disable -----------------------------------------------------------------------

    /** enable sends ENABLE_SERVICE_V7, creates the relative link and waits for the start. */
    @Test
    void enable_online_createsLinkAndWaits() throws Exception {
        Files.writeString(tmp.resolve("boot"), "type = internal\nwaits-for.d = boot.d\n");
        Files.createDirectories(tmp.resolve("boot.d"));
        Files.writeString(tmp.resolve("svc"), "type = internal\n");
        FakeServer f = server().step(b("18 00"), cat(b("4E"),
                        le(8).putLong(4).array(), b("413D3100")))
                .load("svc", false, 0, 0, 0).dscdir(0, tmp.toString())
                .load("boot", false, 2, 1, 2).dscdir(1, tmp.toString())
                .step(b("1D 02 01000000 00000000"), status6(status5(1, 2, 0, 0, 0, 0, 0), 0, 0))
                .step(new byte[0], events(0, 0, 2, 2, 0, 0, 0, 0, 0));
        CtlRun r = run(f, "enable", "svc");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("Service 'svc' has been enabled.\n"
                + "Service 'svc' started.\n");
        Path link = tmp.resolve("boot.d/svc");
        assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("../svc");
        FakeServer again = server().step(b("18 00"), cat(b("4E"), le(8).putLong(0).array()))
                .load("svc", false, 0, 0, 0).dscdir(0, tmp.toString())
                .load("boot", false, 2, 1, 2).dscdir(1, tmp.toString());
        assertThat(run(again, "enable", "svc").err())
                .isEqualTo("dinitctl: service already enabled.\n");
    }

    /** disable sends REM_DEP, removes the link and checks the status. */
    @Test
    void disable_online_removesLink() throws Exception {
        Files.writeString(tmp.resolve("boot"), "waits-for.d: boot.d\n");
        Files.createDirectories(tmp.resolve("boot.d"));
        Files.writeString(tmp.resolve("svc"), "type = internal\n");
        Files.createSymbolicLink(tmp.resolve("boot.d/svc"), Path.of("../svc"));
        FakeServer f = server().step(b("18 00"), cat(b("4E"), le(8).putLong(0).array()))
                .load("svc", false, 2, 0, 2).dscdir(0, tmp.toString())
                .load("boot", false, 2, 1, 2).dscdir(1, tmp.toString())
                .step(b("0C 02 01000000 00000000"), ACK)
                .step(b("1A 00000000"), cat(b("46 00"), status5(3, 0, 0, 0, 0, 0, 0)));
        CtlRun r = run(f, "disable", "svc");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("Service 'svc' has been disabled.\n");
        assertThat(Files.exists(tmp.resolve("boot.d/svc"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isFalse();
    }

    /** Offline enable/disable edit the waits-for.d links only, with upstream's checks. */
    @Test
    void enableDisable_offline() throws Exception {
        Files.writeString(tmp.resolve("svc"), "type = internal\n@meta enable-via main\n");
        Files.writeString(tmp.resolve("main"), "type = internal\nwaits-for.d = main.d\n");
        Files.createDirectories(tmp.resolve("main.d"));
        CtlRun e = CtlRun.of(Map.of(), "-o", "-d", tmp.toString(), "enable", "svc");
        assertThat(e.status()).as(e.all()).isZero();
        assertThat(e.out()).isEqualTo("Service 'svc' has been enabled.\n");
        assertThat(Files.isSymbolicLink(tmp.resolve("main.d/svc"))).isTrue();
        CtlRun dup = CtlRun.of(Map.of(), "-o", "-d", tmp.toString(), "enable", "svc");
        assertThat(dup.err()).isEqualTo("dinitctl: service already enabled.\n");
        CtlRun d = CtlRun.of(Map.of(), "--offline", "-d", tmp.toString(), "disable", "svc");
        assertThat(d.out()).isEqualTo("Service 'svc' has been disabled.\n");
        assertThat(Files.exists(tmp.resolve("main.d/svc"))).isFalse();
        CtlRun missing = CtlRun.of(Map.of(), "-o", "-d", tmp.toString(), "enable", "zz");
        assertThat(missing.err()).isEqualTo(
                "dinitctl: could not locate service file for target service 'zz'\n");
        Files.writeString(tmp.resolve("fixed"), "depends-on = svc\nwaits-for.d = x\n");
        CtlRun fixed = CtlRun.of(Map.of(), "-o", "-d", tmp.toString(), "enable", "--from",
                "fixed", "svc");
        assertThat(fixed.err()).isEqualTo("dinitctl: there is a fixed dependency to service"
                + " 'svc' in the service description of 'fixed'.\n");
    }

    /**
     * enable reads the files through the loader: waits-for.d with a variable from the daemon's
     * environment (the GETALLENV reply), and the enable-via of an included fragment.
     */
    @Test
    void enable_online_substitutesFromTheDaemonsEnvironment() throws Exception {
        Files.writeString(tmp.resolve("boot"), "type = internal\nwaits-for.d = $WD\n");
        Files.createDirectories(tmp.resolve("there.d"));
        Files.writeString(tmp.resolve("svc"), "type = internal\n@include svc.meta\n");
        Files.writeString(tmp.resolve("svc.meta"), "@meta enable-via boot\n");
        byte[] env = "A=1\0WD=there.d\0".getBytes(StandardCharsets.UTF_8);
        FakeServer f = server().step(b("18 00"), cat(b("4E"), le(8).putLong(env.length).array(),
                        env))
                .load("svc", false, 0, 0, 0).dscdir(0, tmp.toString())
                .load("boot", false, 2, 1, 2).dscdir(1, tmp.toString())
                .step(b("1D 02 01000000 00000000"), status6(status5(2, 2, 0, 0, 0, 0, 0), 0, 0));
        CtlRun r = run(f, "enable", "svc");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("Service 'svc' has been enabled.\n");
        assertThat(Files.readSymbolicLink(tmp.resolve("there.d/svc")).toString())
                .isEqualTo("../svc");
    }

    /**
     * Offline enable and disable follow @include and substitution as the loader does (checked
     * against upstream's dinitctl -o): user mode substitutes from no environment at all, so an
     * unset variable's default applies and a bare unset one is an empty, absent waits-for.d.
     */
    @Test
    void enableDisable_offline_followIncludesAndVariables() throws Exception {
        Files.writeString(tmp.resolve("boot"), "type = internal\n@include boot-deps\n");
        Files.writeString(tmp.resolve("boot-deps"), "waits-for.d = ${WD:-boot.d}\n");
        Files.createDirectories(tmp.resolve("boot.d"));
        Files.writeString(tmp.resolve("svc"), "type = internal\n@include svc-meta\n");
        Files.writeString(tmp.resolve("svc-meta"), "@meta enable-via boot\n");
        Map<String, String> env = Map.of("WD", "elsewhere.d");
        String dir = tmp.toString();
        CtlRun e = CtlRun.of(env, "-o", "-d", dir, "enable", "svc");
        assertThat(e.status()).as(e.all()).isZero();
        assertThat(e.out()).isEqualTo("Service 'svc' has been enabled.\n");
        assertThat(Files.readSymbolicLink(tmp.resolve("boot.d/svc")).toString())
                .isEqualTo("../svc");
        assertThat(CtlRun.of(env, "-o", "-d", dir, "enable", "svc").err())
                .isEqualTo("dinitctl: service already enabled.\n");
        CtlRun d = CtlRun.of(env, "-o", "-d", dir, "disable", "svc");
        assertThat(d.out()).isEqualTo("Service 'svc' has been disabled.\n");
        assertThat(Files.exists(tmp.resolve("boot.d/svc"), LinkOption.NOFOLLOW_LINKS)).isFalse();

        Files.writeString(tmp.resolve("bare"), "type = internal\nwaits-for.d = $WD\n");
        assertThat(CtlRun.of(env, "-o", "-d", dir, "enable", "--from", "bare", "svc").err())
                .isEqualTo("dinitctl: service 'bare' has no waits-for.d directory specified\n");
        Files.writeString(tmp.resolve("twice"), "waits-for.d = boot.d\n@include boot-deps\n");
        assertThat(CtlRun.of(env, "-o", "-d", dir, "enable", "--from", "twice", "svc").err())
                .isEqualTo("dinitctl: service 'twice' has multiple waits-for.d directories"
                        + " specified in service description\n");
        Files.writeString(tmp.resolve("fixed"), "restart = bogus\nwaits-for.d = boot.d\n"
                + "depends-on = ${S:-svc}\n");
        assertThat(CtlRun.of(env, "-o", "-d", dir, "enable", "--from", "fixed", "svc").err())
                .isEqualTo("dinitctl: there is a fixed dependency to service 'svc' in the"
                        + " service description of 'fixed'.\n");
        // An error in a setting enable does not read does not stop it, as upstream.
        Files.writeString(tmp.resolve("other"), "restart = bogus\nwaits-for.d = boot.d\n");
        CtlRun o = CtlRun.of(env, "-o", "-d", dir, "enable", "--from", "other", "svc");
        assertThat(o.status()).as(o.all()).isZero();
        Files.writeString(tmp.resolve("quote"), "waits-for.d = \"boot.d\n");
        assertThat(CtlRun.of(env, "-o", "-d", dir, "enable", "--from", "quote", "svc").err())
                .isEqualTo("dinitctl: error in service description: unterminated quoted"
                        + " string\n");
        Files.writeString(tmp.resolve("lost"), "type = internal\n@include missing\n");
        assertThat(CtlRun.of(env, "-o", "-d", dir, "enable", "lost").err())
                .isEqualTo("dinitctl: error loading lost: missing: cannot open: No such file"
                        + " or directory\n");
        // enable-via is a name, not substituted: upstream calls $X malformed.
        Files.writeString(tmp.resolve("var"), "type = internal\n@meta enable-via $X\n");
        assertThat(CtlRun.of(Map.of("X", "boot"), "-o", "-d", dir, "enable", "var").err())
                .isEqualTo("dinitctl: error loading var: '@meta enable-via' argument missing or"
                        + " malformed\n");
    }

    /** stdout is flushed before each stderr write, so combined output is in order. */
    @Test
    void stdoutIsFlushedBeforeStderr() throws Exception {
        FakeServer f = server().load("s", false, 0, 0, 0).dscdir(0, tmp.toString())
                .step(b("03 00 00000000"), ACK)
                .step(new byte[0], events(0, 0, 2, 2, 8, 0, 0, 0, 0));
        CtlRun r = run(f, "start", "s");
        assertThat(r.all()).isEqualTo("Service 's' started.\n");
        FakeServer g = server().step(nameRequest(0x11, "A=1"), ACK)
                .step(nameRequest(0x11, "=x"), b("34")).closeAtEnd();
        CtlRun env = run(g, "setenv", "A=1", "=x");
        assertThat(env.all()).isEqualTo("dinitctl: failed to export environment.\n");
    }

    // ---- Dinit/J additions: tree, graph ------------------------------------------------------

    /** tree asks FIND, LIST5, then the dependency extension, and prints the tree. */
    @Test
    void tree_printsDependenciesWithKindsAndStates() throws Exception {
        byte[] started = status5(2, 2, 8, 0, 0, 0, 0);
        byte[] stopped = status5(0, 0, 0, 0, 0, 0, 0);
        FakeServer f = server().load("a", true, 2, 0, 2)
                .step(b("19"), cat(svcinfo("a", started), svcinfo("b", started),
                        svcinfo("c", stopped), b("3f")))
                .step(b("60 00 00000000"), cat(b("60 02000000"), edge(0, 1, "b"),
                        edge(2, 0, "c")))
                .load("b", true, 2, 1, 2)
                .step(b("60 00 01000000"), cat(b("60 01000000"), edge(2, 0, "c")))
                .load("c", true, 0, 2, 0)
                .step(b("60 00 02000000"), b("60 00000000"));
        CtlRun r = run(f, "tree", "a");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("a [started]\n"
                + "├─ depends-on b [started]\n"
                + "│  └─ waits-for c [stopped]\n"
                + "└─ waits-for c [stopped] (above)\n");
    }

    /**
     * tree --reverse asks for dependents, and each line reads from the dependent's side,
     * naming what it depends on: under db, "web depends-on db", under web "app waits-for web".
     */
    @Test
    void treeReverse_readsFromTheDependentsSide() throws Exception {
        byte[] started = status5(2, 2, 8, 0, 0, 0, 0);
        FakeServer f = server().load("db", true, 2, 0, 2)
                .step(b("19"), cat(svcinfo("db", started), svcinfo("web", started),
                        svcinfo("app", started), b("3f")))
                .step(b("60 01 00000000"), cat(b("60 02000000"), edge(0, 1, "web"),
                        edge(2, 0, "app")))
                .load("web", true, 2, 1, 2)
                .step(b("60 01 01000000"), cat(b("60 01000000"), edge(2, 0, "app")))
                .load("app", true, 2, 2, 2)
                .step(b("60 01 02000000"), b("60 00000000"));
        CtlRun r = run(f, "tree", "--reverse", "db");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("db [started]\n"
                + "├─ web [started] depends-on db\n"
                + "│  └─ app [started] waits-for web\n"
                + "└─ app [started] waits-for db (above)\n");
    }

    private static final List<TypeList.Entry> TYPES = List.of(
            new TypeList.Entry("internal", "class path", false, List.of("kill-all-on-stop"),
                    List.of()),
            new TypeList.Entry("timer", "/p/timer.jar", false, List.of(), List.of(
                    new TypeList.Setting("every", true, false, "how often"),
                    new TypeList.Setting("tag", false, true, "a label"))),
            new TypeList.Entry("dup", "/p/a.jar, /p/b.jar", true, List.of(), List.of()));

    /** list-types sends DJ_LIST_TYPES and prints each type, its origin and its settings. */
    @Test
    void listTypes_printsEachType() throws Exception {
        FakeServer f = server().step(b("61"), TypeList.encode(TYPES));
        CtlRun r = run(f, "list-types");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("internal (class path)\n"
                + "    capabilities: kill-all-on-stop\n"
                + "timer (/p/timer.jar)\n"
                + "    capabilities: none\n"
                + "    timer.every (required): how often\n"
                + "    timer.tag (repeatable): a label\n"
                + "dup (/p/a.jar, /p/b.jar): refused, more than one plugin provides it\n");
    }

    /** list-types --json: one object, settings named as service files write them. */
    @Test
    void listTypes_json() throws Exception {
        FakeServer f = server().step(b("61"), TypeList.encode(TYPES.subList(1, 2)));
        CtlRun r = run(f, "--json", "list-types");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("{\"format\":\"dinitctl-list-types\",\"version\":1,"
                + "\"types\":[{\"name\":\"timer\",\"origin\":\"/p/timer.jar\",\"refused\":false,"
                + "\"capabilities\":[],\"settings\":[{\"name\":\"timer.every\",\"required\":true,"
                + "\"repeatable\":false,\"help\":\"how often\"},{\"name\":\"timer.tag\","
                + "\"required\":false,\"repeatable\":true,\"help\":\"a label\"}]}]}\n");
    }

    /** An upstream daemon answers BADREQ and closes: list-types says it needs Dinit/J. */
    @Test
    void listTypes_againstUpstreamDaemon_saysItNeedsDinitJ() throws Exception {
        FakeServer f = server().step(b("61"), b("34")).closeAtEnd();
        CtlRun r = run(f, "list-types");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: the daemon cannot list service types"
                + " (list-types needs a Dinit/J daemon)\n");
    }

    /** A reply whose data does not parse is a protocol error, not a crash. */
    @Test
    void listTypes_malformedReply_isAProtocolError() throws Exception {
        FakeServer f = server().step(b("61"), b("61 02000000 0100")).closeAtEnd();
        CtlRun r = run(f, "list-types");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: protocol error\n");
    }

    /** An upstream daemon refuses the extension (BADREQ and close): said plainly. */
    @Test
    void tree_againstUpstreamDaemon_saysItNeedsDinitJ() throws Exception {
        FakeServer f = server().load("a", true, 2, 0, 2).step(b("19"), b("3f"))
                .step(b("60 01 00000000"), b("34")).closeAtEnd();
        CtlRun r = run(f, "tree", "--reverse", "a");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: the daemon cannot list dependencies (tree and"
                + " graph need a Dinit/J daemon)\n");
    }

    /** graph NAME follows dependencies from NAME and writes DOT, placeholders dashed. */
    @Test
    void graph_writesDot() throws Exception {
        byte[] started = status5(2, 2, 8, 0, 0, 0, 0);
        FakeServer f = server().step(b("19"), cat(svcinfo("a", started), b("3f")))
                .load("a", true, 2, 0, 2)
                .step(b("60 00 00000000"), cat(b("60 01000000"), edge(5, 2, "later")));
        CtlRun r = run(f, "graph", "a");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("digraph dinit {\n  rankdir=LR;\n"
                + "  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n"
                + "  \"a\" [label=\"a\\nstarted\", fillcolor=\"palegreen\"];\n"
                + "  \"later\" [label=\"later\\nnot loaded\", style=dashed,"
                + " fillcolor=white];\n"
                + "  \"a\" -> \"later\" [label=\"after\", style=dotted];\n}\n");
    }

    private static byte[] edge(int kind, int flags, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return cat(le(4).put((byte) kind).put((byte) flags).putShort((short) n.length).array(),
                n);
    }
}
