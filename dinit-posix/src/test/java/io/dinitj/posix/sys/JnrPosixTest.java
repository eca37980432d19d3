package io.dinitj.posix.sys;

import io.dinitj.api.spi.Errno;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.dinitj.posix.sys.PosixTesting.NATIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JnrPosixTest {

    /** Reads {@code flags:} (octal) from /proc/self/fdinfo. */
    private static int fdFlags(int fd) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring(6).trim(), 8);
            }
        }
        throw new AssertionError("no flags for fd " + fd);
    }

    /** get() is one instance. */
    @Test
    void getIsASingleton() {
        assertThat(JnrPosix.get()).isSameAs(NATIVE);
    }

    /** pipe(): both ends close-on-exec, the read end non-blocking, the write end blocking. */
    @Test
    void pipe_readEndNonBlocking_writeEndBlocking_bothCloexec() throws Exception {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            int[] p = cl.pipe();
            assertThat(fdFlags(p[0]) & JnrPosix.O_NONBLOCK).isEqualTo(JnrPosix.O_NONBLOCK);
            assertThat(fdFlags(p[1]) & JnrPosix.O_NONBLOCK).isZero();
            assertThat(fdFlags(p[0]) & JnrPosix.O_CLOEXEC).isEqualTo(JnrPosix.O_CLOEXEC);
            assertThat(fdFlags(p[1]) & JnrPosix.O_CLOEXEC).isEqualTo(JnrPosix.O_CLOEXEC);
        }
    }

    /** read(): -EAGAIN when empty, the bytes at an offset, then 0 at end of file. */
    @Test
    void readWrite_throughAPipe() {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            int[] p = cl.pipe();
            byte[] buf = new byte[16];
            assertThat(NATIVE.read(p[0], buf, 0, buf.length)).isEqualTo(-Errno.EAGAIN);
            byte[] msg = "xxhelloxx".getBytes(StandardCharsets.US_ASCII);
            assertThat(NATIVE.write(p[1], msg, 2, 5)).isEqualTo(5);
            assertThat(NATIVE.read(p[0], buf, 3, 10)).isEqualTo(5);
            assertThat(new String(buf, 3, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
            cl.close(p[1]);
            assertThat(NATIVE.read(p[0], buf, 0, buf.length)).isZero();
        }
    }

    /** A write larger than the 64 KiB block is a partial write, never an overflow. */
    @Test
    void write_isCappedAtTheBufferSize() {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            int fd = cl.fd(NATIVE.open("/dev/null", Posix.O_WRONLY, 0));
            assertThat(NATIVE.write(fd, new byte[200_000], 0, 200_000))
                    .isEqualTo(JnrPosix.BUFFER_SIZE);
        }
    }

    /** Errors come back as -errno, never as exceptions; bad ranges do throw. */
    @Test
    void errors_areNegativeErrno() {
        byte[] buf = new byte[4];
        assertThat(NATIVE.close(-1)).isEqualTo(-Errno.EBADF);
        assertThat(NATIVE.read(-1, buf, 0, 4)).isEqualTo(-Errno.EBADF);
        assertThat(NATIVE.write(-1, buf, 0, 4)).isEqualTo(-Errno.EBADF);
        assertThat(NATIVE.open("/no/such/file", Posix.O_RDONLY, 0)).isEqualTo(-Errno.ENOENT);
        assertThat(NATIVE.fchmod(-1, 0600)).isEqualTo(-Errno.EBADF);
        assertThat(NATIVE.fchown(-1, -1, -1)).isEqualTo(-Errno.EBADF);
        assertThat(NATIVE.kill(Integer.MAX_VALUE, 0)).isEqualTo(-Errno.ESRCH);
        assertThat(NATIVE.killpg(Integer.MAX_VALUE, 0)).isEqualTo(-Errno.ESRCH);
        assertThat(NATIVE.resetSignalToDefault(9)).isEqualTo(-Errno.EINVAL);
        assertThatThrownBy(() -> NATIVE.read(0, buf, 2, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** open() adds O_CLOEXEC; fchmod and fchown act on the file. */
    @Test
    void open_isCloexec_fchmodFchown(@TempDir Path dir) throws Exception {
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            Path f = dir.resolve("f");
            int fd = cl.create(f);
            assertThat(fdFlags(fd) & JnrPosix.O_CLOEXEC).isEqualTo(JnrPosix.O_CLOEXEC);
            assertThat(NATIVE.fchmod(fd, 0600)).isZero();
            assertThat(Files.getAttribute(f, "unix:mode")).isEqualTo(0100600);
            int uid = NATIVE.geteuid();
            assertThat(NATIVE.fchown(fd, uid, -1)).isZero();
            assertThat(Files.getAttribute(f, "unix:uid")).isEqualTo(uid);
        }
    }

    /** getpid and geteuid are this process's; kill(self, 0) finds it; the fd count moves. */
    @Test
    void identity_andFdCount() throws Exception {
        assertThat(NATIVE.getpid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(NATIVE.geteuid())
                .isEqualTo(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        assertThat(NATIVE.kill(NATIVE.getpid(), 0)).isZero();
        int before = NATIVE.openFdCount();
        try (PosixTesting.Cleanup cl = new PosixTesting.Cleanup()) {
            cl.pipe();
            assertThat(NATIVE.openFdCount()).isEqualTo(before + 2);
        }
        assertThat(NATIVE.openFdCount()).isEqualTo(before);
    }

    /** The name service answers for the users and groups every system has, and not others. */
    @Test
    void nameServiceLookups() {
        Posix.Passwd root = NATIVE.getpwnam("root");
        assertThat(root).isNotNull();
        assertThat(root.uid()).isZero();
        assertThat(root.gid()).isZero();
        assertThat(root.home()).isNotEmpty();
        assertThat(NATIVE.getpwuid(0)).isEqualTo(root);
        assertThat(NATIVE.getgrnam("root")).isZero();
        assertThat(NATIVE.getpwnam("no-such-user-dinitj")).isNull();
        assertThat(NATIVE.getpwuid(2_000_000_123)).isNull();
        assertThat(NATIVE.getgrnam("no-such-group-dinitj")).isEqualTo(-1);
    }

    /** The terminal calls say ENOTTY on a file that is no terminal, and the rest fail safely. */
    @Test
    void systemManagerCalls_failCleanlyWhereTheyMust() {
        int fd = NATIVE.open("/dev/null", Posix.O_RDWR, 0);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        try {
            assertThat(NATIVE.tcgetsid(fd)).isEqualTo(-Errno.ENOTTY);
            assertThat(NATIVE.setTerminalCanonical(fd, false)).isEqualTo(-Errno.ENOTTY);
            assertThat(NATIVE.flushTerminalInput(fd)).isEqualTo(-Errno.ENOTTY);
            assertThat(NATIVE.takeControllingTerminal(fd)).isLessThan(0);
        } finally {
            NATIVE.close(fd);
        }
        // 0 where the session leader lives outside this PID namespace (a CI container).
        assertThat(NATIVE.getsid()).isNotNegative();
        // A failed exec comes back, and this JVM runs on.
        assertThat(NATIVE.execve("/no/such/program", java.util.List.of("x"), java.util.List.of()))
                .isEqualTo(-Errno.ENOENT);
        assertThat(NATIVE.umount("/no/such/mount", 0)).isLessThan(0);
        assertThat(NATIVE.swapoff("/no/such/swap")).isLessThan(0);
        // Not PID 1 of a namespace: refused before the kernel is asked.
        assertThat(NATIVE.reboot(Posix.RB_HALT_SYSTEM)).isEqualTo(-Errno.EPERM);
        NATIVE.sync();
        // Neither an init nor its child: kill(-1) is refused, so this test kills nothing.
        assertThat(NATIVE.getppid()).isPositive().isNotEqualTo(1);
        assertThat(NATIVE.killAll(0)).isEqualTo(-Errno.EPERM);
        assertThat(NATIVE.connectUnix("/no/such/socket")).isEqualTo(-Errno.ENOENT);
    }
}
