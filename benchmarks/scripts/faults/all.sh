#!/usr/bin/env bash
# The whole fault battery with short settings (what ./mvnw verify runs: FaultBatteryIT), and
# a summary table. The soak runs beside the other checks (its own daemon; its criteria are
# relative to itself, so the others' load slows it but does not decide it).
#
#   benchmarks/scripts/faults/all.sh [--soak-minutes N]   (default 5)
# Each check's full output is in target/faults/NAME.log.
set -euo pipefail
here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -P -- "$here/../../.." && pwd)
soak=5
if [[ ${1:-} == --soak-minutes ]]; then soak=$2; fi
logs=${DINITJ_FAULTS_WORK:-$root/target/faults}
mkdir -p -- "$logs"
soak_pid=
trap '[[ -n $soak_pid ]] && kill -- "$soak_pid" 2>/dev/null; wait 2>/dev/null' EXIT
"$here/soak.sh" --minutes "$soak" > "$logs/soak.log" 2>&1 &
soak_pid=$!
checks=("fuzz.sh 100000 64" "stalled.sh 1000 3000" "noreader.sh 10" "concurrent.sh 1000 3"
    "crash500.sh 500" "otheruid.sh" "names.sh" "smallheap.sh 20 2000")
results=()
failed=0
for c in "${checks[@]}"; do
    read -r -a argv <<< "$c"
    name=${argv[0]%.sh}
    t0=$(date +%s)
    if "$here/${argv[0]}" "${argv[@]:1}" > "$logs/$name.log" 2>&1; then r=ok; else r=FAILED; failed=1; fi
    results+=("$(printf '%-11s %-7s %4ds  %s' "$name" "$r" $(($(date +%s) - t0)) "${argv[*]:1}")")
    echo "${results[-1]}"
done
t0=$(date +%s)
if wait "$soak_pid"; then r=ok; else r=FAILED; failed=1; fi
soak_pid=
results+=("$(printf '%-11s %-7s %4ds  %s' soak "$r" $(($(date +%s) - t0)) "--minutes $soak (beside the others; the wait after them)")")
echo
echo "check       result  time   settings"
printf '%s\n' "${results[@]}"
echo
for name in fuzz stalled noreader concurrent crash500 otheruid names smallheap soak; do
    echo "== $name"
    grep -E 'packets:|connections|latency|RSS|fds|heap|killed|restarted|refused|as nobody|answered|time:|written|soak:|victim|crowds|FAILED' \
        "$logs/$name.log" | grep -v '^FaultClient' | head -16 | sed 's/^/    /' || true
    # (a skipped check, such as otheruid.sh without a path others may search, has no figures)
    grep -h 'skipped' "$logs/$name.log" | sed 's/^/    /' || true
done
exit "$failed"
