#!/usr/bin/env bash
# Fault check 9: the daemon on a small heap (-Xmx16m, then -Xmx24m, through
# DINITJ_JAVA_OPTIONS) under load: a connection flood (the fuzzer, 32 connections, and
# crowds of 300 concurrent clients), repeated loads of a set of N generated services (load
# 'big', which depends on all, start it, stop it, unload all), while a supervised child is
# killed every 2 s and must be running again under a new pid each time. The daemon must live
# through it (an OutOfMemoryError may end a request with OOM, never the daemon), keep
# supervising, and once the load ends answer normally (the good client's checked rounds) with
# its heap in use back near where it began.
#
#   benchmarks/scripts/faults/smallheap.sh [SECONDS [N]]   (default 60 2000)
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
secs=${1:-60}
n=${2:-2000}
rc=0
for heap in 16m 24m; do
    faults_init "smallheap-$heap"
    faults_good_services
    printf 'type = process\ncommand = /bin/sleep 100003\nrestart = yes\nrestart-limit-count = 0\nrestart-delay = 0.1\n' \
        > "$work/sd/victim"
    echo "waits-for = victim" >> "$work/sd/boot"
    {
        echo "type = internal"
        for i in $(seq "$n"); do echo "depends-on = big-$i"; done
    } > "$work/sd/big"
    for i in $(seq "$n"); do
        printf 'type = internal\nrestart = no\n# generated service %s of %s, for the small heap\n' \
            "$i" "$n" > "$work/sd/big-$i"
    done
    DINITJ_JAVA_OPTIONS="-Xmx$heap ${DINITJ_JAVA_OPTIONS:-}" faults_start
    sleep 1
    heap0=$(heap_kib) rss0=$(rss_kib)
    fc bigload --seconds "$secs" --services "$n" > "$work/bigload.out" 2>&1 &
    loader=$!
    fc fuzz --packets $((secs * 1500)) --connections 32 --seed 7 > "$work/fuzz.out" 2>&1 &
    fuzzer=$!
    faults_jobs+=("$loader" "$fuzzer")
    victim() { { pgrep -P "$DPID" -f '^/bin/sleep 100003$' || true; } | head -1; }
    kills=0 restarted=0 crowds=0 crowd_failed=0 max_rss=$rss0 max_restart=0
    end=$(($(date +%s) + secs))
    while (($(date +%s) < end)); do
        faults_alive
        v=$(victim)
        if [[ -n $v ]]; then
            kill -KILL "$v"
            kills=$((kills + 1))
            t0=$(date +%s%N)
            for _ in $(seq 200); do
                w=$(victim)
                [[ -n $w && $w != "$v" ]] && break
                sleep 0.05
            done
            if [[ -n $w && $w != "$v" ]]; then
                restarted=$((restarted + 1))
                dt=$((($(date +%s%N) - t0) / 1000000))
                ((dt > max_restart)) && max_restart=$dt
            else
                echo "FAILED: victim not restarted within 10 s of kill $kills" >&2
                rc=1
            fi
        fi
        if fc concurrent --clients 300 --rounds 1 > "$work/crowd.out" 2>&1; then
            crowds=$((crowds + 1))
        else
            crowd_failed=$((crowd_failed + 1))
            grep -m1 FAILED "$work/crowd.out" >> "$work/crowd.failures" || true
        fi
        r=$(rss_kib)
        ((r > max_rss)) && max_rss=$r
        sleep 2
    done
    wait "$loader" || true
    wait "$fuzzer" || true
    faults_alive
    sleep 2
    if ! fc good --seconds 3 > "$work/after.out" 2>&1; then
        echo "FAILED: the good client after the load (-Xmx$heap):" >&2
        cat "$work/after.out" >&2
        rc=1
    fi
    heap1=$(heap_kib)
    ooms=$(grep -c 'OutOfMemoryError' "$work/console" || true)
    echo "-Xmx$heap: $secs s of load; $n services per load round"
    sed 's/^/    /' "$work/bigload.out"
    echo "    fuzz packets: $(awk -F': ' '/^packets/ {print $2}' "$work/fuzz.out"), connections $(awk -F': ' '/^connections/ {print $2}' "$work/fuzz.out")"
    echo "    crowds of 300 clients: $crowds answered in full, $crowd_failed not"
    [[ -f $work/crowd.failures ]] && sort "$work/crowd.failures" | uniq -c | head -3 | sed 's/^/      /'
    echo "    victim killed $kills times, restarted $restarted times (slowest $max_restart ms)"
    echo "    OutOfMemoryError lines in the daemon's log: $ooms"
    echo "    after the load: $(grep 'good requests' "$work/after.out"), $(grep 'good max latency' "$work/after.out")"
    echo "    daemon RSS: $rss0 KiB before, max $max_rss KiB, $(rss_kib) KiB after"
    echo "    daemon heap after GC: ${heap0:-?} KiB before, ${heap1:-?} KiB after"
    if [[ $kills -eq 0 || $restarted -ne $kills ]]; then rc=1; fi
    if [[ -n $heap0 && -n $heap1 ]] && ((heap1 > heap0 * 2 + 2048)); then
        echo "FAILED: heap in use not back: $heap0 -> $heap1 KiB" >&2
        rc=1
    fi
    faults_cleanup_daemon
done
exit "$rc"
