package io.cxpulse.server.auth;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cxpulse.server.store.EnrolmentCodes;
import io.cxpulse.server.store.Store;
import io.cxpulse.server.store.StoreTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Enrolment codes in the store, on SQLite and PostgreSQL: only their hashes are stored, they survive a restart, and
 * the store lets each be used once and only before it expires; wrong codes from one address are throttled.
 */
class EnrolmentsIT {
    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private Vertx vertx;
    private Store store;
    private LoginThrottle throttle;
    private StoreTarget target;

    private void open(String kind) throws Exception {
        if (target == null) {
            target = StoreTarget.of(kind, dir);
            vertx = Vertx.vertx();
        }
        store = Store.open(vertx, target.url(), null, null, clock);
        throttle = await(LoginThrottle.open(vertx, clock));
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (vertx != null) {
            await(vertx.close());
        }
        if (target != null) {
            target.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aCodeIsStoredAsAHashOutlivesARestartAndWorksOnce(String kind) throws Exception {
        open(kind);
        Enrolments enrolments = new Enrolments(store, clock, throttle);
        Enrolments.Made made = await(enrolments.create("agent-07", "Lena Park", "north", "boss"));
        assertThat(made.code()).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(made.expiresAtMs()).isEqualTo(clock.millis() + Enrolments.VALIDITY.toMillis());
        Enrolments.Made other = await(enrolments.create("agent-08", "Omar Said", "south", "boss"));

        // The table holds no code, in any form the agent might type it.
        String plain = made.code().replace("-", "");
        for (String cell : cells("SELECT * FROM enrolment_codes")) {
            assertThat(cell).doesNotContainIgnoringCase(plain).doesNotContain(made.code());
        }
        assertThat(cells("SELECT code_hash FROM enrolment_codes")).contains(Tokens.hash(plain));

        List<EnrolmentCodes.Code> pending = await(enrolments.pending());
        assertThat(pending).extracting(EnrolmentCodes.Code::agentId).containsExactlyInAnyOrder("agent-07", "agent-08");
        assertThat(pending.get(0).createdBy()).isEqualTo("boss");

        // A restart: the codes are still there.
        store.close();
        open(kind);
        enrolments = new Enrolments(store, clock, throttle);
        clock.advance(3_600_000);
        Optional<Enrolments.Pending> used =
                await(enrolments.redeem(made.code().toLowerCase().replace("-", " "), "10.0.0.1"));
        assertThat(used).contains(new Enrolments.Pending("agent-07", "Lena Park", "north"));
        assertThat(await(enrolments.redeem(made.code(), "10.0.0.1"))).isEmpty();
        assertThat(await(enrolments.pending()))
                .extracting(EnrolmentCodes.Code::agentId)
                .containsExactly("agent-08");
        assertThat(target.count("SELECT COUNT(*) FROM enrolment_codes WHERE used_ms IS NOT NULL"))
                .isEqualTo(1);

        // The other code expires 24 h after it was made, even unused.
        clock.advance(Enrolments.VALIDITY.toMillis() - 3_600_000);
        assertThat(await(enrolments.redeem(other.code(), "10.0.0.2"))).isEmpty();
        assertThat(await(enrolments.pending())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theStoreLetsACodeEnrolOnceWhenTwoDesksTypeItTogether(String kind) throws Exception {
        open(kind);
        Enrolments.Made made =
                await(new Enrolments(store, clock, throttle).create("agent-07", "Lena Park", "north", "boss"));
        // Four desks at once (as if through four servers on one database): one is enrolled.
        List<Future<Optional<Enrolments.Pending>>> tries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tries.add(new Enrolments(store, clock, throttle).redeem(made.code(), "10.0.0." + i));
        }
        assertThat(tries.stream().map(f -> await(f)).filter(Optional::isPresent))
                .hasSize(1);
    }

    @Test
    void wrongCodesFromOneAddressAreThrottled() throws Exception {
        open("sqlite");
        Enrolments enrolments = new Enrolments(store, clock, throttle);
        Enrolments.Made made = await(enrolments.create("agent-07", "Lena Park", "north", "boss"));
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(await(enrolments.redeem("AAAA-BBBB-CCC" + i, "10.0.0.9")))
                    .isEmpty();
        }
        // Held: even the right code is refused from that address, without being used up.
        assertThatThrownBy(() -> await(enrolments.redeem(made.code(), "10.0.0.9")))
                .hasCauseInstanceOf(Enrolments.ThrottledException.class)
                .hasMessageContaining("try again in 30 s");
        assertThat(await(enrolments.pending())).hasSize(1);
        // Another address is not held; after the wait, the held one may try again.
        assertThat(await(enrolments.redeem("AAAA-BBBB-CCCC", "10.0.0.10"))).isEmpty();
        clock.advance(LoginThrottle.BASE_DELAY_MS);
        assertThat(await(enrolments.redeem(made.code(), "10.0.0.9"))).isPresent();
    }

    private List<String> cells(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = target.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.add(String.valueOf(rs.getString(i)));
                }
            }
        }
        return out;
    }

    private static final class FakeClock extends Clock {
        private final AtomicLong millis =
                new AtomicLong(Instant.parse("2026-11-20T08:00:00Z").toEpochMilli());

        void advance(long ms) {
            millis.addAndGet(ms);
        }

        @Override
        public ZoneId getZone() {
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
}
