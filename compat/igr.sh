#!/usr/bin/env bash
# Runs upstream Dinit's own integration suite (src/igr-tests of an upstream checkout whose
# programs and igr-runner are built, as its own BUILD file says) against Dinit/J.
#
#   compat/igr.sh UPSTREAM_CHECKOUT [ours|mix|upstream] [TEST]
#
#   ours      our dinit, dinitctl and dinit-check (the default)
#   mix       our dinit and dinit-check, upstream's dinitctl
#   upstream  upstream's three programs (a check of the suite itself)
#
# The suite looks for the programs in DINIT_BINDIR; this makes a folder of symlinks for it
# under target/compat/, copies the test folders there (the runner writes into them), and runs
# the runner from the copy. Exits with the runner's status; prints its PASSED/FAILED lines.
# Nothing of upstream's is kept in this project: the checkout is given on the command line.
set -euo pipefail
here=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")
root=$(dirname -- "$here")

usage() { echo "usage: compat/igr.sh UPSTREAM_CHECKOUT [ours|mix|upstream] [TEST]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 3 ]] || usage
[[ $1 == -h || $1 == --help ]] && { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
up=$(readlink -f -- "$1")
which=${2:-ours}
for p in dinit dinitctl dinit-check igr-tests/igr-runner; do
    [[ -x $up/src/$p ]] || {
        echo "compat/igr.sh: no $up/src/$p: build upstream's programs and its igr-runner there first" >&2
        exit 2
    }
done

work=$root/target/compat/igr-$which
rm -rf -- "$work"
mkdir -p -- "$work/bin" "$work/out"
case $which in
    ours) daemon=$root/bin/dinit ctl=$root/bin/dinitctl check=$root/bin/dinit-check ;;
    mix) daemon=$root/bin/dinit ctl=$up/src/dinitctl check=$root/bin/dinit-check ;;
    upstream) daemon=$up/src/dinit ctl=$up/src/dinitctl check=$up/src/dinit-check ;;
    *) usage ;;
esac
ln -s -- "$daemon" "$work/bin/dinit"
ln -s -- "$ctl" "$work/bin/dinitctl"
ln -s -- "$check" "$work/bin/dinit-check"

# Build once now, so that no test's one-second limit is spent building.
if [[ $which != upstream ]]; then
    "$root/bin/dinit" --version >/dev/null
    "$root/bin/dinitctl" --version >/dev/null
    "$root/bin/dinit-check" --help >/dev/null
fi

cp -r -- "$up/src/igr-tests" "$work/tests"
cd -- "$work/tests"
DINIT_BINDIR=$work/bin IGR_OUTPUT_BASE=$work/out ./igr-runner ${3:+"$3"}
