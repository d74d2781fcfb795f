package io.cxpulse.server.history;

import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.live.Scoreboard;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.Interval;
import io.cxpulse.server.metrics.Metrics;
import io.cxpulse.server.metrics.WeekHours;
import io.cxpulse.server.store.ChartQueries;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Queries;
import io.cxpulse.server.store.Rollups;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.cxpulse.server.store.SurveyFilter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the dashboard's charts read, each answer built on a worker thread from the rollups (the NPS scores 0-10 from
 * the raw surveys, which alone keep them), filtered to the teams the user may see, each optionally of one survey
 * program version ({@code surveyId}, {@code version}) and listing the versions its period holds (see {@link
 * Versions}):
 *
 * <ul>
 *   <li>{@code GET /api/history/hours}: today's metrics per local hour, per team in scope or for one agent;
 *   <li>{@code GET /api/history/nps-distribution}: how many answers of each NPS score a team or an agent had over
 *       the last days, against the whole center;
 *   <li>{@code GET /api/history/detractor-map}: a team's detractor rate by weekday and hour of the day.
 * </ul>
 */
final class ChartsHandler {
    private static final long HOUR = 3_600_000L;
    private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("HH:mm");

    private final Store store;
    private final Directory directory;
    private final Clock clock;
    private final ZoneId zone;

    ChartsHandler(Store store, Directory directory, Clock clock, ZoneId zone) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    private LocalDate today() {
        return Instant.ofEpochMilli(clock.millis()).atZone(zone).toLocalDate();
    }

    private long startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private Rows.Agent agentInScope(Principal p, String agentId) {
        Rows.Agent agent = directory.agent(agentId).orElse(null);
        if (agent == null || !p.sees(agent.team())) {
            throw ApiException.notFound("no agent " + agentId);
        }
        return agent;
    }

    private Rows.Team teamInScope(Principal p, String team) {
        Rows.Team t = directory.team(team).orElse(null);
        if (t == null || !p.sees(t.id())) {
            throw ApiException.notFound("no team " + team);
        }
        return t;
    }

    private static void answer(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    // ---- today by hour

    void hours(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        String agentId = ctx.request().getParam("agentId");
        Rows.Agent agent = agentId == null ? null : agentInScope(p, agentId);
        SurveyFilter filter = Versions.filter(ctx);
        long now = clock.millis();
        LocalDate today = today();
        long from = startOf(today);
        long lastHour = Rollups.hour(now, zone);
        store.read(c -> {
                    // Every team, whoever asks: each hour's fair score needs the whole center as its prior.
                    List<ChartQueries.HourCounts> teams =
                            ChartQueries.teamHours(c, null, from, lastHour + HOUR, filter);
                    List<ChartQueries.HourCounts> own = agent == null
                            ? List.of()
                            : ChartQueries.agentHours(c, agent.id(), from, lastHour + HOUR, filter);
                    List<Queries.VersionCount> versions = Queries.versions(
                            c,
                            "agent_hour",
                            "hour_ms",
                            from,
                            lastHour + HOUR,
                            agent == null ? p.teams() : null,
                            agent == null ? null : agent.id());
                    return Versions.put(hoursBody(p, agent, today, from, lastHour, teams, own), filter, versions);
                })
                .onSuccess(body -> answer(ctx, body))
                .onFailure(ctx::fail);
    }

    private JsonObject hoursBody(
            Principal p,
            Rows.Agent agent,
            LocalDate today,
            long from,
            long lastHour,
            List<ChartQueries.HourCounts> teamRows,
            List<ChartQueries.HourCounts> agentRows) {
        Map<Long, Map<String, Counts>> byTeam = new HashMap<>();
        Map<Long, Counts> center = new HashMap<>();
        for (ChartQueries.HourCounts r : teamRows) {
            byTeam.computeIfAbsent(r.hourMs(), h -> new HashMap<>()).merge(r.key(), r.counts(), Counts::plus);
            center.merge(r.hourMs(), r.counts(), Counts::plus);
        }
        Map<Long, Counts> own = new HashMap<>();
        agentRows.forEach(r -> own.merge(r.hourMs(), r.counts(), Counts::plus));
        JsonArray hours = new JsonArray();
        // Each local hour of today so far; across a change of the clocks the next hour is asked of the zone.
        for (long h = from; h <= lastHour; h = Rollups.hour(h + HOUR, zone)) {
            Counts prior = center.getOrDefault(h, Counts.ZERO);
            JsonObject hour = new JsonObject()
                    .put("hour", Instant.ofEpochMilli(h).atZone(zone).format(HOUR_LABEL))
                    .put("startMs", h);
            if (agent != null) {
                hour.put("metrics", Scoreboard.json(Metrics.of(own.getOrDefault(h, Counts.ZERO), prior)));
            } else {
                Map<String, Counts> counts = byTeam.getOrDefault(h, Map.of());
                hour.put(
                        "teams",
                        HistoryHandler.teams(directory, p, team -> counts.getOrDefault(team, Counts.ZERO), prior));
            }
            hours.add(hour);
        }
        JsonObject body = new JsonObject()
                .put("timeZone", zone.getId())
                .put("date", today.toString())
                .put("hours", hours);
        return HistoryHandler.withAgent(body, agent);
    }

    // ---- NPS scores 0-10

    void npsDistribution(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        int days = Requests.intParam(ctx, "days", 7, 1, 92);
        String agentId = ctx.request().getParam("agentId");
        String teamId = ctx.request().getParam("team");
        if ((agentId == null) == (teamId == null)) {
            throw ApiException.badRequest("give either team or agentId");
        }
        Rows.Agent agent = agentId == null ? null : agentInScope(p, agentId);
        Rows.Team team = teamId == null ? null : teamInScope(p, teamId);
        SurveyFilter filter = Versions.filter(ctx);
        LocalDate today = today();
        long from = startOf(today.minusDays(days - 1L));
        long to = startOf(today.plusDays(1));
        store.read(c -> {
                    long rawFrom = ChartQueries.rawEventsFrom(c);
                    String teamOnly = team == null ? null : team.id();
                    String agentOnly = agent == null ? null : agent.id();
                    long[] own = ChartQueries.npsScores(c, teamOnly, agentOnly, from, to, filter);
                    long[] all = ChartQueries.npsScores(c, null, null, from, to, filter);
                    List<Queries.VersionCount> versions = ChartQueries.surveyVersions(c, teamOnly, agentOnly, from, to);
                    JsonObject body = new JsonObject()
                            .put("timeZone", zone.getId())
                            .put("days", days)
                            .put("fromMs", from)
                            .put("toMs", to)
                            // Surveys retired before this time are in the daily figures but not here.
                            .put("rawFromMs", Math.max(from, rawFrom))
                            .put("scores", scoresJson(own))
                            .put("center", scoresJson(all));
                    if (agent == null) {
                        body.put("team", team.id()).put("name", team.name());
                    }
                    return Versions.put(HistoryHandler.withAgent(body, agent), filter, versions);
                })
                .onSuccess(body -> answer(ctx, body))
                .onFailure(ctx::fail);
    }

    /** The answers per score, their number and the NPS they make with its 95% band. */
    private static JsonObject scoresJson(long[] scores) {
        JsonArray counts = new JsonArray();
        long promoters = 0;
        long passives = 0;
        long detractors = 0;
        for (int s = 0; s <= 10; s++) {
            counts.add(scores[s]);
            if (s >= 9) {
                promoters += scores[s];
            } else if (s >= 7) {
                passives += scores[s];
            } else {
                detractors += scores[s];
            }
        }
        Counts c = new Counts(0, 0, 0, 0, 0, 0, promoters, passives, detractors, 0, 0, 0, 0, 0, 0, 0);
        JsonObject nps = Scoreboard.json(Metrics.of(c, Counts.ZERO)).getJsonObject("nps");
        nps.remove("fair");
        return new JsonObject().put("counts", counts).put("n", c.npsN()).put("nps", nps);
    }

    // ---- detractors by weekday and hour

    void detractorMap(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        int days = Requests.intParam(ctx, "days", 28, 1, 92);
        String teamId = ctx.request().getParam("team");
        if (teamId == null) {
            throw ApiException.badRequest("team is required");
        }
        Rows.Team team = teamInScope(p, teamId);
        SurveyFilter filter = Versions.filter(ctx);
        LocalDate today = today();
        long from = startOf(today.minusDays(days - 1L));
        long to = startOf(today.plusDays(1));
        store.read(c -> {
                    List<ChartQueries.HourCounts> rows = ChartQueries.teamHours(c, team.id(), from, to, filter);
                    List<Queries.VersionCount> versions =
                            Queries.versions(c, "agent_hour", "hour_ms", from, to, Set.of(team.id()), null);
                    WeekHours grid = new WeekHours(zone);
                    rows.forEach(r -> grid.add(r.hourMs(), r.counts()));
                    JsonArray cells = new JsonArray();
                    for (int d = 1; d <= 7; d++) {
                        for (int h = 0; h < 24; h++) {
                            Counts cell = grid.counts(d, h);
                            Interval band = Interval.wilson(cell.detractors(), cell.npsN());
                            cells.add(new JsonObject()
                                    .put("weekday", d)
                                    .put("hour", h)
                                    .put("n", cell.npsN())
                                    .put("detractors", cell.detractors())
                                    .put("rate", cell.npsN() == 0 ? null : (double) cell.detractors() / cell.npsN())
                                    .put("low", band == null ? null : band.low())
                                    .put("high", band == null ? null : band.high())
                                    .put("smallSample", cell.npsN() < Metrics.SMALL_SAMPLE));
                        }
                    }
                    JsonObject body = new JsonObject()
                            .put("timeZone", zone.getId())
                            .put("team", team.id())
                            .put("name", team.name())
                            .put("days", days)
                            .put("fromMs", from)
                            .put("toMs", to)
                            .put("cells", cells);
                    return Versions.put(body, filter, versions);
                })
                .onSuccess(body -> answer(ctx, body))
                .onFailure(ctx::fail);
    }
}
