package io.dinitj.shell.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.core.load.FileUserDatabase;
import io.dinitj.core.load.UserDatabase.PasswdEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dinit-check asks getent (the name service), and the files only if getent cannot run. */
class GetentUserDatabaseTest {

    @TempDir
    Path dir;

    /** A getent that knows what a name service beyond the files knows, and logs each call. */
    private Path fakeGetent() throws Exception {
        Path script = dir.resolve("getent");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "echo \"$*\" >> " + dir.resolve("calls"),
                "case \"$1 $3\" in",
                "  'passwd ldapuser'|'passwd 7001')",
                "    echo 'ldapuser:*:7001:7002::/home/l:/bin/sh' ;;",
                "  'group ldapgroup') echo 'ldapgroup:*:7003:' ;;",
                "  'passwd 0') echo 'root:x:0:0::/root:/bin/sh' ;;",
                "  *) exit 2 ;;",
                "esac", ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private GetentUserDatabase database(String getent) {
        return new GetentUserDatabase(getent,
                new FileUserDatabase(dir.resolve("passwd"), dir.resolve("group")));
    }

    @Test
    void answersFromTheNameService_oncePerQuestion() throws Exception {
        GetentUserDatabase db = database(fakeGetent().toString());
        assertThat(db.lookupUser("ldapuser"))
                .isEqualTo(new PasswdEntry("ldapuser", 7001, 7002, "/home/l", "/bin/sh"));
        assertThat(db.lookupUid(7001).name()).isEqualTo("ldapuser");
        assertThat(db.lookupGroup("ldapgroup")).isEqualTo(7003);
        assertThat(db.lookupUser("nobody-here")).isNull();
        assertThat(db.lookupGroup("nobody-here")).isNull();
        // getent answers a number with a uid's entry: not the user of that name.
        assertThat(db.lookupUser("0")).isNull();
        assertThat(db.lookupUser("ldapuser")).isNotNull();
        assertThat(db.lookupUser("nobody-here")).isNull();
        assertThat(Files.readAllLines(dir.resolve("calls"))).containsExactly(
                "passwd -- ldapuser", "passwd -- 7001", "group -- ldapgroup",
                "passwd -- nobody-here", "group -- nobody-here", "passwd -- 0");
    }

    @Test
    void withoutGetent_theFilesAnswer() throws Exception {
        Files.writeString(dir.resolve("passwd"), "fileuser:x:5001:5002::/home/f:/bin/sh\n");
        Files.writeString(dir.resolve("group"), "filegroup:x:5003:\n");
        GetentUserDatabase db = database(dir.resolve("no-such-getent").toString());
        assertThat(db.lookupUser("fileuser").uid()).isEqualTo(5001);
        assertThat(db.lookupUid(5001).name()).isEqualTo("fileuser");
        assertThat(db.lookupGroup("filegroup")).isEqualTo(5003);
        assertThat(db.lookupUser("ldapuser")).isNull();
    }

    @Test
    void theSystemsGetentKnowsRoot() {
        GetentUserDatabase db = GetentUserDatabase.system();
        assertThat(db.lookupUser("root").uid()).isZero();
        assertThat(db.lookupUid(0).name()).isEqualTo("root");
        assertThat(db.lookupGroup("root")).isZero();
    }
}
