package io.cxpulse.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;

/**
 * Slows password guessing, per username and per client address. After {@link #FREE_FAILURES} failed logins in a row
 * for a username, further attempts for it are refused for a delay that doubles with each failure, up to
 * {@link #MAX_DELAY_MS}; a success clears the username's count. One address trying many usernames is held the same
 * way after {@link #ADDRESS_FREE_FAILURES} failures, whatever the usernames; a success does not clear an address (one
 * known account must not buy more guesses at others), but its count is forgotten after {@link #ADDRESS_FORGET_MS}
 * without a failure.
 *
 * <p>The counts live in a Vert.x shared map (the cluster's in a cluster), so that trying another node buys nothing;
 * each is updated by compare-and-set, so concurrent failures on different nodes all count. An entry is dropped
 * {@link #KEEP_MS} after it was made, which bounds the memory a spray of made-up names can take (the address limit
 * holds such a spray back too).
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    public static final int ADDRESS_FREE_FAILURES = 20;
    public static final long BASE_DELAY_MS = 30_000;
    public static final long MAX_DELAY_MS = 15 * 60_000;
    public static final long ADDRESS_FORGET_MS = 15 * 60_000;
    /** How long a count is kept at most. */
    public static final long KEEP_MS = 24 * 3_600_000L;

    private static final String MAP = "cx.login-failures";
    private static final int MAX_RETRIES = 20;

    private final AsyncMap<String, JsonObject> map;
    private final Clock clock;

    private LoginThrottle(AsyncMap<String, JsonObject> map, Clock clock) {
        this.map = map;
        this.clock = clock;
    }

    /** The throttle of {@code vertx}'s node, or of its cluster when it is clustered. */
    public static Future<LoginThrottle> open(Vertx vertx, Clock clock) {
        return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP).map(map -> new LoginThrottle(map, clock));
    }

    /** Milliseconds until {@code username} may try again; 0 when it may now. */
    public Future<Long> waitMs(String username) {
        return waitFor(userKey(username));
    }

    /** Milliseconds until anyone at {@code address} may try again; 0 when they may now. */
    public Future<Long> addressWaitMs(String address) {
        return waitFor(addressKey(address));
    }

    public Future<Void> failed(String username) {
        return count(userKey(username), FREE_FAILURES, Long.MAX_VALUE, 0);
    }

    /** A failed login for {@code username} from {@code address}: counts against both. */
    public Future<Void> failed(String username, String address) {
        return failed(username).compose(v -> count(addressKey(address), ADDRESS_FREE_FAILURES, ADDRESS_FORGET_MS, 0));
    }

    /** Milliseconds until {@code address} may try another enrolment code; 0 when it may now. */
    public Future<Long> enrolWaitMs(String address) {
        return waitFor(enrolKey(address));
    }

    /**
     * A wrong enrolment code from {@code address}: after {@link #FREE_FAILURES} of them it is held as a username is,
     * and its count is forgotten after {@link #ADDRESS_FORGET_MS} without a wrong code.
     */
    public Future<Void> enrolFailed(String address) {
        return count(enrolKey(address), FREE_FAILURES, ADDRESS_FORGET_MS, 0);
    }

    private static String enrolKey(String address) {
        return "enrol:" + address;
    }

    public Future<Void> succeeded(String username) {
        return map.remove(userKey(username)).mapEmpty();
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private Future<Long> waitFor(String key) {
        return map.get(key).map(f -> f == null ? 0L : Math.max(0, f.getLong("lockedUntilMs") - clock.millis()));
    }

    private Future<Void> count(String key, int free, long forgetMs, int attempt) {
        long now = clock.millis();
        return map.get(key).compose(old -> {
            boolean stale = old != null && now - old.getLong("lastMs") >= forgetMs;
            int count = old == null || stale ? 1 : old.getInteger("count") + 1;
            long delay = 0;
            if (count >= free) {
                int doublings = Math.min(count - free, 20);
                delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << doublings);
            }
            JsonObject next = new JsonObject()
                    .put("count", count)
                    .put("lockedUntilMs", now + delay)
                    .put("lastMs", now);
            Future<Boolean> set = old == null
                    ? map.putIfAbsent(key, next, KEEP_MS).map(previous -> previous == null)
                    : map.replaceIfPresent(key, old, next);
            return set.compose(done -> {
                if (done || attempt >= MAX_RETRIES) {
                    return Future.succeededFuture();
                }
                // Another node counted a failure in between: count on top of it.
                return count(key, free, forgetMs, attempt + 1);
            });
        });
    }
}
