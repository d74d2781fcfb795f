package io.cxpulse.server.history;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cxpulse.server.CxServer;
import io.cxpulse.server.api.ApiClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard's charts read, against the surveys of {@link ChartFixture}: today by hour, the NPS answers by
 * score against the center's, a team's detractors by weekday and hour; each within the user's teams.
 */
class ChartsApiIT {
    @TempDir
    Path dir;

    private CxServer server;

    @BeforeEach
    void start() {
        server = ChartFixture.start(dir, ChartFixture.clock());
    }

    @AfterEach
    void stop() {
        await(server.close());
    }

    private static JsonObject ok(ApiClient client, String path) {
        HttpResponse<Buffer> r = client.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    private static List<Long> counts(JsonObject scores) {
        List<Long> out = new ArrayList<>();
        scores.getJsonArray("counts").forEach(v -> out.add(((Number) v).longValue()));
        return out;
    }

    @Test
    void todayByHourGivesEachHourSoFarWithItsBandsAndAnswers() {
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        JsonObject agent = ok(lead, "/api/history/hours?agentId=agent-n1");
        assertThat(agent.getString("date")).isEqualTo("2026-11-25");
        assertThat(agent.getString("displayName")).isEqualTo("Nora North");
        JsonArray hours = agent.getJsonArray("hours");
        // 00:00 to 15:00, the hour now under way.
        assertThat(hours).hasSize(16);
        assertThat(hours.getJsonObject(0).getString("hour")).isEqualTo("00:00");
        assertThat(hours.getJsonObject(15).getString("hour")).isEqualTo("15:00");
        assertThat(hours.getJsonObject(9).getLong("startMs"))
                .isEqualTo(ChartFixture.NOW.toEpochMilli() - 6 * 3_600_000L - 30 * 60_000L);

        JsonObject nine = hours.getJsonObject(9).getJsonObject("metrics");
        JsonObject nps = nine.getJsonObject("nps");
        assertThat(nps.getInteger("n")).isEqualTo(2);
        assertThat(nps.getDouble("score")).isEqualTo(0.0);
        // Adjusted Wald: (1 + 3/4) / 5 promoters and detractors each, 1.96 * sqrt(0.7 / 5).
        double margin = 196 * Math.sqrt(0.7 / 5);
        assertThat(nps.getDouble("margin")).isCloseTo(margin, within(1e-9));
        assertThat(nps.getDouble("low")).isCloseTo(-margin, within(1e-9));
        assertThat(nps.getDouble("high")).isCloseTo(margin, within(1e-9));
        assertThat(nps.getBoolean("smallSample")).isTrue();
        JsonObject csat = nine.getJsonObject("csat");
        assertThat(csat.getInteger("n")).isEqualTo(2);
        assertThat(csat.getDouble("top2")).isEqualTo(0.5);
        // Wilson's 95% interval of 1 out of 2.
        assertThat(csat.getDouble("top2Low")).isCloseTo(0.0945, within(1e-4));
        assertThat(csat.getDouble("top2High")).isCloseTo(0.9055, within(1e-4));

        JsonObject two = hours.getJsonObject(14).getJsonObject("metrics");
        assertThat(two.getJsonObject("nps").getInteger("n")).isEqualTo(1);
        assertThat(two.getJsonObject("nps").getDouble("score")).isEqualTo(100.0);
        assertThat(two.getJsonObject("nps").getDouble("high")).isEqualTo(100.0);
        JsonObject quiet = hours.getJsonObject(3).getJsonObject("metrics");
        assertThat(quiet.getJsonObject("nps").getInteger("n")).isZero();
        assertThat(quiet.getJsonObject("nps").getValue("score")).isNull();
        assertThat(quiet.getJsonObject("nps").getValue("low")).isNull();
        assertThat(quiet.getJsonObject("csat").getValue("top2Low")).isNull();

        // Per team: only the supervisor's own; the admin sees both.
        JsonArray leadTeams = ok(lead, "/api/history/hours")
                .getJsonArray("hours")
                .getJsonObject(14)
                .getJsonArray("teams");
        assertThat(leadTeams).hasSize(1);
        JsonObject north = leadTeams.getJsonObject(0);
        assertThat(north.getString("team")).isEqualTo("north");
        assertThat(north.getJsonObject("metrics").getJsonObject("nps").getInteger("n"))
                .isEqualTo(2);
        assertThat(north.getJsonObject("metrics").getJsonObject("nps").getDouble("score"))
                .isEqualTo(0.0);
        JsonArray all = ok(ApiClient.login(server, "boss", "boss-password"), "/api/history/hours")
                .getJsonArray("hours")
                .getJsonObject(9)
                .getJsonArray("teams");
        assertThat(all).hasSize(2);
        assertThat(all.getJsonObject(1).getString("team")).isEqualTo("south");
        assertThat(all.getJsonObject(1)
                        .getJsonObject("metrics")
                        .getJsonObject("nps")
                        .getInteger("passives"))
                .isEqualTo(1);
    }

    @Test
    void dailyHistoryCarriesTheBandsToo() {
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        JsonArray days = ok(lead, "/api/history?days=2").getJsonArray("days");
        JsonObject today =
                days.getJsonObject(1).getJsonArray("teams").getJsonObject(0).getJsonObject("metrics");
        // North today: CSAT 5, 2, 4, 3: two of four in the top two; Wilson's 95% interval of 2 out of 4.
        assertThat(today.getJsonObject("csat").getDouble("top2")).isEqualTo(0.5);
        assertThat(today.getJsonObject("csat").getDouble("top2Low")).isCloseTo(0.1500, within(1e-4));
        assertThat(today.getJsonObject("csat").getDouble("top2High")).isCloseTo(0.8500, within(1e-4));
        // NPS 10, 3, 9, 6: two promoters, two detractors.
        assertThat(today.getJsonObject("nps").getDouble("score")).isEqualTo(0.0);
        assertThat(today.getJsonObject("nps").getDouble("low"))
                .isCloseTo(-today.getJsonObject("nps").getDouble("margin"), within(1e-9));
    }

    @Test
    void npsAnswersByScoreOfATeamAndOfAnAgentAgainstTheCenter() {
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        JsonObject team = ok(lead, "/api/history/nps-distribution?team=north&days=7");
        assertThat(team.getString("name")).isEqualTo("north");
        // The last seven days: 19 to 25 November; the answer of the 18th is outside.
        assertThat(counts(team.getJsonObject("scores"))).containsExactly(0L, 0L, 0L, 1L, 0L, 0L, 1L, 1L, 0L, 1L, 2L);
        assertThat(team.getJsonObject("scores").getLong("n")).isEqualTo(6);
        assertThat(team.getJsonObject("scores").getJsonObject("nps").getDouble("score"))
                .isCloseTo(100.0 / 6, within(1e-9));
        assertThat(team.getJsonObject("scores").getJsonObject("nps").getBoolean("smallSample"))
                .isTrue();
        assertThat(counts(team.getJsonObject("center"))).containsExactly(0L, 0L, 0L, 1L, 0L, 0L, 1L, 1L, 1L, 1L, 2L);
        assertThat(team.getJsonObject("center").getLong("n")).isEqualTo(7);
        assertThat(team.getLong("fromMs"))
                .isEqualTo(Instant.parse("2026-11-19T00:00:00Z").toEpochMilli());
        assertThat(team.getLong("rawFromMs")).isEqualTo(team.getLong("fromMs"));

        JsonObject agent = ok(lead, "/api/history/nps-distribution?agentId=agent-n1&days=8");
        assertThat(agent.getString("displayName")).isEqualTo("Nora North");
        assertThat(counts(agent.getJsonObject("scores"))).containsExactly(0L, 0L, 1L, 1L, 0L, 0L, 0L, 1L, 0L, 1L, 1L);
        assertThat(agent.getJsonObject("scores").getJsonObject("nps").getDouble("score"))
                .isEqualTo(0.0);
        JsonObject todayOnly = ok(lead, "/api/history/nps-distribution?agentId=agent-n1&days=1");
        assertThat(todayOnly.getJsonObject("scores").getLong("n")).isEqualTo(3);
        assertThat(todayOnly.getJsonObject("center").getLong("n")).isEqualTo(5);

        assertThat(lead.get("/api/history/nps-distribution?days=7").statusCode())
                .isEqualTo(400);
        assertThat(lead.get("/api/history/nps-distribution?team=north&agentId=agent-n1")
                        .statusCode())
                .isEqualTo(400);
        assertThat(lead.get("/api/history/nps-distribution?team=north&days=93").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aTeamsDetractorsByWeekdayAndHour() {
        ApiClient lead = ApiClient.login(server, "lead-n", "lead-password");
        JsonObject map = ok(lead, "/api/history/detractor-map?team=north");
        assertThat(map.getInteger("days")).isEqualTo(28);
        JsonArray cells = map.getJsonArray("cells");
        assertThat(cells).hasSize(7 * 24);
        long answers = 0;
        for (Object o : cells) {
            answers += ((JsonObject) o).getLong("n");
        }
        assertThat(answers).isEqualTo(7);
        // Wednesday 09:00: 10 and 3 today. Wednesday 14:00: 9 and 6 today, 2 a week ago. Tuesday 09:00: 7 and 10.
        JsonObject wed9 = cell(cells, 3, 9);
        assertThat(wed9.getLong("n")).isEqualTo(2);
        assertThat(wed9.getLong("detractors")).isEqualTo(1);
        assertThat(wed9.getDouble("rate")).isEqualTo(0.5);
        assertThat(wed9.getDouble("low")).isCloseTo(0.0945, within(1e-4));
        assertThat(wed9.getBoolean("smallSample")).isTrue();
        JsonObject wed14 = cell(cells, 3, 14);
        assertThat(wed14.getLong("n")).isEqualTo(3);
        assertThat(wed14.getLong("detractors")).isEqualTo(2);
        assertThat(wed14.getDouble("rate")).isCloseTo(2.0 / 3, within(1e-12));
        JsonObject tue9 = cell(cells, 2, 9);
        assertThat(tue9.getLong("n")).isEqualTo(2);
        assertThat(tue9.getDouble("rate")).isEqualTo(0.0);
        assertThat(tue9.getDouble("low")).isEqualTo(0.0);
        assertThat(tue9.getDouble("high")).isGreaterThan(0.5);
        assertThat(cell(cells, 1, 9).getValue("rate")).isNull();

        JsonArray week =
                ok(lead, "/api/history/detractor-map?team=north&days=7").getJsonArray("cells");
        assertThat(cell(week, 3, 14).getLong("n")).isEqualTo(2);
        assertThat(cell(week, 3, 14).getLong("detractors")).isEqualTo(1);
        assertThat(lead.get("/api/history/detractor-map").statusCode()).isEqualTo(400);
    }

    private static JsonObject cell(JsonArray cells, int weekday, int hour) {
        JsonObject c = cells.getJsonObject((weekday - 1) * 24 + hour);
        assertThat(c.getInteger("weekday")).isEqualTo(weekday);
        assertThat(c.getInteger("hour")).isEqualTo(hour);
        return c;
    }

    @Test
    void aSupervisorOfAnotherTeamIsRefused() {
        ApiClient south = ApiClient.login(server, "lead-s", "lead-password");
        for (String path : List.of(
                "/api/history/hours?agentId=agent-n1",
                "/api/history/nps-distribution?team=north",
                "/api/history/nps-distribution?agentId=agent-n1",
                "/api/history/detractor-map?team=north",
                "/api/history/detractor-map?team=nowhere")) {
            HttpResponse<Buffer> r = south.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.bodyAsJsonObject().getString("error")).as(path).startsWith("no ");
        }
        JsonArray teams = ok(south, "/api/history/hours")
                .getJsonArray("hours")
                .getJsonObject(9)
                .getJsonArray("teams");
        assertThat(teams).hasSize(1);
        assertThat(teams.getJsonObject(0).getString("team")).isEqualTo("south");
        assertThat(ok(south, "/api/history/detractor-map?team=south").getJsonArray("cells"))
                .hasSize(168);
        assertThat(ApiClient.anonymous(server)
                        .get("/api/history/detractor-map?team=south")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void theChartLibraryIsServedFromTheServerItself() {
        ApiClient anonymous = ApiClient.anonymous(server);
        HttpResponse<Buffer> script = anonymous.get("/vendor/uplot/uPlot.iife.min.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.bodyAsString()).contains("uPlot");
        assertThat(anonymous.get("/vendor/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
        String page = anonymous.get("/").bodyAsString();
        assertThat(page).contains("vendor/uplot/uPlot.iife.min.js", "vendor/uplot/uPlot.min.css");
        assertThat(page).doesNotContain("http://", "https://");
    }
}
