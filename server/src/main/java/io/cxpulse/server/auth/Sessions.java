package io.cxpulse.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side dashboard sessions, keyed by a random id carried in an HttpOnly SameSite=Strict cookie. Idle sessions
 * expire; sessions live in memory, so a restart logs everyone out.
 */
public final class Sessions {
    public static final String COOKIE = "cx_session";
    public static final Duration IDLE = Duration.ofHours(8);

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Expired sessions are dropped when they are looked up, and all at once when this many have piled up. */
    private static final int PURGE_AT = 1_000;

    private record Entry(Principal principal, long lastSeenMs) {}

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    public String create(Principal principal) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        if (sessions.size() >= PURGE_AT) {
            sessions.values().removeIf(e -> now - e.lastSeenMs() > IDLE.toMillis());
        }
        sessions.put(id, new Entry(principal, now));
        return id;
    }

    public Optional<Principal> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        Entry e = sessions.computeIfPresent(
                id, (k, old) -> now - old.lastSeenMs() > IDLE.toMillis() ? null : new Entry(old.principal(), now));
        return e == null ? Optional.empty() : Optional.of(e.principal());
    }

    public void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Drops every session of a user, e.g. after a password reset. */
    public void removeUser(String username) {
        sessions.values().removeIf(e -> e.principal().username().equals(username));
    }
}
