package io.cxpulse.server.auth;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
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

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        await(vertx.close());
    }

    @Test
    void locksAfterRepeatedFailuresWithGrowingDelays() {
        LoginThrottle t = await(LoginThrottle.open(vertx, clock));
        for (int i = 1; i < LoginThrottle.FREE_FAILURES; i++) {
            await(t.failed("boss"));
            assertThat(await(t.waitMs("boss"))).isZero();
        }
        await(t.failed("boss"));
        assertThat(await(t.waitMs("boss"))).isEqualTo(LoginThrottle.BASE_DELAY_MS);
        assertThat(await(t.waitMs("other"))).isZero();
        now += LoginThrottle.BASE_DELAY_MS;
        assertThat(await(t.waitMs("boss"))).isZero();
        await(t.failed("boss"));
        assertThat(await(t.waitMs("boss"))).isEqualTo(2 * LoginThrottle.BASE_DELAY_MS);
        for (int i = 0; i < 30; i++) {
            await(t.failed("boss"));
        }
        assertThat(await(t.waitMs("boss"))).isEqualTo(LoginThrottle.MAX_DELAY_MS);
        await(t.succeeded("boss"));
        assertThat(await(t.waitMs("boss"))).isZero();
    }

    @Test
    void concurrentFailuresAllCount() {
        LoginThrottle t = await(LoginThrottle.open(vertx, clock));
        List<Future<Void>> all = new ArrayList<>();
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            all.add(t.failed("boss"));
        }
        await(Future.all(all));
        assertThat(await(t.waitMs("boss"))).isEqualTo(LoginThrottle.BASE_DELAY_MS);
    }

    @Test
    void oneAddressTryingManyUsernamesIsHeldToo() {
        LoginThrottle t = await(LoginThrottle.open(vertx, clock));
        for (int i = 1; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++) {
            await(t.failed("user-" + i, "203.0.113.9"));
            assertThat(await(t.addressWaitMs("203.0.113.9"))).isZero();
            assertThat(await(t.waitMs("user-" + i))).isZero();
        }
        await(t.failed("user-last", "203.0.113.9"));
        assertThat(await(t.addressWaitMs("203.0.113.9"))).isEqualTo(LoginThrottle.BASE_DELAY_MS);
        assertThat(await(t.addressWaitMs("198.51.100.4"))).isZero();

        // A success with a known account does not buy the address more guesses.
        await(t.succeeded("user-1"));
        assertThat(await(t.addressWaitMs("203.0.113.9"))).isEqualTo(LoginThrottle.BASE_DELAY_MS);
        now += LoginThrottle.BASE_DELAY_MS;
        assertThat(await(t.addressWaitMs("203.0.113.9"))).isZero();
        await(t.failed("user-again", "203.0.113.9"));
        assertThat(await(t.addressWaitMs("203.0.113.9"))).isEqualTo(2 * LoginThrottle.BASE_DELAY_MS);

        // Forgotten after a quiet while.
        now += LoginThrottle.ADDRESS_FORGET_MS;
        await(t.failed("user-later", "203.0.113.9"));
        assertThat(await(t.addressWaitMs("203.0.113.9"))).isZero();
    }
}
