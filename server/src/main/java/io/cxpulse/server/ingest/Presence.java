package io.cxpulse.server.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which agents have an authenticated connection right now, for the dashboard. An agent may briefly have two (a
 * reconnect racing the old socket's close), so connections are counted. Event-loop only.
 */
public final class Presence {
    private final Map<String, Integer> connections = new HashMap<>();
    private final Consumer<String> changed;

    /** {@code changed} hears of an agent going online or offline. */
    public Presence(Consumer<String> changed) {
        this.changed = changed;
    }

    public void connected(String agentId) {
        if (connections.merge(agentId, 1, Integer::sum) == 1) {
            changed.accept(agentId);
        }
    }

    public void disconnected(String agentId) {
        Integer left = connections.computeIfPresent(agentId, (k, n) -> n > 1 ? n - 1 : null);
        if (left == null) {
            changed.accept(agentId);
        }
    }

    public boolean online(String agentId) {
        return connections.containsKey(agentId);
    }
}
