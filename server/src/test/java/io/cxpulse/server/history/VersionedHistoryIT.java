package io.cxpulse.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.store.StoreTarget;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * History and the charts read for one survey program version, and the versions their answers list, against the
 * surveys of {@link VersionFixture}; on SQLite and PostgreSQL.
 */
class VersionedHistoryIT {
    @TempDir
    Path dir;

    private StoreTarget target;
    private CxServer server;

    @AfterEach
    void stop() throws Exception {
        StoreTarget.shutDown(server, target);
    }

    private void start(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        server = VersionFixture.start(target.config(), VersionFixture.clock());
    }

    private static JsonObject ok(ApiClient client, String path) {
        HttpResponse<Buffer> r = client.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    /** The listed versions as {@code id:version=surveys}, in order. */
    private static String versions(JsonObject body) {
        StringBuilder sb = new StringBuilder();
        for (Object o : body.getJsonArray("versions")) {
            JsonObject v = (JsonObject) o;
            sb.append(sb.length() == 0 ? "" : " ")
                    .append(v.getString("surveyId"))
                    .append(':')
                    .append(v.getInteger("version"))
                    .append('=')
                    .append(v.getLong("surveys"));
        }
        return sb.toString();
    }

    private static JsonObject team(JsonObject day, String team) {
        for (Object o : day.getJsonArray("teams")) {
            if (((JsonObject) o).getString("team").equals(team)) {
                return ((JsonObject) o).getJsonObject("metrics");
            }
        }
        throw new AssertionError("no team " + team + " in " + day);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void historyListsTheVersionsItMixesAndReadsOneVersionAlone(String kind) throws Exception {
        start(kind);
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        JsonObject all = ok(boss, "/api/history?days=7");
        assertThat(versions(all)).isEqualTo("null:null=1 nps-q:1=2 nps-q:2=3");
        assertThat(all.getBoolean("mixed")).isTrue();
        assertThat(all.containsKey("filter")).isFalse();
        JsonArray days = all.getJsonArray("days");
        assertThat(team(days.getJsonObject(6), "north").getJsonObject("nps").getLong("n"))
                .isEqualTo(4);

        JsonObject v1 = ok(boss, "/api/history?days=7&surveyId=nps-q&version=1");
        assertThat(v1.getBoolean("mixed")).isFalse();
        assertThat(v1.getJsonObject("filter"))
                .isEqualTo(new JsonObject().put("surveyId", "nps-q").put("version", 1));
        // The period's versions are listed whichever is read, so that another can be picked.
        assertThat(versions(v1)).isEqualTo(versions(all));
        JsonObject today = team(v1.getJsonArray("days").getJsonObject(6), "north");
        assertThat(today.getJsonObject("nps").getLong("n")).isEqualTo(2);
        assertThat(today.getJsonObject("nps").getLong("promoters")).isEqualTo(1);
        assertThat(today.getJsonObject("nps").getLong("detractors")).isEqualTo(1);
        assertThat(today.getJsonObject("nps").getDouble("score")).isEqualTo(0.0);
        assertThat(today.getJsonObject("csat").getLong("n")).isEqualTo(2);
        // Calls name no version: they are counted whatever version is read, their survey offers are not.
        assertThat(today.getLong("calls")).isEqualTo(1);
        assertThat(today.getLong("surveysOffered")).isZero();
        assertThat(today.getLong("surveys")).isEqualTo(2);
        assertThat(team(v1.getJsonArray("days").getJsonObject(5), "north")
                        .getJsonObject("nps")
                        .getLong("n"))
                .isZero();
        assertThat(team(v1.getJsonArray("days").getJsonObject(6), "south")
                        .getJsonObject("nps")
                        .getLong("n"))
                .isZero();

        JsonObject v2 = ok(boss, "/api/history?days=7&surveyId=nps-q&version=2");
        JsonObject north2 = team(v2.getJsonArray("days").getJsonObject(6), "north");
        assertThat(north2.getJsonObject("nps").getLong("n")).isEqualTo(2);
        assertThat(north2.getJsonObject("nps").getDouble("score")).isEqualTo(50.0);
        assertThat(team(v2.getJsonArray("days").getJsonObject(5), "north")
                        .getJsonObject("nps")
                        .getLong("detractors"))
                .isEqualTo(1);
        // The program without a version: both versions, asked for explicitly, so not "mixed" without saying so.
        JsonObject program = ok(boss, "/api/history?days=7&surveyId=nps-q");
        assertThat(program.getBoolean("mixed")).isFalse();
        assertThat(team(program.getJsonArray("days").getJsonObject(6), "north")
                        .getJsonObject("nps")
                        .getLong("n"))
                .isEqualTo(4);

        JsonObject agent = ok(boss, "/api/history?days=7&agentId=agent-n1&surveyId=nps-q&version=2");
        assertThat(versions(agent)).isEqualTo("nps-q:1=2 nps-q:2=2");
        JsonArray agentDays = agent.getJsonArray("days");
        assertThat(agentDays
                        .getJsonObject(6)
                        .getJsonObject("metrics")
                        .getJsonObject("nps")
                        .getLong("n"))
                .isEqualTo(1);
        assertThat(agentDays
                        .getJsonObject(5)
                        .getJsonObject("metrics")
                        .getJsonObject("nps")
                        .getLong("n"))
                .isEqualTo(1);

        // A supervisor's answer lists the versions of the teams they see.
        JsonObject north = ok(ApiClient.login(server, "lead-n", "lead-password"), "/api/history?days=7");
        assertThat(versions(north)).isEqualTo("nps-q:1=2 nps-q:2=3");
        assertThat(north.getBoolean("mixed")).isTrue();
        JsonObject south = ok(ApiClient.login(server, "lead-s", "lead-password"), "/api/history?days=7");
        assertThat(versions(south)).isEqualTo("null:null=1");
        assertThat(south.getBoolean("mixed")).isFalse();

        assertThat(boss.get("/api/history?version=0").statusCode()).isEqualTo(400);
        assertThat(boss.get("/api/history?surveyId=no%20such").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theChartsReadOneVersionAndListTheVersionsOfTheirPeriod(String kind) throws Exception {
        start(kind);
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        JsonObject hours = ok(lead, "/api/history/hours");
        assertThat(versions(hours)).isEqualTo("nps-q:1=2 nps-q:2=2");
        assertThat(hours.getBoolean("mixed")).isTrue();
        JsonObject v1 = ok(lead, "/api/history/hours?surveyId=nps-q&version=1");
        assertThat(v1.getBoolean("mixed")).isFalse();
        JsonArray v1Hours = v1.getJsonArray("hours");
        assertThat(team(v1Hours.getJsonObject(9), "north").getJsonObject("nps").getLong("n"))
                .isEqualTo(2);
        assertThat(team(v1Hours.getJsonObject(14), "north").getJsonObject("nps").getLong("n"))
                .isZero();
        JsonObject agentV2 = ok(lead, "/api/history/hours?agentId=agent-n1&surveyId=nps-q&version=2");
        assertThat(agentV2.getJsonArray("hours")
                        .getJsonObject(14)
                        .getJsonObject("metrics")
                        .getJsonObject("nps")
                        .getLong("promoters"))
                .isEqualTo(1);

        JsonObject dist = ok(lead, "/api/history/nps-distribution?team=north&days=7");
        assertThat(versions(dist)).isEqualTo("nps-q:1=2 nps-q:2=3");
        assertThat(dist.getBoolean("mixed")).isTrue();
        JsonObject dist2 = ok(lead, "/api/history/nps-distribution?team=north&days=7&surveyId=nps-q&version=2");
        assertThat(dist2.getJsonObject("scores").getJsonArray("counts").encode())
                .isEqualTo("[0,0,0,0,0,0,1,0,1,1,0]");
        // The center's answers are those of the same version.
        assertThat(dist2.getJsonObject("center").getLong("n")).isEqualTo(3);
        assertThat(dist2.getBoolean("mixed")).isFalse();

        JsonObject map = ok(lead, "/api/history/detractor-map?team=north&surveyId=nps-q&version=1");
        assertThat(versions(map)).isEqualTo("nps-q:1=2 nps-q:2=3");
        // Wednesday 09:00.
        JsonObject cell = map.getJsonArray("cells").getJsonObject(2 * 24 + 9);
        assertThat(cell.getLong("n")).isEqualTo(2);
        assertThat(cell.getLong("detractors")).isEqualTo(1);
        JsonObject map2 = ok(lead, "/api/history/detractor-map?team=north&surveyId=nps-q&version=2");
        assertThat(map2.getJsonArray("cells").getJsonObject(2 * 24 + 9).getLong("n"))
                .isZero();
        assertThat(lead.get("/api/history/detractor-map?team=north&version=x").statusCode())
                .isEqualTo(400);
    }
}
