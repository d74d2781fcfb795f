package io.cxpulse.server.store;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Events and jobs (such as the alerts raised after surveys) queued while the writer is busy go into one transaction
 * and one commit; a job that fails is undone alone and the others are stored, on SQLite and PostgreSQL.
 */
class GroupCommitIT {
    @TempDir
    Path dir;

    private StoreTarget target;
    private Vertx vertx;
    private Store store;

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

    private CountDownLatch blockWriter() throws InterruptedException {
        return StoreIT.blockWriter(store);
    }

    private static Future<Object> setting(Store store, String name, boolean thenFail) {
        return store.transaction(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO settings (name, value) VALUES ('" + name + "', 'yes')");
                if (thenFail) {
                    st.executeUpdate("INSERT INTO no_such_table VALUES (1)");
                }
            }
            return name;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void eventsAndJobsQueuedTogetherShareOneCommitAndAFailingJobIsUndoneAlone(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        vertx = Vertx.vertx();
        store = Store.open(vertx, target.url(), null, null, Clock.systemUTC());
        CountDownLatch release = blockWriter();
        long before = store.commits();
        long now = System.currentTimeMillis();
        Future<Rows.Committed> first = store.write(survey("t-1", "agent-01", now, 2, null, null), "north");
        Future<Object> job = setting(store, "together", false);
        Future<Object> bad = setting(store, "undone", true);
        Future<Rows.Committed> second = store.write(survey("t-2", "agent-01", now, 9, null, null), "north");
        Future<Object> after = setting(store, "after", false);
        release.countDown();

        assertThat(await(first).inserted()).isTrue();
        assertThat(await(job)).isEqualTo("together");
        assertThatThrownBy(() -> await(bad)).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(await(second).inserted()).isTrue();
        assertThat(await(after)).isEqualTo("after");
        // The blocking job's transaction, then one for both events and the three jobs.
        assertThat(store.commits() - before).isEqualTo(2);
        assertThat(target.count("SELECT COUNT(*) FROM surveys")).isEqualTo(2);
        assertThat(target.count("SELECT COUNT(*) FROM agent_day")).isEqualTo(1);
        assertThat(target.count("SELECT COUNT(*) FROM settings WHERE name IN ('together', 'after')"))
                .isEqualTo(2);
        assertThat(target.count("SELECT COUNT(*) FROM settings WHERE name = 'undone'"))
                .isZero();
    }
}
