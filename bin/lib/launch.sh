# Sourced by every launcher, the checkout's (bin/) and the installable tree's (dinit-dist):
# how a Dinit/J program is run once its class path is known, so the two kinds of launcher
# cannot drift apart. They differ only in where the class path comes from (the checkout:
# target/ directories and classpath.txt files; the tree: the jars in its lib/).
#
# Nothing here writes to the tree, needs Maven, a checkout or $HOME, except the class-data
# archive a launcher may ask for (dinitj_run_daemon's ARCHIVE_MODE "make").

# dinitj_java [DIR]: the java to run: JAVA_HOME's if set; else DIR/runtime/bin/java, the runtime
# a build with -Pwith-runtime links into the tree's lib/ (a packager who ships it means it to be
# used, whatever java happens to be on PATH); else java on PATH; else the system's default JDK
# (/usr/lib/jvm/default-java, as Debian links it).
dinitj_java() {
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
        echo "$JAVA_HOME/bin/java"
    elif [[ -n ${1:-} && -x $1/runtime/bin/java ]]; then
        echo "$1/runtime/bin/java"
    elif command -v java >/dev/null 2>&1; then
        echo java
    elif [[ -x /usr/lib/jvm/default-java/bin/java ]]; then
        echo /usr/lib/jvm/default-java/bin/java
    else
        echo "dinitj: no java found (set JAVA_HOME, or put java on PATH)" >&2
        echo java
    fi
}

# dinitj_jffi DIR: the -Djffi.boot.library.path option for the jffi native library unpacked
# under DIR (DIR/jni/<arch>-Linux), or nothing for another machine. Without it jffi writes a
# copy of its library to /tmp on every start (which may not be writable early at boot).
dinitj_jffi() {
    local arch
    case $(uname -m) in
        x86_64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) return 0 ;;
    esac
    if [[ -d $1/jni/$arch-Linux ]]; then
        echo "-Djffi.boot.library.path=$1/jni/$arch-Linux"
    fi
}

# dinitj_plugin_dir DIR: the -Ddinitj.plugin.dir option naming DIR/plugins when DIR is the lib
# directory of a Dinit/J tree (it holds launch.sh and plugins/), or nothing: the checkout's
# launchers keep the built-in plugins on the class path instead. The daemon and dinit-check load
# each jar there in its own class loader (docs/cli.md §1.9).
dinitj_plugin_dir() {
    if [[ -n ${1:-} && -f $1/launch.sh && -d $1/plugins ]]; then
        echo "-Ddinitj.plugin.dir=$1/plugins"
    fi
}

# dinitj_run_daemon DIR ARCHIVE ARCHIVE_MODE JFFI_DIR EXEC_HELPER CLASSPATH [ARGS...]: runs
# the daemon with the JVM options of docs/platform-notes.md §5 (Serial GC, a small heap and
# thread stacks) and a class-data-sharing archive. ARCHIVE_MODE: "use" uses ARCHIVE if it
# exists; "make" also asks the JVM to write it at exit when it does not exist yet (only where
# it can be written: the JVM refuses to start if it cannot). _JAVA_SR_SIGNUM moves the JVM's
# suspend/resume signal away from SIGUSR2, which would otherwise crash Java 17 (platform-notes
# §4.3). EXEC_HELPER, if not empty, is the dinit-exec to use (else the daemon looks next to
# its jar). The variables set for the JVM are named in DINITJ_LAUNCHER_ENV (see
# dinitj_launcher_env). DIR is where a bundled runtime/ would be (see dinitj_java) and, in a tree, plugins/
# (see dinitj_plugin_dir). DINITJ_JAVA_OPTIONS adds JVM options after these. Does not return.
dinitj_run_daemon() {
    local root=$1 archive=$2 mode=$3 jffi=$4 helper=$5 classpath=$6 plugins
    shift 6
    local cds=(-Xshare:auto) extra=() opts=()
    if [[ -n $archive && -f $archive ]]; then
        cds=(-XX:SharedArchiveFile="$archive" -Xshare:auto)
    elif [[ -n $archive && $mode == make && -w $(dirname -- "$archive") ]]; then
        cds=(-XX:ArchiveClassesAtExit="$archive")
    fi
    jffi=$(dinitj_jffi "$jffi")
    [[ -n $jffi ]] && extra+=("$jffi")
    plugins=$(dinitj_plugin_dir "$root")
    [[ -n $plugins ]] && extra+=("$plugins")
    [[ -n $helper ]] && extra+=(-Ddinitj.execHelper="$helper")
    read -r -a opts <<< "${DINITJ_JAVA_OPTIONS:-}"
    local java
    java=$(dinitj_java "$root")
    DINITJ_LAUNCHER_ENV=
    dinitj_launcher_env _JAVA_SR_SIGNUM 44
    dinitj_without_proc "$java"
    export DINITJ_LAUNCHER_ENV
    # The launcher itself, for the daemon to find dinit-shutdown beside it and to run again
    # on a soft reboot.
    extra+=("-Ddinitj.launcher=$(readlink -f -- "$0")")
    exec "$java" -XX:+UseSerialGC -Xss256k -Xms8m -Xmx64m -XX:-UsePerfData \
        "${cds[@]}" "${extra[@]}" -Xlog:cds=off -Xlog:cds+dynamic=off "${opts[@]}" \
        -cp "$classpath" io.dinitj.posix.daemon.DinitDaemon "$@"
}

# dinitj_without_proc JAVA: without /proc (PID 1 before anything is mounted) the java launcher
# cannot resolve the $ORIGIN path to its libjli.so (docs/platform-notes.md §8): names the
# runtime's lib/ in LD_LIBRARY_PATH then, through dinitj_launcher_env.
dinitj_without_proc() {
    if [[ ! -e /proc/self/exe ]]; then
        local home
        home=$(dirname -- "$(dirname -- "$(readlink -f -- "$(command -v -- "$1")")")")
        dinitj_launcher_env LD_LIBRARY_PATH "$home/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    fi
}

# dinitj_launcher_env NAME VALUE: exports NAME=VALUE for the JVM and notes it in
# DINITJ_LAUNCHER_ENV, keeping a value the user had given it in DINITJ_SAVED_NAME, so that the
# daemon can give services the environment the user gave the launcher, not the launcher's
# additions (docs/cli.md §1.10).
dinitj_launcher_env() {
    if [[ -v $1 ]]; then
        export "DINITJ_SAVED_$1=${!1}"
    fi
    export "$1=$2"
    DINITJ_LAUNCHER_ENV=${DINITJ_LAUNCHER_ENV:+$DINITJ_LAUNCHER_ENV }$1
}

# dinitj_run_client DIR MAIN CLASSPATH [ARGS...]: runs one of the clients (dinitctl, the
# shell, dinit-check) with JVM options that favour a fast start over peak speed (C1 only: the
# clients have no allocation-free paths); in a tree, with its plugin directory (dinit-check reads
# it). DINITJ_JAVA_OPTIONS adds JVM options. Does not return.
dinitj_run_client() {
    local root=$1 main=$2 classpath=$3 opts=() extra=() plugins
    shift 3
    plugins=$(dinitj_plugin_dir "$root")
    [[ -n $plugins ]] && extra+=("$plugins")
    read -r -a opts <<< "${DINITJ_JAVA_OPTIONS:-}"
    exec "$(dinitj_java "$root")" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData \
        -Xshare:auto "${extra[@]}" "${opts[@]}" -cp "$classpath" "$main" "$@"
}

# dinitj_tree_classpath LIB NAME...: the class path of a Dinit/J tree whose jars are in LIB,
# joined from the files LIB/NAME.classpath the build wrote (jar names under @LIB@, in the
# build's order, so the string is the same on every start, as a class-data archive needs).
dinitj_tree_classpath() {
    local lib=$1 cp= part
    shift
    for part in "$@"; do
        part=$(< "$lib/$part.classpath")
        cp=${cp:+$cp:}${part//@LIB@/$lib}
    done
    echo "$cp"
}

# dinitj_run_shutdown DIR ARCHIVE JFFI_DIR CLASSPATH [ARGS...]: runs the shutdown program
# (dinit-shutdown and the names --sbin-links gives it: the name it was run as chooses its
# default action) with the clients' fast-start options, the jffi library of JFFI_DIR, and the
# /proc fix of dinitj_without_proc (a PID 1 execs it). Its class path is the daemon's, so the
# daemon's class-data archive ARCHIVE serves it too, if it exists (about 50 ms of its start
# measured, which a machine's last seconds are spent waiting for). Does not return.
dinitj_run_shutdown() {
    local root=$1 archive=$2 jffi=$3 classpath=$4 opts=() extra=() java
    shift 4
    [[ -n $archive && -f $archive ]] && extra+=(-XX:SharedArchiveFile="$archive")
    jffi=$(dinitj_jffi "$jffi")
    [[ -n $jffi ]] && extra+=("$jffi")
    read -r -a opts <<< "${DINITJ_JAVA_OPTIONS:-}"
    java=$(dinitj_java "$root")
    DINITJ_LAUNCHER_ENV=
    dinitj_without_proc "$java"
    exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xmx32m \
        -Xshare:auto "${extra[@]}" -Xlog:cds=off -Xlog:cds+dynamic=off \
        "-Ddinitj.invokedAs=$(basename -- "$0")" "${opts[@]}" \
        -cp "$classpath" io.dinitj.posix.shutdown.DinitShutdown "$@"
}
