package io.cxpulse.server.live;

import io.cxpulse.server.Topics;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.MetricsBook;
import io.cxpulse.server.metrics.SurveyScores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Feeds the live figures from the committed-event topics: each new call or survey is added to the in-memory counts
 * and marks its agent changed for the dashboards; each new or changed alert is pushed at once. Event-loop only.
 */
public final class CommitFeed {
    private final Vertx vertx;
    private final MetricsBook book;
    private final LiveHub hub;

    public CommitFeed(Vertx vertx, MetricsBook book, LiveHub hub) {
        this.vertx = vertx;
        this.book = book;
        this.hub = hub;
    }

    /** Starts listening; call on the server's context. */
    public void start() {
        vertx.eventBus().<JsonObject>consumer(Topics.CALL_COMMITTED, m -> call(m.body()));
        vertx.eventBus().<JsonObject>consumer(Topics.SURVEY_COMMITTED, m -> survey(m.body()));
        vertx.eventBus().<JsonObject>consumer(Topics.ALERT_RAISED, m -> hub.alert(m.body()));
        vertx.eventBus().<JsonObject>consumer(Topics.ALERT_CHANGED, m -> hub.alert(m.body()));
    }

    private void call(JsonObject call) {
        add(
                call,
                Counts.ofCall(
                        call.getLong("talkMs"),
                        call.getLong("muteMs"),
                        call.getBoolean("surveyOffered"),
                        call.getString("endedBy")));
    }

    private void survey(JsonObject survey) {
        add(
                survey,
                Counts.ofSurvey(new SurveyScores(
                        survey.getInteger("nps"),
                        survey.getInteger("csat"),
                        survey.getInteger("resolved"),
                        survey.getInteger("answered"))));
    }

    private void add(JsonObject event, Counts counts) {
        String agentId = event.getString("agentId");
        book.add(agentId, event.getLong("endMs"), counts);
        hub.agentChanged(agentId, event.getString("team"));
    }
}
