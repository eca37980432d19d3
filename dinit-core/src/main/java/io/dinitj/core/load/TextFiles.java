package io.dinitj.core.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the small text files the loader uses (service files, includes, environment files)
 * safely: only regular files, so a FIFO or a device such as /dev/zero named by a careless
 * {@code @include} cannot block or exhaust the daemon, and at most {@value #MAX_BYTES} bytes.
 * Bytes that are not UTF-8 are replaced, never rejected.
 */
final class TextFiles {

    /** Far above any real service file; a larger file is a mistake. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    /** A file that is not a regular file, or too large; the message is the user's text. */
    static final class NotReadable extends IOException {
        private static final long serialVersionUID = 1L;

        NotReadable(String message) {
            super(message);
        }
    }

    private TextFiles() {
    }

    static String read(Path file) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw new NotReadable(attrs.isDirectory() ? "Is a directory" : "not a regular file");
        }
        if (attrs.size() > MAX_BYTES) {
            throw new NotReadable("file is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        // The size is known, so this allocates the file's length once; a file that grows
        // after the check is still read whole, which is harmless for a regular file.
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
