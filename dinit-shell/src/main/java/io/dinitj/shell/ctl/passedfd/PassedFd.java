package io.dinitj.shell.ctl.passedfd;

import io.dinitj.api.spi.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * A blocking byte channel on a file descriptor this process inherited: the already-connected
 * control socket of {@code DINIT_CS_FD} (a service with {@code pass-cs-fd}, or a parent that
 * made a socketpair). libc is bound on first use, so an ordinary dinitctl run never loads
 * jnr-ffi. Closing closes this process's descriptor only, with no {@code shutdown}: the parent
 * (or a later dinitctl of the same service) may go on using the connection.
 *
 * <p>An operating-system failure is an {@link IOException} whose message is glibc's text for
 * the errno, so dinitctl reports it as upstream does (a descriptor that is not open fails the
 * first write with {@code Bad file descriptor}). Not thread safe beyond what the descriptor is.
 */
public final class PassedFd implements ByteChannel {

    /** {@code fcntl} command: get the file status flags. */
    private static final int F_GETFL = 3;
    /** {@code fcntl} command: set them. */
    private static final int F_SETFL = 4;
    /** Linux's {@code O_NONBLOCK} (x86_64 and aarch64). */
    private static final int O_NONBLOCK = 0x800;

    /** The libc functions used, bound through jnr-ffi. */
    public interface Libc {
        /**
         * read(2).
         *
         * @param fd the descriptor
         * @param buf where to put the bytes
         * @param count at most this many
         * @return the count read, 0 at end of file, or -1
         */
        @SaveError
        long read(int fd, @Out byte[] buf, long count);

        /**
         * write(2).
         *
         * @param fd the descriptor
         * @param buf the bytes
         * @param count how many
         * @return the count written, or -1
         */
        @SaveError
        long write(int fd, @In byte[] buf, long count);

        /**
         * fcntl(2) with an int argument.
         *
         * @param fd the descriptor
         * @param cmd the command
         * @param arg its argument
         * @return the result, or -1
         */
        @SaveError
        int fcntl(int fd, int cmd, int arg);

        /**
         * close(2).
         *
         * @param fd the descriptor
         * @return 0, or -1
         */
        @SaveError
        int close(int fd);
    }

    private final Libc libc;
    private final Runtime runtime;
    private final int fd;
    private boolean open = true;

    private PassedFd(Libc libc, int fd) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
        this.fd = fd;
    }

    /**
     * Adopts a descriptor, clearing {@code O_NONBLOCK} on it as upstream does. A descriptor
     * that is not open is adopted all the same; using it fails.
     *
     * @param fd the descriptor number
     * @return the channel
     */
    public static ByteChannel adopt(int fd) {
        Libc libc = LibraryLoader.create(Libc.class).load("c");
        int flags = libc.fcntl(fd, F_GETFL, 0);
        if (flags != -1 && (flags & O_NONBLOCK) != 0) {
            libc.fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        }
        return new PassedFd(libc, fd);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        check();
        byte[] b = new byte[dst.remaining()];
        while (true) {
            long n = libc.read(fd, b, b.length);
            if (n >= 0) {
                if (n == 0 && b.length > 0) {
                    return -1;
                }
                dst.put(b, 0, (int) n);
                return (int) n;
            }
            failUnlessInterrupted();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        check();
        byte[] b = new byte[src.remaining()];
        src.get(b);
        int done = 0;
        while (done < b.length) {
            byte[] rest = done == 0 ? b : java.util.Arrays.copyOfRange(b, done, b.length);
            long n = libc.write(fd, rest, rest.length);
            if (n >= 0) {
                done += (int) n;
            } else {
                failUnlessInterrupted();
            }
        }
        return done;
    }

    private void failUnlessInterrupted() throws IOException {
        int errno = runtime.getLastError();
        if (errno != Errno.EINTR) {
            throw new IOException(Errno.strerror(errno));
        }
    }

    private void check() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            libc.close(fd);
        }
    }
}
