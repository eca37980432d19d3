#!/usr/bin/env bash
# setup.sh ROOT TREE JAVA_HOME: builds the tiny root file system BootIT boots Dinit/J in.
#   ROOT       the root to make (removed first; must have nothing mounted under it)
#   TREE       the unpacked Dinit/J tarball (its install.sh installs the distribution)
#   JAVA_HOME  the runtime BootIT will bind-mount read-only on ROOT/usr/lib/dinitj/runtime
# The root holds Debian's static busybox with its applets (busybox --install -s), bash (the
# launchers are bash scripts) and the shared libraries ldd lists for it, the JVM and the
# distribution's native parts, the distribution (install.sh --prefix /usr --destdir ROOT
# --sbin-links, then its make-archive step run inside the root), a minimal /etc and the service
# set of dinit.d/ beside this script. busybox-static is installed with apt-get if /bin/busybox
# is missing or not static, which needs root.
# Exit status: 0 done; 77 not root (the test is skipped); anything else: failed, and why is
# on stderr (the test fails with it).
set -euo pipefail
here=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")
die() { echo "setup.sh: $*" >&2; exit 1; }
(($# == 3)) || die "usage: setup.sh ROOT TREE JAVA_HOME"
root=$1 tree=$2 jh=$3
[[ $root == /* && $root != / ]] || die "ROOT must be an absolute path other than /: $root"
[[ -x $tree/install.sh ]] || die "no install.sh in $tree"
[[ -x $jh/bin/java ]] || die "no bin/java in $jh"
((EUID == 0)) || { echo "setup.sh: not root: cannot build and boot a root file system" >&2; exit 77; }

# A static busybox, installed from Debian's busybox-static if need be.
static() { [[ -x $1 ]] && file -L "$1" | grep -q 'statically linked' && ! ldd "$1" > /dev/null 2>&1; }
bb=/bin/busybox
if ! static "$bb"; then
    echo "setup.sh: no static $bb: installing busybox-static" >&2
    command -v apt-get > /dev/null || die "no static $bb and no apt-get to install busybox-static"
    # Other builds may hold the package lock for a while: wait for it instead of failing.
    apt-get -o DPkg::Lock::Timeout=120 update -q > /dev/null 2>&1 \
        || echo "setup.sh: apt-get update failed; trying the install anyway" >&2
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -q \
        busybox-static >&2 || die "apt-get install -y busybox-static failed (see above)"
    static "$bb" || die "busybox-static is installed but $bb is not a static executable"
fi

# A fresh root; never rm -rf through a mount (a bind-mounted runtime would go with it).
if [[ -e $root ]]; then
    if grep -q " $root[/ ]" /proc/self/mountinfo; then
        die "something is still mounted under $root: not removing it"
    fi
    rm -rf --one-file-system -- "$root"
fi
mkdir -p -- "$root"/usr/{bin,sbin,lib,lib64} "$root"/{etc,dev,proc,sys,run,tmp,root,var/log}
for d in bin sbin lib lib64; do
    ln -s "usr/$d" "$root/$d"
done
chmod 1777 "$root/tmp"

# busybox and its applets: a chroot has no /proc, so busybox links to its absolute argv[0].
cp -- "$bb" "$root/usr/bin/busybox"
chroot "$root" /usr/bin/busybox --install -s
cp -L -- /bin/bash "$root/usr/bin/bash"

# The distribution, as a packager installs it (sbin/init is then Dinit/J, not busybox's).
"$tree/install.sh" --prefix /usr --destdir "$root" --sbin-links >&2
mkdir -p -- "$root/usr/lib/dinitj/runtime"

# Files the runtime names outside itself through absolute links (Debian: lib/jvm.cfg and
# conf/ point into /etc/java-N-openjdk), copied to the same place in the root.
while IFS= read -r -d '' link; do
    target=$(readlink -- "$link")
    if [[ -f $target ]]; then
        mkdir -p -- "$root$(dirname -- "$target")"
        cp -L -- "$target" "$root$target"
    fi
done < <(find "$jh" -type l -lname '/*' -print0)

# Shared libraries: what ldd lists for bash, the exec helper, jffi's library, the java
# launcher, libjvm and the JDK libraries the daemon and the clients load; libgcc_s, which
# glibc opens when a thread is cancelled.
elfs=("$root/usr/bin/bash" "$root/usr/libexec/dinitj/dinit-exec" "$jh/bin/java"
      "$jh/lib/server/libjvm.so")
while IFS= read -r -d '' f; do elfs+=("$f"); done \
    < <(find "$root/usr/lib/dinitj/jffi" -name '*.so' -print0)
for l in java jimage zip nio net verify jsig extnet management prefs jaas syslookup jli; do
    [[ -f $jh/lib/lib$l.so ]] && elfs+=("$jh/lib/lib$l.so")
done
libs=$(for f in "${elfs[@]}"; do ldd "$f" 2> /dev/null || true; done \
    | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
gcc_s=$(ldconfig -p 2> /dev/null \
    | awk '$1 == "libgcc_s.so.1" && $NF ~ /^\// { print $NF; exit }' || true)
for lib in $libs $gcc_s; do
    [[ $lib == "$jh"/* ]] && continue
    mkdir -p -- "$root$(dirname -- "$lib")"
    cp -L -- "$lib" "$root$lib"
done

# /etc: users, and the service set with its helper.
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
mkdir -p -- "$root/etc/dinit.d" "$root/usr/lib/boot"
cp -- "$here"/dinit.d/* "$root/etc/dinit.d/"
cp -- "$here/mount-once" "$here/wait-socket" "$root/usr/lib/boot/"
chmod 755 "$root"/usr/lib/boot/*

# install.sh's post-install step for a --destdir install: the daemon's class-data archive,
# made where the jars will live, by a short run inside the root (in namespaces of its own).
unshare --pid --fork --mount --kill-child -- "$here/enter.sh" "$root" "$jh" archive >&2 \
    || die "make-archive in the root failed (see above)"
[[ -f $root/usr/lib/dinitj/dinit.jsa ]] || die "make-archive made no dinit.jsa"
echo "setup.sh: root ready in $root" >&2
