package io.dinitj.core.load;

/**
 * The system's user and group database as the loader needs it: settings such as {@code run-as},
 * {@code logfile-uid} and {@code socket-gid} name users and groups, and the
 * {@code export-passwd-vars} load option needs a user's passwd entry. Lookups happen at load time.
 * An implementation answers null for a name or id it does not know and never throws for one.
 */
public interface UserDatabase {

    /**
     * One entry of the passwd database.
     *
     * @param name the user name
     * @param uid the user id
     * @param gid the user's primary group id
     * @param home the home directory
     * @param shell the login shell
     */
    public record PasswdEntry(String name, int uid, int gid, String home, String shell) {
    }

    /**
     * Finds a user by name.
     *
     * @param name the user name, compared exactly
     * @return the first entry with that name, or null if there is none
     */
    PasswdEntry lookupUser(String name);

    /**
     * Finds a user by id.
     *
     * @param uid the user id
     * @return the first entry with that id, or null if there is none
     */
    PasswdEntry lookupUid(int uid);

    /**
     * Finds a group by name.
     *
     * @param name the group name, compared exactly
     * @return the group id of the first group with that name, or null if there is none
     */
    Integer lookupGroup(String name);
}
