package io.cxpulse.server.auth;

import io.cxpulse.server.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Dashboard sessions, keyed by a random id carried in an HttpOnly SameSite=Strict cookie. Idle sessions expire. They
 * live in a Vert.x shared map: this node's memory on a single node (a restart logs everyone out), the cluster's
 * Hazelcast map in a cluster, so that any node knows every session and a node's loss loses none (docs/cluster.md).
 */
public final class Sessions {
    public static final String COOKIE = "cx_session";
    public static final Duration IDLE = Duration.ofHours(8);
    /** A session's last use is written back to the shared map at most this often. */
    static final long TOUCH_MS = 60_000;

    private static final String MAP = "cx.sessions";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final AsyncMap<String, JsonObject> map;
    private final Clock clock;

    private Sessions(Vertx vertx, AsyncMap<String, JsonObject> map, Clock clock) {
        this.vertx = vertx;
        this.map = map;
        this.clock = clock;
    }

    /** The sessions of {@code vertx}'s node, or of its cluster when it is clustered. */
    public static Future<Sessions> open(Vertx vertx, Clock clock) {
        return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP).map(map -> new Sessions(vertx, map, clock));
    }

    /** Starts a session for {@code principal}; the future carries its id. */
    public Future<String> create(Principal principal) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        JsonObject entry = new JsonObject()
                .put("username", principal.username())
                .put("role", principal.role().wire())
                .put("team", principal.team())
                .put("lastSeenMs", clock.millis());
        return map.put(id, entry, IDLE.toMillis()).map(v -> id);
    }

    /** The user of a session that has not been idle too long; its use renews it. */
    public Future<Optional<Principal>> find(String id) {
        if (id == null) {
            return Future.succeededFuture(Optional.empty());
        }
        long now = clock.millis();
        return map.get(id).compose(entry -> {
            if (entry == null) {
                return Future.succeededFuture(Optional.empty());
            }
            long idle = now - entry.getLong("lastSeenMs");
            if (idle > IDLE.toMillis()) {
                return map.remove(id).map(v -> Optional.empty());
            }
            if (idle >= TOUCH_MS) {
                // Renewal is best effort: a lost one only shortens the session.
                map.put(id, entry.copy().put("lastSeenMs", now), IDLE.toMillis());
            }
            return Future.succeededFuture(Optional.of(new Principal(
                    entry.getString("username"), Role.parse(entry.getString("role")), entry.getString("team"))));
        });
    }

    /** Ends a session; every node's live streams of it end too ({@link Topics#SESSION_ENDED}). */
    public Future<Void> remove(String id) {
        if (id == null) {
            return Future.succeededFuture();
        }
        return map.remove(id).map(old -> {
            vertx.eventBus().publish(Topics.SESSION_ENDED, id);
            return null;
        });
    }
}
