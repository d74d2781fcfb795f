package io.cxpulse.server.history;

import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.live.Scoreboard;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.DailyHistory;
import io.cxpulse.server.metrics.Metrics;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Queries;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.cxpulse.server.store.SurveyFilter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /api/history}: daily metrics of the last {@code days} days (today included), per team in scope or for
 * one agent, optionally of one survey program version ({@code surveyId}, {@code version}); the answer lists the versions
 * the period holds (see {@link Versions}). Reads the day rollups (a few rows per team, day and version), never the raw
 * events, and builds the answer on a worker thread.
 */
public final class HistoryHandler implements Handler<RoutingContext> {
    private static final int MOST_DAYS = 92;
    private static final int WARM_UPS = 3;
    private final Store store;
    private final Directory directory;
    private final Clock clock;
    private final ZoneId zone;

    public HistoryHandler(Store store, Directory directory, Clock clock, ZoneId zone) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        int days = Requests.intParam(ctx, "days", 7, 1, MOST_DAYS);
        String agentId = ctx.request().getParam("agentId");
        Rows.Agent agent = agentId == null ? null : directory.agent(agentId).orElse(null);
        if (agentId != null && (agent == null || !p.sees(agent.team()))) {
            throw ApiException.notFound("no agent " + agentId);
        }
        SurveyFilter filter = Versions.filter(ctx);
        LocalDate today = Instant.ofEpochMilli(clock.millis()).atZone(zone).toLocalDate();
        LocalDate first = today.minusDays(days - 1L);
        store.read(c -> answer(c, p, agent, first, today, filter))
                .onSuccess(body -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .end(body))
                .onFailure(ctx::fail);
    }

    /**
     * Builds the longest history an admin may ask for ({@value #MOST_DAYS} days, all teams) {@value #WARM_UPS} times
     * and drops it: run in the background after the server listens, so that the first dashboard to ask after a start
     * does not also pay for loading the code, running it uncompiled, opening a reader connection and reading the
     * rollups' pages.
     */
    public Future<Void> warmUp() {
        LocalDate today = Instant.ofEpochMilli(clock.millis()).atZone(zone).toLocalDate();
        LocalDate first = today.minusDays(MOST_DAYS - 1L);
        Principal admin = new Principal("", Role.ADMIN, null);
        return store.read(c -> {
            for (int i = 0; i < WARM_UPS; i++) {
                answer(c, admin, null, first, today, SurveyFilter.ALL);
            }
            return null;
        });
    }

    /** The answer's JSON: the days {@code first} to {@code today} of the teams {@code p} sees, or of {@code agent}. */
    private String answer(
            Connection c, Principal p, Rows.Agent agent, LocalDate first, LocalDate today, SurveyFilter filter)
            throws SQLException {
        // Every team, whoever asks: each day's fair score needs the whole center as its prior.
        List<Queries.DayCounts> teams = Queries.teamDays(c, first, today, filter);
        List<Queries.DayCounts> own =
                agent == null ? List.of() : Queries.agentDays(c, agent.id(), first, today, filter);
        long from = first.toEpochDay();
        long to = today.toEpochDay() + 1;
        List<Queries.VersionCount> versions = agent == null
                ? Queries.versions(c, "team_day", "day", from, to, p.teams(), null)
                : Queries.versions(c, "agent_day", "day", from, to, null, agent.id());
        return body(p, agent, first, today, teams, own, filter, versions);
    }

    private String body(
            Principal p,
            Rows.Agent agent,
            LocalDate first,
            LocalDate today,
            List<Queries.DayCounts> teamRows,
            List<Queries.DayCounts> agentRows,
            SurveyFilter filter,
            List<Queries.VersionCount> versions) {
        DailyHistory byTeam = new DailyHistory(zone);
        teamRows.forEach(r -> byTeam.add(r.key(), r.day(), r.counts()));
        DailyHistory byAgent = new DailyHistory(zone);
        agentRows.forEach(r -> byAgent.add(r.key(), r.day(), r.counts()));
        JsonArray out = new JsonArray();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            JsonObject day = new JsonObject().put("date", d.toString()).put("startMs", byTeam.startOf(d));
            if (agent != null) {
                day.put("metrics", Scoreboard.json(Metrics.of(byAgent.counts(d, agent.id()), byTeam.center(d))));
            } else {
                LocalDate on = d;
                day.put("teams", teams(directory, p, team -> byTeam.counts(on, team), byTeam.center(d)));
            }
            out.add(day);
        }
        JsonObject body = new JsonObject().put("timeZone", zone.getId()).put("days", out);
        return Versions.put(withAgent(body, agent), filter, versions).encode();
    }

    /** Each team {@code p} sees, by id and name, with its figures ({@code countsOf} its id) against {@code prior}. */
    static JsonArray teams(Directory directory, Principal p, Function<String, Counts> countsOf, Counts prior) {
        JsonArray teams = new JsonArray();
        for (Rows.Team t : directory.teams()) {
            if (p.sees(t.id())) {
                teams.add(new JsonObject()
                        .put("team", t.id())
                        .put("name", t.name())
                        .put("metrics", Scoreboard.json(Metrics.of(countsOf.apply(t.id()), prior))));
            }
        }
        return teams;
    }

    /** {@code body} naming the agent it is about; unchanged when it is about teams ({@code agent} null). */
    static JsonObject withAgent(JsonObject body, Rows.Agent agent) {
        if (agent != null) {
            body.put("agentId", agent.id())
                    .put("displayName", agent.displayName())
                    .put("team", agent.team());
        }
        return body;
    }
}
