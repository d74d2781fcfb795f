package io.cxpulse.server.store;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store on its own: group commit, idempotence, failures and migrations. */
class StoreIT {
    @TempDir
    Path dir;

    private Vertx vertx;
    private Store store;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("cx.db");
    }

    @BeforeEach
    void open() throws SQLException {
        vertx = Vertx.vertx();
        store = Store.open(vertx, url(), null, null, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
        await(vertx.close());
    }

    private CountDownLatch blockWriter() throws InterruptedException {
        return blockWriter(store);
    }

    /** Holds {@code store}'s writer busy so that the next writes queue up behind it; count down the latch to free it. */
    static CountDownLatch blockWriter(Store store) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.transaction(c -> {
            started.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    @Test
    void pendingEventsAreCommittedInOneTransaction() throws Exception {
        CountDownLatch release = blockWriter();
        long before = store.commits();
        long now = System.currentTimeMillis();
        List<Future<Rows.Committed>> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            writes.add(store.write(survey("g-" + i, "agent-01", now, i % 11, null, null), "north"));
        }
        // A repeat inside the same batch is stored once.
        writes.add(store.write(survey("g-0", "agent-01", now, 0, null, null), "north"));
        assertThat(writes).noneMatch(Future::isComplete);
        release.countDown();
        List<Rows.Committed> results = new ArrayList<>();
        for (Future<Rows.Committed> w : writes) {
            results.add(await(w));
        }
        // The blocking job's transaction, then one for all 101 events.
        assertThat(store.commits() - before).isEqualTo(2);
        assertThat(results.subList(0, 100)).allMatch(Rows.Committed::inserted);
        assertThat(results.get(100).inserted()).isFalse();
        assertThat(rows("SELECT COUNT(*) FROM surveys")).isEqualTo(100);
        // Alerts are the alerts feature's, raised from the committed-event topics: the store raises none itself.
        assertThat(rows("SELECT COUNT(*) FROM alerts")).isZero();
    }

    @Test
    void aFailingJobFailsItsFutureAndTheWriterGoesOn() {
        Future<Object> bad = store.transaction(c -> {
            c.createStatement().executeUpdate("INSERT INTO no_such_table VALUES (1)");
            return null;
        });
        assertThatThrownBy(() -> await(bad)).hasCauseInstanceOf(StoreUnavailableException.class);
        Rows.Committed ok = await(store.write(survey("after", "agent-01", System.currentTimeMillis(), 9, 5, 1), "n"));
        assertThat(ok.inserted()).isTrue();
    }

    @Test
    void writesAfterCloseFailAsUnavailable() {
        store.close();
        assertThatThrownBy(() -> await(store.write(survey("late", "agent-01", 100_000, 9, 5, 1), "n")))
                .hasCauseInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void migrationsRunOnceAndANewerSchemaIsRefused() throws Exception {
        store.close();
        store = Store.open(vertx, url(), null, null, Clock.systemUTC());
        assertThat(rows("SELECT COUNT(*) FROM schema_version")).isEqualTo(Migrations.latest());
        store.close();
        try (Connection c = DriverManager.getConnection(url())) {
            c.createStatement()
                    .executeUpdate(
                            "INSERT INTO schema_version (version, description, applied_ms) VALUES (99, 'future', 0)");
        }
        assertThatThrownBy(() -> Store.open(vertx, url(), null, null, Clock.systemUTC()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("99")
                .hasMessageContaining("upgrade the server");
    }

    @Test
    void alertsStoredBeforeTheFollowUpLoopGetADeadlineAndATrail() throws Exception {
        String old = "jdbc:sqlite:" + dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection(old)) {
            Migrations.applyFirstVersionOnly(c);
            c.setAutoCommit(true);
            c.createStatement().executeUpdate("INSERT INTO teams (id, name) VALUES ('north', 'North')");
            c.createStatement()
                    .executeUpdate(
                            "INSERT INTO alerts (id, agent_id, team_id, call_id, nps, csat, state, note,"
                                    + " created_ms, updated_ms, updated_by) VALUES"
                                    + " ('a-open', 'agent-1', 'north', 'c-1', 3, NULL, 'open', NULL, 1000, 1000, NULL),"
                                    + " ('a-closed', 'agent-1', 'north', 'c-2', 2, NULL, 'closed', 'done', 2000, 9000, 'lead')");
        }
        Store.open(vertx, old, null, null, Clock.systemUTC()).close();
        try (Connection c = DriverManager.getConnection(old);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, kind, due_ms, first_action_ms, closed_ms, outcome,"
                        + " escalated_ms FROM alerts ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("a-closed");
            assertThat(rs.getString(2)).isEqualTo("detractor");
            assertThat(rs.getLong(3)).isEqualTo(2000 + 86_400_000L);
            assertThat(rs.getLong(4)).isEqualTo(9000);
            assertThat(rs.getLong(5)).isEqualTo(9000);
            assertThat(rs.getString(6)).isNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("a-open");
            assertThat(rs.getLong(3)).isEqualTo(1000 + 86_400_000L);
            rs.getLong(4);
            assertThat(rs.wasNull()).isTrue();
            rs.getLong(7);
            assertThat(rs.wasNull()).isTrue();
        }
        try (Connection c = DriverManager.getConnection(old);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM alert_history WHERE action = 'raised'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void anEventIdIsOneEventWhateverItsType() throws Exception {
        long now = System.currentTimeMillis();
        Rows.Committed asCall = await(store.write(call("same-id", "agent-01", now, 60_000, 0), "north"));
        Rows.Committed asSurvey = await(store.write(survey("same-id", "agent-01", now, 10, 5, 1), "north"));
        assertThat(asCall.inserted()).isTrue();
        assertThat(asSurvey.inserted()).isFalse();
        assertThat(rows("SELECT COUNT(*) FROM calls")).isEqualTo(1);
        assertThat(rows("SELECT COUNT(*) FROM surveys")).isZero();
        assertThat(rows("SELECT SUM(calls) + SUM(surveys) FROM agent_day")).isEqualTo(1);
    }

    @Test
    void aSecondProcessCannotOpenTheSameFile() {
        assertThatThrownBy(() -> Store.open(vertx, url(), null, null, Clock.systemUTC()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("in use by another cx-server or import");
        store.close();
        store = openQuietly();
        assertThat(store).isNotNull();
    }

    private Store openQuietly() {
        try {
            return Store.open(vertx, url(), null, null, Clock.systemUTC());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theFileIsInWalMode() throws Exception {
        try (Connection c = DriverManager.getConnection(url());
                ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void aNewFileHasLargePagesAndAnOldOneKeepsItsOwn() throws Exception {
        assertThat(rows("PRAGMA page_size")).isEqualTo(Store.PAGE_SIZE);

        Path old = dir.resolve("small-pages.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old);
                Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size=4096");
            st.execute("CREATE TABLE before_the_store (x INTEGER)");
        }
        try (Connection c = Store.connect("jdbc:sqlite:" + old, new Properties(), Dialect.SQLITE);
                ResultSet rs = c.createStatement().executeQuery("PRAGMA page_size")) {
            Store.prepare(c, Dialect.SQLITE, ZoneId.of("UTC"));
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4096);
        }
    }

    private long rows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
