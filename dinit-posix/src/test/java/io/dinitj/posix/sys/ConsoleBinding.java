package io.dinitj.posix.sys;

import java.nio.file.Path;

/**
 * Shell code for tests that run a program as PID 1 of a fresh mount namespace and want what it
 * writes to {@code /dev/console} (a system manager and the shutdown program both reopen it):
 * binds a file or a terminal over {@code /dev/console} inside the namespace only.
 *
 * <p>Where there is no {@code /dev/console} to bind over (a container started without a
 * terminal, as CI may be), the namespace first gets a {@code /dev} of its own: a tmpfs holding
 * the old entries (devices bound in, links copied, directories bound recursively) and an
 * empty {@code console}. Nothing outside the namespace changes either way.
 */
public final class ConsoleBinding {

    private ConsoleBinding() {
    }

    /**
     * Shell code that binds {@code file} over {@code /dev/console}, or exits 9 saying why.
     *
     * @param file a shell word for the file or terminal (e.g. {@code "$0"} or {@code "$(tty)"})
     * @param scratch an empty directory the code may mount the old {@code /dev} on
     * @return the code, a complete command list ending in a newline
     */
    public static String bindOver(String file, Path scratch) {
        String s = "'" + scratch.toString().replace("'", "'\\''") + "'";
        return "if [ ! -e /dev/console ]; then\n"
                + "  mkdir -p " + s + " && mount --rbind /dev " + s
                + " && mount -t tmpfs -o mode=755 dinitj-dev /dev || exit 9\n"
                + "  for f in " + s + "/* " + s + "/.[!.]*; do\n"
                + "    [ -e \"$f\" ] || [ -L \"$f\" ] || continue\n"
                + "    n=/dev/${f##*/}\n"
                + "    if [ -L \"$f\" ]; then cp -P \"$f\" \"$n\"\n"
                + "    elif [ -d \"$f\" ]; then mkdir \"$n\" && mount --rbind \"$f\" \"$n\"\n"
                + "    else touch \"$n\" && mount --bind \"$f\" \"$n\"\n"
                + "    fi || exit 9\n"
                + "  done\n"
                + "  touch /dev/console || exit 9\n"
                + "fi\n"
                + "mount --bind " + file + " /dev/console || { echo 'cannot bind over"
                + " /dev/console' >&2; exit 9; }\n";
    }
}
