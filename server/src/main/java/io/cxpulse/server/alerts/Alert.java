package io.cxpulse.server.alerts;

import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An alert and its follow-up. {@code id} is the survey's event id (a trend alert's: {@code trend-} and the event id of
 * the survey at which the slide was called); {@code evidence} is a trend alert's evidence (null for a detractor's). {@code dueMs} is when the follow-up is due (raised
 * time plus the team's follow-up window); {@code escalatedMs} is when it was escalated to the admins for being late
 * (null: not escalated); {@code firstActionMs} is when someone first acknowledged, noted or closed it.
 */
public record Alert(
        String id,
        String kind,
        String agentId,
        String team,
        String callId,
        Integer nps,
        Integer csat,
        String state,
        String note,
        String outcome,
        long createdMs,
        long updatedMs,
        String updatedBy,
        long dueMs,
        Long escalatedMs,
        Long firstActionMs,
        Long closedMs,
        JsonObject evidence) {
    public static final String OPEN = "open";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String CLOSED = "closed";

    /** A detractor's answers need a follow-up. */
    public static final String DETRACTOR = "detractor";
    /** An early warning: an agent's detractor rate is sliding ({@link TrendDetector}). */
    public static final String TREND = "trend";

    /** How a closed follow-up ended. */
    public static final List<String> OUTCOMES = List.of("reached", "not-reached", "resolved", "no-action");

    /**
     * A newly raised alert: open, untouched, due after the default follow-up window (the store sets the team's own).
     * {@code evidence} is a trend alert's evidence (null for a detractor's).
     */
    public static Alert raised(
            String id,
            String kind,
            String agentId,
            String team,
            String callId,
            Integer nps,
            Integer csat,
            long nowMs,
            JsonObject evidence) {
        return new Alert(
                id,
                kind,
                agentId,
                team,
                callId,
                nps,
                csat,
                OPEN,
                null,
                null,
                nowMs,
                nowMs,
                null,
                nowMs + Alerts.DEFAULT_WINDOW_MS,
                null,
                null,
                null,
                evidence);
    }

    /** Whether the follow-up is late at {@code nowMs}: still active past its due time. */
    public boolean overdue(long nowMs) {
        return !CLOSED.equals(state) && nowMs > dueMs;
    }

    /** The alert as the API and the live stream show it. */
    public JsonObject toJson(Directory directory) {
        return new JsonObject()
                .put("id", id)
                .put("kind", kind)
                .put("agentId", agentId)
                .put(
                        "displayName",
                        directory.agent(agentId).map(Rows.Agent::displayName).orElse(agentId))
                .put("team", team)
                .put("callId", callId)
                .put("nps", nps)
                .put("csat", csat)
                .put("state", state)
                .put("note", note)
                .put("outcome", outcome)
                .put("createdMs", createdMs)
                .put("updatedMs", updatedMs)
                .put("updatedBy", updatedBy)
                .put("dueMs", dueMs)
                .put("escalated", escalatedMs != null)
                .put("escalatedMs", escalatedMs)
                .put("firstActionMs", firstActionMs)
                .put("closedMs", closedMs)
                .put("evidence", evidence == null ? null : evidence.copy());
    }
}
