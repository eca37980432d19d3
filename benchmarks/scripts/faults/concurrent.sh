#!/usr/bin/env bash
# Fault check 4: CLIENTS clients connect at once, each doing ROUNDS rounds of QUERYVERSION,
# LOADSERVICE, SERVICESTATUS6 and LISTSERVICES5, every answer checked. More than the daemon's
# 128 are open at once, all of them in use: none may be refused or closed. Prints the time
# for all and the slowest answer.
#
#   benchmarks/scripts/faults/concurrent.sh [CLIENTS [ROUNDS]]   (default 1000 3)
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-1000}
rounds=${2:-3}
faults_init concurrent
faults_good_services
faults_start
sleep 1
heap_kib >/dev/null
fd0=$(fd_count)
rc=0
fc concurrent --clients "$n" --rounds "$rounds" > "$work/concurrent.out" 2>&1 || rc=$?
cat "$work/concurrent.out"
faults_alive
fd1=$(fd_back_to "$fd0") || { echo "FAILED: fds $fd1 after, began with $fd0" >&2; rc=1; }
echo "daemon fds: $fd0 before, $fd1 after; RSS $(rss_kib) KiB (peak $(hwm_kib) KiB)"
exit "$rc"
