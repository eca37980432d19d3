/*
 * dinit-exec: the exec helper of Dinit/J.
 *
 * The daemon is a JVM and must never fork (docs/platform-notes.md §1.4); posix_spawn
 * cannot change a child's user, limits, priority, cgroup or capabilities. So, for a service with
 * any such setting, the daemon posix_spawns this small program instead of the command,
 * with the settings as arguments. It applies them to itself, in the order of
 * docs/service-semantics.md §16, and then executes the real command in the same process
 * (same pid, same descriptors, same environment plus LISTEN_PID):
 *
 *   0. console: own process group,    -P                 stage 6  "setting up standard
 *      and, if the terminal on fd 0                          input/output descriptors"
 *      belongs to no session, a new
 *      session with it as controlling
 *      terminal;
 *      terminal foreground              -F (implies -P)
 *   1. rlimits                         -R RES:SOFT:HARD   stage 8  "setting resource limits"
 *   2. nice (+ /proc/self/autogroup),  -n N               stage 12 "setting I/O priority"
 *      ioprio,                         -i VALUE
 *      oom_score_adj                   -o N
 *   3. cgroup                          -c FILE            stage 7  "entering cgroup"
 *   4. groups, gid, uid                -C | -G USER, -g GID, -u UID
 *                                                         stage 9  "setting user/group ID"
 *   5. capabilities (IAB), securebits, no-new-privs
 *                                      -I MASK -A MASK -B MASK, -s BITS, -N
 *                                                         stage 11 "setting capabilities"
 *   6. LISTEN_PID=<own pid>            -L                 stage 3  "setting up activation socket"
 *   7. signal mask (with -F): SIGINT (unless -U), SIGQUIT, SIGTSTP, SIGTTIN and SIGTTOU blocked
 *   8. execv                           -- PATH ARGV...    stage 18 "executing command"
 *
 * Usage: dinit-exec -S STATUSFD [options] -- PATH ARGV0 [ARGS...]
 *
 * Status protocol: STATUSFD is the write end of a pipe whose read end the daemon holds. The
 * helper makes it close-on-exec first. If a step fails, the helper writes two native ints,
 * {stage, errno}, to it and exits with status 127; if the exec succeeds, the daemon reads end of
 * file without data. A malformed command line is reported as stage 0 ("arranging file
 * descriptors") with EINVAL.
 *
 * Values: RES, SOFT, HARD, N, GID, UID and BITS are decimal; SOFT/HARD may be "u" (unlimited) or
 * "k" (keep the current value); MASK is a hexadecimal capability bit mask (bit n = capability n).
 * -I sets the inheritable set, -A the ambient set, -B drops the given capabilities from the
 * bounding set (libcap's IAB model). When capabilities are given together with -u, the helper
 * keeps its permitted capabilities across the user change (PR_SET_KEEPCAPS) so that it can
 * still apply them afterwards.
 *
 * Console (docs/service-semantics.md §14 and §16, step 8): the daemon gives a console service
 * its own standard descriptors. -P puts the process in a process group of its own; should the
 * terminal have no session (a console the daemon holds without it being its controlling
 * terminal), the process first makes a new session and takes the terminal as its controlling
 * terminal. -F, for the service that holds the console, also makes that group the terminal's
 * foreground process group (SIGTTOU blocked meanwhile, so that this works from the background).
 * Failing terminal calls are ignored: without a terminal (fd 0 not a tty) the service just runs
 * with the daemon's descriptors.
 *
 * It is linked dynamically: initgroups goes through glibc's NSS, which crashes in a statically
 * linked program (glibc 2.36). The dynamic loader costs well under a millisecond per start.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

enum {
    STAGE_ARRANGE_FDS = 0,
    STAGE_SETUP_ACTIVATION_SOCKET = 3,
    STAGE_SETUP_STDINOUTERR = 6,
    STAGE_ENTER_CGROUP = 7,
    STAGE_SET_RLIMITS = 8,
    STAGE_SET_UIDGID = 9,
    STAGE_SET_CAPS = 11,
    STAGE_SET_PRIO = 12,
    STAGE_DO_EXEC = 18
};

#define MAX_LIMITS 16
#define CAP_VERSION_3 0x20080522
#define IOPRIO_WHO_PROCESS 1

struct cap_header { uint32_t version; int pid; };
struct cap_data { uint32_t effective, permitted, inheritable; };

static int status_fd = -1;

static void fail(int stage, int err) {
    if (status_fd >= 0) {
        int msg[2] = { stage, err };
        ssize_t n;
        do {
            n = write(status_fd, msg, sizeof msg);
        } while (n < 0 && errno == EINTR);
    }
    _exit(127);
}

static int parse_long(const char *s, long long *out) {
    char *end;
    if (s == NULL || *s == '\0') {
        return -1;
    }
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0') {
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_mask(const char *s, uint64_t *out) {
    char *end;
    if (s == NULL || *s == '\0') {
        return -1;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, 16);
    if (errno != 0 || *end != '\0') {
        return -1;
    }
    *out = v;
    return 0;
}

/* "u" → RLIM_INFINITY, "k" → keep (-1 returned in *keep), else a decimal number. */
static int parse_limit(const char *s, rlim_t *out, int *keep) {
    *keep = 0;
    if (strcmp(s, "u") == 0) {
        *out = RLIM_INFINITY;
        return 0;
    }
    if (strcmp(s, "k") == 0) {
        *keep = 1;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || *s == '\0' || *s == '-') {
        return -1;
    }
    *out = (rlim_t) v;
    return 0;
}

static void write_file(const char *path, long long value, int stage, int ignore_errors) {
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%lld", value);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        if (!ignore_errors) {
            fail(stage, errno);
        }
        return;
    }
    ssize_t n;
    do {
        n = write(fd, buf, (size_t) len);
    } while (n < 0 && errno == EINTR);
    int err = errno;
    close(fd);
    if (n < 0 && !ignore_errors) {
        fail(stage, err);
    }
}

static void set_caps(uint64_t inheritable, uint64_t ambient, uint64_t bound_drop) {
    struct cap_header h = { CAP_VERSION_3, 0 };
    struct cap_data d[2];
    memset(d, 0, sizeof d);
    if (syscall(SYS_capget, &h, d) != 0) {
        fail(STAGE_SET_CAPS, errno);
    }
    /* After a user change with PR_SET_KEEPCAPS the effective set is empty: raise it again to
       the permitted set, for CAP_SETPCAP (bounding set, securebits). */
    d[0].effective = d[0].permitted;
    d[1].effective = d[1].permitted;
    d[0].inheritable = (uint32_t) inheritable;
    d[1].inheritable = (uint32_t) (inheritable >> 32);
    if (syscall(SYS_capset, &h, d) != 0) {
        fail(STAGE_SET_CAPS, errno);
    }
    for (int cap = 0; cap < 64; cap++) {
        if ((bound_drop >> cap) & 1) {
            if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
                fail(STAGE_SET_CAPS, errno);
            }
        }
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && ambient != 0) {
        fail(STAGE_SET_CAPS, errno);
    }
    for (int cap = 0; cap < 64; cap++) {
        if ((ambient >> cap) & 1) {
            if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
                fail(STAGE_SET_CAPS, errno);
            }
        }
    }
}

/* Step 0: own process group; the terminal's foreground if asked. */
static void console_setup(int foreground) {
    if (isatty(0) && tcgetsid(0) < 0) {
        /* The terminal is not ours as controlling terminal and has no session: make one. */
        if (setsid() >= 0) {
            (void) ioctl(0, TIOCSCTTY, 0);
        }
    }
    if (getpgrp() != getpid() && setpgid(0, 0) != 0) {
        fail(STAGE_SETUP_STDINOUTERR, errno);
    }
    if (foreground && isatty(0)) {
        sigset_t ttou, old;
        sigemptyset(&ttou);
        sigaddset(&ttou, SIGTTOU);
        sigprocmask(SIG_BLOCK, &ttou, &old);
        (void) tcsetpgrp(0, getpgrp());
        sigprocmask(SIG_SETMASK, &old, NULL);
    }
}

int main(int argc, char **argv) {
    int limit_res[MAX_LIMITS];
    const char *limit_soft[MAX_LIMITS];
    const char *limit_hard[MAX_LIMITS];
    int limits = 0;
    int have_nice = 0, have_ioprio = 0, have_oom = 0;
    long long nice_value = 0, ioprio_value = 0, oom_value = 0;
    const char *cgroup_file = NULL;
    const char *group_user = NULL;
    int clear_groups = 0;
    long long gid = -1, uid = -1;
    int have_caps = 0;
    uint64_t cap_i = 0, cap_a = 0, cap_b = 0;
    long long secbits = -1;
    int no_new_privs = 0, listen_pid = 0;
    int console = 0, foreground = 0, unmask_intr = 0;
    int i = 1;

    /* The status descriptor comes first, so that every later error can be reported. */
    if (argc > 2 && strcmp(argv[1], "-S") == 0) {
        long long fd;
        if (parse_long(argv[2], &fd) == 0 && fd >= 0 && fd <= 1 << 20) {
            status_fd = (int) fd;
            if (fcntl(status_fd, F_SETFD, FD_CLOEXEC) != 0) {
                status_fd = -1;
                fail(STAGE_ARRANGE_FDS, errno);
            }
        }
        i = 3;
    }
    if (status_fd < 0) {
        fputs("dinit-exec: usage: dinit-exec -S STATUSFD [options] -- PATH ARGV0 [ARGS...]\n"
              "  (run by the Dinit/J daemon; not meant to be run by hand)\n", stderr);
        return 127;
    }
    for (; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--") == 0) {
            i++;
            break;
        }
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes_value = 1;
        int bad = 0;
        if (strcmp(opt, "-R") == 0) {
            if (val == NULL || limits == MAX_LIMITS) {
                bad = 1;
            } else {
                /* RES:SOFT:HARD, split in place of a copy. */
                static char copies[MAX_LIMITS][96];
                if (strlen(val) >= sizeof copies[0]) {
                    bad = 1;
                } else {
                    char *c = copies[limits];
                    strcpy(c, val);
                    char *s1 = strchr(c, ':');
                    char *s2 = s1 ? strchr(s1 + 1, ':') : NULL;
                    long long res;
                    if (s1 == NULL || s2 == NULL) {
                        bad = 1;
                    } else {
                        *s1 = '\0';
                        *s2 = '\0';
                        if (parse_long(c, &res) != 0 || res < 0 || res > 64) {
                            bad = 1;
                        } else {
                            limit_res[limits] = (int) res;
                            limit_soft[limits] = s1 + 1;
                            limit_hard[limits] = s2 + 1;
                            limits++;
                        }
                    }
                }
            }
        } else if (strcmp(opt, "-n") == 0) {
            have_nice = 1;
            bad = parse_long(val, &nice_value);
        } else if (strcmp(opt, "-i") == 0) {
            have_ioprio = 1;
            bad = parse_long(val, &ioprio_value);
        } else if (strcmp(opt, "-o") == 0) {
            have_oom = 1;
            bad = parse_long(val, &oom_value);
        } else if (strcmp(opt, "-c") == 0) {
            cgroup_file = val;
            bad = val == NULL;
        } else if (strcmp(opt, "-C") == 0) {
            clear_groups = 1;
            takes_value = 0;
        } else if (strcmp(opt, "-G") == 0) {
            group_user = val;
            bad = val == NULL;
        } else if (strcmp(opt, "-g") == 0) {
            bad = parse_long(val, &gid) || gid < 0;
        } else if (strcmp(opt, "-u") == 0) {
            bad = parse_long(val, &uid) || uid < 0;
        } else if (strcmp(opt, "-I") == 0) {
            have_caps = 1;
            bad = parse_mask(val, &cap_i);
        } else if (strcmp(opt, "-A") == 0) {
            have_caps = 1;
            bad = parse_mask(val, &cap_a);
        } else if (strcmp(opt, "-B") == 0) {
            have_caps = 1;
            bad = parse_mask(val, &cap_b);
        } else if (strcmp(opt, "-s") == 0) {
            bad = parse_long(val, &secbits) || secbits < 0;
        } else if (strcmp(opt, "-N") == 0) {
            no_new_privs = 1;
            takes_value = 0;
        } else if (strcmp(opt, "-L") == 0) {
            listen_pid = 1;
            takes_value = 0;
        } else if (strcmp(opt, "-P") == 0) {
            console = 1;
            takes_value = 0;
        } else if (strcmp(opt, "-F") == 0) {
            console = 1;
            foreground = 1;
            takes_value = 0;
        } else if (strcmp(opt, "-U") == 0) {
            unmask_intr = 1;
            takes_value = 0;
        } else {
            bad = 1;
        }
        if (bad) {
            fail(STAGE_ARRANGE_FDS, EINVAL);
        }
        if (takes_value) {
            i++;
        }
    }
    if (i >= argc) {
        fail(STAGE_ARRANGE_FDS, EINVAL);
    }
    const char *path = argv[i];
    char **child_argv = argv + i + 1;
    if (child_argv[0] == NULL) {
        fail(STAGE_ARRANGE_FDS, EINVAL);
    }

    /* 0. The console. */
    if (console) {
        console_setup(foreground);
    }

    /* 1. Resource limits; an unset half keeps the current value. */
    for (int k = 0; k < limits; k++) {
        struct rlimit rl;
        rlim_t soft = 0, hard = 0;
        int keep_soft, keep_hard;
        if (parse_limit(limit_soft[k], &soft, &keep_soft) != 0
                || parse_limit(limit_hard[k], &hard, &keep_hard) != 0) {
            fail(STAGE_ARRANGE_FDS, EINVAL);
        }
        if (getrlimit(limit_res[k], &rl) != 0) {
            fail(STAGE_SET_RLIMITS, errno);
        }
        if (!keep_soft) {
            rl.rlim_cur = soft;
        }
        if (!keep_hard) {
            rl.rlim_max = hard;
        }
        if (setrlimit(limit_res[k], &rl) != 0) {
            fail(STAGE_SET_RLIMITS, errno);
        }
    }

    /* 2. Priorities. */
    if (have_nice) {
        long long n = nice_value < -20 ? -20 : nice_value > 19 ? 19 : nice_value;
        if (setpriority(PRIO_PROCESS, 0, (int) n) != 0) {
            fail(STAGE_SET_PRIO, errno);
        }
        write_file("/proc/self/autogroup", n, STAGE_SET_PRIO, 1);
    }
    if (have_ioprio) {
        if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, (int) ioprio_value) != 0) {
            fail(STAGE_SET_PRIO, errno);
        }
    }
    if (have_oom) {
        write_file("/proc/self/oom_score_adj", oom_value, STAGE_SET_PRIO, 0);
    }

    /* 3. The cgroup: write our pid to its cgroup.procs. */
    if (cgroup_file != NULL) {
        write_file(cgroup_file, (long long) getpid(), STAGE_ENTER_CGROUP, 0);
    }

    /* 4. Groups first, while we may still change them; then the user. */
    if (group_user != NULL) {
        if (initgroups(group_user, gid >= 0 ? (gid_t) gid : getgid()) != 0) {
            fail(STAGE_SET_UIDGID, errno);
        }
    } else if (clear_groups) {
        if (setgroups(0, NULL) != 0) {
            fail(STAGE_SET_UIDGID, errno);
        }
    }
    if (gid >= 0 && setresgid((gid_t) gid, (gid_t) gid, (gid_t) gid) != 0) {
        fail(STAGE_SET_UIDGID, errno);
    }
    if (uid >= 0) {
        if (have_caps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) {
            fail(STAGE_SET_CAPS, errno);
        }
        if (setresuid((uid_t) uid, (uid_t) uid, (uid_t) uid) != 0) {
            fail(STAGE_SET_UIDGID, errno);
        }
    }

    /* 5. Capabilities, securebits, no-new-privs. */
    if (have_caps) {
        set_caps(cap_i, cap_a, cap_b);
    }
    if (secbits >= 0 && prctl(PR_SET_SECUREBITS, (unsigned long) secbits, 0, 0, 0) != 0) {
        fail(STAGE_SET_CAPS, errno);
    }
    if (no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        fail(STAGE_SET_CAPS, errno);
    }

    /* 6. Socket activation: the pid is ours, and stays so through exec. */
    if (listen_pid) {
        char buf[24];
        snprintf(buf, sizeof buf, "%d", (int) getpid());
        if (setenv("LISTEN_PID", buf, 1) != 0) {
            fail(STAGE_SETUP_ACTIVATION_SOCKET, errno);
        }
    }

    /* 7. A foreground console process starts with the terminal's job-control signals blocked. */
    if (foreground) {
        sigset_t mask;
        sigemptyset(&mask);
        if (!unmask_intr) {
            sigaddset(&mask, SIGINT);
        }
        sigaddset(&mask, SIGQUIT);
        sigaddset(&mask, SIGTSTP);
        sigaddset(&mask, SIGTTIN);
        sigaddset(&mask, SIGTTOU);
        sigprocmask(SIG_BLOCK, &mask, NULL);
    }

    /* 8. The command itself. */
    execv(path, child_argv);
    fail(STAGE_DO_EXEC, errno);
    return 127;
}
