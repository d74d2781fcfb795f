package io.cxpulse.server.ingest;

import io.cxpulse.server.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which agents have an authenticated connection right now, for the dashboard. An agent may briefly have two (a
 * reconnect racing the old socket's close), so connections are counted. In a cluster each node also knows the agents
 * online at the others: it publishes its own changes ({@link Topics#PRESENCE}), asks for everyone's at start
 * ({@link Topics#PRESENCE_ASK}) and forgets a node's agents when that node leaves. Event-loop only.
 */
public final class Presence {
    private final Map<String, Integer> connections = new HashMap<>();
    private final Map<String, Set<String>> elsewhere = new HashMap<>();
    private final Consumer<String> changed;
    private Vertx vertx;
    private String node;

    /** {@code changed} hears of an agent going online or offline. */
    public Presence(Consumer<String> changed) {
        this.changed = changed;
    }

    /** Shares presence with the cluster's other nodes as node {@code nodeId}; call on the server's context. */
    public Future<Void> share(Vertx vertx, String nodeId) {
        this.vertx = vertx;
        this.node = nodeId;
        Future<Void> heard = vertx.eventBus()
                .<JsonObject>consumer(Topics.PRESENCE, m -> heard(m.body()))
                .completion();
        Future<Void> asked = vertx.eventBus()
                .<JsonObject>consumer(Topics.PRESENCE_ASK, m -> {
                    if (!node.equals(m.body().getString("node"))) {
                        vertx.eventBus()
                                .publish(
                                        Topics.PRESENCE,
                                        new JsonObject()
                                                .put("node", node)
                                                .put("agents", new JsonArray(List.copyOf(connections.keySet()))));
                    }
                })
                .completion();
        return Future.all(heard, asked).map(v -> {
            vertx.eventBus().publish(Topics.PRESENCE_ASK, new JsonObject().put("node", node));
            return null;
        });
    }

    private void heard(JsonObject m) {
        String from = m.getString("node");
        if (from == null || from.equals(node)) {
            return;
        }
        JsonArray all = m.getJsonArray("agents");
        if (all != null) {
            Set<String> before = elsewhere.getOrDefault(from, Set.of());
            Set<String> now = new HashSet<>();
            all.forEach(a -> now.add((String) a));
            elsewhere.put(from, now);
            Set<String> touched = new HashSet<>(before);
            touched.addAll(now);
            touched.forEach(changed);
            return;
        }
        String agentId = m.getString("agentId");
        Set<String> agents = elsewhere.computeIfAbsent(from, k -> new HashSet<>());
        if (m.getBoolean("online", false) ? agents.add(agentId) : agents.remove(agentId)) {
            changed.accept(agentId);
        }
    }

    /** A node left the cluster: its agents are no longer online there. */
    public void nodeLeft(String nodeId) {
        Set<String> gone = elsewhere.remove(nodeId);
        if (gone != null) {
            gone.forEach(changed);
        }
    }

    public void connected(String agentId) {
        if (connections.merge(agentId, 1, Integer::sum) == 1) {
            changed.accept(agentId);
            announce(agentId, true);
        }
    }

    public void disconnected(String agentId) {
        Integer left = connections.computeIfPresent(agentId, (k, n) -> n > 1 ? n - 1 : null);
        if (left == null) {
            changed.accept(agentId);
            announce(agentId, false);
        }
    }

    private void announce(String agentId, boolean online) {
        if (vertx != null) {
            vertx.eventBus()
                    .publish(
                            Topics.PRESENCE,
                            new JsonObject()
                                    .put("node", node)
                                    .put("agentId", agentId)
                                    .put("online", online));
        }
    }

    /** Whether the agent is connected to this node or, in a cluster, to any other. */
    public boolean online(String agentId) {
        if (connections.containsKey(agentId)) {
            return true;
        }
        for (Set<String> agents : elsewhere.values()) {
            if (agents.contains(agentId)) {
                return true;
            }
        }
        return false;
    }
}
