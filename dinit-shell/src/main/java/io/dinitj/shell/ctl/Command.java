package io.dinitj.shell.ctl;

import java.util.Set;

/**
 * The dinitctl command table: every subcommand once, with its name, the arguments it takes,
 * the command options it accepts, its usage line and one-line help, and its handler. The
 * one-shot {@link Dinitctl} parses, checks and runs commands from this table (the handler is
 * the entry's {@code run} method), and an
 * interactive shell can list, complete and run the same entries, so a command added here
 * exists in both.
 */
public enum Command {

    /** Shows a service's status. */
    STATUS("status", Args.SERVICE, Set.of(), "status <service-name>",
            "show the status of a service") {
        @Override
        int run(Session s) throws CtlException {
            return StartStopHandlers.status(s);
        }
    },
    /** Tells whether a service is started. */
    IS_STARTED("is-started", Args.SERVICE, Set.of(), "is-started <service-name>",
            "exit status 0 if the service is started") {
        @Override
        int run(Session s) throws CtlException {
            return StartStopHandlers.status(s);
        }
    },
    /** Tells whether a service failed. */
    IS_FAILED("is-failed", Args.SERVICE, Set.of(), "is-failed <service-name>",
            "exit status 0 if the service failed to start") {
        @Override
        int run(Session s) throws CtlException {
            return StartStopHandlers.status(s);
        }
    },
    /** Starts a service. */
    START("start", Args.SERVICE, Set.of(), "start [options] <service-name>",
            "start a service (mark it active)") {
        @Override
        int run(Session s) throws CtlException {
            return StartStopHandlers.startStop(s);
        }
    },
    /** Stops a service. */
    STOP("stop", Args.SERVICE, Set.of("--force", "-f"), "stop [options] <service-name>",
            "stop a service") {
        @Override
        int run(Session s) throws CtlException {
            return StartStopHandlers.startStop(s);
        }
    },
    /** Restarts a service. */
    RESTART("restart", Args.SERVICE, Set.of("--force", "-f"),
            "restart [options] <service-name>", "stop and start a started service") {
        @Override
        int run(Session s) throws CtlException {
            return StartStopHandlers.startStop(s);
        }
    },
    /** Starts a service on behalf of its active dependents. */
    WAKE("wake", Args.SERVICE, Set.of(), "wake [options] <service-name>",
            "start a service for its active dependents") {
        @Override
        int run(Session s) throws CtlException {
            return StartStopHandlers.startStop(s);
        }
    },
    /** Removes a service's explicit activation. */
    RELEASE("release", Args.SERVICE, Set.of(), "release [options] <service-name>",
            "remove the explicit activation of a service") {
        @Override
        int run(Session s) throws CtlException {
            return StartStopHandlers.startStop(s);
        }
    },
    /** Removes pins. */
    UNPIN("unpin", Args.SERVICE, Set.of(), "unpin <service-name>",
            "remove start and stop pins") {
        @Override
        int run(Session s) throws CtlException {
            return StartStopHandlers.unpin(s);
        }
    },
    /** Unloads a stopped service. */
    UNLOAD("unload", Args.SERVICE, Set.of(), "unload <service-name>",
            "unload a stopped service") {
        @Override
        int run(Session s) throws CtlException {
            return ServiceHandlers.unload(s);
        }
    },
    /** Re-reads a service's description. */
    RELOAD("reload", Args.SERVICE, Set.of(), "reload <service-name>",
            "re-read a service description") {
        @Override
        int run(Session s) throws CtlException {
            return ServiceHandlers.reload(s);
        }
    },
    /** Lists loaded services. */
    LIST("list", Args.NONE, Set.of(), "list", "list loaded services") {
        @Override
        int run(Session s) throws CtlException {
            return Views.list(s);
        }
    },
    /** Stops everything and ends the daemon. */
    SHUTDOWN("shutdown", Args.NONE, Set.of(), "shutdown", "stop all services and halt") {
        @Override
        int run(Session s) throws CtlException {
            return ServiceHandlers.shutdown(s);
        }
    },
    /** Adds a dependency. */
    ADD_DEP("add-dep", Args.DEPENDENCY, Set.of(), "add-dep <type> <from-service> <to-service>",
            "add a dependency between services") {
        @Override
        int run(Session s) throws CtlException {
            return ServiceHandlers.dependency(s);
        }
    },
    /** Removes a dependency. */
    RM_DEP("rm-dep", Args.DEPENDENCY, Set.of(), "rm-dep <type> <from-service> <to-service>",
            "remove a dependency between services") {
        @Override
        int run(Session s) throws CtlException {
            return ServiceHandlers.dependency(s);
        }
    },
    /** Enables a service (waits-for.d link). */
    ENABLE("enable", Args.TARGET, Set.of("--from"),
            "enable [--from <from-service>] <to-service>",
            "make a service start with another, now and at boot") {
        @Override
        int run(Session s) throws CtlException {
            return Enabler.enable(s);
        }
    },
    /** Disables a service. */
    DISABLE("disable", Args.TARGET, Set.of("--from"),
            "disable [--from <from-service>] <to-service>",
            "undo enable") {
        @Override
        int run(Session s) throws CtlException {
            return Enabler.enable(s);
        }
    },
    /** Sets a trigger. */
    TRIGGER("trigger", Args.SERVICE, Set.of(), "trigger <service-name>",
            "mark a triggered service as triggered") {
        @Override
        int run(Session s) throws CtlException {
            return ServiceHandlers.trigger(s);
        }
    },
    /** Clears a trigger. */
    UNTRIGGER("untrigger", Args.SERVICE, Set.of(), "untrigger <service-name>",
            "clear the trigger of a triggered service") {
        @Override
        int run(Session s) throws CtlException {
            return ServiceHandlers.trigger(s);
        }
    },
    /** Sets activation environment variables. */
    SETENV("setenv", Args.ENVIRONMENT, Set.of(), "setenv [name[=value] ...]",
            "set variables of the activation environment") {
        @Override
        int run(Session s) throws CtlException {
            return EnvHandlers.setenv(s);
        }
    },
    /** Unsets activation environment variables. */
    UNSETENV("unsetenv", Args.ENVIRONMENT, Set.of(), "unsetenv [name ...]",
            "unset variables of the activation environment") {
        @Override
        int run(Session s) throws CtlException {
            return EnvHandlers.setenv(s);
        }
    },
    /** Prints a service's log buffer. */
    CATLOG("catlog", Args.SERVICE, Set.of("--clear", "--follow", "-f"),
            "catlog <service-name>",
            "print the buffered output of a service (-f: and what it adds)") {
        @Override
        int run(Session s) throws CtlException {
            return ServiceHandlers.catlog(s);
        }
    },
    /** Sends a signal. */
    SIGNAL("signal", Args.SIGNAL, Set.of("--list", "-l"), "signal <signal> <service-name>",
            "send a signal to a service's process") {
        @Override
        int run(Session s) throws CtlException {
            return ServiceHandlers.signal(s);
        }
    },
    /** Shows a service's dependencies as a tree (Dinit/J). */
    TREE("tree", Args.SERVICE, Set.of("--reverse", "-r"), "tree [--reverse] <service-name>",
            "show what a service depends on (--reverse: what depends on it)") {
        @Override
        int run(Session s) throws CtlException {
            return Views.tree(s);
        }
    },
    /** Writes the dependency graph in Graphviz DOT (Dinit/J). */
    GRAPH("graph", Args.OPTIONAL_SERVICE, Set.of(), "graph [<service-name>]",
            "print the dependency graph as Graphviz DOT (dot -Tsvg renders it)") {
        @Override
        int run(Session s) throws CtlException {
            return Views.graph(s);
        }
    },
    /** Lists the daemon's service types (Dinit/J). */
    LIST_TYPES("list-types", Args.NONE, Set.of(), "list-types",
            "list the service types the daemon has, with their plugins and settings") {
        @Override
        int run(Session s) throws CtlException {
            return ListTypes.run(s);
        }
    },
    /** A live table of services (Dinit/J). */
    WATCH("watch", Args.NONE, Set.of(), "watch",
            "show a live table of services, updated as they change (q leaves)") {
        @Override
        int run(Session s) throws CtlException {
            return Watch.run(s);
        }
    };

    /** The arguments a command takes after its name. */
    public enum Args {
        /** Exactly one service name. */
        SERVICE,
        /** None. */
        NONE,
        /** A dependency type, then two service names. */
        DEPENDENCY,
        /** One target service (and {@code --from}). */
        TARGET,
        /** One or more environment arguments. */
        ENVIRONMENT,
        /** A signal and a service name, or {@code --list}. */
        SIGNAL,
        /** At most one service name. */
        OPTIONAL_SERVICE
    }

    private final String word;
    private final Args args;
    private final Set<String> options;
    private final String usage;
    private final String help;

    Command(String word, Args args, Set<String> options, String usage, String help) {
        this.word = word;
        this.args = args;
        this.options = options;
        this.usage = usage;
        this.help = help;
    }

    /**
     * The word that names the command.
     *
     * @return the name, such as {@code is-started}
     */
    public String word() {
        return word;
    }

    /**
     * The arguments the command takes.
     *
     * @return the argument shape
     */
    public Args args() {
        return args;
    }

    /**
     * The command options valid only after this command's name.
     *
     * @return the options, such as {@code --force}
     */
    public Set<String> options() {
        return options;
    }

    /**
     * The usage line, without {@code dinitctl [options] }.
     *
     * @return the usage
     */
    public String usage() {
        return usage;
    }

    /**
     * A one-line description.
     *
     * @return the help text
     */
    public String help() {
        return help;
    }

    /**
     * Runs the command: the handler of this entry (each entry overrides it, without lambdas,
     * which would cost a one-shot run start-up time).
     *
     * @param s the parsed command line, streams and connection
     * @return the exit status
     * @throws CtlException a failure whose message is the stderr text
     */
    abstract int run(Session s) throws CtlException;

    /**
     * Finds a command by its name.
     *
     * @param word the name as typed
     * @return the command, or null if there is none of that name
     */
    public static Command byWord(String word) {
        for (Command c : values()) {
            if (c.word.equals(word)) {
                return c;
            }
        }
        return null;
    }
}
