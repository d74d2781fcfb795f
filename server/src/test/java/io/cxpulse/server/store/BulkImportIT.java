package io.cxpulse.server.store;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.server.CxServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk import into SQLite: blocks written together have their ids claimed in one run and keep the first of two
 * events with one id; a large import builds the raw tables' indexes once at its end, a small one into a larger store
 * keeps them, and an import interrupted in between leaves them missing only until the store is opened again.
 */
class BulkImportIT {
    private static final long T0 = 1_790_000_000_000L;

    @TempDir
    Path dir;

    private StoreTarget target;
    private CxServer server;

    @BeforeEach
    void provision() throws Exception {
        target = StoreTarget.sqlite(dir);
        CxServer first = await(CxServer.start(target.config()));
        await(first.provisionAgent("agent-1", "Liu Qing", "north"));
        await(first.close());
    }

    @AfterEach
    void stop() throws Exception {
        StoreTarget.shutDown(server, target);
    }

    @Test
    void theListIsTheIndexesTheMigrationsLeave() throws Exception {
        Map<String, String> migrated = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(target.url());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                        + " AND tbl_name IN ('calls', 'surveys') AND sql IS NOT NULL")) {
            while (rs.next()) {
                migrated.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(migrated)
                .isEqualTo(RawIndexes.ALL.stream()
                        .collect(Collectors.toMap(
                                RawIndexes.Index::name, RawIndexes.Index::ddl, (a, b) -> a, TreeMap::new)));
    }

    @Test
    void aLargeImportBuildsTheIndexesAtItsEndAndTheyAnswerAsBefore() throws Exception {
        try (BulkImport bulk = BulkImport.open(target.url(), null, null, null, Clock.systemUTC())) {
            assertThat(bulk.deferIndexes(200)).isTrue();
            assertThat(indexes()).isEqualTo(RawIndexes.ALL.size());
            assertThat(bulk.write(events("a", 100))).isEqualTo(200);
            bulk.commit();
            assertThat(indexes()).isZero();
            bulk.finish();
        }
        assertThat(indexes()).isEqualTo(RawIndexes.ALL.size());
        assertThat(usesIndex(
                        "SELECT COUNT(*) FROM surveys WHERE agent_id = 'agent-1' AND end_ms > 0", "surveys_agent_end"))
                .isTrue();
        assertThat(count("SELECT COUNT(*) FROM surveys WHERE agent_id = 'agent-1' AND end_ms >= " + (T0 + 50_000)))
                .isEqualTo(50);
        assertThat(count("SELECT COUNT(*) FROM calls WHERE end_ms < " + (T0 + 10_000)))
                .isEqualTo(10);
    }

    @Test
    void aSmallImportIntoALargerStoreKeepsItsIndexes() throws Exception {
        try (BulkImport bulk = BulkImport.open(target.url(), null, null, null, Clock.systemUTC())) {
            bulk.write(events("a", 100));
            bulk.finish();
        }
        try (BulkImport bulk = BulkImport.open(target.url(), null, null, null, Clock.systemUTC())) {
            assertThat(bulk.deferIndexes(20)).isFalse();
            assertThat(bulk.write(events("b", 10))).isEqualTo(20);
            bulk.commit();
            assertThat(indexes()).isEqualTo(RawIndexes.ALL.size());
            bulk.finish();
        }
        assertThat(count("SELECT COUNT(*) FROM surveys")).isEqualTo(110);
    }

    @Test
    void anInterruptedImportLeavesTheIndexesMissingUntilTheStoreIsOpenedAgain() throws Exception {
        try (BulkImport bulk = BulkImport.open(target.url(), null, null, null, Clock.systemUTC())) {
            bulk.deferIndexes(1_000);
            bulk.write(events("a", 100));
            bulk.commit();
            // Ends here, as if stopped before finishing: what was committed stays, the indexes are not built.
        }
        assertThat(indexes()).isZero();
        assertThat(count("SELECT COUNT(*) FROM surveys")).isEqualTo(100);

        server = await(CxServer.start(target.config()));
        assertThat(indexes()).isEqualTo(RawIndexes.ALL.size());
        assertThat(count("SELECT COUNT(*) FROM calls")).isEqualTo(100);
    }

    @Test
    void ofTwoEventsWithOneIdInDifferentBlocksTheEarlierIsKept() throws Exception {
        try (BulkImport bulk = BulkImport.open(target.url(), null, null, null, Clock.systemUTC())) {
            List<AgentEvent> a = new ArrayList<>();
            List<AgentEvent> b = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                a.add(survey("s-" + i, "agent-1", T0 + i, 10, 5, 1));
                // The same ids again in a later block, with other scores, and a call reusing a survey's id.
                b.add(survey("s-" + i, "agent-1", T0 + i, 0, 1, 0));
                b.add(call("c-" + i, "agent-1", T0 + i, 60_000, 0));
            }
            b.add(call("s-7", "agent-1", T0, 60_000, 0));
            int n = bulk.writeBatches(List.of(bulk.prepare(a), bulk.prepare(b)));
            bulk.finish();
            assertThat(n).isEqualTo(100);
        }
        try (Connection c = DriverManager.getConnection(target.url());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM surveys WHERE nps = 10),"
                        + " (SELECT COUNT(*) FROM surveys), (SELECT COUNT(*) FROM calls),"
                        + " (SELECT SUM(surveys) FROM agent_day), (SELECT SUM(promoters) FROM agent_day),"
                        + " (SELECT SUM(calls) FROM agent_day)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(50);
            assertThat(rs.getLong(2)).isEqualTo(50);
            assertThat(rs.getLong(3)).isEqualTo(50);
            assertThat(rs.getLong(4)).isEqualTo(50);
            assertThat(rs.getLong(5)).isEqualTo(50);
            assertThat(rs.getLong(6)).isEqualTo(50);
        }
    }

    /** {@code n} surveys and {@code n} calls, a second apart. */
    private static List<AgentEvent> events(String prefix, int n) {
        List<AgentEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(survey(prefix + "-s" + i, "agent-1", T0 + i * 1_000L, 9, 5, 1));
            events.add(call(prefix + "-c" + i, "agent-1", T0 + i * 1_000L, 60_000, 0));
        }
        return events;
    }

    private int indexes() throws Exception {
        try (Connection c = DriverManager.getConnection(target.url())) {
            return RawIndexes.present(c).size();
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(target.url());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean usesIndex(String sql, String index) throws Exception {
        try (Connection c = DriverManager.getConnection(target.url());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                if (rs.getString("detail").contains(index)) {
                    return true;
                }
            }
        }
        return false;
    }
}
