package io.dinitj.api.spi;

import io.dinitj.api.description.Signal;

/** A process the platform launched (or adopted) for a service. */
public interface ChildProcess {

    /**
     * Returns the process ID.
     *
     * @return the pid, greater than 0
     */
    int pid();

    /**
     * Sends a signal: to the process group, or to the process alone if the service has
     * {@code signal-process-only}. Sending to a process that has already exited does nothing.
     *
     * @param signal the signal; {@code NONE} sends nothing
     * @return 0, or the errno of the failure
     */
    int signal(Signal signal);
}
