package io.dinitj.shell.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who dinit-check runs as, read from the files Linux provides (the JDK has no public
 * {@code getuid}): the real user id from /proc/self/status and the home directory from
 * /etc/passwd.
 */
final class Identity {

    private Identity() {
    }

    /**
     * Gives the real user id of this process.
     *
     * @return the uid, or -1 if it cannot be read (treated as "not root")
     */
    static int realUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: unknown.
        }
        return -1;
    }

    /**
     * Gives the home directory of a user from the password file, as {@code getpwuid} would.
     *
     * @param passwd the password file, normally /etc/passwd
     * @param uid the user id
     * @return the home directory of the first entry with that uid, or null if there is none
     */
    static String home(Path passwd, int uid) {
        if (uid < 0) {
            return null;
        }
        String id = Integer.toString(uid);
        try {
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 7 && f[2].equals(id)) {
                    return f[5];
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable: as if the user had no entry.
        }
        return null;
    }
}
