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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks written together: their ids are claimed in one run, and of two events with one id the first is kept. */
class BulkImportIT {
    private static final long T0 = 1_790_000_000_000L;

    @TempDir
    Path dir;

    private StoreTarget target;

    @AfterEach
    void stop() throws Exception {
        StoreTarget.shutDown(null, target);
    }

    @Test
    void ofTwoEventsWithOneIdInDifferentBlocksTheEarlierIsKept() throws Exception {
        target = StoreTarget.sqlite(dir);
        CxServer first = await(CxServer.start(target.config()));
        await(first.provisionAgent("agent-1", "Liu Qing", "north"));
        await(first.close());
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
}
