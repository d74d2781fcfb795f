package io.cxpulse.server;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.WireCodec;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.store.StoreTarget;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code cx-server import} on SQLite and PostgreSQL: bad lines, unknown agents, repeats, twice, a running server. */
class ImportIT {
    @TempDir
    Path dir;

    private StoreTarget target;
    private CxServer server;

    private record Run(int code, String out, String err) {}

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            await(server.close());
        }
        if (target != null) {
            target.close();
        }
    }

    private StoreTarget target(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        return target;
    }

    private static Run importFiles(StoreTarget t, Path... files) {
        List<String> args = new ArrayList<>(List.of("import"));
        args.addAll(List.of(t.options()));
        Stream.of(files).map(Path::toString).forEach(args::add);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ServerMain());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static String journalMode(StoreTarget t) throws SQLException {
        try (Connection c = t.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Provisions the agents the files name, then stops the server (SQLite refuses an import next to one). */
    private void provision(StoreTarget t) {
        CxServer s = await(CxServer.start(t.config()));
        await(s.provisionAgent("agent-n1", "Nora North", "north"));
        await(s.provisionAgent("agent-s1", "Sam South", "south"));
        await(s.close());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void badLinesAndRepeatsNeverStopItAndASecondRunChangesNothing(String kind) throws Exception {
        StoreTarget t = target(kind);
        provision(t);
        long now = System.currentTimeMillis();
        Path file = dir.resolve("history.ndjson");
        Files.write(
                file,
                List.of(
                        WireCodec.encode(call("i-1", "agent-n1", now - 86_400_000L, 120_000, 5_000)),
                        WireCodec.encode(survey("i-2", "agent-n1", now - 86_400_000L, 10, 5, 1)),
                        "{not json",
                        WireCodec.encode(survey("i-3", "agent-x9", now, 3, 1, 0)),
                        // The same id as line 1, sent as a survey: one event, whatever its type.
                        WireCodec.encode(survey("i-1", "agent-n1", now, 9, 4, 1)),
                        "",
                        WireCodec.encode(new Hello("agent-n1", "secret", "test")),
                        "{\"v\":1,\"type\":\"call\",\"eventId\":\"i-4\",\"agentId\":\"agent-s1\"}",
                        WireCodec.encode(survey("i-5", "agent-s1", now, 2, 1, 0)),
                        WireCodec.encode(survey("i-2", "agent-n1", now, 0, 1, 0))));

        Run first = importFiles(t, file);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out().strip()).isEqualTo("imported 3, duplicates 2, rejected 4");
        assertThat(first.err())
                .contains(file + ":3: rejected: not JSON")
                .contains(file + ":4: rejected: unknown agent agent-x9")
                .contains(file + ":7: rejected: a Hello is not a call or survey")
                .contains(file + ":8: rejected: invalid call message");
        assertThat(first.err()).doesNotContain(":6:");
        if (!t.isPostgres()) {
            // Written through a rollback journal, the store is back in the write-ahead log mode a server uses.
            assertThat(journalMode(t)).isEqualTo("wal");
            assertThat(dir.resolve("cx.db-journal")).doesNotExist();
        }
        assertThat(t.count("SELECT COUNT(*) FROM calls")).isEqualTo(1);
        assertThat(t.count("SELECT COUNT(*) FROM surveys")).isEqualTo(2);
        assertThat(t.count("SELECT nps FROM surveys WHERE event_id = 'i-2'")).isEqualTo(10);
        // Imported history raises no alerts, but counts in the rollups.
        assertThat(t.count("SELECT COUNT(*) FROM alerts")).isZero();
        assertThat(t.count("SELECT SUM(calls) FROM agent_day")).isEqualTo(1);
        assertThat(t.count("SELECT SUM(surveys) FROM team_day")).isEqualTo(2);
        assertThat(t.count("SELECT SUM(detractors) FROM agent_hour")).isEqualTo(1);

        Run second = importFiles(t, file);
        assertThat(second.code()).isZero();
        assertThat(second.out().strip()).isEqualTo("imported 0, duplicates 5, rejected 4");
        assertThat(t.count("SELECT COUNT(*) FROM surveys")).isEqualTo(2);
        assertThat(t.count("SELECT SUM(surveys) FROM team_day")).isEqualTo(2);
        assertThat(t.count("SELECT SUM(calls) FROM agent_day")).isEqualTo(1);

        // History shows what was imported.
        server = await(CxServer.start(t.config()));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        JsonObject days = ApiClient.login(server, "boss", "boss-password")
                .get("/api/history?days=2&agentId=agent-n1")
                .bodyAsJsonObject();
        JsonObject yesterday = days.getJsonArray("days").getJsonObject(0).getJsonObject("metrics");
        assertThat(yesterday.getLong("calls")
                        + days.getJsonArray("days")
                                .getJsonObject(1)
                                .getJsonObject("metrics")
                                .getLong("calls"))
                .isEqualTo(1);
    }

    @Test
    void sqliteRefusesAnImportWhileAServerUsesTheStore() throws Exception {
        StoreTarget t = target("sqlite");
        server = await(CxServer.start(t.config()));
        await(server.provisionAgent("agent-n1", "Nora North", "north"));
        Path file = dir.resolve("one.ndjson");
        Files.writeString(file, WireCodec.encode(call("r-1", "agent-n1", 1_000_000, 60_000, 0)) + "\n");
        Run refused = importFiles(t, file);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).endsWith("is in use by another cx-server or import; stop it first");
        assertThat(t.count("SELECT COUNT(*) FROM calls")).isZero();
    }

    @Test
    void postgresTakesAnImportNextToARunningServer() throws Exception {
        StoreTarget t = target("postgresql");
        server = await(CxServer.start(t.config()));
        await(server.provisionAgent("agent-n1", "Nora North", "north"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        long now = System.currentTimeMillis();
        Path file = dir.resolve("pg.ndjson");
        Files.write(
                file,
                List.of(
                        WireCodec.encode(survey("p-1", "agent-n1", now, 10, 5, 1)),
                        WireCodec.encode(survey("p-2", "agent-n1", now, 9, 5, 1))));
        Run run = importFiles(t, file);
        assertThat(run.out().strip()).as(run.err()).isEqualTo("imported 2, duplicates 0, rejected 0");
        JsonObject today = ApiClient.login(server, "boss", "boss-password")
                .get("/api/history?days=1")
                .bodyAsJsonObject()
                .getJsonArray("days")
                .getJsonObject(0)
                .getJsonArray("teams")
                .getJsonObject(0)
                .getJsonObject("metrics");
        assertThat(today.getJsonObject("nps").getLong("n")).isEqualTo(2);
    }

    @Test
    void unreadableFilesAreRefusedBeforeAnythingIsImported() throws Exception {
        StoreTarget t = target("sqlite");
        Run run = importFiles(t, dir.resolve("missing.ndjson"));
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("cx-server import: cannot read " + dir.resolve("missing.ndjson"));
    }
}
