package io.dinitj.posix.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads /proc for facts about processes that no system call gives directly. */
public final class ProcessTable {

    private ProcessTable() {
    }

    /**
     * Returns a process's parent and state from {@code /proc/PID/stat}.
     *
     * @param pid the process
     * @return {parent pid, state letter}, or null if it does not exist
     */
    public static int[] parentAndState(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"),
                    StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')');
            String[] f = stat.substring(close + 2).split(" ");
            return new int[] {Integer.parseInt(f[1]), f[0].charAt(0)};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The kernel's per-task flag {@code PF_EXITING}: set as a process starts to exit. */
    private static final long PF_EXITING = 0x4;

    /**
     * Tells whether a process is dying or dead: gone, a zombie, or already exiting (the kernel
     * marks the task before it closes the process's files, so a pipe's EOF from a dying
     * process finds it marked).
     *
     * @param pid the process
     * @return true if it has ended or is ending
     */
    public static boolean isEnding(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"),
                    StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            char state = f[0].charAt(0);
            return state == 'Z' || state == 'X' || (Long.parseLong(f[6]) & PF_EXITING) != 0;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Lists every process that can be read now (processes that vanish meanwhile are skipped).
     *
     * @return {pid, parent pid, state letter} for each
     */
    public static List<int[]> all() {
        List<int[]> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : procs) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                int pid = Integer.parseInt(name);
                int[] ps = parentAndState(pid);
                if (ps != null) {
                    out.add(new int[] {pid, ps[0], ps[1]});
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /**
     * Tells whether a process has a child that is a zombie.
     *
     * @param parent the process
     * @return true if some child is in state Z
     */
    public static boolean hasZombieChild(int parent) {
        for (int[] p : all()) {
            if (p[1] == parent && p[2] == 'Z') {
                return true;
            }
        }
        return false;
    }
}
