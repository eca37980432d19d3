# Sourced by the launchers in bin/: the one rule for "is the build current" that all of them
# share, and the build they run when it is not.
#
# A module is current when its target/.built stamp exists and no file of its src/main, its
# pom.xml or a parent POM is newer. The stamp is written by the Maven build itself (the
# maven-antrun-plugin executions in the parent POM: the time the module's build started,
# copied once the module is packaged), so `./mvnw install`, `./mvnw verify` and a launcher's
# own build all count, and a failed or interrupted build does not.

# dinitj_stale ROOT MODULE...: succeeds when one of the modules is not current. One find for
# all the modules (each process costs a launcher 20 ms or more on a slow machine), against the
# oldest stamp: a file newer than that but older than its own module's stamp was changed during
# the last build, and building again is then right anyway.
dinitj_stale() {
    local root=$1 m stamp oldest= dirs=()
    shift
    for m in "$@"; do
        stamp=$root/$m/target/.built
        [[ -f $stamp ]] || return 0
        [[ $root/pom.xml -nt $stamp || ($m == plugins/* && $root/plugins/pom.xml -nt $stamp) ]] \
            && return 0
        [[ -z $oldest || $stamp -ot $oldest ]] && oldest=$stamp
        dirs+=("$root/$m")
    done
    [[ ${#dirs[@]} -eq 0 ]] && return 1
    [[ -n $(find "${dirs[@]}" \( -name target -o -name .git \) -prune -o \
            \( -path '*/src/main/*' -o -name pom.xml \) -newer "$oldest" -print -quit \
            2>/dev/null) ]]
}

# dinitj_ensure_built NAME ROOT TARGET_MODULE MODULE...: builds TARGET_MODULE and what it
# needs (quietly, tests skipped) when one of the modules is not current, saying so on stderr
# as NAME. DINITJ_NO_BUILD=1 skips the check. Exits 1 if the build fails.
dinitj_ensure_built() {
    local name=$1 root=$2 target=$3
    shift 3
    [[ ${DINITJ_NO_BUILD:-} == 1 ]] && return 0
    dinitj_stale "$root" "$@" || return 0
    # One build at a time: a second launcher started meanwhile waits, then finds it current.
    mkdir -p -- "$root/target"
    exec 9>"$root/target/.build.lock"
    flock 9
    if ! dinitj_stale "$root" "$@"; then
        exec 9>&-
        return 0
    fi
    echo "$name: building Dinit/J (first use, or sources changed; about a minute)..." >&2
    if ! (cd -- "$root" && ./mvnw -B -q -DskipTests install -pl "$target" -am) >&2; then
        echo "$name: build failed" >&2
        exit 1
    fi
    exec 9>&-
}
