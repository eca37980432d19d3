package io.dinitj.api.description;

import java.util.Locale;

/**
 * The {@code capabilities} setting, parsed: libcap's "IAB" text (docs/service-format.md §6.7).
 *
 * <p><b>Text form.</b> A comma-separated list of capabilities, each preceded by any of these
 * marks:
 * <ul>
 *   <li>none or {@code %}: add it to the inheritable set (I);</li>
 *   <li>{@code ^}: add it to the ambient set and to the inheritable set (A and I);</li>
 *   <li>{@code !}: drop it from the bounding set (B).</li>
 * </ul>
 * A capability is its name as in {@code capabilities(7)}, case-insensitive, with or without the
 * {@code cap_} prefix ({@code cap_net_bind_service}, {@code CAP_SYS_NICE}, {@code kill}), or its
 * number (0 to 63). For example {@code ^cap_net_bind_service,!cap_sys_admin}. An empty text is an
 * empty IAB (nothing changes but the inheritable and ambient sets, which become empty).
 *
 * <p><b>Meaning at launch</b> (as libcap's {@code cap_iab_set_proc}): the process's inheritable
 * set becomes exactly I, its ambient set exactly A, and every capability in B is dropped from
 * its bounding set; the permitted and effective sets are left alone.
 *
 * @param inheritable the inheritable set, bit n for capability n
 * @param ambient the ambient set (always a subset of {@code inheritable})
 * @param boundingDrop the capabilities to drop from the bounding set
 */
public record CapabilityIab(long inheritable, long ambient, long boundingDrop) {

    /** Capability names by number, without the {@code cap_} prefix (Linux 5.9 and later). */
    private static final String[] NAMES = {
        "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid",
        "setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast",
        "net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio",
        "sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
        "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write",
        "audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
        "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
    };

    /**
     * Parses IAB text.
     *
     * @param text the setting's value, not null
     * @return the parsed sets
     * @throws IllegalArgumentException if a capability is empty or unknown; the message names
     *     it
     */
    public static CapabilityIab parse(String text) {
        long i = 0;
        long a = 0;
        long b = 0;
        if (text.isBlank()) {
            return new CapabilityIab(0, 0, 0);
        }
        for (String raw : text.split(",", -1)) {
            String token = raw.strip();
            boolean toI = false;
            boolean toA = false;
            boolean toB = false;
            int at = 0;
            boolean marks = true;
            while (marks && at < token.length()) {
                switch (token.charAt(at)) {
                    case '%' -> toI = true;
                    case '^' -> {
                        toI = true;
                        toA = true;
                    }
                    case '!' -> toB = true;
                    default -> marks = false;
                }
                if (marks) {
                    at++;
                }
            }
            if (at == 0) {
                toI = true;
            }
            int cap = number(token.substring(at));
            if (cap < 0) {
                throw new IllegalArgumentException("unknown capability '" + token + "'");
            }
            long bit = 1L << cap;
            i |= toI ? bit : 0;
            a |= toA ? bit : 0;
            b |= toB ? bit : 0;
        }
        return new CapabilityIab(i, a, b);
    }

    /**
     * Returns a capability's number.
     *
     * @param name a name ({@code cap_} prefix optional, any case) or a number
     * @return 0 to 63, or -1 if unknown
     */
    public static int number(String name) {
        if (name.isEmpty()) {
            return -1;
        }
        if (name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            if (name.length() > 2) {
                return -1;
            }
            int n = Integer.parseInt(name);
            return n < 64 ? n : -1;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("cap_")) {
            n = n.substring(4);
        }
        for (int k = 0; k < NAMES.length; k++) {
            if (NAMES[k].equals(n)) {
                return k;
            }
        }
        return -1;
    }
}
