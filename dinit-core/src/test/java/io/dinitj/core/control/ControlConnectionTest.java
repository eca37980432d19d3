package io.dinitj.core.control;

import static io.dinitj.core.control.ControlFixture.hex;
import static io.dinitj.core.control.ControlFixture.load;
import static io.dinitj.core.control.ControlFixture.nameRequest;
import static io.dinitj.core.control.ControlFixture.send;
import static io.dinitj.core.control.ControlFixture.sendHex;
import static io.dinitj.core.control.ControlFixture.u32;
import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.TypeSettings;
import io.dinitj.api.protocol.TypeList;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.core.log.LogBuffer;
import io.dinitj.core.service.TestSets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-level tests of every command (docs/control-protocol.md §3 to §9, §12). */
class ControlConnectionTest {

    private static final String STARTED14 = "02020800000000000000 00000000".replace(" ", "");
    private static final String STARTED10 = "02020800000000000000";

    @TempDir
    Path dir;
    ControlFixture f;

    @BeforeEach
    void setUp() {
        f = new ControlFixture(dir);
        f.file("boot", "type = internal", "depends-on = critical", "depends-on = intermediary")
                .file("critical", "type = internal")
                .file("intermediary", "type = internal", "depends-on = critical")
                .file("svc", "type = internal")
                .file("other", "type = internal")
                .file("trig", "type = triggered")
                .file("w", "type = internal", "waits-for = svc")
                .file("bad", "type = internal", "nonsense-setting = 1")
                .file("needsbad", "type = internal", "depends-on = bad")
                .file("badcmd", "type = process", "command = /no/such/command")
                .file("needsbadcmd", "type = internal", "depends-on = badcmd")
                .file("waitsbadcmd", "type = internal", "waits-for = badcmd");
        f.fake.failExec("/no/such/command", ExecStage.DO_EXEC, 2);
    }

    /** The event packets (a v5/legacy pair per event) after the reply at {@code at}. */
    private static String eventsAfter(byte[] reply, int at) {
        StringBuilder b = new StringBuilder();
        for (int i = at + 1; i < reply.length; i += reply[i + 1] & 0xff) {
            if ((reply[i] & 0xff) == 0x65) {
                b.append(reply[i + 6]).append(' ');
            }
        }
        return b.toString().trim();
    }

    @Test
    void startWhoseExecFailsAtOnceRepliesBeforeTheFailureEvents() {
        // Upstream's dinitctl waits for FAILEDSTART after an ACK; sent before, it hung.
        ControlConnection c = f.connect();
        load(c, "badcmd");
        byte[] r = send(c, hex("03 00 00000000"));
        assertThat(r[0]).isEqualTo((byte) 0x32);
        assertThat(eventsAfter(r, 0)).isEqualTo("2 1"); // FAILEDSTART, STOPPED
        // FAILEDSTART's status: stop reason EXECFAILED, stage DO_EXEC (18), errno ENOENT
        assertThat(hex(r).substring(2, 2 + 42)).isEqualTo("6515" + "00000000" + "02"
                + "0100" + "00" + "04" + "1200" + "02000000" + "00000000");
        assertThat(r).hasSize(1 + 2 * 38);
    }

    @Test
    void startFailingThroughADependencyRepliesBeforeTheFailureEvents() {
        ControlConnection c = f.connect();
        load(c, "needsbadcmd");
        byte[] r = send(c, hex("03 00 00000000"));
        assertThat(r[0]).isEqualTo((byte) 0x32);
        assertThat(eventsAfter(r, 0)).isEqualTo("2 1");
        assertThat(f.rec("needsbadcmd").state()).isEqualTo(ServiceState.STOPPED);
    }

    @Test
    void wakeWhoseStartFailsAtOnceRepliesBeforeTheFailureEvents() {
        ControlConnection c = f.connect();
        load(c, "waitsbadcmd");
        send(c, hex("03 00 00000000"));
        assertThat(f.rec("waitsbadcmd").state()).isEqualTo(ServiceState.STARTED);
        load(c, "badcmd");
        byte[] r = send(c, hex("05 00 01000000"));
        assertThat(r[0]).isEqualTo((byte) 0x32);
        assertThat(eventsAfter(r, 0)).isEqualTo("2 1");
    }

    @Test
    void startThatSucceedsAtOnceKeepsItsEventsBeforeAlreadyss() {
        ControlConnection c = f.connect();
        load(c, "svc");
        byte[] r = send(c, hex("03 00 00000000"));
        assertThat(r[r.length - 1]).isEqualTo((byte) 0x3d);
    }

    @Test
    void queryVersion() {
        assertThat(sendHex(f.connect(), "00")).isEqualTo("3a01000700");
    }

    @Test
    void loadBootExampleBytes() {
        assertThat(sendHex(f.connect(), "02 0400 626f6f74")).isEqualTo("3b000000000000");
    }

    @Test
    void startInternalServiceGives39Bytes() {
        ControlConnection c = f.connect();
        assertThat(load(c, "svc")).isZero();
        String reply = sendHex(c, "03 00 00000000");
        assertThat(reply).isEqualTo("6515" + "00000000" + "00" + STARTED14
                + "6411" + "00000000" + "00" + STARTED10 + "3d");
        assertThat(reply.length() / 2).isEqualTo(39);
    }

    @Test
    void restartWithPreack() {
        ControlConnection c = f.connect();
        load(c, "svc");
        send(c, "03 00 00000000");
        String reply = sendHex(c, "04 86 00000000");
        String stoppedStatus14 = "01020800000000000000" + "00000000";
        String stoppedStatus10 = "01020800000000000000";
        assertThat(reply).isEqualTo("4f"
                + "6515" + "00000000" + "01" + stoppedStatus14
                + "6411" + "00000000" + "01" + stoppedStatus10
                + "6515" + "00000000" + "00" + STARTED14
                + "6411" + "00000000" + "00" + STARTED10
                + "3d");
    }

    /** A restarted service keeps its explicit activation ({@code [[+]} in the list). */
    @Test
    void restartKeepsExplicitActivation() {
        f.file("proc", "type = process", "command = /bin/proc");
        f.file("soft", "type = internal", "waits-for = proc");
        ControlConnection c = f.connect();
        int p = load(c, "proc");
        int i = load(c, "svc");
        send(c, "03 00 " + u32(p));
        send(c, "03 00 " + u32(i));
        send(c, "03 00 " + u32(load(c, "soft")));
        assertThat(send(c, hex("04 86 " + u32(p)))).startsWith(0x4f);
        assertThat(send(c, hex("04 86 " + u32(i)))).endsWith(0x3d);
        f.fake.advance(1_000_000_000L);
        assertThat(f.rec("proc").state()).isEqualTo(ServiceState.STARTED);
        assertThat(f.rec("proc").isExplicit()).isTrue();
        assertThat(f.rec("svc").isExplicit()).isTrue();
        assertThat(f.rec("proc").dependent(0).isHolding()).isTrue();
    }

    @Test
    void restartOfStoppedServiceIsNak() {
        ControlConnection c = f.connect();
        load(c, "svc");
        assertThat(sendHex(c, "04 06 00000000")).isEqualTo("33");
    }

    @Test
    void gentleStopListsDependentsWithNewHandles() {
        ControlConnection c = f.connect();
        assertThat(load(c, "boot")).isZero();
        send(c, "03 00 00000000");
        assertThat(load(c, "critical")).isEqualTo(1);
        assertThat(sendHex(c, "04 02 01000000"))
                .isEqualTo("41 0200000000000000 02000000 03000000".replace(" ", ""));
        // In the order the links were made: a service's links once its dependencies have
        // loaded, so intermediary's before boot's, as upstream (docs/control-protocol.md §6.3).
        assertThat(name(c, 2)).isEqualTo("intermediary");
        assertThat(name(c, 3)).isEqualTo("boot");
        assertThat(f.rec("critical").state()).isEqualTo(ServiceState.STARTED);
    }

    @Test
    void forcedStopStopsDependentsAndReportsEvents() {
        ControlConnection c = f.connect();
        load(c, "boot");
        send(c, "03 00 00000000");
        load(c, "critical");
        byte[] reply = send(c, hex("04 00 01000000"));
        // boot's STOPPED pair and critical's STOPPED pair precede the reply
        assertThat(reply[reply.length - 1]).isEqualTo((byte) 0x3d);
        assertThat(f.rec("boot").state()).isEqualTo(ServiceState.STOPPED);
        assertThat(reply.length).isEqualTo(2 * 38 + 1);
    }

    @Test
    void startStopWakeReleaseReplies() {
        ControlConnection c = f.connect();
        load(c, "svc");
        load(c, "w");
        // w waits-for svc: starting w starts svc; release svc keeps it (w holds it)
        assertThat(send(c, hex("03 00 01000000"))).endsWith(0x3d);
        // svc is not explicit and w holds it: it keeps running, so ACK rather than ALREADYSS
        assertThat(sendHex(c, "06 00 00000000")).isEqualTo("32");
        assertThat(f.rec("svc").state()).isEqualTo(ServiceState.STARTED);
    }

    @Test
    void wakeWithoutDependentsIsNakAndWithDependentsRestarts() {
        ControlConnection c = f.connect();
        load(c, "svc");
        assertThat(sendHex(c, "05 00 00000000")).isEqualTo("33");
        load(c, "w");
        send(c, "03 00 01000000");
        byte[] stop = send(c, hex("04 00 00000000"));
        assertThat(stop[stop.length - 1]).isEqualTo((byte) 0x3d);
        assertThat(f.rec("svc").state()).isEqualTo(ServiceState.STOPPED);
        byte[] wake = send(c, hex("05 00 00000000"));
        assertThat(wake[wake.length - 1]).isEqualTo((byte) 0x3d);
        assertThat(f.rec("svc").state()).isEqualTo(ServiceState.STARTED);
        assertThat(f.rec("svc").isExplicit()).isFalse();
    }

    @Test
    void releaseOfExplicitServiceStopsIt() {
        ControlConnection c = f.connect();
        load(c, "svc");
        send(c, "03 00 00000000");
        byte[] r = send(c, hex("06 00 00000000"));
        assertThat(r).hasSize(39);
        assertThat(r[38]).isEqualTo((byte) 0x3d);
        assertThat(sendHex(c, "06 00 00000000")).isEqualTo("3d");
    }

    @Test
    void pinsAndUnpin() {
        ControlConnection c = f.connect();
        load(c, "svc");
        send(c, "06 01 00000000"); // release + pin stopped
        assertThat(sendHex(c, "03 00 00000000")).isEqualTo("43");
        assertThat(sendHex(c, "05 00 00000000")).isEqualTo("43");
        assertThat(sendHex(c, "07 00000000")).isEqualTo("32");
        send(c, "03 01 00000000"); // start + pin started
        assertThat(sendHex(c, "04 00 00000000")).isEqualTo("44");
        assertThat(sendHex(c, "07 00000000")).isEqualTo("32");
        assertThat(send(c, hex("04 00 00000000"))).endsWith(0x3d);
    }

    @Test
    void shutdownRefusesStartsAndRestarts() {
        ControlConnection c = f.connect();
        load(c, "svc");
        assertThat(sendHex(c, "0a 02")).isEqualTo("32");
        assertThat(f.shutdown).isEqualTo(ShutdownType.HALT);
        assertThat(sendHex(c, "03 00 00000000")).isEqualTo("45");
        assertThat(sendHex(c, "05 00 00000000")).isEqualTo("45");
        assertThat(sendHex(c, "04 04 00000000")).isEqualTo("45");
    }

    @Test
    void shutdownTypeZeroOrSevenIsBadRequest() {
        ControlConnection c = f.connect();
        assertThat(sendHex(c, "0a 00 00")).isEqualTo("34");
        assertThat(c.isFinished()).isTrue();
        ControlConnection d = f.connect();
        assertThat(sendHex(d, "0a 07")).isEqualTo("34");
    }

    @Test
    void findServiceAllocatesLowestFreeHandles() {
        ControlConnection c = f.connect();
        assertThat(sendHex(c, "01 0300 737663")).isEqualTo("3c");
        assertThat(load(c, "svc")).isZero();
        assertThat(sendHex(c, "01 0300 737663")).isEqualTo("3b000100000000");
        assertThat(sendHex(c, "01 0300 737663")).isEqualTo("3b000200000000");
        assertThat(sendHex(c, "17 01000000")).isEqualTo("32");
        assertThat(sendHex(c, "01 0300 737663")).isEqualTo("3b000100000000");
        assertThat(sendHex(c, "01 0300 737663")).isEqualTo("3b000300000000");
    }

    @Test
    void loadFailures() {
        ControlConnection c = f.connect();
        assertThat(sendHex(c, hex(nameRequest(2, "missing")))).isEqualTo("3c");
        assertThat(sendHex(c, hex(nameRequest(2, "bad")))).isEqualTo("47");
        assertThat(sendHex(c, hex(nameRequest(2, "needsbad")))).isEqualTo("48");
        // As upstream: what its checks after reading find is a load error, not a description
        // error (docs/control-protocol.md §6.2): a missing command, an ordering cycle, a cycle.
        f.file("nocmd", "type = process");
        f.file("beforeself", "type = internal", "before = beforeself");
        f.file("afterself", "type = internal", "after = afterself");
        f.file("ac", "type = internal", "depends-on = ac1", "depends-on = ac2");
        f.file("ac1", "type = internal", "after = ac2");
        f.file("ac2", "type = internal", "after = ac1");
        f.file("cyc1", "type = internal", "depends-on = cyc2");
        f.file("cyc2", "type = internal", "depends-on = cyc1");
        f.file("badenv", "type = internal", "env-file = /no/such/env");
        f.file("badtype", "type = bogus");
        f.file("badandself", "type = internal", "before = badandself", "restart = maybe");
        for (String n : new String[] {"nocmd", "beforeself", "afterself", "ac", "cyc1",
            "badenv"}) {
            assertThat(sendHex(c, hex(nameRequest(2, n)))).as(n).isEqualTo("48");
        }
        // A fault in the text itself stays a description error, even with a cycle too.
        assertThat(sendHex(c, hex(nameRequest(2, "badtype")))).isEqualTo("47");
        assertThat(sendHex(c, hex(nameRequest(2, "badandself")))).isEqualTo("47");
        assertThat(f.logged).anyMatch(s -> s.contains("Could not load service missing: "
                + "service description not found."));
        assertThat(c.isEnding()).isFalse();
    }

    @Test
    void badNamesAndLengthsAreBadRequests() {
        assertThat(sendHex(f.connect(), "02 0000")).isEqualTo("34");
        assertThat(sendHex(f.connect(), "02 fe03")).isEqualTo("34");
        assertThat(sendHex(f.connect(), "02 0200 2e61")).isEqualTo("34");
        assertThat(sendHex(f.connect(), "01 0200 4061")).isEqualTo("34");
    }

    @Test
    void unknownCommandIsBadRequestAndLaterBytesAreIgnored() {
        ControlConnection c = f.connect();
        assertThat(sendHex(c, "00 1e 00")).isEqualTo("3a01000700" + "34");
        assertThat(c.isFinished()).isTrue();
        c.close();
        assertThat(f.server().connectionCount()).isZero();
        for (int op : new int[] {30, 50, 52, 99, 100, 255}) {
            assertThat(sendHex(f.connect(), String.format("%02x", op))).isEqualTo("34");
        }
    }

    @Test
    void unknownHandleIsBadRequestForStateCommands() {
        String[] requests = {"03 00 05000000", "04 00 05000000", "05 00 05000000",
            "06 00 05000000", "07 05000000", "09 05000000", "10 05000000", "17 05000000",
            "0b 00 05000000 06000000", "0c 00 05000000 06000000", "0e 00 05000000 06000000",
            "1d 00 05000000 06000000"};
        for (String r : requests) {
            ControlConnection c = f.connect();
            assertThat(sendHex(c, r)).as(r).isEqualTo("34");
            assertThat(c.isFinished()).as(r).isTrue();
        }
    }

    @Test
    void unknownHandleIsNakForQueries() {
        String[] requests = {"12 05000000", "1a 05000000", "1c 05000000", "0f 00 05000000",
            "13 05000000 01", "14 00 05000000", "15 09000000 05000000", "16 00 05000000",
            "1a ffffffff"};
        ControlConnection c = f.connect();
        for (String r : requests) {
            assertThat(sendHex(c, r)).as(r).isEqualTo("33");
        }
        assertThat(c.isEnding()).isFalse();
    }

    @Test
    void serviceStatusInThreeSizes() {
        ControlConnection c = f.connect();
        load(c, "svc");
        send(c, "03 00 00000000");
        assertThat(sendHex(c, "12 00000000")).isEqualTo("4600" + STARTED10);
        assertThat(sendHex(c, "1a 00000000")).isEqualTo("4600" + STARTED14);
        byte[] v6 = send(c, hex("1c 00000000"));
        assertThat(v6).hasSize(32);
        ByteBuffer b = ByteBuffer.wrap(v6).order(ByteOrder.LITTLE_ENDIAN);
        long sec = b.getLong(16);
        long nsec = b.getLong(24);
        long expected = f.rec("svc").description().source().modified()
                .to(java.util.concurrent.TimeUnit.NANOSECONDS);
        assertThat(sec * 1_000_000_000L + nsec).isEqualTo(expected);
        assertThat(sec).isPositive();
    }

    @Test
    void listInLoadOrderSkippingPlaceholders() {
        f.file("ord", "type = internal", "after = nothere");
        ControlConnection c = f.connect();
        load(c, "boot");
        load(c, "ord");
        byte[] list = send(c, hex("19"));
        ByteBuffer b = ByteBuffer.wrap(list);
        StringBuilder names = new StringBuilder();
        while (b.get(b.position()) == 0x3e) {
            b.get();
            int len = b.get() & 0xff;
            b.position(b.position() + 14);
            byte[] n = new byte[len];
            b.get(n);
            names.append(new String(n, StandardCharsets.UTF_8)).append(' ');
        }
        assertThat(names.toString()).isEqualTo("boot critical intermediary ord ");
        assertThat(b.get()).isEqualTo((byte) 0x3f);
        assertThat(b.hasRemaining()).isFalse();
        byte[] legacy = send(c, hex("08"));
        assertThat(legacy).hasSize(4 * 12 + "bootcriticalintermediaryord".length() + 1);
    }

    @Test
    void unloadAndReloadRefusedWhileAnotherConnectionHoldsAHandle() {
        ControlConnection a = f.connect();
        ControlConnection b = f.connect();
        load(a, "svc");
        load(b, "svc");
        assertThat(sendHex(a, "09 00000000")).isEqualTo("33");
        assertThat(sendHex(a, "10 00000000")).isEqualTo("33");
        b.close();
        assertThat(sendHex(a, "10 00000000")).isEqualTo("32");
        // reload released handle 0
        assertThat(sendHex(a, "1a 00000000")).isEqualTo("33");
        load(a, "svc");
        load(a, "svc");
        assertThat(sendHex(a, "09 00000000")).isEqualTo("32");
        assertThat(f.rec("svc")).isNull();
        assertThat(sendHex(a, "1a 01000000")).isEqualTo("33"); // released too
    }

    @Test
    void unloadOfRunningOrDependedOnServiceIsNak() {
        ControlConnection a = f.connect();
        load(a, "svc");
        send(a, "03 00 00000000");
        assertThat(sendHex(a, "09 00000000")).isEqualTo("33");
        load(a, "boot");
        load(a, "critical");
        assertThat(sendHex(a, "09 02000000")).isEqualTo("33");
    }

    @Test
    void eventsGoToEveryHandleOfEveryConnection() {
        ControlConnection a = f.connect();
        ControlConnection b = f.connect();
        load(a, "svc");
        load(b, "other");
        int h1 = load(b, "svc");
        int h2 = load(b, "svc");
        send(a, "03 00 00000000");
        byte[] got = send(b, new byte[0]);
        assertThat(got).hasSize(2 * 38);
        assertThat(hex(got)).startsWith("6515" + u32(h2)).contains("6515" + u32(h1));
    }

    @Test
    void dependencyCommands() {
        ControlConnection c = f.connect();
        int svc = load(c, "svc");
        int other = load(c, "other");
        String add = "0b 00 " + u32(other) + u32(svc);
        assertThat(sendHex(c, add)).isEqualTo("32");
        assertThat(sendHex(c, add)).isEqualTo("32"); // identical link reused
        // cycle
        assertThat(sendHex(c, "0b 02 " + u32(svc) + u32(other))).isEqualTo("33");
        assertThat(sendHex(c, "0c 00 " + u32(other) + u32(svc))).isEqualTo("32");
        assertThat(sendHex(c, "0c 00 " + u32(other) + u32(svc))).isEqualTo("33");
        // enable v7: other running, svc gets started for it
        send(c, "03 00 " + u32(other));
        byte[] en = send(c, hex("1d 02 " + u32(other) + u32(svc)));
        assertThat(hex(en)).endsWith("4600" + "02020000000000000000" + "00000000"
                + hex(java.util.Arrays.copyOfRange(en, en.length - 16, en.length)));
        assertThat(f.rec("svc").state()).isEqualTo(ServiceState.STARTED);
        assertThat(sendHex(f.connect(), "0b 01 00000000 00000000")).isEqualTo("34");
    }

    /** add-rm-dep and enable, as upstream (docs/control-protocol.md §6.8). */
    @Test
    void softLinksAtRunTimeAddRemoveAndEnable() {
        f.file("main", "type = internal", "waits-for = secondary")
                .file("secondary", "type = internal");
        ControlConnection c = f.connect();
        int main = load(c, "main");
        int sec = load(c, "secondary");
        send(c, "03 00 " + u32(main));
        assertThat(f.rec("secondary").state()).isEqualTo(ServiceState.STARTED);
        // rm-dep releases what the link held: secondary stops
        assertThat(send(c, hex("0c 02 " + u32(main) + u32(sec)))).endsWith(0x32);
        assertThat(f.rec("secondary").state()).isEqualTo(ServiceState.STOPPED);
        // add-dep only links: secondary stays stopped, the link does not hold
        assertThat(sendHex(c, "0b 02 " + u32(main) + u32(sec))).isEqualTo("32");
        assertThat(f.rec("secondary").state()).isEqualTo(ServiceState.STOPPED);
        assertThat(f.rec("main").dependency(0).isHolding()).isFalse();
        // wake works through the (non-holding) soft link of a started dependent
        assertThat(send(c, hex("05 00 " + u32(sec)))).endsWith(0x3d);
        assertThat(f.rec("secondary").state()).isEqualTo(ServiceState.STARTED);
        assertThat(f.rec("secondary").isExplicit()).isFalse();
        // enable over an existing link that does not hold: it starts the target
        send(c, "0c 02 " + u32(main) + u32(sec));
        send(c, "0b 02 " + u32(main) + u32(sec));
        assertThat(f.rec("secondary").state()).isEqualTo(ServiceState.STOPPED);
        byte[] en = send(c, hex("1d 02 " + u32(main) + u32(sec)));
        assertThat(f.rec("secondary").state()).isEqualTo(ServiceState.STARTED);
        assertThat(f.rec("main").dependency(0).isHolding()).isTrue();
        assertThat(f.rec("main").dependencyCount()).isEqualTo(1);
        // the reply says the link existed (byte 1) and gives secondary's status
        int at = en.length - 32;
        assertThat(hex(en).substring(2 * at, 2 * at + 8)).isEqualTo("46010202");
    }

    @Test
    void dependencyOnSameServiceOrBadTypeIsBadRequest() {
        ControlConnection c = f.connect();
        load(c, "svc");
        load(c, "svc");
        assertThat(sendHex(c, "0b 00 00000000 01000000")).isEqualTo("34");
        ControlConnection d = f.connect();
        load(d, "svc");
        load(d, "other");
        assertThat(sendHex(d, "0b 04 00000000 01000000")).isEqualTo("34");
    }

    @Test
    void serviceNameAndDirectoryAndLoadMechanism() {
        ControlConnection c = f.connect();
        load(c, "svc");
        assertThat(sendHex(c, "0f 00 00000000")).isEqualTo("4200 0300 737663".replace(" ", ""));
        byte[] d = dir.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(sendHex(c, "16 00 00000000")).isEqualTo("4d" + u32(d.length) + hex(d));
        assertThat(sendHex(c, "16 01 00000000")).isEqualTo("33");
        byte[] mech = send(c, hex("0d"));
        ByteBuffer b = ByteBuffer.wrap(mech).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.get()).isEqualTo((byte) 0x40);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.getInt()).isEqualTo(mech.length);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getInt()).isEqualTo(4);
        assertThat(hex(mech)).endsWith(hex("/cwd".getBytes(StandardCharsets.UTF_8))
                + u32(d.length) + hex(d) + u32(3) + hex("rel".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void environmentCommandsAndEvents() {
        f.env.put("HOME", "/root");
        ControlConnection listener = f.connect();
        assertThat(sendHex(listener, "1b")).isEqualTo("32");
        ControlConnection c = f.connect();
        assertThat(sendHex(c, "11 0300 413d31")).isEqualTo("32"); // A=1
        assertThat(f.env).containsEntry("A", "1");
        assertThat(sendHex(listener, "")).isEqualTo("660500 0400 413d3100".replace(" ", ""));
        assertThat(sendHex(c, "11 0300 413d32")).isEqualTo("32"); // A=2, existed
        assertThat(sendHex(listener, "")).isEqualTo("660501 0400 413d3200".replace(" ", ""));
        assertThat(sendHex(c, "11 0400 484f4d45")).isEqualTo("32"); // unset HOME
        assertThat(sendHex(listener, "")).isEqualTo("660501 0500 484f4d4500".replace(" ", ""));
        assertThat(f.env).doesNotContainKey("HOME");
        // the listener's own SETENV: event before ACK
        assertThat(sendHex(listener, "11 0100 42")).isEqualTo("660500 0200 4200".replace(" ", "")
                + "32");
        byte[] all = send(c, hex("18 00"));
        assertThat(all[0]).isEqualTo((byte) 0x4e);
        long total = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(1);
        assertThat(total).isEqualTo(all.length - 9).isEqualTo(4);
        assertThat(new String(all, 9, 4, StandardCharsets.UTF_8)).isEqualTo("A=2\0");
        assertThat(sendHex(f.connect(), "18 01")).isEqualTo("34");
        assertThat(sendHex(f.connect(), "11 0200 3d31")).isEqualTo("34");
        assertThat(sendHex(f.connect(), "11 0000")).isEqualTo("34");
        assertThat(sendHex(f.connect(), "11 fe03")).isEqualTo("34");
    }

    @Test
    void triggerCatlogSignal() {
        f.file("logged", "type = process", "command = /bin/true", "log-type = buffer");
        ControlConnection c = f.connect();
        int t = load(c, "trig");
        int s = load(c, "svc");
        assertThat(sendHex(c, "13 " + u32(t) + "01")).isEqualTo("32");
        assertThat(sendHex(c, "13 " + u32(s) + "01")).isEqualTo("33");
        assertThat(sendHex(c, "14 00 " + u32(s))).isEqualTo("33");
        int l = load(c, "logged");
        // Never run, so no buffer yet: an empty log, as upstream (not NAK)
        assertThat(sendHex(c, "14 00 " + u32(l))).isEqualTo("490000000000");
        assertThat(sendHex(c, "14 01 " + u32(l))).isEqualTo("490000000000");
        // An internal service has no output to buffer, whatever its log-type says
        f.file("ilogged", "type = internal", "log-type = buffer");
        assertThat(sendHex(c, "14 00 " + u32(load(c, "ilogged")))).isEqualTo("33");
        LogBuffer buf = new LogBuffer(64);
        byte[] text = "hello\n".getBytes(StandardCharsets.US_ASCII);
        buf.append(text, 0, text.length);
        f.buffers.put("logged", buf);
        assertThat(sendHex(c, "14 01 " + u32(l))).isEqualTo("4900 06000000 68656c6c6f0a"
                .replace(" ", ""));
        assertThat(sendHex(c, "14 00 " + u32(l))).isEqualTo("490000000000");
        assertThat(sendHex(c, "15 0f000000 " + u32(s))).isEqualTo("4a");
        send(c, "03 00 " + u32(l));
        int pid = f.rec("logged").pid();
        assertThat(pid).isPositive();
        assertThat(sendHex(c, "15 0f000000 " + u32(l))).isEqualTo("32");
        assertThat(f.signals).containsExactly(pid + " 15");
        f.signalResult = -22;
        assertThat(sendHex(c, "15 ff000000 " + u32(l))).isEqualTo("4b");
        f.signalResult = -1;
        assertThat(sendHex(c, "15 0f000000 " + u32(l))).isEqualTo("4c");
    }

    @Test
    void closeHandleUnknownIsBadRequest() {
        ControlConnection c = f.connect();
        load(c, "svc");
        assertThat(sendHex(c, "17 00000000")).isEqualTo("32");
        assertThat(sendHex(c, "17 00000000")).isEqualTo("34");
    }

    @Test
    void incompletePacketsWaitAndPipelinedPacketsAllRun() {
        ControlConnection c = f.connect();
        assertThat(sendHex(c, "02 0300 73")).isEmpty();
        assertThat(sendHex(c, "76")).isEmpty();
        assertThat(sendHex(c, "63 00 1a 000000")).isEqualTo("3b000000000000" + "3a01000700");
        assertThat(sendHex(c, "00")).isEqualTo("4600" + "00000000000000000000" + "00000000");
    }

    @Test
    void outputHighWaterStopsReadingUntilDrained() {
        ControlConnection c = f.connect();
        load(c, "svc");
        byte[] many = new byte[1000];
        java.util.Arrays.fill(many, (byte) 0x1a);
        for (int i = 0; i < many.length; i += 5) {
            many[i] = 0x1a;
            many[i + 1] = 0;
            many[i + 2] = 0;
            many[i + 3] = 0;
            many[i + 4] = 0;
        }
        int total = 0;
        for (int round = 0; round < 20; round++) {
            total += c.feed(many, 0, many.length);
        }
        assertThat(c.outputLength()).isGreaterThanOrEqualTo(ControlConnection.OUTPUT_HIGH_WATER)
                .isLessThan(ControlConnection.OUTPUT_HIGH_WATER + 16);
        assertThat(c.wantsInput()).isFalse();
        int queued = c.outputLength();
        c.consumed(queued);
        assertThat(c.outputLength()).isPositive(); // buffered requests ran after draining
        assertThat(total).isLessThan(20 * many.length);
    }

    @Test
    void closeReleasesRegistration() {
        ControlConnection a = f.connect();
        load(a, "svc");
        a.close();
        a.close();
        assertThat(f.server().connectionCount()).isZero();
        ControlConnection b = f.connect();
        load(b, "svc");
        assertThat(sendHex(b, "09 00000000")).isEqualTo("32");
    }

    @Test
    void dinitjDependenciesExtensionListsEdgesBothWays() {
        ControlConnection c = f.connect();
        assertThat(load(c, "boot")).isZero();
        // boot: depends-on critical, depends-on intermediary; not started, so not holding.
        assertThat(sendHex(c, "60 00 00000000")).isEqualTo(flat("60 02000000"
                + " 00 00 0800 " + hexOf("critical")
                + " 00 00 0c00 " + hexOf("intermediary")));
        send(c, "03 00 00000000");
        assertThat(load(c, "critical")).isEqualTo(1);
        // critical's dependents in link order: intermediary then boot, both holding now.
        assertThat(sendHex(c, "60 01 01000000")).isEqualTo(flat("60 02000000"
                + " 00 01 0c00 " + hexOf("intermediary")
                + " 00 01 0400 " + hexOf("boot")));
        assertThat(sendHex(c, "60 00 01000000")).isEqualTo("6000000000");
        assertThat(load(c, "w")).isEqualTo(2);
        assertThat(sendHex(c, "60 00 02000000")).isEqualTo(flat("60 01000000 02 00 0300 "
                + hexOf("svc")));
    }

    @Test
    void dinitjDependenciesUnknownHandleIsNakAndBadFlagsBadRequest() {
        ControlConnection c = f.connect();
        assertThat(sendHex(c, "60 00 07000000")).isEqualTo("33");
        load(c, "svc");
        assertThat(sendHex(c, "60 02 00000000")).isEqualTo("34");
        assertThat(c.isFinished()).isTrue();
    }

    /**
     * DJ_LIST_TYPES lists every type of the set's registry in name order: origin, clash,
     * capabilities as words, settings; the connection stays open.
     */
    @Test
    void dinitjListTypesExtensionListsTheRegistry() {
        ControlConnection c = f.connect();
        byte[] reply = HexFormat.of().parseHex(sendHex(c, "61"));
        assertThat(reply[0]).isEqualTo((byte) 97);
        assertThat(TypeList.length(reply, 0)).isEqualTo(reply.length - TypeList.DATA);
        List<TypeList.Entry> types = TypeList.decode(Arrays.copyOfRange(reply, TypeList.DATA,
                reply.length));
        assertThat(types).extracting(TypeList.Entry::name).isSorted().contains("internal",
                "process", "alpha");
        TypeList.Entry internal = types.stream().filter(t -> t.name().equals("internal"))
                .findFirst().orElseThrow();
        assertThat(internal).isEqualTo(new TypeList.Entry("internal", "class path", false,
                List.of("kill-all-on-stop"), List.of()));
        assertThat(types).filteredOn(TypeList.Entry::refused).extracting(TypeList.Entry::name)
                .containsExactly("alpha");
        assertThat(c.isFinished()).isFalse();
    }

    /** DJ_SERVICE_DETAIL: the behaviour's describe lines as key/value texts; none for most. */
    @Test
    void dinitjServiceDetailGivesDescribeLines() {
        f.server().graph.install(List.of(TestSets.described("d1", "describing",
                TypeSettings.none())));
        ControlConnection c = f.connect();
        assertThat(load(c, "d1")).isZero();
        assertThat(sendHex(c, "62 00000000")).isEqualTo(flat("62 01000000 0400 "
                + hexOf("Name") + " 0200 " + hexOf("d1")));
        assertThat(load(c, "svc")).isEqualTo(1);
        assertThat(sendHex(c, "62 01000000")).isEqualTo("6200000000");
        assertThat(sendHex(c, "62 07000000")).isEqualTo("33");
        assertThat(c.isFinished()).isFalse();
    }

    /**
     * The Dinit/J probe: QUERYSERVICEDSCDIR with reserved byte 0x4A is ACK whatever the handle
     * (upstream answers NAK); other non-zero reserved bytes stay NAK.
     */
    @Test
    void dinitjProbeIsAck() {
        ControlConnection c = f.connect();
        assertThat(sendHex(c, "16 4A 07000000")).isEqualTo("32");
        assertThat(load(c, "svc")).isZero();
        assertThat(sendHex(c, "16 4A 00000000")).isEqualTo("32");
        assertThat(sendHex(c, "16 01 00000000")).isEqualTo("33");
        assertThat(c.isFinished()).isFalse();
    }

    /** A timer's detail: next run, runs, missed runs, last run. */
    @Test
    void dinitjServiceDetailOfATimer() {
        f.file("tick", "type = internal");
        f.server().graph.install(List.of(TestSets.timer("clock", "tick", 1_000_000_000L)));
        ControlConnection c = f.connect();
        assertThat(load(c, "clock")).isZero();
        send(c, "03 00 00000000");
        f.fake.advance(1_200_000_000L);
        String reply = sendHex(c, "62 00000000");
        assertThat(reply).startsWith("6206000000")
                .contains(hexOf("Next run") + "0800" + hexOf("in 0.8 s"))
                .contains(hexOf("Runs") + "0100" + hexOf("1"))
                .contains(hexOf("Last run") + "0900" + hexOf("0.2 s ago"));
    }

    /** The kill-all-on-stop wrapper passes the detail of the behaviour it wraps. */
    @Test
    void dinitjServiceDetailThroughKillAllOnStop() {
        ServiceDescription d = TestSets.described("d2", "describing", TypeSettings.none());
        f.server().graph.install(List.of(new ServiceDescription(d.name(), d.type(), d.process(),
                d.restart(), d.log(), d.socket(), d.dependencies(),
                Set.of(ServiceOption.KILL_ALL_ON_STOP), d.loadOptions(), d.environment(),
                d.envFile(), d.chainTo(), d.consumerOf(), d.enableVia(), d.source(),
                d.typeSettings())));
        ControlConnection c = f.connect();
        assertThat(load(c, "d2")).isZero();
        assertThat(sendHex(c, "62 00000000")).isEqualTo(flat("62 01000000 0400 "
                + hexOf("Name") + " 0200 " + hexOf("d2")));
    }

    /** A describe that throws gives no lines and a warning; the connection carries on. */
    @Test
    void dinitjServiceDetailThatThrowsGivesNoLines() {
        f.server().graph.install(List.of(TestSets.described("throws1", "describing",
                TypeSettings.none())));
        ControlConnection c = f.connect();
        assertThat(load(c, "throws1")).isZero();
        assertThat(sendHex(c, "62 00000000")).isEqualTo("6200000000");
        assertThat(f.logged).anyMatch(l -> l.contains("throws1: service type 'describing' threw"
                + " from describe: java.lang.IllegalStateException: describe failed on purpose"));
        assertThat(sendHex(c, "62 00000000")).isEqualTo("6200000000");
    }

    private static String flat(String s) {
        return s.replace(" ", "");
    }

    private static String hexOf(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }

    private static String name(ControlConnection c, int h) {
        byte[] r = send(c, hex("0f 00 " + u32(h)));
        return new String(r, 4, r.length - 4, StandardCharsets.UTF_8);
    }
}
