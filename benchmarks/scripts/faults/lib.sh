# Sourced by the fault battery's scripts (README "Reliability"): one private daemon per script,
# run as a user would run it, and the figures every script reads from /proc.
#
# Environment:
#   DINITJ_FAULTS_BIN   the bin/ whose dinit and dinitctl are tested: the checkout's (default)
#                       or a built tree's (dinit-dist/target/dinitj-VERSION/bin)
#   DINITJ_FAULTS_JAR   the jar holding io.dinitj.bench.faults (default benchmarks/target/
#                       benchmarks.jar: ./mvnw -pl benchmarks -am package -DskipTests)
#   DINITJ_FAULTS_WORK  where each script's directory is made (default target/faults)
#   DINITJ_JAVA_OPTIONS JVM options for the daemon (bin/lib/launch.sh), after its defaults
#
# Everything a script starts is stopped by the EXIT trap, on failure too: the daemon (TERM,
# then KILL after 15 s, and then whatever it had started), and the script's background jobs.
set -euo pipefail

faults_root=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd)
faults_bin=${DINITJ_FAULTS_BIN:-$faults_root/bin}
faults_jar=${DINITJ_FAULTS_JAR:-$faults_root/benchmarks/target/benchmarks.jar}
# The checkout's launchers would rebuild with Maven when sources changed: the battery tests
# what is built.
export DINITJ_NO_BUILD=1
DPID=
faults_jobs=()

# faults_init NAME: a fresh work directory $work (services in $work/sd, socket $work/sock).
faults_init() {
    local base=${DINITJ_FAULTS_WORK:-$faults_root/target/faults}
    work=$base/$1
    rm -rf -- "$work"
    mkdir -p -- "$work/sd"
    sock=$work/sock
    if [[ ! -f $faults_jar ]]; then
        echo "$1: $faults_jar is missing (./mvnw -pl benchmarks -am package -DskipTests)" >&2
        exit 2
    fi
    trap faults_cleanup EXIT
    trap 'exit 130' INT TERM
}

faults_cleanup() {
    local rc=$? j kids=()
    for j in "${faults_jobs[@]}"; do
        kill -- "$j" 2>/dev/null || true
    done
    if [[ -n $DPID ]] && kill -0 "$DPID" 2>/dev/null; then
        mapfile -t kids < <(pgrep -P "$DPID" || true)
        kill -TERM "$DPID" 2>/dev/null || true
        for _ in $(seq 150); do
            kill -0 "$DPID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$DPID" 2>/dev/null; then
            kill -KILL "$DPID" 2>/dev/null || true
            for j in "${kids[@]}"; do kill -KILL "$j" 2>/dev/null || true; done
        fi
    fi
    for j in "${faults_jobs[@]}"; do
        wait "$j" 2>/dev/null || true
    done
    exit "$rc"
}

# faults_good_services: the services the good client uses (FaultClient's goodRound):
# good-steady (a process, started by boot), good-1..3 (processes, stopped), and boot.
faults_good_services() {
    printf 'type = process\ncommand = /bin/sleep 100000\n' > "$work/sd/good-steady"
    for i in 1 2 3; do
        printf 'type = process\ncommand = /bin/sleep 100000\n' > "$work/sd/good-$i"
    done
    printf 'type = internal\nwaits-for = good-steady\n' > "$work/sd/boot"
}

# faults_start [DINIT ARGS...]: starts the daemon on $work/sd and $sock, console to
# $work/console; waits until boot has started (up to 120 s). Sets DPID.
faults_start() {
    "$faults_bin/dinit" --user -d "$work/sd" -p "$sock" "$@" > "$work/console" 2>&1 &
    DPID=$!
    local i
    for i in $(seq 1200); do
        if grep -q '^\[  OK  \] boot$' "$work/console" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$DPID" 2>/dev/null; then
            echo "daemon exited while starting:" >&2
            cat "$work/console" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "daemon did not start boot in 120 s" >&2
    tail -20 "$work/console" >&2
    exit 1
}

# faults_alive: fails the script (with the console's tail) if the daemon has gone.
faults_alive() {
    if ! kill -0 "$DPID" 2>/dev/null; then
        echo "FAILED: the daemon died" >&2
        tail -30 "$work/console" >&2
        exit 1
    fi
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$DPID/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$DPID/status"; }
fd_count() { ls "/proc/$DPID/fd" | wc -l; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$DPID/status"; }

# heap_kib: the daemon's Java heap in use after a full collection (jcmd GC.run, then
# GC.heap_info), in KiB; empty if jcmd cannot attach.
heap_kib() {
    command -v jcmd >/dev/null 2>&1 || return 0
    jcmd "$DPID" GC.run >/dev/null 2>&1 || return 0
    jcmd "$DPID" GC.heap_info 2>/dev/null | awk '/total .* used/ {
        for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K$/, "", v); s += v } }
        END { if (s) print s }'
}

# fc MODE ARGS...: the fault client against $sock.
fc() {
    local mode=$1
    shift
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -cp "$faults_jar" \
        io.dinitj.bench.faults.FaultClient "$mode" --socket "$sock" "$@"
}

# dctl ARGS...: the tested dinitctl against $sock.
dctl() { "$faults_bin/dinitctl" --user -p "$sock" "$@"; }

# fd_back_to BASELINE [SECONDS]: waits until the daemon's fd count is BASELINE (default 15 s);
# prints the count found; fails if it is not back.
fd_back_to() {
    local want=$1 secs=${2:-15} n i
    for i in $(seq $((secs * 10))); do
        n=$(fd_count)
        if [[ $n -eq $want ]]; then
            echo "$n"
            return 0
        fi
        sleep 0.1
    done
    echo "$n"
    return 1
}

# median FILE COLUMN FROM TO: the median of column COLUMN over lines FROM..TO (1-based).
median() {
    sed -n "$3,$4p" "$1" | awk -v c="$2" '{print $c}' | sort -n | awk '{a[NR] = $1}
        END { if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2];
              else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}

# faults_cleanup_daemon: stops the daemon as the EXIT trap would (for a script that runs
# several in turn) and forgets its jobs.
faults_cleanup_daemon() {
    (faults_cleanup) || true
    DPID=
    faults_jobs=()
}
