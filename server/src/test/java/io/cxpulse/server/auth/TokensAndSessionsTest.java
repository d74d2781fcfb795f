package io.cxpulse.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
    void sessionsExpireWhenIdleAndEndOnLogout() {
        FakeClock clock = new FakeClock();
        Sessions sessions = new Sessions(clock);
        Principal boss = new Principal("boss", Role.ADMIN, null);
        String id = sessions.create(boss);
        assertThat(sessions.find(id)).contains(boss);
        clock.millis.addAndGet(Sessions.IDLE.toMillis() - 1);
        assertThat(sessions.find(id)).contains(boss); // and this use renews it
        clock.millis.addAndGet(Sessions.IDLE.toMillis() + 1);
        assertThat(sessions.find(id)).isEmpty();

        String again = sessions.create(boss);
        sessions.remove(again);
        assertThat(sessions.find(again)).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("forged")).isEmpty();
    }

    @Test
    void supervisorsSeeOnlyTheirTeam() {
        assertThat(new Principal("s", Role.SUPERVISOR, "north").sees("north")).isTrue();
        assertThat(new Principal("s", Role.SUPERVISOR, "north").sees("south")).isFalse();
        assertThat(new Principal("s", Role.SUPERVISOR, null).sees("north")).isFalse();
        assertThat(new Principal("a", Role.ADMIN, null).sees("south")).isTrue();
    }
}
