package io.dinitj.shell.check;

import io.dinitj.core.load.FileUserDatabase;
import io.dinitj.core.load.UserDatabase;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * dinit-check's user database: {@code getent passwd NAME}, {@code getent passwd UID} and
 * {@code getent group NAME}, so that, like upstream's dinit-check (which calls getpwnam), it
 * asks every source of the system's name service (files, LDAP, sssd, systemd) and does not
 * report a user the system knows as missing. dinit-check has no native code, and getent is
 * the C library's own client of that service.
 *
 * <p>Each distinct question is asked once per run (dinit-check is one short process). If getent
 * cannot be run at all (not installed), the answers come from {@code /etc/passwd} and
 * {@code /etc/group} ({@link FileUserDatabase}) instead. getent exits 2 for a name it does not
 * know; any other failure, or an answer that is not about the name asked, counts as unknown.
 */
final class GetentUserDatabase implements UserDatabase {

    private final String getent;
    private final UserDatabase fallback;
    /** Each question asked, with getent's answer (null for none). */
    private final Map<String, String> answers = new HashMap<>();
    private boolean unavailable;

    /**
     * Creates the database.
     *
     * @param getent the getent program to run
     * @param fallback the database to ask if getent cannot be run
     */
    GetentUserDatabase(String getent, UserDatabase fallback) {
        this.getent = getent;
        this.fallback = fallback;
    }

    /**
     * Returns the database dinit-check uses: getent from the path, the system's files if it
     * is missing.
     *
     * @return the database
     */
    static GetentUserDatabase system() {
        return new GetentUserDatabase("getent", FileUserDatabase.system());
    }

    @Override
    public PasswdEntry lookupUser(String name) {
        String line = query("passwd", name);
        if (unavailable) {
            return fallback.lookupUser(name);
        }
        PasswdEntry e = line == null ? null : FileUserDatabase.parsePasswdLine(line);
        // 'getent passwd 123' answers for uid 123: only an entry of that name will do.
        return e != null && e.name().equals(name) ? e : null;
    }

    @Override
    public PasswdEntry lookupUid(int uid) {
        String line = query("passwd", Integer.toString(uid));
        if (unavailable) {
            return fallback.lookupUid(uid);
        }
        PasswdEntry e = line == null ? null : FileUserDatabase.parsePasswdLine(line);
        return e != null && e.uid() == uid ? e : null;
    }

    @Override
    public Integer lookupGroup(String name) {
        String line = query("group", name);
        if (unavailable) {
            return fallback.lookupGroup(name);
        }
        Map.Entry<String, Integer> g = line == null ? null : FileUserDatabase.parseGroupLine(line);
        return g != null && g.getKey().equals(name) ? g.getValue() : null;
    }

    /**
     * Runs {@code getent DATABASE -- KEY} once per distinct question.
     *
     * @return the first line of its answer, or null for none; sets {@link #unavailable} if
     *     getent cannot be run
     */
    private String query(String database, String key) {
        String question = database + ":" + key;
        if (unavailable || answers.containsKey(question)) {
            return answers.get(question);
        }
        String answer = null;
        try {
            Process p = new ProcessBuilder(getent, database, "--", key)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (p.waitFor() == 0) {
                String text = new String(out, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                answer = end < 0 ? text : text.substring(0, end);
            }
        } catch (IOException e) {
            unavailable = true;
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answers.put(question, answer);
        return answer;
    }
}
