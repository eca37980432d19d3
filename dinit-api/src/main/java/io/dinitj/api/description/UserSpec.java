package io.dinitj.api.description;

/**
 * A user (and group) a process runs as or a file is owned by, resolved at load time.
 *
 * @param uid the user id
 * @param gid the group id, or -1 for "the daemon's group"
 * @param name the user name when given by name (then supplementary groups are initialised from
 *     the group database at launch), or null when given by number
 */
public record UserSpec(int uid, int gid, String name) {
}
