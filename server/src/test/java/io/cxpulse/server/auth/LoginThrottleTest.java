package io.cxpulse.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private long now = 1_000_000;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    };

    @Test
    void locksAfterRepeatedFailuresWithGrowingDelays() {
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 1; i < LoginThrottle.FREE_FAILURES; i++) {
            t.failed("boss");
            assertThat(t.waitMs("boss")).isZero();
        }
        t.failed("boss");
        assertThat(t.waitMs("boss")).isEqualTo(LoginThrottle.BASE_DELAY_MS);
        assertThat(t.waitMs("other")).isZero();
        now += LoginThrottle.BASE_DELAY_MS;
        assertThat(t.waitMs("boss")).isZero();
        t.failed("boss");
        assertThat(t.waitMs("boss")).isEqualTo(2 * LoginThrottle.BASE_DELAY_MS);
        for (int i = 0; i < 30; i++) {
            t.failed("boss");
        }
        assertThat(t.waitMs("boss")).isEqualTo(LoginThrottle.MAX_DELAY_MS);
        t.succeeded("boss");
        assertThat(t.waitMs("boss")).isZero();
    }

    @Test
    void oneAddressTryingManyUsernamesIsHeldToo() {
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 1; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++) {
            t.failed("user-" + i, "203.0.113.9");
            assertThat(t.addressWaitMs("203.0.113.9")).isZero();
            assertThat(t.waitMs("user-" + i)).isZero();
        }
        t.failed("user-last", "203.0.113.9");
        assertThat(t.addressWaitMs("203.0.113.9")).isEqualTo(LoginThrottle.BASE_DELAY_MS);
        assertThat(t.addressWaitMs("198.51.100.4")).isZero();

        // A success with a known account does not buy the address more guesses.
        t.succeeded("user-1");
        assertThat(t.addressWaitMs("203.0.113.9")).isEqualTo(LoginThrottle.BASE_DELAY_MS);
        now += LoginThrottle.BASE_DELAY_MS;
        assertThat(t.addressWaitMs("203.0.113.9")).isZero();
        t.failed("user-again", "203.0.113.9");
        assertThat(t.addressWaitMs("203.0.113.9")).isEqualTo(2 * LoginThrottle.BASE_DELAY_MS);

        // Forgotten after a quiet while.
        now += LoginThrottle.ADDRESS_FORGET_MS;
        t.failed("user-later", "203.0.113.9");
        assertThat(t.addressWaitMs("203.0.113.9")).isZero();
    }
}
