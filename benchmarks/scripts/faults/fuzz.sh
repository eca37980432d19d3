#!/usr/bin/env bash
# Fault check 1: fuzzed control packets (random bytes and mutated valid requests) over many
# connections at once, while a good client issues real requests (version, load, status,
# start, stop, list) throughout and every answer is checked; dinitctl list is run too. Fails
# if a good answer is wrong, the daemon dies, keeps open a connection it had to close, or ends
# with more descriptors than it began with.
#
#   benchmarks/scripts/faults/fuzz.sh [PACKETS [CONNECTIONS]]   (default 1000000 64)
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
packets=${1:-1000000}
conns=${2:-64}
faults_init fuzz
faults_good_services
for i in 1 2 3 4; do
    printf 'type = process\ncommand = /bin/sleep 100000\nrestart = yes\nrestart-limit-count = 0\n' \
        > "$work/sd/fuzz-$i"
done
printf 'type = internal\ndepends-on = fuzz-1\nwaits-for = fuzz-2\n' > "$work/sd/fuzz-all"
printf 'type = process\ncommand = \n' > "$work/sd/fuzz-bad"
faults_start
sleep 1
heap0=$(heap_kib) rss0=$(rss_kib) fd0=$(fd_count)  # jcmd first: its attach socket is a descriptor
fc fuzz --packets "$packets" --connections "$conns" --seed "${FUZZ_SEED:-$RANDOM}" \
    > "$work/fuzz.out" 2>&1 &
fuzzer=$!
faults_jobs+=("$fuzzer")
lists=0
while kill -0 "$fuzzer" 2>/dev/null; do
    if dctl list > "$work/list.out" 2>&1 && grep -q 'good-steady' "$work/list.out"; then
        lists=$((lists + 1))
    else
        faults_alive
        echo "FAILED: dinitctl list during the fuzz:" >&2
        cat "$work/list.out" >&2
        exit 1
    fi
    sleep 1
done
rc=0
wait "$fuzzer" || rc=$?
cat "$work/fuzz.out"
faults_alive
# Services the fuzzer started may hold descriptors (none here), connections none: stop them.
for i in 1 2 3 4; do dctl stop --force "fuzz-$i" >/dev/null 2>&1 || true; done
fd1=$(fd_back_to "$fd0") || { echo "FAILED: fds $fd1, began with $fd0" >&2; rc=1; }
rss1=$(rss_kib) heap1=$(heap_kib)
echo "dinitctl list during the fuzz: $lists answered"
echo "daemon RSS: ${rss0} KiB before, ${rss1} KiB after (peak $(hwm_kib) KiB)"
echo "daemon heap after GC: ${heap0:-?} KiB before, ${heap1:-?} KiB after"
echo "daemon fds: $fd0 before, $fd1 after"
exit "$rc"
