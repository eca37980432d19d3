#!/usr/bin/env bash
# Runs the differential test against upstream Dinit (DifferentialTest in dinit-posix): seeded,
# generated service sets and dinitctl command sequences, run on upstream's daemon and dinitctl,
# on ours, and on our daemon with upstream's dinitctl; dinit-check, ours and upstream's, on the
# same files. Every difference not listed in compat/differential-known.txt fails its scenario.
#
#   compat/differential.sh UPSTREAM_CHECKOUT [SEEDS | FILE.txt... | DIR]
#
#   UPSTREAM_CHECKOUT  an upstream Dinit checkout whose src/dinit, src/dinitctl and
#                      src/dinit-check are built (as its own BUILD file says)
#   SEEDS              generated scenarios: e.g. 7, 1-30 (the default), 3,9-12
#   FILE.txt, DIR      hand-written scenarios in the scenario.txt format instead, such as the
#                      reproductions in compat/differential/ (a DIR means its *.txt)
#   DINITJ_DIFF_SELFCHECK=1 also runs upstream a second time and compares it with the first:
#                      a difference there is the harness's own nondeterminism.
#
# Writes dinit-posix/target/differential/: report.md (a line per scenario), and per scenario
# seed-N/scenario.txt (service files and commands: a reproduction), seed-N/*-transcript.txt
# (what each run showed, normalised) and seed-N/differences.md. Exits with Maven's status.
# Nothing of upstream's is kept in this project: the checkout is given on the command line.
set -euo pipefail
here=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")
root=$(dirname -- "$here")

usage() { echo "usage: compat/differential.sh UPSTREAM_CHECKOUT [SEEDS | FILE.txt... | DIR]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
[[ $1 == -h || $1 == --help ]] && { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
up=$(readlink -f -- "$1")
for p in dinit dinitctl dinit-check; do
    [[ -x $up/src/$p ]] || { echo "compat/differential.sh: no $up/src/$p: build upstream's programs there first" >&2; exit 2; }
done
shift
seeds= files=${DINITJ_DIFF_FILES:-}
for a in "$@"; do
    if [[ -d $a ]]; then
        for f in "$a"/*.txt; do files=${files:+$files,}$(readlink -f -- "$f"); done
    elif [[ -f $a ]]; then
        files=${files:+$files,}$(readlink -f -- "$a")
    else
        [[ $# -eq 1 && $a =~ ^[0-9,-]+$ ]] || usage
        seeds=$a
    fi
done
cd -- "$root"
mkdir -p dinit-posix/target
rm -f dinit-posix/target/differential/report.md
status=0
DINITJ_UPSTREAM=$up DINITJ_DIFF_SEEDS=$seeds DINITJ_DIFF_FILES=$files ./mvnw -B -q test -pl dinit-posix -am \
    -Dtest=DifferentialTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsurefire.trimStackTrace=true >"$root/dinit-posix/target/differential.log" 2>&1 || status=$?
cat -- "$root/dinit-posix/target/differential/report.md" 2>/dev/null \
    || tail -n 40 -- "$root/dinit-posix/target/differential.log"
echo "(Maven's output: dinit-posix/target/differential.log)"
exit "$status"
