#!/usr/bin/env bash
# install.sh: installs this Dinit/J tree as a packager or an administrator expects.
# Run ./install.sh --help for the options and the layout.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: install.sh [--prefix P] [--destdir D] [--sbin-links] [--no-archive]

Installs the Dinit/J tree this script is in under D/P (P defaults to /usr/local, D to nothing):
  P/bin/{dinit,dinitctl,dinit-check,dinit-shell,dinit-shutdown}
                                                  the launchers (they find P/lib/dinitj)
  P/lib/dinitj/                                   the jars (plugins/ for the service types),
                                                  the class path files, launch.sh, jffi/
  P/libexec/dinitj/dinit-exec                     the exec helper
  P/share/man, P/share/bash-completion, P/share/zsh, P/share/fish   pages and completions
  P/share/doc/dinitj/{README,LICENSE}

  --prefix P     where the files will live (absolute), e.g. /usr
  --destdir D    a staging root the files are written under (packaging: --destdir pkgroot)
  --sbin-links   also P/sbin/{init,shutdown,halt,poweroff,reboot,soft-reboot}: init links
                 to dinit, the others to dinit-shutdown, whose default action is the name's
                 (reboot reboots, soft-reboot soft-reboots, the rest power off)
  --no-archive   do not make the daemon's class-data archive
  --help         this text

Without --destdir the daemon's class-data archive (P/lib/dinitj/dinit.jsa, faster starts) is
made after copying, by one short run of the installed daemon: Java 17 ties the archive to the
jars' absolute paths, so it can only be made where they finally live. With --destdir it is not
made; run  P/lib/dinitj/make-archive  once the files are in place (a package's post-install
step). The installed launchers need java: JAVA_HOME, else the bundled lib/dinitj/runtime
(-Pwith-runtime builds), else java on PATH, else /usr/lib/jvm/default-java.
EOF
}

die() {
    echo "install.sh: $*" >&2
    echo "install.sh: use --help for the options" >&2
    exit 2
}

prefix=/usr/local destdir= sbin=false archive=true
while (($#)); do
    case $1 in
        --prefix) (($# >= 2)) || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#*=}; shift ;;
        --destdir) (($# >= 2)) || die "--destdir needs a directory"; destdir=$2; shift 2 ;;
        --destdir=*) destdir=${1#*=}; shift ;;
        --sbin-links) sbin=true; shift ;;
        --no-archive) archive=false; shift ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument: $1" ;;
    esac
done
[[ $prefix == /* ]] || die "--prefix must be an absolute path: $prefix"
[[ -z $destdir || -n ${destdir//\//} ]] || destdir=
[[ $prefix != *$'\n'* && $destdir != *$'\n'* ]] || die "a newline in a path"

src=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")
[[ -f $src/lib/launch.sh && -d $src/bin && -f $src/libexec/dinit-exec ]] \
    || die "not in an unpacked Dinit/J tree: $src"
root=$destdir$prefix
lib=$root/lib/dinitj

# cp -p keeps the jars' times: a class-data archive records them and is refused if they differ.
mkdir -p -- "$root/bin" "$lib" "$root/libexec/dinitj" "$root/share"
cp -pR -- "$src/lib/." "$lib/"
# An archive made in the unpacked tree names the jars there: never the installed one.
rm -f -- "$lib/dinit.jsa"
cp -p -- "$src/libexec/dinit-exec" "$root/libexec/dinitj/dinit-exec"
for b in "$src"/bin/*; do
    cp -p -- "$b" "$root/bin/"
done
if [[ -d $src/share ]]; then
    cp -pR -- "$src/share/." "$root/share/"
fi
mkdir -p -- "$root/share/doc/dinitj"
cp -p -- "$src/README" "$src/LICENSE" "$root/share/doc/dinitj/"
chmod 755 "$root/bin/"* "$root/libexec/dinitj/dinit-exec" "$lib/make-archive"

if $sbin; then
    mkdir -p -- "$root/sbin"
    ln -sfn ../bin/dinit "$root/sbin/init"
    for l in shutdown halt poweroff reboot soft-reboot; do
        ln -sfn ../bin/dinit-shutdown "$root/sbin/$l"
    done
fi

if $archive && [[ -z $destdir ]]; then
    "$lib/make-archive" || echo "install.sh: no class-data archive made" \
        "(the daemon still runs, starting slower)" >&2
fi
echo "install.sh: installed Dinit/J under $root"
