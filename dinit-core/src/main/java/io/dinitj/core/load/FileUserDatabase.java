package io.dinitj.core.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link UserDatabase} read from files in the formats of {@code /etc/passwd}
 * ({@code name:password:uid:gid:gecos:home:shell}) and {@code /etc/group}
 * ({@code name:password:gid:members}).
 *
 * <p>Both files are read once, on the first lookup, and never again. The reader is tolerant: a
 * missing or unreadable file counts as empty, bytes that are not UTF-8 are replaced, and a line
 * that is malformed is skipped. A line is malformed when it has the wrong number of fields, an
 * empty name, or an id that is not a plain decimal number from 0 to {@link Integer#MAX_VALUE}.
 * Empty lines, comment lines (starting with {@code #}) and NIS compatibility lines (starting with
 * {@code +} or {@code -}) are skipped too. When a name or id occurs more than once, the first line
 * wins, as it does for {@code getpwnam} on a files-only system.
 *
 * <p>Only the files are consulted, not other name services (NSS modules such as LDAP or
 * systemd's), so users known to the system only through those are unknown here.
 *
 * <p>Instances are safe for use by several threads.
 */
public final class FileUserDatabase implements UserDatabase {

    /** The number of fields of a passwd line. */
    private static final int PASSWD_FIELDS = 7;
    /** The number of fields of a group line; the member list may be missing altogether. */
    private static final int GROUP_FIELDS = 4;
    /** The largest number of digits an accepted id may have. */
    private static final int MAX_ID_DIGITS = 10;

    private final Path passwdFile;
    private final Path groupFile;

    /** The parsed files, or null before the first lookup; guarded by {@code this}. */
    private Tables tables;

    /** The parsed content of both files. */
    private record Tables(Map<String, PasswdEntry> usersByName,
            Map<Integer, PasswdEntry> usersById, Map<String, Integer> groupsByName) {
    }

    /**
     * Creates a database over the given files, which are not read until the first lookup.
     *
     * @param passwdFile a file in {@code /etc/passwd} format
     * @param groupFile a file in {@code /etc/group} format
     */
    public FileUserDatabase(Path passwdFile, Path groupFile) {
        this.passwdFile = Objects.requireNonNull(passwdFile, "passwdFile");
        this.groupFile = Objects.requireNonNull(groupFile, "groupFile");
    }

    /**
     * Returns a database over the system's {@code /etc/passwd} and {@code /etc/group}.
     *
     * @return the database
     */
    public static FileUserDatabase system() {
        return new FileUserDatabase(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    @Override
    public PasswdEntry lookupUser(String name) {
        return tables().usersByName().get(name);
    }

    @Override
    public PasswdEntry lookupUid(int uid) {
        return tables().usersById().get(uid);
    }

    @Override
    public Integer lookupGroup(String name) {
        return tables().groupsByName().get(name);
    }

    /**
     * Returns the parsed files, reading them on the first call.
     *
     * @return the tables
     */
    private synchronized Tables tables() {
        if (tables == null) {
            Map<String, PasswdEntry> byName = new HashMap<>();
            Map<Integer, PasswdEntry> byId = new HashMap<>();
            for (String line : readLines(passwdFile)) {
                PasswdEntry entry = parsePasswdLine(line);
                if (entry != null) {
                    byName.putIfAbsent(entry.name(), entry);
                    byId.putIfAbsent(entry.uid(), entry);
                }
            }
            Map<String, Integer> groups = new HashMap<>();
            for (String line : readLines(groupFile)) {
                String[] fields = splitEntry(line);
                int gid = groupId(fields);
                if (gid >= 0) {
                    groups.putIfAbsent(fields[0], gid);
                }
            }
            tables = new Tables(byName, byId, groups);
        }
        return tables;
    }

    /**
     * Parses one passwd line ({@code name:password:uid:gid:gecos:home:shell}), as this reader
     * does for each line of its file; for other sources of such lines ({@code getent}).
     *
     * @param line the line, without its line terminator
     * @return the entry, or null if the line is to be skipped
     */
    public static PasswdEntry parsePasswdLine(String line) {
        String[] fields = splitEntry(line);
        if (fields == null || fields.length != PASSWD_FIELDS || fields[0].isEmpty()) {
            return null;
        }
        int uid = parseId(fields[2]);
        int gid = parseId(fields[3]);
        if (uid < 0 || gid < 0) {
            return null;
        }
        return new PasswdEntry(fields[0], uid, gid, fields[5], fields[6]);
    }

    /**
     * Parses one group line ({@code name:password:gid:members}) for its name and id.
     *
     * @param line the line, without its line terminator
     * @return {@code name} and the id, or null if the line is to be skipped
     */
    public static Map.Entry<String, Integer> parseGroupLine(String line) {
        String[] fields = splitEntry(line);
        int gid = groupId(fields);
        return gid < 0 ? null : Map.entry(fields[0], gid);
    }

    /** The id of a group line's fields, or -1 if the line is malformed or to be skipped. */
    private static int groupId(String[] fields) {
        if (fields == null || fields.length < GROUP_FIELDS - 1 || fields.length > GROUP_FIELDS
                || fields[0].isEmpty()) {
            return -1;
        }
        return parseId(fields[2]);
    }

    /**
     * Splits a line into its colon-separated fields, keeping empty trailing fields.
     *
     * @param line the line, possibly ending in a carriage return
     * @return the fields, or null for an empty, comment or NIS compatibility line
     */
    private static String[] splitEntry(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (text.isEmpty()) {
            return null;
        }
        char first = text.charAt(0);
        if (first == '#' || first == '+' || first == '-') {
            return null;
        }
        return text.split(":", -1);
    }

    /**
     * Parses an id field: plain decimal digits, from 0 to {@link Integer#MAX_VALUE}.
     *
     * @param field the field
     * @return the id, or -1 if the field is not a valid id
     */
    private static int parseId(String field) {
        if (field.isEmpty() || field.length() > MAX_ID_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    /**
     * Reads a file's lines, treating a file that cannot be read as empty.
     *
     * @param file the file
     * @return the lines
     */
    private static String[] readLines(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new String[0];
        }
        return new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    }
}
