package io.dinitj.api.spi;

import io.dinitj.api.service.ExecStage;

/**
 * What the platform tells a behaviour about a process it launched, on the event-loop thread.
 * Each method must never throw.
 */
public interface ProcessListener {

    /**
     * The command is running (exec succeeded). Called once, before any other method, possibly
     * from within {@link ServiceContext#launch}.
     */
    void execSucceeded();

    /**
     * The process could not be launched; nothing else follows for it. Possibly called from within
     * {@link ServiceContext#launch}.
     *
     * @param stage the step that failed
     * @param errno the error number
     */
    void execFailed(ExecStage stage, int errno);

    /**
     * The process wrote readiness data ({@code ready-notification}). Called at most once per
     * launch, only for the main command of a service with readiness notification.
     */
    default void ready() {
    }

    /**
     * The readiness channel closed before any data arrived. Called at most once per launch, only
     * for the main command of a service with readiness notification.
     */
    default void readinessFailed() {
    }

    /**
     * The process exited; it has been reaped.
     *
     * @param waitStatus its raw wait status ({@code WIFEXITED}/{@code WIFSIGNALED} encoding)
     */
    void exited(int waitStatus);
}
