package io.dinitj.api.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dinitj.api.service.DependencyKind;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.service.StopReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each packet layout once: encoded at an offset it gives the bytes of docs/control-protocol.md
 * (sections 4 and 6), and its readers give the fields back from those bytes.
 */
class CodecTest {

    /** Where every packet is written, so that offsets are exercised, not just index 0. */
    private static final int AT = 3;

    private static byte[] buffer() {
        return new byte[128];
    }

    private static String hex(byte[] b, int end) {
        return HexFormat.of().formatHex(Arrays.copyOfRange(b, AT, end));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Type-only requests and replies are their code. */
    @Test
    void bare() {
        byte[] b = buffer();
        assertThat(hex(b, Requests.Bare.encode(b, AT, Codes.Cmd.LISTSERVICES5))).isEqualTo("19");
        assertThat(hex(b, Replies.Bare.encode(b, AT, Codes.Reply.ACK))).isEqualTo("32");
    }

    /** FIND/LOAD/SETENV: u16 length then the bytes. */
    @Test
    void named() {
        byte[] b = buffer();
        byte[] name = bytes("xsvcx");
        int end = Requests.Named.encode(b, AT, Codes.Cmd.LOADSERVICE, name, 1, 3);
        assertThat(hex(b, end)).isEqualTo("020300737663");
        assertThat(end - AT).isEqualTo(Requests.Named.size(3));
        assertThat(Requests.Named.length(b, AT)).isEqualTo(3);
        assertThat(new String(b, AT + Requests.Named.DATA, 3, StandardCharsets.UTF_8))
                .isEqualTo("svc");
    }

    /** START etc.: flags then handle. */
    @Test
    void flagsHandle() {
        byte[] b = buffer();
        int end = Requests.FlagsHandle.encode(b, AT, Codes.Cmd.STOPSERVICE,
                Codes.FLAG_RESTART | Codes.FLAG_PREACK | Codes.FLAG_GENTLE, 0x01020304);
        assertThat(hex(b, end)).isEqualTo("048604030201");
        assertThat(Requests.FlagsHandle.flags(b, AT)).isEqualTo(0x86);
        assertThat(Requests.FlagsHandle.handle(b, AT)).isEqualTo(0x01020304);
    }

    /** Handle-only requests. */
    @Test
    void handle() {
        byte[] b = buffer();
        int end = Requests.Handle.encode(b, AT, Codes.Cmd.SERVICESTATUS6, 7);
        assertThat(hex(b, end)).isEqualTo("1c07000000");
        assertThat(Requests.Handle.handle(b, AT)).isEqualTo(7);
    }

    /** SHUTDOWN and GETALLENV: one byte argument. */
    @Test
    void byteArgument() {
        byte[] b = buffer();
        int end = Requests.ByteArgument.encode(b, AT, Codes.Cmd.SHUTDOWN,
                ShutdownType.HALT.code());
        assertThat(hex(b, end)).isEqualTo("0a02");
        assertThat(EnumCodes.shutdownType(Requests.ByteArgument.value(b, AT)))
                .isEqualTo(ShutdownType.HALT);
    }

    /** ADD_DEP etc.: kind, from, to. */
    @Test
    void dependency() {
        byte[] b = buffer();
        int end = Requests.Dependency.encode(b, AT, Codes.Cmd.ENABLE_SERVICE_V7,
                DependencyKind.WAITS_FOR.code(), 1, 2);
        assertThat(hex(b, end)).isEqualTo("1d020100000002000000");
        assertThat(EnumCodes.linkableKind(Requests.Dependency.kind(b, AT)))
                .isEqualTo(DependencyKind.WAITS_FOR);
        assertThat(Requests.Dependency.from(b, AT)).isEqualTo(1);
        assertThat(Requests.Dependency.to(b, AT)).isEqualTo(2);
    }

    /** SETTRIGGER puts the handle before the value, SIGNAL the signal before the handle. */
    @Test
    void triggerAndSignal() {
        byte[] b = buffer();
        int end = Requests.Trigger.encode(b, AT, 5, true);
        assertThat(hex(b, end)).isEqualTo("130500000001");
        assertThat(Requests.Trigger.handle(b, AT)).isEqualTo(5);
        assertThat(Requests.Trigger.set(b, AT)).isTrue();
        end = Requests.Signal.encode(b, AT, 15, 2);
        assertThat(hex(b, end)).isEqualTo("150f00000002000000");
        assertThat(Requests.Signal.signal(b, AT)).isEqualTo(15);
        assertThat(Requests.Signal.handle(b, AT)).isEqualTo(2);
    }

    /** CPVERSION: exactly {@code 3A 01 00 07 00} (section 3). */
    @Test
    void version() {
        byte[] b = buffer();
        int end = Replies.Version.encode(b, AT, Codes.MIN_VERSION, Codes.VERSION);
        assertThat(hex(b, end)).isEqualTo("3a01000700");
        assertThat(Replies.Version.min(b, AT)).isEqualTo(1);
        assertThat(Replies.Version.current(b, AT)).isEqualTo(7);
    }

    /** SERVICERECORD: state, handle, target. */
    @Test
    void serviceRecord() {
        byte[] b = buffer();
        int end = Replies.ServiceRecord.encode(b, AT, ServiceState.STARTED.code(), 1,
                ServiceState.STARTED.code());
        assertThat(hex(b, end)).isEqualTo("3b020100000002");
        assertThat(EnumCodes.state(Replies.ServiceRecord.state(b, AT)))
                .isEqualTo(ServiceState.STARTED);
        assertThat(Replies.ServiceRecord.handle(b, AT)).isEqualTo(1);
        assertThat(Replies.ServiceRecord.target(b, AT)).isEqualTo(2);
    }

    /** SVCINFO: name length, status, name. */
    @Test
    void listEntry() {
        byte[] b = buffer();
        int p = Replies.ListEntry.encodeHeader(b, AT, 3);
        ServiceStatus st = new ServiceStatus(0, 0, 0, 0, 0, 0, 0, 0, 0);
        p = st.encode(b, p, ServiceStatus.LEGACY_SIZE);
        p = Wire.putBytes(b, p, bytes("svc"), 0, 3);
        assertThat(hex(b, p)).isEqualTo("3e0300000000000000000000737663");
        assertThat(p - AT).isEqualTo(Replies.ListEntry.size(ServiceStatus.LEGACY_SIZE, 3));
        assertThat(Replies.ListEntry.nameLength(b, AT)).isEqualTo(3);
        assertThat(ServiceStatus.decode(b, AT + Replies.ListEntry.STATUS,
                ServiceStatus.LEGACY_SIZE)).isEqualTo(st);
    }

    /** DEPENDENTS: a size_t count and u32 handles. */
    @Test
    void dependents() {
        byte[] b = buffer();
        int p = Replies.Dependents.encodeHeader(b, AT, 2);
        p = Replies.Dependents.encodeHandle(b, p, 1);
        p = Replies.Dependents.encodeHandle(b, p, 2);
        assertThat(hex(b, p)).isEqualTo("4102000000000000000100000002000000");
        assertThat(p - AT).isEqualTo(Replies.Dependents.size(2));
        assertThat(Replies.Dependents.count(b, AT)).isEqualTo(2);
        assertThat(Replies.Dependents.handle(b, AT + Replies.Dependents.HANDLES, 1)).isEqualTo(2);
    }

    /** SERVICENAME, SVCDSCDIR, SERVICE_LOG: lengths before the bytes. */
    @Test
    void nameDirectoryAndLog() {
        byte[] b = buffer();
        int end = Replies.ServiceName.encode(b, AT, bytes("svc"), 3);
        assertThat(hex(b, end)).isEqualTo("42000300737663");
        assertThat(Replies.ServiceName.length(b, AT)).isEqualTo(3);
        end = Replies.DescriptionDirectory.encode(b, AT, bytes("/sd"), 3);
        assertThat(hex(b, end)).isEqualTo("4d030000002f7364");
        assertThat(Replies.DescriptionDirectory.length(b, AT)).isEqualTo(3);
        end = Replies.ServiceLog.encodeHeader(b, AT, 4);
        assertThat(hex(b, end)).isEqualTo("490004000000");
        assertThat(Replies.ServiceLog.length(b, AT)).isEqualTo(4);
    }

    /** SERVICESTATUS: reserved byte, then the status. */
    @Test
    void statusReply() {
        byte[] b = buffer();
        int p = Replies.Status.encodeHeader(b, AT, Codes.LINK_EXISTED);
        assertThat(p - AT).isEqualTo(Replies.Status.STATUS);
        assertThat(hex(b, p)).isEqualTo("4601");
    }

    /** ALLENV: size_t length counting each NUL, entries {@code NAME=VALUE\0}. */
    @Test
    void allEnv() {
        byte[] b = buffer();
        int total = Replies.AllEnv.entrySize(1, 2);
        int p = Replies.AllEnv.encodeHeader(b, AT, total);
        p = Replies.AllEnv.encodeEntry(b, p, bytes("A"), bytes("bc"));
        assertThat(hex(b, p)).isEqualTo("4e0500000000000000413d626300");
        assertThat(Replies.AllEnv.length(b, AT)).isEqualTo(5);
    }

    /** LOADER_MECH: type 1, total, count, cwd, then each directory. */
    @Test
    void loaderMechanism() {
        byte[] b = buffer();
        int total = Replies.LoaderMechanism.CWD + 1 + Replies.LoaderMechanism.DIRECTORY_HEADER + 2;
        int p = Replies.LoaderMechanism.encodeHeader(b, AT, total, 1, 1);
        p = Wire.putBytes(b, p, bytes("/"), 0, 1);
        p = Replies.LoaderMechanism.encodeDirectory(b, p, bytes("sd"));
        assertThat(hex(b, p)).isEqualTo("400115000000010000000100000" + "02f020000007364");
        assertThat(p - AT).isEqualTo(total);
        assertThat(Replies.LoaderMechanism.total(b, AT)).isEqualTo(total);
        assertThat(Replies.LoaderMechanism.directories(b, AT)).isEqualTo(1);
        assertThat(Replies.LoaderMechanism.cwdLength(b, AT)).isEqualTo(1);
    }

    /** DJ_DEPENDENCIES: count, then kind, flags, name per edge. */
    @Test
    void edges() {
        byte[] b = buffer();
        int p = Replies.Edges.encodeHeader(b, AT, 1);
        int edge = p;
        p = Replies.Edges.encodeEdge(b, p, DependencyKind.MILESTONE.code(), true, true,
                bytes("svc"), 3);
        assertThat(hex(b, p)).isEqualTo("6001000000" + "03030300737663");
        assertThat(Replies.Edges.count(b, AT)).isEqualTo(1);
        assertThat(EnumCodes.dependencyKind(Replies.Edges.kind(b, edge)))
                .isEqualTo(DependencyKind.MILESTONE);
        assertThat(Replies.Edges.flags(b, edge))
                .isEqualTo(Replies.Edges.HOLDING | Replies.Edges.PLACEHOLDER);
        assertThat(Replies.Edges.nameLength(b, edge)).isEqualTo(3);
    }

    /**
     * DJ_LIST_TYPES (a Dinit/J extension): a bare request; the reply's exact bytes, and the
     * same types back from them.
     */
    @Test
    void listTypes() {
        byte[] b = buffer();
        assertThat(hex(b, Requests.Bare.encode(b, AT, Codes.Cmd.DJ_LIST_TYPES))).isEqualTo("61");
        List<TypeList.Entry> types = List.of(
                new TypeList.Entry("t", "class path", false, List.of("pid-file"),
                        List.of(new TypeList.Setting("every", true, false, "how often"))),
                new TypeList.Entry("d", "/a.jar, /b.jar", true, List.of(), List.of()));
        byte[] reply = TypeList.encode(types);
        assertThat(HexFormat.of().formatHex(reply)).isEqualTo("61" + "4a000000" + "02000000"
                + "00" + "0100" + "74" + "0a00" + "636c6173732070617468" + "01" + "08"
                + "7069642d66696c65" + "0100" + "01" + "0500" + "6576657279" + "0900"
                + "686f77206f6674656e"
                + "01" + "0100" + "64" + "0e00" + "2f612e6a61722c202f622e6a6172" + "00" + "0000");
        assertThat(TypeList.length(reply, 0)).isEqualTo(reply.length - TypeList.DATA);
        assertThat(TypeList.decode(Arrays.copyOfRange(reply, TypeList.DATA, reply.length)))
                .isEqualTo(types);
    }

    /** A type list cut short, or with bytes after it, is refused, not misread. */
    @Test
    void listTypes_malformedDataIsRefused() {
        byte[] reply = TypeList.encode(List.of(new TypeList.Entry("t", "o", false, List.of(),
                List.of())));
        byte[] data = Arrays.copyOfRange(reply, TypeList.DATA, reply.length);
        assertThatThrownBy(() -> TypeList.decode(Arrays.copyOf(data, data.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> TypeList.decode(Arrays.copyOf(data, data.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after");
        assertThatThrownBy(() -> TypeList.decode(HexFormat.of().parseHex("ffffffff")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    }

    /** DJ_SERVICE_DETAIL: the request is a handle; the reply a count, then key and value. */
    @Test
    void serviceDetail() {
        byte[] b = buffer();
        int p = Requests.Handle.encode(b, AT, Codes.Cmd.DJ_SERVICE_DETAIL, 7);
        assertThat(hex(b, p)).isEqualTo("6207000000");
        p = Replies.Detail.encodeHeader(b, AT, 1);
        int line = p;
        p = Replies.Detail.encodeText(b, p, bytes("Runs"), 4);
        int value = p;
        p = Replies.Detail.encodeText(b, p, bytes("12"), 2);
        assertThat(hex(b, p)).isEqualTo("6201000000" + "040052756e73" + "02003132");
        assertThat(Replies.Detail.count(b, AT)).isEqualTo(1);
        assertThat(Replies.Detail.textLength(b, line)).isEqualTo(4);
        assertThat(Replies.Detail.textLength(b, value)).isEqualTo(2);
        assertThat(value - line).isEqualTo(Replies.Detail.TEXT + 4);
    }

    /** SERVICEEVENT5 and SERVICEEVENT: the length byte is the packet's size. */
    @Test
    void serviceEvents() {
        byte[] b = buffer();
        ServiceStatus st = new ServiceStatus(2, 2, ServiceStatus.MARKED_ACTIVE, 0, 0, 0, 0, 0, 0);
        int p = InfoPackets.ServiceEvent.encodeHeader(b, AT, true, 1, 0);
        p = st.encode(b, p, ServiceStatus.V5_SIZE);
        assertThat(hex(b, p)).isEqualTo("651501000000000202080000000000000000000000");
        assertThat(InfoPackets.length(b, AT)).isEqualTo(InfoPackets.ServiceEvent.V5_SIZE);
        assertThat(InfoPackets.ServiceEvent.handle(b, AT)).isEqualTo(1);
        assertThat(InfoPackets.ServiceEvent.event(b, AT)).isZero();
        assertThat(InfoPackets.ServiceEvent.statusSize(Codes.Info.SERVICEEVENT5, p - AT))
                .isEqualTo(ServiceStatus.V5_SIZE);
        p = InfoPackets.ServiceEvent.encodeHeader(b, AT, false, 1, 1);
        p = st.encode(b, p, ServiceStatus.LEGACY_SIZE);
        assertThat(hex(b, p)).isEqualTo("6411010000000102020800000000000000");
        assertThat(InfoPackets.ServiceEvent.statusSize(Codes.Info.SERVICEEVENT, p - AT))
                .isEqualTo(ServiceStatus.LEGACY_SIZE);
        assertThat(InfoPackets.ServiceEvent.statusSize(Codes.Info.SERVICEEVENT, 16)).isZero();
    }

    /** ENVEVENT: length byte 5 (the header only), flags, data length with the NUL. */
    @Test
    void envEvent() {
        byte[] b = buffer();
        int end = InfoPackets.EnvEvent.encode(b, AT, true, bytes("A=b"), 0, 3);
        assertThat(hex(b, end)).isEqualTo("66050104" + "00413d6200");
        assertThat(InfoPackets.length(b, AT)).isEqualTo(InfoPackets.EnvEvent.DATA);
        assertThat(InfoPackets.EnvEvent.flags(b, AT)).isEqualTo(InfoPackets.EnvEvent.EXISTED);
        assertThat(InfoPackets.EnvEvent.dataLength(b, AT)).isEqualTo(4);
    }

    /** Each enum's code maps back to it; unknown codes map to null. */
    @Test
    void enumCodesRoundTrip() {
        for (ServiceState s : ServiceState.values()) {
            assertThat(EnumCodes.state(s.code())).isEqualTo(s);
        }
        for (StopReason r : StopReason.values()) {
            assertThat(EnumCodes.stopReason(r.code())).isEqualTo(r);
        }
        for (DependencyKind k : DependencyKind.values()) {
            assertThat(EnumCodes.dependencyKind(k.code())).isEqualTo(k);
        }
        for (ExecStage s : ExecStage.values()) {
            assertThat(EnumCodes.execStage(s.code())).isEqualTo(s);
        }
        assertThat(EnumCodes.state(4)).isNull();
        assertThat(EnumCodes.execStage(13)).isNull();
        assertThat(EnumCodes.linkableKind(DependencyKind.SOFT.code())).isNull();
        assertThat(EnumCodes.event(5)).isNull();
    }
}
