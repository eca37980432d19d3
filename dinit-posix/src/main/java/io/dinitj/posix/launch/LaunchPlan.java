package io.dinitj.posix.launch;

import io.dinitj.api.description.LogType;
import io.dinitj.api.description.ReadyNotification;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.Errno;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import io.dinitj.api.spi.TypeCapability;
import io.dinitj.posix.sys.SpawnRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one launch of a service's command will do, computed from its description and the
 * request alone: the arguments and environment, the working directory, where standard input
 * and output come from, which descriptors the child gets at which numbers, whether it runs on
 * the console, in a session of its own, or through the exec helper. Making a plan opens no
 * descriptor, starts no process and reads no file, so every rule of the launch is tested
 * without processes; {@link PosixPlatform} then carries the plan out (opens, spawns, watches).
 *
 * <p>A plan the description makes impossible (a readiness pipe that would take the activation
 * socket's descriptor) has a {@link #refusal()}; it is reported as the launch's failure.
 *
 * @param kind the command launched
 * @param argv the arguments, {@code argv[0]} the program as written (not resolved yet)
 * @param env the child's environment, with the variables the launch adds ({@code LISTEN_FDS},
 *     the readiness variable, {@code DINIT_CS_FD}); the map is the plan's own
 * @param workingDir the directory the child starts in
 * @param output where standard output (and so standard error) goes
 * @param logFile the log file to open for {@link Output#FILE}, else null
 * @param inputFrom the producer whose log pipe is standard input, or null
 * @param console how the command uses the console; {@code NONE} for most
 * @param activationTarget 3 when the activation socket is passed, else -1
 * @param readyTarget the child's descriptor of the readiness pipe, or -1 for none
 * @param controlTarget the child's descriptor of a {@code pass-cs-fd} control connection, or -1
 * @param viaHelper whether the exec helper starts the command (it applies what
 *     {@code posix_spawn} cannot: run-as, limits, console process groups, ...)
 * @param groupSignals whether signals go to the process group rather than the process
 * @param refusal why the launch cannot be made, or null
 */
record LaunchPlan(CommandKind kind, List<String> argv, Map<String, String> env, Path workingDir,
        Output output, Path logFile, String inputFrom, ExecHelper.Console console,
        int activationTarget, int readyTarget, int controlTarget, boolean viaHelper,
        boolean groupSignals, Refusal refusal) {

    /** The descriptor an activation socket has in the child, as systemd's protocol fixes. */
    static final int ACTIVATION_FD = 3;

    /** Where a command's standard output goes. */
    enum Output {
        /** {@code /dev/null}. */
        NULL,
        /** A log file, opened for appending. */
        FILE,
        /** The service's log buffer, through a pipe the daemon reads. */
        BUFFER,
        /** The service's log pipe to its consumer. */
        PIPE,
        /** The console's own descriptors (0, 1 and 2 are passed on as they are). */
        CONSOLE
    }

    /**
     * Why a plan cannot be carried out: the stage and error reported, and the line logged.
     *
     * @param stage the stage the launch fails at
     * @param errno the error number reported
     * @param message the line logged, or null for none
     */
    record Refusal(ExecStage stage, int errno, String message) {
    }

    /**
     * Plans a launch.
     *
     * @param d the service's description
     * @param can what the service's type declares ({@link TypeCapability#STOP_COMMAND_LOGGED}
     *     decides where a stop command writes)
     * @param kind the command to launch
     * @param argv its arguments
     * @param globalEnv the daemon's environment, under the service's own settings
     * @param console how a start command uses the console (ignored for other commands)
     * @param activation whether an activation socket is passed: for a start command, whether
     *     the service has one (it is opened then); for others, whether it is open now
     * @return the plan; {@link #refusal()} says when it cannot be carried out
     */
    static LaunchPlan of(ServiceDescription d, Set<TypeCapability> can, CommandKind kind,
            List<String> argv, Map<String, String> globalEnv, ExecHelper.Console console,
            boolean activation) {
        boolean start = kind == CommandKind.START;
        ExecHelper.Console onConsole = start ? console : ExecHelper.Console.NONE;
        Map<String, String> env = d.environment().resolve(globalEnv);
        String wd = d.process().workingDir();
        Path dir = Path.of(wd != null ? wd : d.source().directory());
        Output output = onConsole != ExecHelper.Console.NONE ? Output.CONSOLE
                : output(d, kind, can.contains(TypeCapability.STOP_COMMAND_LOGGED));
        Path logFile = output == Output.FILE ? dir.resolve(d.log().logfile()) : null;
        String inputFrom = output != Output.CONSOLE && start ? d.consumerOf() : null;

        if (activation) {
            env.put("LISTEN_FDS", "1");
        }
        int activationTarget = activation ? ACTIVATION_FD : -1;
        int readyTarget = -1;
        Refusal refusal = null;
        ReadyNotification rn = d.process().readyNotification();
        if (start && rn != null) {
            readyTarget = rn.variable() == null ? rn.fd() : activation ? 4 : 3;
            if (activation && readyTarget == ACTIVATION_FD) {
                refusal = new Refusal(ExecStage.ARRANGE_FDS, Errno.EINVAL, d.name()
                        + ": ready-notification pipefd:3 collides with the activation socket"
                        + " (fd 3)");
            } else if (rn.variable() != null) {
                env.put(rn.variable(), Integer.toString(readyTarget));
            }
        }
        int controlTarget = -1;
        if (start && d.options().contains(ServiceOption.PASS_CS_FD)) {
            // The lowest number from 3 not taken by the activation socket or the readiness pipe.
            controlTarget = 3;
            while (controlTarget == activationTarget || controlTarget == readyTarget) {
                controlTarget++;
            }
            env.put("DINIT_CS_FD", Integer.toString(controlTarget));
        }
        boolean viaHelper = activation || onConsole != ExecHelper.Console.NONE
                || ExecHelper.needed(d);
        boolean group = !d.options().contains(ServiceOption.SIGNAL_PROCESS_ONLY);
        return new LaunchPlan(kind, List.copyOf(argv), env, dir, output, logFile, inputFrom,
                onConsole, activationTarget, readyTarget, controlTarget, viaHelper, group,
                refusal);
    }

    /** Where a command that is not on the console writes, per log type. */
    private static Output output(ServiceDescription d, CommandKind kind, boolean stopLogged) {
        LogType type = d.log().type();
        // Quirk Q4: log-type file without a logfile is treated as none (upstream chowns and
        // chmods /dev/null).
        if (type == LogType.FILE) {
            return d.log().logfile() != null ? Output.FILE : Output.NULL;
        }
        // A stop command logs only to a log file, except one of a type that declares it logs
        // per log-type as its start command does (scripted: section 11).
        boolean perLogType = kind == CommandKind.START || stopLogged;
        if (perLogType && type == LogType.BUFFER) {
            return Output.BUFFER;
        }
        if (perLogType && type == LogType.PIPE) {
            return Output.PIPE;
        }
        return Output.NULL;
    }

    /**
     * Tells whether the command starts a session of its own: every command but one on the
     * console, whose process group the exec helper makes.
     *
     * @return true for a new session
     */
    boolean newSession() {
        return console == ExecHelper.Console.NONE;
    }

    /**
     * The environment as {@code NAME=value} strings, for {@code posix_spawn}.
     *
     * @return a new list
     */
    List<String> envList() {
        return SpawnRequest.envStrings(env);
    }
}
