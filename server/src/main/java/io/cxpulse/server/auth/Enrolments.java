package io.cxpulse.server.auth;

import io.cxpulse.server.store.EnrolmentCodes;
import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One-time enrolment codes: an admin makes one for an agent; the agent's set-up types it once, within 24 hours, and
 * receives the agent's token in exchange. Codes are 12 characters of Crockford's base32 (60 random bits), shown in
 * groups of four; what the agent types is read without regard to case, spaces or dashes. The store keeps only each
 * code's SHA-256, so codes survive a restart and a copy of the database enrols nobody; the store also enforces that a
 * code is used once and before it expires. Attempts are throttled per client address, in the login throttle's shared
 * map (the cluster's in a cluster): after {@link LoginThrottle#FREE_FAILURES} wrong codes from an address, it waits
 * 30 s, doubling with each further wrong code.
 */
public final class Enrolments {
    /** How long a code is valid. */
    public static final Duration VALIDITY = Duration.ofHours(24);

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int LENGTH = 12;

    /** Who a code enrols. */
    public record Pending(String agentId, String displayName, String team) {}

    /** A new code as shown to the admin ({@code XXXX-XXXX-XXXX}), and when it expires. */
    public record Made(String code, long expiresAtMs) {}

    /** Too many wrong codes from one address: it may try again in {@code waitMs}. */
    public static final class ThrottledException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long waitMs;

        ThrottledException(long waitMs) {
            super("too many wrong enrolment codes from this address; try again in " + (waitMs + 999) / 1000 + " s");
            this.waitMs = waitMs;
        }

        public long waitMs() {
            return waitMs;
        }
    }

    private final Store store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final LoginThrottle throttle;

    public Enrolments(Store store, Clock clock, LoginThrottle throttle) {
        this.store = store;
        this.clock = clock;
        this.throttle = throttle;
    }

    /** Makes and stores a new code for an agent, made by admin {@code createdBy}. */
    public Future<Made> create(String agentId, String displayName, String team, String createdBy) {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        String key = code.toString();
        long now = clock.millis();
        long expires = now + VALIDITY.toMillis();
        EnrolmentCodes.Code row = new EnrolmentCodes.Code(agentId, displayName, team, createdBy, now, expires, null);
        return store.transaction(c -> {
                    EnrolmentCodes.insert(c, Tokens.hash(key), row);
                    return null;
                })
                .map(v -> new Made(key.substring(0, 4) + "-" + key.substring(4, 8) + "-" + key.substring(8), expires));
    }

    /**
     * Uses a code up, typed from {@code address}: the agent it enrols, or empty when it is unknown, already used or
     * expired; fails with {@link ThrottledException} while the address is held for too many wrong codes.
     */
    public Future<Optional<Pending>> redeem(String typed, String address) {
        String key = normalize(typed);
        return throttle.enrolWaitMs(address).compose(wait -> {
            if (wait > 0) {
                return Future.failedFuture(new ThrottledException(wait));
            }
            if (key.length() != LENGTH) {
                return throttle.enrolFailed(address).map(v -> Optional.<Pending>empty());
            }
            long now = clock.millis();
            return store.transaction(c -> EnrolmentCodes.use(c, Tokens.hash(key), now))
                    .compose(code -> {
                        if (code.isEmpty()) {
                            return throttle.enrolFailed(address).map(v -> Optional.<Pending>empty());
                        }
                        EnrolmentCodes.Code c = code.get();
                        return Future.succeededFuture(Optional.of(new Pending(c.agentId(), c.displayName(), c.team())));
                    });
        });
    }

    /** The codes not yet used nor expired, newest first (never the codes themselves: the store has only hashes). */
    public Future<List<EnrolmentCodes.Code>> pending() {
        long now = clock.millis();
        return store.read(c -> EnrolmentCodes.pending(c, now));
    }

    /** {@link #pending} as the API answers it: {@code {"enrolments": [{agentId, displayName, team, ...}]}}. */
    public Future<JsonObject> pendingJson() {
        return pending()
                .map(list -> new JsonObject()
                        .put(
                                "enrolments",
                                new JsonArray(list.stream()
                                        .map(c -> new JsonObject()
                                                .put("agentId", c.agentId())
                                                .put("displayName", c.displayName())
                                                .put("team", c.team())
                                                .put("createdBy", c.createdBy())
                                                .put("createdMs", c.createdMs())
                                                .put("expiresAtMs", c.expiresMs()))
                                        .toList())));
    }

    static String normalize(String typed) {
        if (typed == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            // Crockford: I and L read as 1, O as 0.
            char d = switch (c) {
                case 'I', 'L' -> '1';
                case 'O' -> '0';
                default -> c;
            };
            if (d != '-' && !Character.isWhitespace(d)) {
                sb.append(d);
            }
        }
        return sb.toString();
    }
}
