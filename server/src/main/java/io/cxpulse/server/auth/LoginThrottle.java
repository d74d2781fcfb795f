package io.cxpulse.server.auth;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #FREE_FAILURES} failed logins in a row for a username, further attempts are
 * refused for a delay that doubles with each failure, up to {@link #MAX_DELAY_MS}. A success clears the count.
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    public static final long BASE_DELAY_MS = 30_000;
    public static final long MAX_DELAY_MS = 15 * 60_000;
    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, long lockedUntilMs) {}

    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Milliseconds until {@code username} may try again; 0 when it may now. */
    public long waitMs(String username) {
        Failures f = byUser.get(username);
        return f == null ? 0 : Math.max(0, f.lockedUntilMs() - clock.millis());
    }

    public void failed(String username) {
        if (byUser.size() >= MAX_TRACKED && !byUser.containsKey(username)) {
            // Bounded memory under a spray of made-up names: forget about half of what is tracked.
            byUser.keySet().removeIf(k -> k.hashCode() % 2 == 0);
        }
        long now = clock.millis();
        byUser.compute(username, (k, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            long delay = 0;
            if (count >= FREE_FAILURES) {
                int doublings = Math.min(count - FREE_FAILURES, 20);
                delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << doublings);
            }
            return new Failures(count, now + delay);
        });
    }

    public void succeeded(String username) {
        byUser.remove(username);
    }
}
