#!/usr/bin/env bash
# Fault check 8: service names that climb out of the services directory ('..', '../x',
# 'a/../../x') are refused by every command that names a service, online and offline: nothing
# outside the services directory is loaded, read as a service or created. Traps are laid: a
# valid service file one level up (what '../outside'
# and 'a/../../outside' would name). A name with '/' that stays inside (a/b) is a service in a
# subdirectory, as upstream; it must load from there. Fails if any command succeeds
# with such a name, a trap service is ever listed, or a file appears anywhere but the
# script's own logs (also checked: /etc, for '../etc/passwd').
#
#   benchmarks/scripts/faults/names.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
faults_init names
faults_good_services
printf 'type = internal\n' > "$work/outside"
mkdir -p "$work/sd/a"
printf 'type = internal\n' > "$work/sd/a/b"
faults_start
mkdir -p "$work/out"
snapshot() { find "$work" /etc -maxdepth 3 -path "$work/out" -prune -o -print 2>/dev/null | sort; }
snapshot > "$work/out/before"
names=(../outside .. ../etc/passwd a/../../outside a/..@x)
cmds=(start stop status is-started is-failed restart wake release unpin unload reload trigger
    untrigger catlog "signal HUP" "add-dep waits-for good-steady" "add-dep-from" "rm-dep-from"
    enable "enable-from" disable offline-enable offline-disable)
accepted=0 refused=0
for name in "${names[@]}"; do
    for cmd in "${cmds[@]}"; do
        case $cmd in
            add-dep-from) args=(add-dep waits-for "$name" good-steady) ;;
            rm-dep-from) args=(rm-dep waits-for "$name" good-steady) ;;
            enable-from) args=(enable --from "$name" good-1) ;;
            offline-enable) args=(-o -d "$work/sd" enable "$name") ;;
            offline-disable) args=(-o -d "$work/sd" disable "$name") ;;
            *) read -r -a args <<< "$cmd"; args+=("$name") ;;
        esac
        if dctl "${args[@]}" > "$work/out/last" 2>&1; then
            accepted=$((accepted + 1))
            echo "FAILED: dinitctl ${args[*]} succeeded: $(head -2 "$work/out/last")" >&2
        else
            refused=$((refused + 1))
            head -1 "$work/out/last" >> "$work/out/answers"
        fi
    done
done
faults_alive
rc=0
dctl list > "$work/out/list"
if grep -q 'outside\|passwd' "$work/out/list"; then
    echo "FAILED: a trap service was loaded:" >&2
    cat "$work/out/list" >&2
    rc=1
fi
# A name with '/' that stays inside is a service in a subdirectory (docs/service-format.md §1).
if ! { dctl start a/b && dctl status a/b; } > "$work/out/inside" 2>&1 || ! grep -q "File: $work/sd/a/b$" "$work/out/inside"; then
    echo "FAILED: a/b did not load from inside the services directory:" >&2
    cat "$work/out/inside" >&2
    rc=1
fi
dctl stop a/b > /dev/null; dctl unload a/b > /dev/null
snapshot > "$work/out/after"
if ! diff <(grep -v "^$work/out" "$work/out/before") <(grep -v "^$work/out" "$work/out/after") \
        > "$work/out/diff"; then
    echo "FAILED: files changed:" >&2
    cat "$work/out/diff" >&2
    rc=1
fi
echo "names x commands: ${#names[@]} x ${#cmds[@]}; refused $refused, accepted $accepted"
echo "what dinitctl said (distinct first lines):"
sort "$work/out/answers" | uniq -c | sort -rn | sed 's/^/    /'
[[ $accepted -eq 0 ]] || rc=1
exit "$rc"
