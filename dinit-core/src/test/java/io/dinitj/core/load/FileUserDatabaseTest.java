package io.dinitj.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dinitj.core.load.UserDatabase.PasswdEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests reading passwd and group files: normal, malformed, missing and changing content. */
class FileUserDatabaseTest {

    @TempDir
    Path dir;

    private FileUserDatabase database(String passwd, String group) throws IOException {
        Path passwdFile = dir.resolve("passwd");
        Path groupFile = dir.resolve("group");
        Files.writeString(passwdFile, passwd);
        Files.writeString(groupFile, group);
        return new FileUserDatabase(passwdFile, groupFile);
    }

    @Test
    void reads_normal_entries() throws IOException {
        FileUserDatabase db = database(
                "root:x:0:0:root:/root:/bin/bash\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                + "alice:x:1000:100:Alice A,,,:/home/alice:/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
                "root:x:0:\n"
                + "wheel:x:10:root,alice\n"
                + "users:x:100:\n");
        assertThat(db.lookupUser("root")).isEqualTo(
                new PasswdEntry("root", 0, 0, "/root", "/bin/bash"));
        assertThat(db.lookupUser("alice")).isEqualTo(
                new PasswdEntry("alice", 1000, 100, "/home/alice", "/bin/sh"));
        assertThat(db.lookupUser("nobody").uid()).isEqualTo(65534);
        assertThat(db.lookupUid(1)).isEqualTo(
                new PasswdEntry("daemon", 1, 1, "/usr/sbin", "/usr/sbin/nologin"));
        assertThat(db.lookupUid(0).name()).isEqualTo("root");
        assertThat(db.lookupGroup("root")).isZero();
        assertThat(db.lookupGroup("wheel")).isEqualTo(10);
        assertThat(db.lookupGroup("users")).isEqualTo(100);
        assertThat(db.lookupUser("bob")).isNull();
        assertThat(db.lookupUser("Root")).isNull();
        assertThat(db.lookupUser("")).isNull();
        assertThat(db.lookupUid(4242)).isNull();
        assertThat(db.lookupGroup("staff")).isNull();
        assertThat(db.lookupGroup("alice")).as("users are not groups").isNull();
    }

    @Test
    void keeps_empty_fields_and_handles_crlf_and_a_missing_final_newline() throws IOException {
        FileUserDatabase db = database(
                "svc:*:5:6:::\r\n"
                + "last:x:7:8:Last:/home/last:/bin/zsh",
                "crlf:x:20:\r\n"
                + "nomembers:x:21\n"
                + "final:x:22:a,b");
        assertThat(db.lookupUser("svc")).isEqualTo(new PasswdEntry("svc", 5, 6, "", ""));
        assertThat(db.lookupUser("last")).isEqualTo(
                new PasswdEntry("last", 7, 8, "/home/last", "/bin/zsh"));
        assertThat(db.lookupGroup("crlf")).isEqualTo(20);
        assertThat(db.lookupGroup("nomembers")).isEqualTo(21);
        assertThat(db.lookupGroup("final")).isEqualTo(22);
    }

    @Test
    void skips_malformed_lines() throws IOException {
        FileUserDatabase db = database(
                "\n"
                + "# comment:x:1:1::/:/bin/sh\n"
                + "+nis:x:2:2::/:/bin/sh\n"
                + "-nis:x:3:3::/:/bin/sh\n"
                + "short:x:4:4:/home/short:/bin/sh\n"
                + "long:x:5:5:gecos:/home/long:/bin/sh:extra\n"
                + ":x:6:6::/:/bin/sh\n"
                + "letters:x:abc:7::/:/bin/sh\n"
                + "badgid:x:8:z::/:/bin/sh\n"
                + "negative:x:-1:9::/:/bin/sh\n"
                + "emptyuid:x::10::/:/bin/sh\n"
                + "huge:x:4294967295:11::/:/bin/sh\n"
                + "toolong:x:00000000012:12::/:/bin/sh\n"
                + "spaced:x: 13:13::/:/bin/sh\n"
                + "garbage line without colons\n"
                + "good:x:14:14::/home/good:/bin/sh\n",
                "bad:x:abc:\n"
                + "two:x\n"
                + "five:x:30:a:b\n"
                + ":x:31:\n"
                + "#comment:x:32:\n"
                + "big:x:2147483648:\n"
                + "max:x:2147483647:\n"
                + "ok:x:33:\n");
        for (String name : new String[] {"# comment", "+nis", "-nis", "nis", "short", "long", "",
                "letters", "badgid", "negative", "emptyuid", "huge", "toolong", "spaced",
                "garbage line without colons"}) {
            assertThat(db.lookupUser(name)).as(name).isNull();
        }
        for (int uid = 1; uid <= 13; uid++) {
            assertThat(db.lookupUid(uid)).as("uid %d", uid).isNull();
        }
        assertThat(db.lookupUser("good").uid()).isEqualTo(14);
        for (String name : new String[] {"bad", "two", "five", "", "#comment", "big"}) {
            assertThat(db.lookupGroup(name)).as(name).isNull();
        }
        assertThat(db.lookupGroup("max")).isEqualTo(Integer.MAX_VALUE);
        assertThat(db.lookupGroup("ok")).isEqualTo(33);
    }

    @Test
    void first_entry_wins_for_duplicate_names_and_ids() throws IOException {
        FileUserDatabase db = database(
                "dup:x:100:100::/first:/bin/sh\n"
                + "dup:x:101:101::/second:/bin/sh\n"
                + "toor:x:0:0::/root:/bin/sh\n"
                + "root:x:0:0::/root:/bin/bash\n",
                "g:x:1:\n"
                + "g:x:2:\n");
        assertThat(db.lookupUser("dup").home()).isEqualTo("/first");
        assertThat(db.lookupUid(101).name()).isEqualTo("dup");
        assertThat(db.lookupUid(0).name()).isEqualTo("toor");
        assertThat(db.lookupUser("root").shell()).isEqualTo("/bin/bash");
        assertThat(db.lookupGroup("g")).isEqualTo(1);
    }

    @Test
    void tolerates_bytes_that_are_not_utf8() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("weird:x:40:40:".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xff);
        bytes.write(0xfe);
        bytes.writeBytes(":/home/weird:/bin/sh\nj\u00f6rg:x:41:41::/:/bin/sh\n"
                .getBytes(StandardCharsets.UTF_8));
        Path passwd = dir.resolve("passwd");
        Files.write(passwd, bytes.toByteArray());
        FileUserDatabase db = new FileUserDatabase(passwd, dir.resolve("no-group"));
        assertThat(db.lookupUser("weird").home()).isEqualTo("/home/weird");
        assertThat(db.lookupUser("j\u00f6rg").uid()).isEqualTo(41);
    }

    @Test
    void missing_files_are_empty() {
        FileUserDatabase db = new FileUserDatabase(dir.resolve("none"), dir.resolve("nothing"));
        assertThat(db.lookupUser("root")).isNull();
        assertThat(db.lookupUid(0)).isNull();
        assertThat(db.lookupGroup("root")).isNull();
    }

    @Test
    void unreadable_paths_are_empty() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        FileUserDatabase db = new FileUserDatabase(sub, dir.resolve("missing/dir/group"));
        assertThat(db.lookupUser("root")).isNull();
        assertThat(db.lookupGroup("root")).isNull();
    }

    @Test
    void empty_files_are_empty() throws IOException {
        FileUserDatabase db = database("", "");
        assertThat(db.lookupUser("root")).isNull();
        assertThat(db.lookupUid(0)).isNull();
        assertThat(db.lookupGroup("root")).isNull();
    }

    @Test
    void reads_lazily_and_only_once() throws IOException {
        Path passwd = dir.resolve("passwd");
        Path group = dir.resolve("group");
        FileUserDatabase db = new FileUserDatabase(passwd, group);
        // The files do not exist yet when the database is created.
        Files.writeString(passwd, "late:x:50:51::/home/late:/bin/sh\n");
        Files.writeString(group, "lategroup:x:52:\n");
        assertThat(db.lookupUser("late").gid()).isEqualTo(51);
        Files.writeString(passwd, "changed:x:60:61::/:/bin/sh\n");
        Files.writeString(group, "changedgroup:x:62:\n");
        assertThat(db.lookupUser("changed")).isNull();
        assertThat(db.lookupUser("late")).isNotNull();
        assertThat(db.lookupGroup("lategroup")).isEqualTo(52);
        assertThat(db.lookupGroup("changedgroup")).isNull();
    }

    @Test
    void system_database_finds_root_where_the_system_has_it() {
        assumeTrue(Files.isReadable(Path.of("/etc/passwd")));
        FileUserDatabase db = FileUserDatabase.system();
        PasswdEntry root = db.lookupUser("root");
        assumeTrue(root != null);
        assertThat(root.uid()).isZero();
        assertThat(db.lookupUid(0)).isNotNull();
    }

    @Test
    void works_with_value_parsing() throws IOException, BadValueException {
        FileUserDatabase db = database("www:x:33:34::/var/www:/usr/sbin/nologin\n",
                "www-data:x:34:\n");
        assertThat(Values.parseUser("www", "run-as", db))
                .isEqualTo(new io.dinitj.api.description.UserSpec(33, 34, "www"));
        assertThat(Values.parseGroup("www-data", "socket-gid", db)).isEqualTo(34);
    }
}
