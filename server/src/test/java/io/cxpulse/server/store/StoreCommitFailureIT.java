package io.cxpulse.server.store;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that fails (a full disk, a lost PostgreSQL connection): the driver is the boundary, so each connection the
 * store opens is a Mockito spy of the real SQLite connection whose next commit can be made to throw. The store then
 * answers "unavailable", keeps nothing half-written, and takes the same events again as if they had never come.
 */
class StoreCommitFailureIT {
    @TempDir
    Path dir;

    private final AtomicBoolean failNextCommit = new AtomicBoolean();
    private Vertx vertx;
    private Store store;

    @BeforeEach
    void open() throws SQLException {
        vertx = Vertx.vertx();
        store = Store.open(vertx, url(), null, null, Clock.systemUTC(), null, real -> {
            Connection c = spy(real);
            try {
                doAnswer(commit -> {
                            if (failNextCommit.getAndSet(false)) {
                                throw new SQLException("disk I/O error");
                            }
                            return commit.callRealMethod();
                        })
                        .when(c)
                        .commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return c;
        });
    }

    @AfterEach
    void close() {
        store.close();
        await(vertx.close());
    }

    @Test
    void aFailedCommitIsRefusedAsUnavailableAndTheSameEventsAreTakenAfterwards() throws Exception {
        long now = System.currentTimeMillis();
        failNextCommit.set(true);
        assertThatThrownBy(() -> await(store.write(call("c-1", "agent-01", now, 60_000, 0), "north")))
                .hasCauseInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("disk I/O error");
        assertThat(rows("SELECT COUNT(*) FROM calls")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM event_ids")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM agent_day")).isZero();

        // The agent resends what was never acknowledged: stored once, counted once.
        assertThat(await(store.write(call("c-1", "agent-01", now, 60_000, 0), "north"))
                        .inserted())
                .isTrue();
        assertThat(await(store.write(survey("s-1", "agent-01", now, 3, 2, 0), "north"))
                        .inserted())
                .isTrue();
        assertThat(await(store.write(call("c-1", "agent-01", now, 60_000, 0), "north"))
                        .inserted())
                .isFalse();
        assertThat(rows("SELECT COUNT(*) FROM calls")).isEqualTo(1);
        assertThat(rows("SELECT SUM(calls) FROM agent_day")).isEqualTo(1);
        assertThat(rows("SELECT SUM(detractors) FROM agent_day")).isEqualTo(1);
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("cx.db");
    }

    private long rows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
