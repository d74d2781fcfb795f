package io.cxpulse.server.drivers;

import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.history.Versions;
import io.cxpulse.server.store.ChartQueries;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rollups;
import io.cxpulse.server.store.Store;
import io.cxpulse.server.store.SurveyFilter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;

/**
 * What drives the scores of a team: {@code GET /api/drivers?team=..&days=..}. A supervisor sees their own team; an
 * admin any. The surveys of the period are streamed from the store, each joined with its call, and counted by {@link
 * Drivers} on a worker thread; nothing of it is kept. Whether a call is a repeat contact is asked of the store row by
 * row (an earlier call of the same caller hash, by any agent, ending within {@link #REPEAT_WINDOW_MS} before the
 * call's start), from the index of calls by caller hash and end.
 */
public final class DriverRoutes implements FeatureRoutes {
    /** The longest period the view counts. */
    static final int MAX_DAYS = 90;

    /** How long before a survey's start its call may have ended and still be joined to it. */
    private static final long CALL_BEFORE_SURVEY_MS = 3_600_000L;

    /** How long after a caller's call another call of theirs counts as a repeat contact. */
    static final long REPEAT_WINDOW_MS = 7 * 86_400_000L;

    private static final String NO_CALLER_NUMBER = "Repeat callers are known only for SIP lines, and none of the"
            + " surveyed calls in these days had a caller number.";
    private static final String NO_EXPECTATION =
            "No survey of the team in these days answered a scale question with the" + " id "
                    + Drivers.EXPECTATION_QUESTION + " (1-5, 3 as expected).";
    /** How an answer to the expectation question starts in a survey's stored answers. */
    private static final String EXPECTATION_MARK = "\"questionId\":\"" + Drivers.EXPECTATION_QUESTION + "\"";

    private final Vertx vertx;
    private final Store store;
    private final Directory directory;
    private final Clock clock;
    private final ZoneId zone;

    public DriverRoutes(Vertx vertx, Store store, Directory directory, Clock clock, ZoneId zone) {
        this.vertx = vertx;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/drivers").handler(this::drivers);
    }

    private void drivers(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        String team = ctx.request().getParam("team");
        if (team == null || team.isEmpty()) {
            if (p.team() == null) {
                throw ApiException.badRequest("team is required");
            }
            team = p.team();
        }
        if (directory.team(team).isEmpty() || !p.sees(team)) {
            throw ApiException.notFound("no team " + team);
        }
        int days = Requests.intParam(ctx, "days", 30, 1, MAX_DAYS);
        SurveyFilter filter = Versions.filter(ctx);
        long to = clock.millis();
        long from = to - days * 86_400_000L;
        String forTeam = team;
        vertx.executeBlocking(
                        () -> store.readStreaming(c -> Versions.put(
                                count(c, forTeam, from, to, filter),
                                filter,
                                ChartQueries.surveyVersions(c, forTeam, null, from, to))),
                        false)
                .onSuccess(result -> {
                    long answers = result.getLong("teamExpectationAnswers");
                    long callers = result.getLong("centerCallerKnown");
                    ctx.json(result.put("days", days)
                            .put("fromMs", from)
                            .put("toMs", to)
                            .put(
                                    "repeatCaller",
                                    new JsonObject()
                                            .put("available", callers > 0)
                                            .put("n", callers)
                                            .put("why", callers > 0 ? null : NO_CALLER_NUMBER))
                            .put(
                                    "expectation",
                                    new JsonObject()
                                            .put("available", answers > 0)
                                            .put("n", answers)
                                            .put("why", answers > 0 ? null : NO_EXPECTATION)));
                })
                .onFailure(ctx::fail);
    }

    /**
     * Streams the surveys that ended in {@code [from, to)} with an NPS or CSAT answer, each with its call and whether
     * that call is a repeat contact (null when it carries no caller hash); of {@code filter}'s survey program version
     * only, for the team and the center alike, when it names one.
     */
    private JsonObject count(Connection c, String team, long from, long to, SurveyFilter filter) throws SQLException {
        Drivers drivers = new Drivers(team, zone);
        try (PreparedStatement ps = c.prepareStatement("SELECT s.team_id, s.language, s.end_ms, s.nps, s.csat,"
                + " s.resolved, c.talk_ms, c.mute_ms, c.hold_ms, s.answers_json,"
                + " CASE WHEN c.caller_hash IS NULL THEN NULL WHEN EXISTS (SELECT 1 FROM calls p"
                + " WHERE p.caller_hash = c.caller_hash AND p.end_ms < c.start_ms AND p.end_ms >= c.start_ms - ?"
                + " AND p.event_id <> c.event_id) THEN 1 ELSE 0 END"
                + " FROM surveys s LEFT JOIN calls c"
                + " ON c.agent_id = s.agent_id AND c.call_id = s.call_id AND c.end_ms >= s.start_ms - ?"
                + " AND c.end_ms <= s.end_ms WHERE s.end_ms >= ? AND s.end_ms < ?"
                + " AND (s.nps IS NOT NULL OR s.csat IS NOT NULL)"
                + (filter.surveyId() == null ? "" : " AND s.survey_id = ?")
                + (filter.version() == null ? "" : " AND s.survey_version = ?"))) {
            store.streaming(ps);
            ps.setLong(1, REPEAT_WINDOW_MS);
            ps.setLong(2, CALL_BEFORE_SURVEY_MS);
            ps.setLong(3, from);
            ps.setLong(4, to);
            Rollups.bindMatch(ps, 5, filter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    drivers.add(new Drivers.Row(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getLong(3),
                            integer(rs, 4),
                            integer(rs, 5),
                            integer(rs, 6),
                            longOrNull(rs, 7),
                            longOrNull(rs, 8),
                            longOrNull(rs, 9),
                            expectation(rs.getString(10)),
                            repeat(rs)));
                }
            }
        }
        return drivers.result();
    }

    /** The answer to the expectation question among a survey's stored answers; null when there is none. */
    static Integer expectation(String answersJson) {
        if (answersJson == null || !answersJson.contains(EXPECTATION_MARK)) {
            return null;
        }
        for (Object o : new JsonArray(answersJson)) {
            if (o instanceof JsonObject a
                    && Drivers.EXPECTATION_QUESTION.equals(a.getString("questionId"))
                    && "scale".equals(a.getString("kind"))
                    && "answered".equals(a.getString("outcome"))
                    && a.getValue("value") instanceof Integer v) {
                return v;
            }
        }
        return null;
    }

    private static Boolean repeat(ResultSet rs) throws SQLException {
        Integer v = integer(rs, 11);
        return v == null ? null : v == 1;
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
