package io.cxpulse.server.api;

import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The API's JSON shapes of stored rows. */
public final class Json {
    private Json() {}

    public static JsonObject survey(Rows.Survey s, Directory directory) {
        return new JsonObject()
                .put("eventId", s.eventId())
                .put("agentId", s.agentId())
                .put(
                        "displayName",
                        directory
                                .agent(s.agentId())
                                .map(Rows.Agent::displayName)
                                .orElse(s.agentId()))
                .put("team", s.team())
                .put("callId", s.callId())
                .put("language", s.language())
                .put("startMs", s.startMs())
                .put("endMs", s.endMs())
                .put("status", s.status())
                .put("nps", s.nps())
                .put("csat", s.csat())
                .put("resolved", s.resolved())
                .put("answered", s.answered())
                .put("answers", new JsonArray(s.answersJson()))
                .put("surveyId", s.surveyId())
                .put("version", s.surveyVersion());
    }
}
