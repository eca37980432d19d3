package io.dinitj.api.spi;

import io.dinitj.api.service.ExecStage;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.StopReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ServiceHandle} for tests that records what a behaviour reports, in order, as short
 * strings ({@code started}, {@code failed FAILED}, {@code stopped}, {@code terminated 9},
 * {@code startpeer NAME}). Shipped in dinit-api's test jar so that plugin and engine tests share
 * it.
 *
 * <p><b>Peers.</b> {@link #peers} stands for the other loaded services: {@link #peerState}
 * answers from it, and {@link #startPeer} records the call and, for a peer that is STOPPED,
 * makes it STARTED (a test then sets it back to STOPPED when its run ends). A name not in the
 * map is NOT_LOADED. {@link #peerStartAnswer}, if set, is returned instead and changes nothing.
 */
public final class RecordingHandle implements ServiceHandle {

    private final List<String> events = new ArrayList<>();
    /** What {@link #isAutoRestart()} answers; tests set it. */
    public boolean autoRestart;
    /** How many more times {@link #tryRestart()} answers true; tests set it. */
    public int restartsAllowed = Integer.MAX_VALUE;
    /** The other services' states, by name; tests fill it. */
    public final Map<String, ServiceState> peers = new HashMap<>();
    /** What {@link #startPeer} answers if not null, changing nothing; tests set it. */
    public PeerStart peerStartAnswer;

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

    @Override
    public void execFailed(ExecStage stage, int errno) {
        events.add("execfailed " + stage + " " + errno);
    }

    @Override
    public void exitStatus(int waitStatus) {
        events.add("exit " + waitStatus);
    }

    @Override
    public boolean isAutoRestart() {
        return autoRestart;
    }

    @Override
    public boolean tryRestart() {
        events.add("tryrestart");
        return restartsAllowed-- > 0;
    }

    @Override
    public void stopUnrecoverably(StopReason reason) {
        events.add("unrecoverable " + reason);
    }

    @Override
    public ServiceState peerState(String name) {
        return peers.get(name);
    }

    @Override
    public PeerStart startPeer(String name) {
        events.add("startpeer " + name);
        if (peerStartAnswer != null) {
            return peerStartAnswer;
        }
        ServiceState state = peers.get(name);
        if (state == null) {
            return PeerStart.NOT_LOADED;
        }
        if (state != ServiceState.STOPPED) {
            return PeerStart.ALREADY_ACTIVE;
        }
        peers.put(name, ServiceState.STARTED);
        return PeerStart.STARTED;
    }

    @Override
    public void skipped() {
        events.add("skipped");
    }

    @Override
    public void failingToStart(StopReason reason) {
        events.add("failing " + reason);
    }
}
