package io.cxpulse.server.alerts;

import io.cxpulse.server.Topics;
import io.cxpulse.server.metrics.SurveyScores;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** When a committed survey raises an alert: a detractor (NPS 0-6 or CSAT 1-2) needs a supervisor's follow-up. */
public final class AlertRule {
    private AlertRule() {}

    /**
     * The open alert a survey raises at {@code nowMs}, due after the default follow-up window (the store sets the
     * team's own), from its {@link Topics#SURVEY_COMMITTED} payload; empty when
     * it raises none.
     */
    public static Optional<Alert> raisedBy(JsonObject survey, long nowMs) {
        SurveyScores scores =
                new SurveyScores(survey.getInteger("nps"), survey.getInteger("csat"), survey.getInteger("resolved"), 0);
        if (!scores.detractor()) {
            return Optional.empty();
        }
        return Optional.of(Alert.raised(
                survey.getString("eventId"),
                Alert.DETRACTOR,
                survey.getString("agentId"),
                survey.getString("team"),
                survey.getString("callId"),
                scores.nps(),
                scores.csat(),
                nowMs,
                null));
    }
}
