#!/usr/bin/env bash
# Cold one-shot dinitctl (issue 6): whole-process wall time of `bin/dinitctl --version` and of
# `bin/dinitctl status x` against an absent socket (connect fails, exit 1), against a bare
# `java` hello-world on the same JVM with the same flags. Goal: dinitctl within 3x of it.
# Prints the median and minimum of N runs (default 20) in milliseconds.
#
#   benchmarks/scripts/dinitctl-cold.sh [runs]
set -euo pipefail
root=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
runs=${1:-20}
work=$(mktemp -d "${TMPDIR:-/tmp}/dinitctl-bench.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

java=java
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    java=$JAVA_HOME/bin/java
fi
flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto)

mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
JAVA
"${java%java}javac" -d "$work/hello" "$work/hello/Hello.java" 2>/dev/null \
    || javac -d "$work/hello" "$work/hello/Hello.java"

# Build once, outside the measurement.
"$root/bin/dinitctl" --version >/dev/null

now_ns() { date +%s%N; }
# measure LABEL CMD...: runs CMD $runs times, prints median and min in ms.
measure() {
    local label=$1; shift
    local times=() t0 t1 i
    "$@" >/dev/null 2>&1 || true
    for i in $(seq 1 "$runs"); do
        t0=$(now_ns)
        "$@" >/dev/null 2>&1 || true
        t1=$(now_ns)
        times+=($(( (t1 - t0) / 1000 )))
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    local med min
    med=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
    min=$(echo "$sorted" | head -1)
    printf '%-40s median %6.1f ms   min %6.1f ms\n' "$label" \
        "$(echo "$med / 1000" | bc -l)" "$(echo "$min / 1000" | bc -l)"
    echo "$med" > "$work/last"
}

measure "java Hello (same flags)" "$java" "${flags[@]}" -cp "$work/hello" Hello
base=$(cat "$work/last")
export DINITJ_NO_BUILD=1
measure "dinitctl --version" "$root/bin/dinitctl" --version
v=$(cat "$work/last")
measure "dinitctl status x (absent socket)" "$root/bin/dinitctl" -p "$work/none" status x
s=$(cat "$work/last")
printf 'ratio to hello-world (median): --version %.2fx, status %.2fx (goal: <= 3x)\n' \
    "$(echo "$v / $base" | bc -l)" "$(echo "$s / $base" | bc -l)"
