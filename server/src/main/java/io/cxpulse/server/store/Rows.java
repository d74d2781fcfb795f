package io.cxpulse.server.store;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.server.metrics.SurveyScores;

/** The rows the store reads and writes, as plain records. */
public final class Rows {
    private Rows() {}

    /** A team of agents, and the unit a supervisor sees. */
    public record Team(String id, String name) {}

    /**
     * An agent known to the server. {@code demoToken} is the clear token, kept only for demo agents while running
     * with {@code --demo}.
     */
    public record Agent(String id, String displayName, String team, String tokenHash, String demoToken) {}

    /** A dashboard user. */
    public record User(String username, String passwordHash, String role, String team) {}

    /** A stored survey result, as the drill-down and export show it. */
    public record Survey(
            String eventId,
            String agentId,
            String team,
            String callId,
            String language,
            long startMs,
            long endMs,
            String status,
            Integer nps,
            Integer csat,
            Integer resolved,
            int answered,
            String answersJson,
            String surveyId,
            Integer surveyVersion) {}

    /** The outcome of storing one event: {@code inserted} is false for a repeat; {@code scores} is set for surveys. */
    public record Committed(AgentEvent event, String team, boolean inserted, SurveyScores scores) {}
}
