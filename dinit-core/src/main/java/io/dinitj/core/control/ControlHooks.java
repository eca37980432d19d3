package io.dinitj.core.control;

import io.dinitj.api.service.ShutdownType;
import io.dinitj.api.spi.ServiceContext.LogLevel;
import io.dinitj.core.log.LogBuffer;
import io.dinitj.core.service.ServiceRecord;
import java.util.List;

/**
 * What the control layer needs from the daemon around it: the things dinit-core cannot do by
 * itself. Called on the event-loop thread. Implementations should not throw; an exception ends
 * the connection that caused the call, never the daemon.
 */
public interface ControlHooks {

    /**
     * Finds the memory buffer of a service whose {@code log-type} is {@code buffer}.
     *
     * @param service the service
     * @return its buffer, or null if it has none
     */
    LogBuffer logBuffer(ServiceRecord service);

    /**
     * Sends a signal to one process (not its group), as {@code kill(pid, signo)}.
     *
     * @param pid the process
     * @param signo the signal number, 0 allowed
     * @return 0, or {@code -errno} ({@code -22} for a signal out of range)
     */
    int signal(int pid, int signo);

    /**
     * Describes an errno for a log line.
     *
     * @param errno a positive errno value
     * @return its text, such as {@code No such process}
     */
    default String strerror(int errno) {
        return "errno " + errno;
    }

    /**
     * Starts a shutdown ({@code SHUTDOWN} command). The usual implementation calls
     * {@link io.dinitj.core.service.ServiceSet#stopAll}; the daemon exits when nothing is active.
     *
     * @param type the shutdown type, never {@code NONE}
     */
    void shutdown(ShutdownType type);

    /**
     * Returns the daemon's working directory, which relative service directories are relative
     * to ({@code QUERY_LOAD_MECH}).
     *
     * @return the directory, or null if unknown
     */
    String workingDirectory();

    /**
     * Returns the service directories in search order, as configured.
     *
     * @return the directories
     */
    List<String> serviceDirectories();

    /**
     * Writes a line to the daemon's log.
     *
     * @param level its level
     * @param message the text
     */
    void log(LogLevel level, String message);
}
