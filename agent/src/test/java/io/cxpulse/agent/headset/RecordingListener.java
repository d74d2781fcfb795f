package io.cxpulse.agent.headset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records listener calls as short strings ("answered", "muted", "unmuted", "held", "resumed", "ended", ...). */
public final class RecordingListener implements HeadsetListener {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void callAnswered(Instant at) {
        events.add("answered");
    }

    @Override
    public void muteChanged(boolean muted, Instant at) {
        events.add(muted ? "muted" : "unmuted");
    }

    @Override
    public void holdChanged(boolean held, Instant at) {
        events.add(held ? "held" : "resumed");
    }

    @Override
    public void callEnded(Instant at) {
        events.add("ended");
    }

    @Override
    public void connectionChanged(boolean connected, Instant at) {
        events.add(connected ? "connected" : "disconnected");
    }

    public List<String> events() {
        return new ArrayList<>(events);
    }

    public long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    public void clear() {
        events.clear();
    }
}
