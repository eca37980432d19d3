package io.dinitj.shell.ctl;

import static io.dinitj.shell.ctl.FakeServer.cat;
import static io.dinitj.shell.ctl.FakeServer.hex;
import static io.dinitj.shell.ctl.FakeServer.status5;
import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.shell.ctl.passedfd.PassedFd;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --use-passed-cfd}: dinitctl talks over the connected socket whose number is in
 * {@code DINIT_CS_FD}, as a service with {@code pass-cs-fd} gets it from the daemon. Here the
 * test plays the daemon on one end of a socketpair and hands the other to a dinitctl child
 * process (posix_spawn, so the descriptor is inherited; the JDK's ProcessBuilder closes it).
 */
class PassedCfdTest {

    /** The libc calls the test needs to make and hand over a socketpair. */
    public interface Libc {
        /**
         * socketpair(2).
         *
         * @param domain AF_UNIX
         * @param type SOCK_STREAM
         * @param protocol 0
         * @param sv the two descriptors
         * @return 0 or -1
         */
        int socketpair(int domain, int type, int protocol, @Out int[] sv);

        /**
         * posix_spawn(3) with no file actions or attributes.
         *
         * @param pid the child's pid
         * @param path the program
         * @param actions null
         * @param attr null
         * @param argv the arguments
         * @param envp the environment
         * @return 0 or an error number
         */
        int posix_spawn(@Out int[] pid, String path, Pointer actions, Pointer attr,
                String[] argv, String[] envp);

        /**
         * waitpid(2).
         *
         * @param pid the child
         * @param status its wait status
         * @param options 0
         * @return the pid or -1
         */
        int waitpid(int pid, @Out int[] status, int options);

        /**
         * close(2).
         *
         * @param fd the descriptor
         * @return 0 or -1
         */
        int close(int fd);
    }

    @TempDir
    Path tmp;

    /** A dinitctl child process lists the services over the inherited socket. */
    @Test
    void childProcess_usesTheInheritedSocket() throws Exception {
        Libc libc = LibraryLoader.create(Libc.class).load("c");
        int[] sv = new int[2];
        assertThat(libc.socketpair(1, 1, 0, sv)).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        String[] argv = {"/bin/sh", "-c", "exec \"$0\" -cp \"$1\" io.dinitj.shell.ctl.Dinitctl"
                + " --use-passed-cfd list >\"$2\" 2>\"$3\"", java,
            System.getProperty("java.class.path"), out.toString(), err.toString(), null};
        // No socket path at all: were the descriptor not used, the connection would fail.
        String[] envp = {"DINIT_CS_FD=" + sv[1], "DINIT_SOCKET_PATH=" + tmp.resolve("none"),
            "PATH=/usr/bin:/bin", null};
        int[] pid = new int[1];
        assertThat(libc.posix_spawn(pid, "/bin/sh", null, null, argv, envp)).isZero();
        libc.close(sv[1]);
        try (ByteChannel daemon = PassedFd.adopt(sv[0])) {
            assertThat(read(daemon, 1)).isEqualTo(hex("00"));
            daemon.write(ByteBuffer.wrap(hex("3A 01 00 07 00")));
            assertThat(read(daemon, 1)).isEqualTo(hex("19"));
            byte[] name = "boot".getBytes(StandardCharsets.UTF_8);
            daemon.write(ByteBuffer.wrap(cat(new byte[] {0x3E, (byte) name.length},
                    status5(2, 2, 8, 0, 0, 0, 0), name, hex("3F"))));
            int[] status = new int[1];
            assertThat(libc.waitpid(pid[0], status, 0)).isEqualTo(pid[0]);
            assertThat(Files.readString(err)).isEmpty();
            assertThat(status[0]).isZero();
            assertThat(Files.readString(out)).isEqualTo("[[+]     ] boot\n");
        }
    }

    private static byte[] read(ByteChannel ch, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                break;
            }
        }
        byte[] got = new byte[b.position()];
        b.flip().get(got);
        return got;
    }

    /** A descriptor that is not open fails the first write, with upstream's text. */
    @Test
    void closedDescriptor_failsToWrite() {
        CtlRun r = CtlRun.of(Map.of("DINIT_CS_FD", "987654"), "--use-passed-cfd", "list");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dinitctl: control socket write error: Bad file"
                + " descriptor\n");
    }

    /** Without a number in DINIT_CS_FD, dinitctl connects as usual, as upstream. */
    @Test
    void noNumber_connectsAsUsual() {
        for (String v : new String[] {"x", "", " "}) {
            CtlRun r = CtlRun.of(Map.of("DINIT_CS_FD", v, "DINIT_SOCKET_PATH",
                    tmp.resolve("none").toString()), "--use-passed-cfd", "list");
            assertThat(r.err()).startsWith("dinitctl: connecting to socket: ");
        }
        assertThat(Dinitctl.passedFd(null)).isEqualTo(-1);
        assertThat(Dinitctl.passedFd(" 7x")).isEqualTo(7);
        assertThat(Dinitctl.passedFd("+12")).isEqualTo(12);
        assertThat(Dinitctl.passedFd("-")).isEqualTo(-1);
        assertThat(Dinitctl.passedFd("-3")).isEqualTo(Integer.MAX_VALUE);
    }
}
