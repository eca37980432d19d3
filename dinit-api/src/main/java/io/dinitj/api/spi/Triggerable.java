package io.dinitj.api.spi;

/**
 * A behaviour that waits for an external trigger ({@code dinitctl trigger}/{@code untrigger}),
 * as the {@code triggered} type does. The engine refuses trigger commands for services whose
 * behaviour does not implement this.
 */
public interface Triggerable {

    /**
     * Sets or clears the trigger. Setting it while the service is starting completes the start.
     *
     * @param triggered the new state of the trigger
     */
    void setTriggered(boolean triggered);

    /**
     * Returns the trigger's state; stopping the service does not reset it.
     *
     * @return true if triggered
     */
    boolean isTriggered();
}
