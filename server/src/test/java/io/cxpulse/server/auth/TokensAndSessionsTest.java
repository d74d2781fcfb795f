package io.cxpulse.server.auth;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.Topics;
import io.cxpulse.testkit.Await;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokensAndSessionsTest {
    @Test
    void tokensMatchOnlyTheirHash() {
        String token = Tokens.newToken();
        String hash = Tokens.hash(token);
        assertThat(hash).hasSize(64).doesNotContain(token);
        assertThat(Tokens.matches(token, hash)).isTrue();
        assertThat(Tokens.matches(token + "x", hash)).isFalse();
        assertThat(Tokens.matches(null, hash)).isFalse();
        assertThat(Tokens.newToken()).isNotEqualTo(token);
    }

    @Test
    void unknownAgentsNeverMatchEvenWithTheDummySecret() {
        assertThat(Tokens.matches("no such agent", null)).isFalse();
        assertThat(Tokens.matches("anything", null)).isFalse();
    }

    /** A clock the test moves by hand. */
    private static final class FakeClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_000_000);

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
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void sessionsExpireWhenIdleAndEndOnLogout() throws InterruptedException {
        FakeClock clock = new FakeClock();
        Vertx vertx = Vertx.vertx();
        try {
            Sessions sessions = await(Sessions.open(vertx, clock));
            List<String> ended = new CopyOnWriteArrayList<>();
            vertx.eventBus().<String>consumer(Topics.SESSION_ENDED, m -> ended.add(m.body()));
            Principal boss = new Principal("boss", Role.ADMIN, null);
            String id = await(sessions.create(boss));
            assertThat(await(sessions.find(id))).contains(boss);
            clock.millis.addAndGet(Sessions.IDLE.toMillis() - 1);
            assertThat(await(sessions.find(id))).contains(boss); // and this use renews it
            clock.millis.addAndGet(Sessions.IDLE.toMillis() + 1);
            assertThat(await(sessions.find(id))).isEmpty();

            String again = await(sessions.create(boss));
            await(sessions.remove(again));
            assertThat(await(sessions.find(again))).isEmpty();
            assertThat(await(sessions.find(null))).isEmpty();
            assertThat(await(sessions.find("forged"))).isEmpty();
            // A logout is told to every node, whose live streams of the session end.
            Await.until("the logout published", Duration.ofSeconds(5), () -> ended.contains(again));
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void supervisorsSeeOnlyTheirTeam() {
        assertThat(new Principal("s", Role.SUPERVISOR, "north").sees("north")).isTrue();
        assertThat(new Principal("s", Role.SUPERVISOR, "north").sees("south")).isFalse();
        assertThat(new Principal("s", Role.SUPERVISOR, null).sees("north")).isFalse();
        assertThat(new Principal("a", Role.ADMIN, null).sees("south")).isTrue();
    }
}
