package io.dinitj.posix.daemon;

import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Users and groups are looked up through the C library's name service at each load, as
 * upstream does: a user and a group added to the system while the daemon runs, after it has
 * already looked users up, are found by a later load ({@code run-as}, {@code logfile-uid},
 * {@code logfile-gid}). Edits /etc/passwd and /etc/group, so it needs root; the entries it
 * adds have a name of their own and are removed again whatever happens.
 */
class UserLookupIntegrationTest {

    private static final Path PASSWD = Path.of("/etc/passwd");
    private static final Path GROUP = Path.of("/etc/group");

    @Test
    void userAddedWhileRunningIsFoundByALaterLoad() throws Exception {
        assumeTrue(JnrPosix.get().geteuid() == 0 && Files.isWritable(PASSWD),
                "needs root, to add a user");
        long pid = ProcessHandle.current().pid();
        String name = "dinitj-it" + pid;
        int id = freeId((int) (60_000 + pid % 5_000));
        String userLine = name + ":x:" + id + ":" + id + "::/nonexistent:/bin/false";
        String groupLine = name + ":x:" + id + ":";
        try (DaemonHarness d = new DaemonHarness("users")) {
            d.service("first", "type = process", "command = /bin/sleep 100", "run-as = root");
            d.start("first");
            d.awaitLine("[  OK  ] first");
            Path out = d.dir.resolve("later.log");
            d.service("later", "type = process", "command = /bin/sh -c \"id -u; id -g\"",
                    "run-as = " + name, "restart = false", "log-type = file", "logfile = " + out,
                    "logfile-uid = " + name, "logfile-gid = " + name);
            try {
                append(PASSWD, userLine);
                append(GROUP, groupLine);
                Ctl started = Ctl.ctl(d, "start", "later");
                assertThat(started.status()).as("%s %s", started, d.lines()).isZero();
                d.awaitLine("[STOPPD] later");
            } finally {
                remove(PASSWD, userLine);
                remove(GROUP, groupLine);
            }
            assertThat(Files.readAllLines(out)).containsExactly(
                    Integer.toString(id), Integer.toString(id));
            PosixFileAttributes a = Files.readAttributes(out, PosixFileAttributes.class);
            assertThat(a.owner().getName()).isIn(name, Integer.toString(id));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
        assertThat(Files.readAllLines(PASSWD)).doesNotContain(userLine);
        assertThat(Files.readAllLines(GROUP)).doesNotContain(groupLine);
    }

    /** The first id from {@code from} on that is neither a user's nor a group's. */
    private static int freeId(int from) throws IOException {
        List<String> taken = Files.readAllLines(PASSWD);
        taken.addAll(Files.readAllLines(GROUP));
        for (int id = from;; id++) {
            String field = ":" + id + ":";
            if (taken.stream().noneMatch(l -> l.contains(field))) {
                return id;
            }
        }
    }

    private static void append(Path file, String line) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        Files.writeString(file, text + sep + line + "\n", StandardCharsets.UTF_8);
    }

    /** Removes exactly the line this test added, keeping every other line as it is. */
    private static void remove(Path file, String line) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace(line + "\n", ""), StandardCharsets.UTF_8);
    }
}
