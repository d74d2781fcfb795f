package io.cxpulse.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
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
        public Clock withZone(java.time.ZoneId zone) {
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
}
