package io.cxpulse.server.live;

import io.cxpulse.server.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events to supervisors' dashboards. Metric changes are coalesced: at most one {@code metrics} event per
 * {@link #FLUSH_MS} per subscriber, carrying the latest state of the agents that changed. Alerts go out at once. A
 * subscriber whose socket cannot keep up is skipped (never buffered without bound) and gets a full {@code snapshot}
 * once it drains, so a slow browser never slows the server and always ends on the latest state. Event-loop only.
 */
public final class LiveHub {
    private static final Logger log = LoggerFactory.getLogger(LiveHub.class);
    /** Coalescing period of metric updates. */
    public static final long FLUSH_MS = 300;
    /** Every so often all subscribers get a full snapshot, as the windows slide even without events. */
    public static final long REFRESH_MS = 30_000;

    private static final long PING_MS = 15_000;

    private final class Subscriber {
        final String sessionId;
        final Principal principal;
        final LiveSink response;
        boolean stale;

        Subscriber(String sessionId, Principal principal, LiveSink response) {
            this.sessionId = sessionId;
            this.principal = principal;
            this.response = response;
        }
    }

    private final Vertx vertx;
    private final Scoreboard board;
    private final Function<String, Future<Boolean>> sessionAlive;
    private final Function<Principal, Future<JsonArray>> openAlerts;
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    private final Set<String> dirtyAgents = new HashSet<>();
    private final Set<String> dirtyTeams = new HashSet<>();
    private boolean fullRefresh;
    private long flushTimer = -1;
    private long refreshTimer = -1;
    private long pingTimer = -1;

    public LiveHub(
            Vertx vertx,
            Scoreboard board,
            Function<String, Future<Boolean>> sessionAlive,
            Function<Principal, Future<JsonArray>> openAlerts) {
        this.vertx = vertx;
        this.board = board;
        this.sessionAlive = sessionAlive;
        this.openAlerts = openAlerts;
    }

    /** Starts the timers; call on the server's context. */
    public void start() {
        flushTimer = vertx.setPeriodic(FLUSH_MS, id -> flush());
        refreshTimer = vertx.setPeriodic(REFRESH_MS, id -> refreshAll());
        pingTimer = vertx.setPeriodic(PING_MS, id -> ping());
    }

    public void stop() {
        vertx.cancelTimer(flushTimer);
        vertx.cancelTimer(refreshTimer);
        vertx.cancelTimer(pingTimer);
        for (Subscriber s : Set.copyOf(subscribers)) {
            s.response.end();
        }
        subscribers.clear();
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** Takes over {@code response} as an event stream for {@code principal}. */
    public void subscribe(String sessionId, Principal principal, HttpServerResponse response) {
        subscribe(sessionId, principal, LiveSink.of(response));
    }

    /** Streams events for {@code principal} to {@code sink} until it closes or the session ends. */
    public void subscribe(String sessionId, Principal principal, LiveSink sink) {
        LiveSink response = sink;
        Subscriber s = new Subscriber(sessionId, principal, response);
        subscribers.add(s);
        response.closeHandler(v -> subscribers.remove(s));
        response.drainHandler(v -> {
            if (s.stale) {
                sendSnapshot(s);
            }
        });
        response.write("retry: 2000\n\n");
        sendSnapshot(s);
        log.debug(
                "Live subscriber {} ({}) joined; {} in all",
                principal.username(),
                principal.role(),
                subscribers.size());
    }

    /** Every subscriber gets the full state at the next flush. */
    void refreshAll() {
        fullRefresh = true;
    }

    /** An agent's metrics changed; subscribers hear of it at the next flush. */
    public void agentChanged(String agentId, String team) {
        dirtyAgents.add(agentId);
        dirtyTeams.add(team);
    }

    /** Pushes a new or updated alert at once to everyone who may see its team. */
    public void alert(JsonObject alert) {
        String team = alert.getString("team");
        String data = event("alert", alert);
        for (Subscriber s : Set.copyOf(subscribers)) {
            if (!s.principal.sees(team)) {
                continue;
            }
            if (s.response.writeQueueFull()) {
                s.stale = true;
            } else {
                s.response.write(data);
            }
        }
    }

    /** Sends what changed since the last flush; the timer calls it every {@link #FLUSH_MS}. */
    void flush() {
        if (dirtyAgents.isEmpty() && !fullRefresh) {
            return;
        }
        Set<String> agents = Set.copyOf(dirtyAgents);
        Set<String> teams = Set.copyOf(dirtyTeams);
        boolean full = fullRefresh;
        dirtyAgents.clear();
        dirtyTeams.clear();
        fullRefresh = false;
        if (full) {
            board.prune();
        }
        // Viewers with the same scope share one rendering.
        Map<String, String> rendered = new HashMap<>();
        for (Subscriber s : Set.copyOf(subscribers)) {
            if (s.response.writeQueueFull()) {
                s.stale = true;
                continue;
            }
            if (s.stale) {
                sendSnapshot(s);
                continue;
            }
            if (!full && teams.stream().noneMatch(s.principal::sees)) {
                continue;
            }
            String scope = (s.principal.role().wire()) + ":" + s.principal.team();
            String data = rendered.computeIfAbsent(
                    scope, k -> event("metrics", board.snapshot(s.principal, full ? null : agents)));
            s.response.write(data);
        }
    }

    private void sendSnapshot(Subscriber s) {
        s.stale = false;
        JsonObject metrics = board.snapshot(s.principal, null);
        openAlerts.apply(s.principal).onComplete(ar -> {
            if (!subscribers.contains(s)) {
                return;
            }
            JsonObject snapshot = metrics.copy().put("alerts", ar.succeeded() ? ar.result() : new JsonArray());
            if (s.response.writeQueueFull()) {
                s.stale = true;
            } else {
                s.response.write(event("snapshot", snapshot));
            }
        });
    }

    /** Keeps idle proxies from closing the streams, and ends the streams whose session expired. */
    private void ping() {
        for (Subscriber s : Set.copyOf(subscribers)) {
            if (!s.response.writeQueueFull()) {
                s.response.write(": ping\n\n");
            }
            sessionAlive.apply(s.sessionId).onComplete(alive -> {
                if (alive.succeeded() && !alive.result()) {
                    end(s);
                }
            });
        }
    }

    /** A stream outlives neither its session nor a logout, on whichever node the logout was. */
    public void sessionEnded(String sessionId) {
        for (Subscriber s : Set.copyOf(subscribers)) {
            if (s.sessionId.equals(sessionId)) {
                end(s);
            }
        }
    }

    private void end(Subscriber s) {
        if (subscribers.remove(s)) {
            s.response.end();
        }
    }

    private static String event(String name, JsonObject data) {
        return "event: " + name + "\ndata: " + data.encode() + "\n\n";
    }
}
