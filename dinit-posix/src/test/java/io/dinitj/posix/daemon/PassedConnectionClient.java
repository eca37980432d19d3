package io.dinitj.posix.daemon;

import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A service's side of {@code pass-cs-fd}, for {@link PassCsFdIntegrationTest}: run as the
 * service's command, it speaks the control protocol on the descriptor named by
 * {@code DINIT_CS_FD} (made blocking, as upstream's {@code dinitctl --use-passed-cfd} does):
 * QUERYVERSION, then LOADSERVICE and STARTSERVICE of the service named by its argument. It
 * prints {@code fd=N}, each reply in hex, and exits 0, or 1 with the reason.
 */
public final class PassedConnectionClient {

    private PassedConnectionClient() {
    }

    /**
     * Runs the client.
     *
     * @param args the service to load and start
     */
    public static void main(String[] args) {
        String var = System.getenv("DINIT_CS_FD");
        if (var == null) {
            System.out.println("no DINIT_CS_FD");
            System.exit(1);
        }
        int fd = Integer.parseInt(var);
        System.out.println("fd=" + fd);
        Posix posix = JnrPosix.get();
        if (posix.setNonBlocking(fd, false) < 0) {
            System.out.println("fcntl failed on fd " + fd);
            System.exit(1);
        }
        HexFormat hex = HexFormat.of();
        byte[] version = exchange(posix, fd, new byte[] {0}, 5);
        System.out.println("version " + hex.formatHex(version));
        byte[] name = args[0].getBytes(StandardCharsets.UTF_8);
        byte[] load = new byte[3 + name.length];
        load[0] = 2;
        load[1] = (byte) name.length;
        System.arraycopy(name, 0, load, 3, name.length);
        byte[] record = exchange(posix, fd, load, 7);
        System.out.println("load " + hex.formatHex(record));
        // STARTSERVICE, no pin, the handle just given; its reply is not waited for.
        byte[] start = {3, 0, record[2], record[3], record[4], record[5]};
        if (posix.write(fd, start, 0, start.length) != start.length) {
            System.out.println("start request not written");
            System.exit(1);
        }
        System.out.println("start sent");
        System.exit(0);
    }

    private static byte[] exchange(Posix posix, int fd, byte[] request, int replyLength) {
        if (posix.write(fd, request, 0, request.length) != request.length) {
            System.out.println("request not written");
            System.exit(1);
        }
        byte[] reply = new byte[replyLength];
        int got = 0;
        while (got < replyLength) {
            int n = posix.read(fd, reply, got, replyLength - got);
            if (n <= 0) {
                System.out.println("read failed: " + n);
                System.exit(1);
            }
            got += n;
        }
        return reply;
    }
}
