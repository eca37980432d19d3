package io.dinitj.posix.sys;

import io.dinitj.core.load.UserDatabase;

/**
 * The daemon's user database: every lookup asks the C library's name service
 * ({@code getpwnam_r}, {@code getpwuid_r}, {@code getgrnam_r}), as upstream's daemon does. So
 * users and groups known only to LDAP, sssd or systemd are found, and a user added while the
 * daemon runs is found by the next load; nothing is read once and kept.
 *
 * <p>Lookups happen while a service loads (on the event-loop thread), never on a hot path. A
 * lookup that fails (the name service is unreachable, out of memory) answers "unknown", which
 * the loader reports as a load error of that service.
 */
public final class NssUserDatabase implements UserDatabase {

    private final Posix posix;

    public NssUserDatabase(Posix posix) {
        this.posix = posix;
    }

    @Override
    public PasswdEntry lookupUser(String name) {
        return entry(posix.getpwnam(name));
    }

    @Override
    public PasswdEntry lookupUid(int uid) {
        return entry(posix.getpwuid(uid));
    }

    @Override
    public Integer lookupGroup(String name) {
        long gid = posix.getgrnam(name);
        // An id above Integer.MAX_VALUE cannot be expressed in a setting either.
        return gid < 0 || gid > Integer.MAX_VALUE ? null : (int) gid;
    }

    private static PasswdEntry entry(Posix.Passwd pw) {
        return pw == null ? null
                : new PasswdEntry(pw.name(), pw.uid(), pw.gid(), pw.home(), pw.shell());
    }
}
