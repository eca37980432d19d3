# fish completion for dinitctl and dinit-shell (Dinit/J).
#
# Tab asks the program itself: `dinitctl __complete --describe CWORD WORD0 WORD1 ...` is a hidden
# subcommand that runs the interactive shell's completer (io.dinitj.shell.interactive
# .CompletionCommand) and prints one completion per line, "VALUE<TAB>DESCRIPTION" where there is
# a description (fish's own format): commands, options, signal names, paths after -p and -d, and
# the services loaded by the daemon that the line's -p/-u options (else $DINIT_SOCKET_PATH)
# select. So this file keeps no list of its own.

function __dinitj_dinitctl_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l prog $words[1]
    # For dinit-shell, the dinitctl beside it (or on PATH).
    if string match -q -r '(^|/)dinit-shell$' -- $prog
        set prog (string replace -r 'dinit-shell$' dinitctl -- $prog)
    end
    if not command -q $prog
        set prog dinitctl
    end
    command $prog __complete --describe (count $words) $words $cur 2>/dev/null
end

complete -c dinitctl -f -a '(__dinitj_dinitctl_complete)'
complete -c dinit-shell -f -a '(__dinitj_dinitctl_complete)'
