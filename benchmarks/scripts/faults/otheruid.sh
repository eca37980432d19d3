#!/usr/bin/env bash
# Fault check 7: a client of another uid (nobody, by setpriv) is refused even when the socket
# is world-writable: the daemon checks the peer's uid (SO_PEERCRED) and closes a connection
# that is neither its own uid nor root before reading a byte. Both dinitctl and the raw
# client are tried as nobody; the owner is still served after. Must run as root.
#
#   benchmarks/scripts/faults/otheruid.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
if [[ $(id -u) -ne 0 ]]; then
    echo "otheruid: needs root (to run a client as nobody); skipped"
    exit 0
fi
faults_init otheruid
faults_good_services
faults_start
chmod 777 "$sock"
# nobody must be able to reach the socket: the directories this script made are opened to
# others; one above them that is not is reported (nothing outside target/ is changed).
chmod o+x "$work" "$(dirname -- "$work")"
d=$(dirname -- "$(dirname -- "$work")")
while [[ $d != / ]]; do
    if [[ $(stat -c %A "$d" | cut -c10) != x ]]; then
        echo "otheruid: $d is not searchable by others: the check cannot run; skipped"
        exit 0
    fi
    d=$(dirname -- "$d")
done
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- "$@"; }
rc=0
set +e
as_nobody env PATH="$PATH" HOME=/tmp JAVA_HOME="${JAVA_HOME:-}" DINITJ_NO_BUILD=1 \
    "$faults_bin/dinitctl" --user -p "$sock" list > "$work/ctl.out" 2>&1
ctl_rc=$?
as_nobody env PATH="$PATH" java -cp "$faults_jar" io.dinitj.bench.faults.FaultClient good \
    --socket "$sock" --seconds 0 > "$work/raw.out" 2>&1
raw_rc=$?
set -e
echo "socket mode: $(stat -c %A "$sock")"
echo "dinitctl list as nobody: exit $ctl_rc: $(tr '\n' ' ' < "$work/ctl.out" | cut -c1-200)"
echo "raw client as nobody: exit $raw_rc: $(grep -m1 'FAILED\|good client' "$work/raw.out" | cut -c1-200)"
if [[ $ctl_rc -eq 0 ]] || grep -q 'good-steady' "$work/ctl.out"; then
    echo "FAILED: dinitctl as nobody was answered" >&2
    rc=1
fi
if [[ $raw_rc -eq 0 ]] || ! grep -q 'closed the connection\|Connection reset\|Broken pipe' "$work/raw.out"; then
    echo "FAILED: the raw client as nobody was not refused as expected" >&2
    rc=1
fi
faults_alive
if dctl list | grep -q good-steady; then
    echo "dinitctl list as root afterwards: answered"
else
    echo "FAILED: root not served after" >&2
    rc=1
fi
exit "$rc"
