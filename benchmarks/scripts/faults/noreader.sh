#!/usr/bin/env bash
# Fault check 3: a client that sends LISTSERVICES5 requests as fast as it can (each answered
# with some 10 KiB: 400 services are loaded) and never reads a reply. The daemon must stop
# reading from it once its queued output passes the high-water mark (16 KiB;
# docs/control-protocol.md §3) rather than buffer without bound: the client's writes must stop
# being accepted, and the daemon's RSS stay bounded (sampled every 0.5 s: first/last/max
# printed; fails if the max exceeds the first by more than 32 MiB). Other clients are served
# meanwhile (FaultClient's checked good rounds).
#
#   benchmarks/scripts/faults/noreader.sh [SECONDS]   (default 20)
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
secs=${1:-20}
faults_init noreader
faults_good_services
for i in $(seq 400); do
    printf 'type = internal\n' > "$work/sd/filler-$i"
    echo "waits-for = filler-$i" >> "$work/sd/boot"
done
faults_start
sleep 1
heap0=$(heap_kib)
fd0=$(fd_count)
fc noreader --seconds "$secs" > "$work/noreader.out" 2>&1 &
client=$!
faults_jobs+=("$client")
: > "$work/rss"
while kill -0 "$client" 2>/dev/null; do
    rss_kib >> "$work/rss"
    sleep 0.5
done
rc=0
wait "$client" || rc=$?
cat "$work/noreader.out"
faults_alive
fd1=$(fd_back_to "$fd0") || { echo "FAILED: fds $fd1 after, began with $fd0" >&2; rc=1; }
first=$(head -1 "$work/rss") last=$(tail -1 "$work/rss") max=$(sort -n "$work/rss" | tail -1)
heap1=$(heap_kib)
echo "daemon RSS: first $first KiB, last $last KiB, max $max KiB ($(wc -l < "$work/rss") samples)"
echo "daemon heap after GC: ${heap0:-?} KiB before, ${heap1:-?} KiB after"
echo "daemon fds: $fd0 before, $fd1 after"
if ((max - first > 32768)); then
    echo "FAILED: RSS grew by $((max - first)) KiB while the client did not read" >&2
    rc=1
fi
exit "$rc"
