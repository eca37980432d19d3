package io.dinitj.posix.launch;

import io.dinitj.api.spi.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads bgprocess pid files as upstream does (docs/service-semantics.md §7.4). */
final class PidFiles {

    /** Linux's largest pid_max. */
    static final long PID_MAX = 4_194_304L;
    private static final int MAX_BYTES = 20;

    private PidFiles() {
    }

    /**
     * Reads the first 20 bytes as an unsigned integer: decimal, {@code 0x} hexadecimal or
     * {@code 0} octal, optionally followed by whitespace.
     *
     * @param file the pid file
     * @return the pid; 0 if the file holds no valid pid; the error number negated if it
     *     cannot be read (as {@code ServiceContext.readPidFile})
     */
    static int read(Path file) {
        byte[] b = new byte[MAX_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(b, 0, MAX_BYTES);
        } catch (NoSuchFileException e) {
            return -Errno.ENOENT;
        } catch (AccessDeniedException e) {
            return -Errno.EACCES;
        } catch (IOException | RuntimeException e) {
            return -Errno.EIO;
        }
        return Math.max(0, parse(new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII)));
    }

    static int parse(String text) {
        String t = text;
        int end = 0;
        while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
            end++;
        }
        String num = t.substring(0, end);
        for (int i = end; i < t.length(); i++) {
            if (!Character.isWhitespace(t.charAt(i))) {
                return -1;
            }
        }
        int radix = 10;
        if (num.startsWith("0x") || num.startsWith("0X")) {
            radix = 16;
            num = num.substring(2);
        } else if (num.length() > 1 && num.startsWith("0")) {
            radix = 8;
            num = num.substring(1);
        }
        if (num.isEmpty()) {
            return -1;
        }
        long v;
        try {
            v = Long.parseLong(num, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
        return v < 1 || v > PID_MAX ? -1 : (int) v;
    }
}
