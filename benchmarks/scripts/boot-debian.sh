#!/usr/bin/env bash
# Debian boot benchmark (issue 17): a minimal Debian bookworm (rsyslog, cron, openssh-server,
# dbus) booted with Dinit/J as PID 1 of new PID, mount, UTS, IPC and network namespaces
# (unshare + chroot), on a pseudo-terminal as /dev/console; then, if a build of it is given,
# with upstream Dinit the same way, on the same service set. Prints, for each init, the medians
# of N boots: launch -> `[  OK  ] boot` on the console, shutdown command -> last service
# stopped and -> namespace gone, PID 1's resident size once booted, the daemons found running,
# and zombies.
#
#   benchmarks/scripts/boot-debian.sh [--dinitj TARBALL|TREE] [--upstream DIR] [--runs N]
#
# Needs root, util-linux (unshare, script, nsenter), procps and network access the first time
# (debootstrap, about 100 MB). Not part of CI. Run with --help for the details.
set -euo pipefail
here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
checkout=$(cd -P -- "$here/../.." && pwd)

usage() {
    cat <<'EOF'
Usage: boot-debian.sh [--dinitj TARBALL|TREE] [--upstream DIR] [--runs N] [--root DIR]
                      [--no-pre-proc]

Boots a minimal Debian bookworm with Dinit/J as PID 1 in namespaces, then with upstream Dinit
if --upstream is given, N times each, and prints a table of medians.

  --dinitj P     the Dinit/J distribution: a dinitj-*.tar.gz or an unpacked dinitj-* tree, built
                 with -Pwith-runtime (the root has no Java: the tree's lib/runtime is used).
                 Default: dinit-dist/target/dinitj-*.tar.gz of this checkout, built first with
                 ./mvnw -o -q -B package -pl dinit-dist -am -DskipTests -Pwith-runtime
                 if there is none or it has no runtime.
  --upstream D   an upstream Dinit build directory with src/dinit, src/dinitctl, src/shutdown
                 (optional; without it only Dinit/J is booted)
  --runs N       boots per init (default 3); the table shows medians
  --root D       the cached root (default $DINITJ_DEBIAN_ROOT, else /var/tmp/dinitj-bookworm);
                 made once with debootstrap --variant=minbase (installed with apt-get if
                 missing), reused afterwards; remove it to make it again
  --no-pre-proc  do not mount /proc before the init starts (see below): for a launcher that
                 copes without it
  --help         this text

Dinit/J is installed into the root with its install.sh under /opt/dinitj (its class-data
archive made there, in the root), upstream's binaries are copied to /opt/dinit-upstream; the
root's own /sbin/init is not touched, each boot names its init by path. /usr/sbin/shutdown in
the root (what a system-manager dinit runs at the end) is a link the script points at the
booted init's shutdown program for the boot, and removes afterwards.

The service set (/etc/dinit.d, one for both inits): early-mounts (/proc, /sys, /dev/pts, /run
and /tmp as tmpfs; starts-rwfs), hostname, loopback, syslog (rsyslogd -n; starts-log), dbus,
cron, sshd (on 127.0.0.1:2222), getty (agetty on /dev/console) and boot, which depends on all.

Each boot: script(1) gives a pty; unshare --pid --fork --mount --uts --ipc --net --kill-child
runs a pre-step as PID 1 that binds that pty onto the root's /dev/console, mounts /proc (the
java launcher finds libjli.so through /proc/self/exe: docs/platform-notes.md), and execs
chroot ROOT INIT with an empty environment (HOME=/ TERM=linux PATH). Measured: the time from
launch to the console line "[  OK  ] boot"; then every daemon is looked for in the PID
namespace (sshd must answer on 127.0.0.1:2222 in the network namespace, agetty must have
printed "login:"), PID 1's VmRSS and the zombies in the namespace are read; then the shutdown
command is run in the namespaces (nsenter): Dinit/J's bin/dinit-shutdown if the tree has it,
else its dinitctl shutdown; upstream's shutdown. The times from that command to the last
"[STOPPD]" line on the console and to PID 1 gone (every process of the namespace ended) are
the other two figures.

Upstream's shutdown --system, run in the namespaces, still does its host steps there: it sends
TERM/KILL to the namespace's processes (a 1 s grace), unmounts the namespace's mounts
(umount -a -r sees only those under the chroot), and runs swapoff -a, which is not namespaced:
the script refuses to boot upstream on a host with swap on unless DINITJ_BOOT_ALLOW_SWAPOFF=1.

DINITJ_BOOT_KEEP=1 keeps the work directory (console logs) and says where it is.
EOF
}

die() {
    echo "boot-debian.sh: $*" >&2
    exit 2
}

dist= upstream= runs=3 root=${DINITJ_DEBIAN_ROOT:-/var/tmp/dinitj-bookworm} preproc=true
while (($#)); do
    case $1 in
        --dinitj) (($# >= 2)) || die "--dinitj needs a tarball or a tree"; dist=$2; shift 2 ;;
        --upstream) (($# >= 2)) || die "--upstream needs a directory"; upstream=$2; shift 2 ;;
        --runs) (($# >= 2)) || die "--runs needs a number"; runs=$2; shift 2 ;;
        --root) (($# >= 2)) || die "--root needs a directory"; root=$2; shift 2 ;;
        --no-pre-proc) preproc=false; shift ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number: $runs"
[[ $root == /* && $root != / ]] || die "--root must be an absolute path other than /: $root"
root=${root%/}
if [[ -n $upstream ]]; then
    for f in dinit dinitctl shutdown; do
        [[ -x $upstream/src/$f ]] || die "no upstream build in $upstream: $upstream/src/$f missing"
    done
fi
# Upstream's shutdown --system runs swapoff -a, and swap is not namespaced.
if [[ -n $upstream && $(wc -l < /proc/swaps) -gt 1 && ${DINITJ_BOOT_ALLOW_SWAPOFF:-} != 1 ]]; then
    die "this host has swap on, and upstream's shutdown --system (swapoff -a) would turn it off" \
        "for the host too (DINITJ_BOOT_ALLOW_SWAPOFF=1 to boot upstream all the same)"
fi
(($(id -u) == 0)) || die "must run as root (namespaces, chroot, debootstrap)"
for tool in unshare script nsenter chroot pgrep mount; do
    command -v "$tool" >/dev/null || die "$tool not found (util-linux, procps, coreutils)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/dinitj-boot.XXXXXX")
# During a boot: $console_job is the background pipeline (script, then the line stamper),
# $work/script-pid holds script's PID and $work/pid1 the host PID of the namespace's PID 1.
console_job= holder= pid1= shutdown_link=
cleanup() {
    local status=$? p
    if [[ -n $console_job ]]; then
        p=${pid1:-$(cat -- "$work/pid1" 2>/dev/null || true)}
        if [[ -n $p && -d /proc/$p ]]; then
            kill -KILL "$p" 2>/dev/null || true   # PID 1 of the namespace: takes all of it along
        fi
        p=$(cat -- "$work/script-pid" 2>/dev/null || true)
        [[ -n $p ]] && kill "$p" 2>/dev/null || true
        wait "$console_job" 2>/dev/null || true
    fi
    [[ -n $holder ]] && exec {holder}>&- || true
    if [[ -n $shutdown_link && -L $shutdown_link ]]; then
        rm -f -- "$shutdown_link"
    fi
    # Every mount was made in a private mount namespace; anything still under the root here
    # would be a leak from an earlier, killed run.
    local m
    while read -r m; do
        umount -l -- "$m" 2>/dev/null || true
    done < <(awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r)
    if [[ ${DINITJ_BOOT_KEEP:-} == 1 ]]; then
        echo "boot-debian.sh: work directory kept: $work" >&2
    else
        rm -rf -- "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the root ----------------------------------------------------------------------------

make_root() {
    [[ -f $root/.dinitj-bench-root ]] && return 0
    if ! command -v debootstrap >/dev/null; then
        echo "boot-debian.sh: installing debootstrap" >&2
        apt-get install -y debootstrap >/dev/null
    fi
    echo "boot-debian.sh: making $root with debootstrap (once; about 100 MB to download)" >&2
    rm -rf -- "$root.partial"
    debootstrap --variant=minbase \
        --include=rsyslog,cron,openssh-server,dbus,procps,iproute2,util-linux \
        bookworm "$root.partial" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
    chroot "$root.partial" /usr/bin/ssh-keygen -A >/dev/null
    # imklog would read /proc/kmsg, which is the host's kernel log (reading it consumes it).
    sed -i 's/^module(load="imklog")/#&/' "$root.partial/etc/rsyslog.conf"
    touch "$root.partial/.dinitj-bench-root"
    rm -rf -- "$root"
    mv -- "$root.partial" "$root"
}

# ---- Dinit/J ------------------------------------------------------------------------------

# find_tree: sets $tree to an unpacked Dinit/J tree with a runtime, from $dist or the checkout.
find_tree() {
    local tarball=
    if [[ -z $dist ]]; then
        tarball=$(ls -t "$checkout"/dinit-dist/target/dinitj-*.tar.gz 2>/dev/null | head -1 || true)
        if [[ -n $tarball ]]; then
            tar tzf "$tarball" > "$work/contents"
        fi
        if [[ -z $tarball ]] || ! grep -q '/lib/runtime/bin/java$' "$work/contents"; then
            echo "boot-debian.sh: building the distribution with a runtime (-Pwith-runtime)" >&2
            (cd "$checkout" && ./mvnw -o -q -B package -pl dinit-dist -am -DskipTests -Pwith-runtime)
            tarball=$(ls -t "$checkout"/dinit-dist/target/dinitj-*.tar.gz | head -1)
        fi
    elif [[ -f $dist ]]; then
        tarball=$dist
    elif [[ -d $dist ]]; then
        tree=$(cd -P -- "$dist" && pwd)
    else
        die "no Dinit/J tarball or tree at $dist"
    fi
    if [[ -n $tarball ]]; then
        mkdir -p -- "$work/dist"
        tar xzf "$tarball" -C "$work/dist"
        tree=$(echo "$work"/dist/dinitj-*)
    fi
    [[ -x $tree/install.sh && -f $tree/lib/launch.sh ]] || die "not a Dinit/J tree: $tree"
    [[ -x $tree/lib/runtime/bin/java ]] \
        || die "$tree has no lib/runtime (build it with -Pwith-runtime): the root has no Java"
}

# install_dinitj: the tree into ROOT/opt/dinitj, and its class-data archive made in the root
# (Java 17 ties it to the jars' absolute paths as PID 1 will see them).
install_dinitj() {
    rm -rf -- "$root/opt/dinitj"
    "$tree/install.sh" --destdir "$root" --prefix /opt/dinitj >/dev/null
    unshare --pid --fork --mount --kill-child -- /bin/bash -c '
        mount -t proc proc "$1/proc" && mount -t tmpfs tmpfs "$1/tmp" &&
        exec chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin HOME=/root \
            /opt/dinitj/lib/dinitj/make-archive' _ "$root" >"$work/make-archive.log" 2>&1 \
        || { cat "$work/make-archive.log" >&2; die "making the class-data archive in the root failed"; }
}

install_upstream() {
    rm -rf -- "$root/opt/dinit-upstream"
    mkdir -p -- "$root/opt/dinit-upstream/sbin" "$root/opt/dinit-upstream/bin"
    cp -- "$upstream/src/dinit" "$upstream/src/shutdown" "$root/opt/dinit-upstream/sbin/"
    cp -- "$upstream/src/dinitctl" "$root/opt/dinit-upstream/bin/"
}

# ---- the service set -----------------------------------------------------------------------

write_services() {
    local d=$root/etc/dinit.d lib=$root/usr/local/lib/dinit-bench
    rm -rf -- "$d" "$lib"
    mkdir -p -- "$d" "$lib"
    cat > "$lib/early-mounts" <<'EOF'
#!/bin/sh
# early-mounts: what a kernel leaves to init. /proc may be there already (the boot's pre-step).
set -e
mountpoint -q /proc || mount -t proc -o nosuid,nodev,noexec proc /proc
mountpoint -q /sys || mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mountpoint -q /dev/pts || mount -t devpts -o nosuid,noexec,gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mountpoint -q /dev/shm || mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /dev/shm
mount -t tmpfs -o nosuid,nodev,mode=755 tmpfs /run
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /tmp
mkdir -p /run/dbus /run/sshd /run/lock
chmod 755 /run/sshd
EOF
    chmod 755 "$lib/early-mounts"
    cat > "$d/early-mounts" <<'EOF'
type = scripted
command = /usr/local/lib/dinit-bench/early-mounts
restart = false
options = starts-rwfs
EOF
    cat > "$d/hostname" <<'EOF'
type = scripted
command = /usr/bin/hostname moon
restart = false
EOF
    cat > "$d/loopback" <<'EOF'
type = scripted
command = /usr/bin/ip link set lo up
restart = false
EOF
    cat > "$d/syslog" <<'EOF'
type = process
command = /usr/sbin/rsyslogd -n -iNONE
depends-on = early-mounts
options = starts-log
EOF
    cat > "$d/dbus" <<'EOF'
type = process
command = /usr/bin/dbus-daemon --system --nofork --nopidfile
depends-on = early-mounts
waits-for = syslog
EOF
    cat > "$d/cron" <<'EOF'
type = process
command = /usr/sbin/cron -f
depends-on = early-mounts
waits-for = syslog
EOF
    cat > "$d/sshd" <<'EOF'
type = process
command = /usr/sbin/sshd -D -p 2222 -o ListenAddress=127.0.0.1
depends-on = early-mounts
depends-on = loopback
waits-for = syslog
EOF
    cat > "$d/getty" <<'EOF'
type = process
command = /usr/sbin/agetty --noclear -L -8 console 38400 linux
depends-on = early-mounts
depends-on = hostname
termsignal = HUP
restart = true
EOF
    cat > "$d/boot" <<'EOF'
type = internal
depends-on = early-mounts
depends-on = hostname
depends-on = loopback
depends-on = syslog
depends-on = dbus
depends-on = cron
depends-on = sshd
depends-on = getty
EOF
}

# point_shutdown TARGET: the root's /usr/sbin/shutdown (what a system-manager dinit execs when
# its services have stopped) made a link to TARGET for this boot, or no link if TARGET is not
# in the root; a real /usr/sbin/shutdown of the root's own is left alone.
point_shutdown() {
    local link=$root/usr/sbin/shutdown
    if [[ -e $link && ! -L $link ]]; then
        return 0
    fi
    shutdown_link=$link
    if [[ -x $root$1 ]]; then
        ln -sfn -- "$1" "$link"
    else
        rm -f -- "$link"
    fi
}

# ---- one boot ------------------------------------------------------------------------------

now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }

# in_ns CMD...: CMD in every namespace of the booted root (and chrooted into it).
in_ns() {
    nsenter -t "$pid1" -m -u -i -n -p -r -w -- "$@"
}

# ns_pids: the processes of the booted PID namespace, by their host PIDs.
ns_pids() {
    pgrep --ns "$pid1" --nslist pid . || true
}

# boot_once LABEL INIT SHUTDOWN-CMD...: one boot; appends a result line to $work/results.
boot_once() {
    local label=$1 init=$2 run=$3
    shift 3
    local console=$work/console-$label-$run raw=$work/console-$label-$run.raw
    rm -f -- "$root/run/dinitctl" "$work/pid1" "$work/script-pid"
    cat > "$work/prestep" <<EOF
# PID 1 of the new namespaces until it execs the init. /proc/self here is still the host's
# /proc: its first field is this process's host PID, which the script needs.
read -r hostpid _ < /proc/self/stat
echo "\$hostpid" > "$work/pid1"
mount --bind "\$(tty)" "$root/dev/console"
$($preproc && echo "mount -t proc -o nosuid,nodev,noexec proc \"$root/proc\"")
exec env -i HOME=/ TERM=linux PATH=/usr/sbin:/usr/bin:/sbin:/bin chroot "$root" $init
EOF
    local t0 t1 t2 t3
    t0=$(now_ms)
    # script's input is a FIFO nobody writes and this script holds open, so no EOF reaches the
    # pty; each console line is stamped with the time it arrived.
    {
        echo "$BASHPID" > "$work/script-pid"
        SHELL=/bin/bash exec script -qfec \
            "exec unshare --pid --fork --mount --uts --ipc --net --kill-child /bin/bash $work/prestep" \
            "$raw"
    } < "$work/input" {holder}>&- 2>&1 \
        | while IFS= read -r line || [[ -n $line ]]; do
            printf '%s %s\n' "$((${EPOCHREALTIME/./} / 1000))" "${line%$'\r'}"
        done > "$console" &
    console_job=$!
    local deadline=$((t0 + 60000))
    until [[ -s $work/pid1 ]] && grep -aq '\[  OK  \] boot$' "$console"; do
        if ! kill -0 "$console_job" 2>/dev/null || (($(now_ms) > deadline)); then
            echo "boot-debian.sh: $label did not boot; its console:" >&2
            sed 's/\x1b\[[0-9;]*m//g' "$console" >&2 || true
            return 1
        fi
        sleep 0.005
    done
    pid1=$(< "$work/pid1")
    t1=$(grep -a -m1 '\[  OK  \] boot$' "$console" | cut -d' ' -f1)

    # The daemons: each looked for in the PID namespace, for up to 10 s after boot.
    local up=() missing=() name found i
    for name in rsyslogd dbus-daemon cron sshd agetty; do
        found=false
        for ((i = 0; i < 200; i++)); do
            if pgrep --ns "$pid1" --nslist pid -x "$name" >/dev/null; then
                case $name in
                    sshd)
                        in_ns timeout 2 /bin/bash -c \
                            'exec 3<>/dev/tcp/127.0.0.1/2222 && read -r l <&3 && [[ $l == SSH-* ]]' \
                            2>/dev/null && found=true ;;
                    agetty) grep -aq 'login:' "$raw" && found=true ;;
                    *) found=true ;;
                esac
            fi
            $found && break
            sleep 0.05
        done
        if $found; then up+=("$name"); else missing+=("$name"); fi
    done
    sleep 0.5   # anything that exits at start has exited, and was reaped or not, by now
    local rss zombies=0 p
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid1/status")
    for p in $(ns_pids); do
        if [[ $(awk '/^State:/ { print $2 }' "/proc/$p/status" 2>/dev/null) == Z ]]; then
            zombies=$((zombies + 1))
        fi
    done

    t2=$(now_ms)
    # In a subshell, whose own report of the client killed with the namespace goes to the log.
    (in_ns "$@"; true) >"$work/shutdown-$label-$run.log" 2>&1 &
    local client=$!
    until [[ ! -d /proc/$pid1 ]]; do
        if (($(now_ms) > t2 + 60000)); then
            echo "boot-debian.sh: $label did not end within 60 s of the shutdown command" >&2
            return 1
        fi
        sleep 0.002
    done
    t3=$(now_ms)
    wait "$client" 2>/dev/null || true
    wait "$console_job" 2>/dev/null || true   # script drained the pty: the console log is whole
    console_job= pid1=
    # The service manager's part: the last service stopped (the last "[STOPPD]" line).
    local tstop
    tstop=$(grep -a '\[STOPPD\]' "$console" | tail -1 | cut -d' ' -f1)
    tstop=${tstop:-$t3}
    printf '%s %d %d %d %d %s %d\n' "$label" $((t1 - t0)) $((t3 - t2)) "$rss" "$zombies" \
        "$(IFS=,; echo "${up[*]}")" $((tstop - t2)) >> "$work/results"
    printf '%-8s run %d: boot %5d ms; shutdown: services stopped %5d ms, gone %5d ms;' \
        "$label" "$run" $((t1 - t0)) $((tstop - t2)) $((t3 - t2))
    printf ' PID 1 RSS %6d KiB; zombies %d; up: %s%s\n' "$rss" "$zombies" "${up[*]}" \
        "${missing:+; NOT UP: ${missing[*]}}"
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# ---- main ----------------------------------------------------------------------------------

make_root
find_tree
install_dinitj
[[ -n $upstream ]] && install_upstream
write_services
mkfifo -- "$work/input"
exec {holder}<>"$work/input"

inits=(dinitj)
[[ -n $upstream ]] && inits+=(upstream)
for init in "${inits[@]}"; do
    for run in $(seq 1 "$runs"); do
        if [[ $init == dinitj ]]; then
            point_shutdown /opt/dinitj/bin/dinit-shutdown
            if [[ -x $root/opt/dinitj/bin/dinit-shutdown ]]; then
                shutdown_cmd=(/opt/dinitj/bin/dinit-shutdown)
            else
                shutdown_cmd=(/opt/dinitj/bin/dinitctl shutdown)
            fi
            boot_once dinitj /opt/dinitj/bin/dinit "$run" "${shutdown_cmd[@]}"
        else
            point_shutdown /opt/dinit-upstream/sbin/shutdown
            boot_once upstream /opt/dinit-upstream/sbin/dinit "$run" /opt/dinit-upstream/sbin/shutdown
        fi
    done
done

echo
printf '%-9s %13s %17s %15s %12s %8s  %s\n' init 'launch->boot' 'shutdown->stopped' \
    'shutdown->gone' 'PID 1 RSS' zombies 'daemons up'
for init in "${inits[@]}"; do
    grep "^$init " "$work/results" > "$work/r" || continue
    boot=$(awk '{ print $2 }' "$work/r" | median)
    down=$(awk '{ print $3 }' "$work/r" | median)
    stopped=$(awk '{ print $7 }' "$work/r" | median)
    rss=$(awk '{ print $4 }' "$work/r" | median)
    zombies=$(awk '{ s += $5 } END { print s }' "$work/r")
    daemons=$(awk '{ print $6 }' "$work/r" | sort | uniq -c | sort -rn | head -1 | awk '{ print $2 }')
    printf '%-9s %10d ms %14d ms %12d ms %8.1f MiB %8d  %s\n' "$init" "$boot" "$stopped" "$down" \
        "$(echo "$rss / 1024" | bc -l)" "$zombies" "${daemons//,/ }"
done
echo "(medians of $runs boots; zombies: the sum over them; daemons: the set most boots had;"
echo " shutdown->stopped: to the last [STOPPD] line on the console)"
if $preproc; then
    echo "(/proc was mounted before the init started: the java launcher needs it; --no-pre-proc)"
fi
if [[ -x $root/opt/dinitj/bin/dinit-shutdown ]]; then
    echo "(shutdown: Dinit/J's dinit-shutdown; upstream's shutdown)"
else
    echo "(shutdown: Dinit/J's dinitctl shutdown, a JVM client, no dinit-shutdown yet; upstream's shutdown)"
fi
