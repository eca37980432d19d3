package io.dinitj.core.control;

import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.core.graph.ServiceGraph;
import io.dinitj.core.log.LogBuffer;
import io.dinitj.core.service.ServiceRecord;
import io.dinitj.core.service.ServiceSet;
import io.dinitj.core.service.TestSets;
import io.dinitj.core.type.ServiceTypes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A service set on a fake platform with a control server, for byte-level tests. */
final class ControlFixture implements ControlHooks {

    final Path dir;
    final FakePlatform fake = new FakePlatform();
    final Map<String, String> env = new HashMap<>();
    final List<String> logged = new ArrayList<>();
    final Map<String, LogBuffer> buffers = new HashMap<>();
    final List<String> signals = new ArrayList<>();
    ShutdownType shutdown;
    int signalResult;
    private ServiceSet set;
    private ControlServer server;

    /** The service types; discovered when the set is made unless given. */
    private final ServiceTypes types;

    ControlFixture(Path dir) {
        this(dir, null);
    }

    ControlFixture(Path dir, ServiceTypes types) {
        this.dir = dir;
        this.types = types;
    }

    ControlFixture file(String name, String... lines) {
        TestSets.write(dir, name, lines);
        return this;
    }

    ServiceSet set() {
        if (set == null) {
            ServiceGraph graph = types == null ? TestSets.create(dir, env, fake)
                    : TestSets.create(dir, env, fake, types);
            set = graph.set();
            server = new ControlServer(graph, env, this);
        }
        return set;
    }

    ControlServer server() {
        set();
        return server;
    }

    ControlConnection connect() {
        return server().open();
    }

    /** Sends bytes (all of them, draining output as needed) and returns all output. */
    static byte[] send(ControlConnection c, byte[] request) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int off = 0;
        while (off < request.length) {
            int n = c.feed(request, off, request.length - off);
            off += n;
            got.write(c.outputArray(), c.outputOffset(), c.outputLength());
            c.consumed(c.outputLength());
            if (n == 0 && !c.wantsInput()) {
                break;
            }
        }
        got.write(c.outputArray(), c.outputOffset(), c.outputLength());
        c.consumed(c.outputLength());
        return got.toByteArray();
    }

    static byte[] send(ControlConnection c, String hex) {
        return send(c, hex(hex));
    }

    static String sendHex(ControlConnection c, String hex) {
        return hex(send(c, hex(hex)));
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] nameRequest(int op, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] r = new byte[3 + n.length];
        r[0] = (byte) op;
        r[1] = (byte) n.length;
        r[2] = (byte) (n.length >> 8);
        System.arraycopy(n, 0, r, 3, n.length);
        return r;
    }

    /** LOADs a service and returns its handle. */
    static int load(ControlConnection c, String name) {
        byte[] reply = send(c, nameRequest(2, name));
        if (reply.length != 7 || reply[0] != 0x3B) {
            throw new AssertionError("load " + name + ": " + hex(reply));
        }
        return (reply[2] & 0xff) | (reply[3] & 0xff) << 8;
    }

    static String u32(int v) {
        return String.format("%02x%02x%02x%02x", v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
                (v >>> 24) & 0xff);
    }

    ServiceRecord rec(String name) {
        return set().find(name);
    }

    @Override
    public LogBuffer logBuffer(ServiceRecord service) {
        return buffers.get(service.name());
    }

    @Override
    public int signal(int pid, int signo) {
        signals.add(pid + " " + signo);
        return signalResult;
    }

    @Override
    public void shutdown(ShutdownType type) {
        shutdown = type;
        set.stopAll(type);
    }

    @Override
    public String workingDirectory() {
        return "/cwd";
    }

    @Override
    public List<String> serviceDirectories() {
        return List.of(dir.toString(), "rel");
    }

    @Override
    public void log(LogLevel level, String message) {
        logged.add(level + " " + message);
    }
}
