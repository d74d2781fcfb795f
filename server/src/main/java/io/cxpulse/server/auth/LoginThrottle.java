package io.cxpulse.server.auth;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing, per username and per client address. After {@link #FREE_FAILURES} failed logins in a row
 * for a username, further attempts for it are refused for a delay that doubles with each failure, up to
 * {@link #MAX_DELAY_MS}; a success clears the username's count. One address trying many usernames is held the same
 * way after {@link #ADDRESS_FREE_FAILURES} failures, whatever the usernames; a success does not clear an address (one
 * known account must not buy more guesses at others), but its count is forgotten after {@link #ADDRESS_FORGET_MS}
 * without a failure.
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    public static final int ADDRESS_FREE_FAILURES = 20;
    public static final long BASE_DELAY_MS = 30_000;
    public static final long MAX_DELAY_MS = 15 * 60_000;
    public static final long ADDRESS_FORGET_MS = 15 * 60_000;
    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, long lockedUntilMs, long lastMs) {}

    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Milliseconds until {@code username} may try again; 0 when it may now. */
    public long waitMs(String username) {
        Failures f = byUser.get(username);
        return f == null ? 0 : Math.max(0, f.lockedUntilMs() - clock.millis());
    }

    /** Milliseconds until anyone at {@code address} may try again; 0 when they may now. */
    public long addressWaitMs(String address) {
        Failures f = byAddress.get(String.valueOf(address));
        return f == null ? 0 : Math.max(0, f.lockedUntilMs() - clock.millis());
    }

    public void failed(String username) {
        count(byUser, username, FREE_FAILURES, Long.MAX_VALUE);
    }

    /** A failed login for {@code username} from {@code address}: counts against both. */
    public void failed(String username, String address) {
        failed(username);
        count(byAddress, String.valueOf(address), ADDRESS_FREE_FAILURES, ADDRESS_FORGET_MS);
    }

    public void succeeded(String username) {
        byUser.remove(username);
    }

    private void count(Map<String, Failures> map, String key, int free, long forgetMs) {
        if (map.size() >= MAX_TRACKED && !map.containsKey(key)) {
            // Bounded memory under a spray of made-up names: forget about half of what is tracked.
            map.keySet().removeIf(k -> k.hashCode() % 2 == 0);
        }
        long now = clock.millis();
        map.compute(key, (k, old) -> {
            boolean stale = old != null && now - old.lastMs() >= forgetMs;
            int count = old == null || stale ? 1 : old.count() + 1;
            long delay = 0;
            if (count >= free) {
                int doublings = Math.min(count - free, 20);
                delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << doublings);
            }
            return new Failures(count, now + delay, now);
        });
    }
}
