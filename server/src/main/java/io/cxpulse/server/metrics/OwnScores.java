package io.cxpulse.server.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cxpulse.protocol.AgentScores;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.AnswerOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * One agent's own scores, for that agent's desktop: NPS with its margin and n, and CSAT, for today and this week in
 * the center's time zone, and the agent's last few results (answers only). Reads only the agent's own rows: nothing
 * of any other agent, and no ranking, ever leaves here.
 */
public final class OwnScores {
    /** How many recent results an agent sees. */
    public static final int RECENT = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OwnScores() {}

    /** Reads the agent's scores as of {@code nowMs}; blocking JDBC, for a worker thread. */
    public static AgentScores read(Connection c, String agentId, long nowMs, ZoneId zone) throws SQLException {
        long dayStart = MetricsBook.startOfDay(nowMs, zone);
        ZonedDateTime now = Instant.ofEpochMilli(nowMs).atZone(zone);
        long weekStart = now.toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .atStartOfDay(zone)
                .toInstant()
                .toEpochMilli();
        Counts today = Counts.ZERO;
        Counts week = Counts.ZERO;
        try (PreparedStatement ps = c.prepareStatement(
                // No upper bound: an agent's clock a little ahead of the server's still counts as today.
                "SELECT nps, csat, end_ms FROM surveys WHERE agent_id = ? AND end_ms >= ?")) {
            ps.setString(1, agentId);
            ps.setLong(2, weekStart);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // getInt and wasNull: the SQLite driver refuses getObject(i, Integer.class) on a NULL.
                    int npsValue = rs.getInt(1);
                    Integer nps = rs.wasNull() ? null : npsValue;
                    int csatValue = rs.getInt(2);
                    Integer csat = rs.wasNull() ? null : csatValue;
                    Counts one = Counts.ofSurvey(new SurveyScores(nps, csat, null, 0));
                    week = week.plus(one);
                    if (rs.getLong(3) >= dayStart) {
                        today = today.plus(one);
                    }
                }
            }
        }
        List<AgentScores.Recent> recent = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT end_ms, answers_json FROM surveys WHERE agent_id = ?"
                + " ORDER BY end_ms DESC, event_id LIMIT " + RECENT)) {
            ps.setString(1, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recent.add(new AgentScores.Recent(rs.getLong(1), answered(rs.getString(2))));
                }
            }
        }
        return new AgentScores(agentId, nowMs, period(today), period(week), recent);
    }

    static AgentScores.Period period(Counts c) {
        Metrics m = Metrics.of(c, Counts.ZERO);
        return new AgentScores.Period((int) c.npsN(), m.nps(), m.npsMargin(), (int) c.csatN(), m.csatMean());
    }

    private static List<Answer> answered(String answersJson) throws SQLException {
        List<Answer> out = new ArrayList<>();
        try {
            for (JsonNode a : JSON.readTree(answersJson)) {
                Answer answer = JSON.treeToValue(a, Answer.class);
                if (answer.outcome() == AnswerOutcome.ANSWERED) {
                    out.add(answer);
                }
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SQLException("stored answers are unreadable: " + e.getMessage(), e);
        }
        return out;
    }
}
