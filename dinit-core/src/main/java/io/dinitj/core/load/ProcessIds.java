package io.dinitj.core.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's user and group ids, read from /proc/self/status: the JDK has no public
 * {@code getuid}, and native code is not wanted where a file answers. Each id is -1 when it
 * cannot be read (not Linux, no /proc).
 *
 * @param realUid the real user id
 * @param effectiveUid the effective user id
 * @param effectiveGid the effective group id
 */
public record ProcessIds(int realUid, int effectiveUid, int effectiveGid) {

    /**
     * Reads the ids of this process.
     *
     * @return the ids, -1 where unknown
     */
    public static ProcessIds current() {
        int[] uid = {-1, -1};
        int[] gid = {-1, -1};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    fields(line, uid);
                } else if (line.startsWith("Gid:")) {
                    fields(line, gid);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: the ids stay unknown.
        }
        return new ProcessIds(uid[0], uid[1], gid[1]);
    }

    /** "Uid:\treal\teffective\tsaved\tfs": the first two numbers. */
    private static void fields(String line, int[] out) {
        String[] f = line.substring(4).trim().split("\\s+");
        out[0] = Integer.parseInt(f[0]);
        out[1] = Integer.parseInt(f[1]);
    }
}
