package io.cxpulse.server.drivers;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.store.StoreTarget;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/drivers} on SQLite and PostgreSQL: surveys joined with their calls, counted per band. */
class DriversIT {
    @TempDir
    Path dir;

    private StoreTarget target;
    private CxServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            await(server.close());
        }
        if (target != null) {
            target.close();
        }
    }

    private static JsonObject factor(JsonObject view, String name) {
        JsonArray factors = view.getJsonArray("factors");
        for (int i = 0; i < factors.size(); i++) {
            if (factors.getJsonObject(i).getString("factor").equals(name)) {
                return factors.getJsonObject(i);
            }
        }
        throw new AssertionError("no factor " + name);
    }

    private static JsonObject level(JsonObject factor, String name) {
        JsonArray levels = factor.getJsonArray("levels");
        for (int i = 0; i < levels.size(); i++) {
            if (levels.getJsonObject(i).getString("level").equals(name)) {
                return levels.getJsonObject(i);
            }
        }
        throw new AssertionError("no level " + name + " in " + factor.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void surveysAreJoinedWithTheirCallsAndCountedByBand(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        server = await(CxServer.start(target.config()));
        String token = await(server.provisionAgent("agent-01", "Amira Haddad", "north"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        long now = System.currentTimeMillis();
        // Twelve long calls on hold, all detractors, and twelve short ones without hold, all promoters; one more
        // survey has no call record.
        for (int i = 0; i < 24; i++) {
            boolean bad = i % 2 == 0;
            long end = now - (30 - i) * 60_000L;
            SurveyResult s = survey("s-" + i, "agent-01", end, bad ? 2 : 10, bad ? 1 : 5, bad ? 0 : 1);
            long talk = bad ? 720_000 : 60_000;
            long hold = bad ? 120_000 : 0;
            TestAgent.sendAcked(
                    server,
                    "agent-01",
                    token,
                    new CallRecord(
                            "c-" + i,
                            "agent-01",
                            s.callId(),
                            s.startMs() - talk - hold,
                            s.startMs(),
                            talk,
                            0,
                            0,
                            0,
                            hold,
                            true,
                            null));
            TestAgent.sendAcked(server, "agent-01", token, s);
        }
        TestAgent.sendAcked(server, "agent-01", token, survey("lone", "agent-01", now - 1_000, 9, 5, 1));

        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        JsonObject view = boss.get("/api/drivers?team=north&days=1").bodyAsJsonObject();
        assertThat(view.getLong("teamSurveys")).isEqualTo(25);
        JsonObject talk = factor(view, "talk");
        assertThat(level(talk, "10m+").getJsonObject("team").getLong("n")).isEqualTo(12);
        assertThat(level(talk, "10m+").getJsonObject("team").getDouble("detractorRate"))
                .isEqualTo(1.0);
        assertThat(level(talk, "0-2m").getJsonObject("team").getLong("n")).isEqualTo(12);
        assertThat(talk.getString("worst")).isEqualTo("10m+");
        JsonObject hold = factor(view, "hold");
        assertThat(level(hold, "1m+").getJsonObject("center").getLong("n")).isEqualTo(12);
        // The survey without a call counts for resolved, but not for the call's factors.
        JsonObject resolved = factor(view, "resolved");
        assertThat(level(resolved, "yes").getJsonObject("team").getLong("n")).isEqualTo(13);
        assertThat(resolved.getJsonObject("importance").getDouble("detractorDiff"))
                .isEqualTo(1.0);
        assertThat(view.getJsonObject("expectation").getBoolean("available")).isFalse();
        assertThat(boss.get("/api/drivers?team=nowhere").statusCode()).isEqualTo(404);
    }
}
