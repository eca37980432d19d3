package io.dinitj.api.spi;

import io.dinitj.api.service.StopReason;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ServiceHandle} for tests that records what a behaviour reports, in order, as short
 * strings ({@code started}, {@code failed FAILED}, {@code stopped}, {@code terminated 9}).
 * Shipped in dinit-api's test jar so that plugin and engine tests share it.
 */
public final class RecordingHandle implements ServiceHandle {

    private final List<String> events = new ArrayList<>();

    /**
     * Returns what was reported so far.
     *
     * @return the events, oldest first; the live list
     */
    public List<String> events() {
        return events;
    }

    @Override
    public String name() {
        return "svc";
    }

    @Override
    public void started() {
        events.add("started");
    }

    @Override
    public void failedToStart(StopReason reason) {
        events.add("failed " + reason);
    }

    @Override
    public void stopped() {
        events.add("stopped");
    }

    @Override
    public void terminatedUnexpectedly(int waitStatus) {
        events.add("terminated " + waitStatus);
    }
}
