package io.dinitj.posix.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The kernel's tables the shutdown program reads before it unmounts: the mounts of
 * {@code /proc/self/mounts} and the swap areas of {@code /proc/swaps}. Both escape a blank,
 * tab, newline or backslash in a path as three octal digits ({@code \040}), undone here.
 *
 * <p>What is unmounted, and in which order: every mount, the last mounted first (so a mount
 * goes before the one it sits on), except the kernel's own file systems that hold no data and
 * that the last processes may still need ({@link #VIRTUAL}: the set util-linux's
 * {@code umount -a} leaves alone, which upstream's shutdown runs), and anything mounted under
 * {@code /proc}, {@code /sys} or {@code /dev}. The root cannot be unmounted; it is remounted
 * read-only then (as everything busy is).
 *
 * <p>Stateless and thread safe.
 */
final class MountTable {

    /** File system types never unmounted. */
    static final Set<String> VIRTUAL =
            Set.of("proc", "sysfs", "devtmpfs", "devpts", "devfs", "rpc_pipefs", "nfsd");

    /** Mount points whose subtrees are never unmounted (nor the points themselves). */
    private static final List<String> KERNEL_TREES = List.of("/proc", "/sys", "/dev");

    /** One line of the mount table. */
    record Mount(String source, String target, String type) {
    }

    private MountTable() {
    }

    /**
     * Reads a mount table in the format of {@code /proc/self/mounts}; lines with fewer than
     * three fields are ignored.
     *
     * @param text the table
     * @return its mounts, in its order (the order they were mounted in)
     */
    static List<Mount> parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("[ \t]+");
            if (f.length >= 3) {
                mounts.add(new Mount(unescape(f[0]), unescape(f[1]), f[2]));
            }
        }
        return mounts;
    }

    /**
     * The mount points to unmount, in the order to unmount them.
     *
     * @param mounts a table, as {@link #parse} gives it
     * @return the targets, the last mounted first, without the kernel's own file systems
     */
    static List<String> unmountOrder(List<Mount> mounts) {
        List<String> order = new ArrayList<>();
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Mount m = mounts.get(i);
            if (!VIRTUAL.contains(m.type()) && !underKernelTree(m.target())) {
                order.add(m.target());
            }
        }
        return order;
    }

    private static boolean underKernelTree(String target) {
        for (String t : KERNEL_TREES) {
            if (target.equals(t) || target.startsWith(t + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads {@code /proc/swaps}: a heading line, then one area per line, its path first.
     *
     * @param text the table
     * @return the swap devices and files, in the table's order
     */
    static List<String> swaps(String text) {
        List<String> paths = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("[ \t]+");
            if (!f[0].isEmpty()) {
                paths.add(unescape(f[0]));
            }
        }
        return paths;
    }

    /** Undoes the kernel's octal escapes ({@code \040} for a blank). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
