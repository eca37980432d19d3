#!/bin/sh
# enter.sh ROOT JAVA_HOME MODE: run inside fresh namespaces (unshare --mount --pid --fork ...)
# by setup.sh and BootIT; prepares ROOT's mounts, then execs a program chrooted there.
#   MODE archive    mount /proc too and run the distribution's make-archive
#   MODE boot       exec ROOT's /sbin/init (Dinit/J) as PID 1 of the namespace, /proc unmounted
#                   (the launcher then names the runtime's lib/ to the java launcher, which
#                   cannot find libjli.so without /proc: docs/platform-notes.md §8)
# Everything mounted here lives in the namespace's own mount table and ends with it; nothing
# is mounted in the host's.
set -eu
root=$1 jh=$2 mode=$3
# The runtime, read-only, where the launchers look first (lib/dinitj/runtime).
mount --bind "$jh" "$root/usr/lib/dinitj/runtime"
mount -o remount,bind,ro "$root/usr/lib/dinitj/runtime"
# /dev: a small tmpfs with the usual nodes; the console is this namespace's terminal (the pty
# of `script` in BootIT), bound on /dev/console as a kernel would provide it.
mount -t tmpfs -o mode=755,size=1m,nosuid dev "$root/dev"
mknod -m 666 "$root/dev/null" c 1 3
mknod -m 666 "$root/dev/zero" c 1 5
mknod -m 666 "$root/dev/full" c 1 7
mknod -m 666 "$root/dev/random" c 1 8
mknod -m 666 "$root/dev/urandom" c 1 9
mknod -m 666 "$root/dev/tty" c 5 0
mkdir "$root/dev/pts" "$root/dev/shm"
ln -s pts/ptmx "$root/dev/ptmx"
ln -s /proc/self/fd "$root/dev/fd"
if tty=$(tty 2> /dev/null); then
    : > "$root/dev/console"
    mount --bind "$tty" "$root/dev/console"
fi
case $mode in
    archive)
        mount -t proc proc "$root/proc"
        exec chroot "$root" /usr/bin/env -i PATH=/usr/bin:/usr/sbin /usr/lib/dinitj/make-archive ;;
    boot)
        exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin TERM=linux /sbin/init ;;
    *)
        echo "enter.sh: unknown mode: $mode" >&2; exit 2 ;;
esac
