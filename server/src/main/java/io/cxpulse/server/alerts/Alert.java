package io.cxpulse.server.alerts;

import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.vertx.core.json.JsonObject;

/** A detractor alert and its follow-up. {@code id} is the survey's event id. */
public record Alert(
        String id,
        String agentId,
        String team,
        String callId,
        Integer nps,
        Integer csat,
        String state,
        String note,
        long createdMs,
        long updatedMs,
        String updatedBy) {
    public static final String OPEN = "open";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String CLOSED = "closed";

    /** The alert as the API and the live stream show it. */
    public JsonObject toJson(Directory directory) {
        return new JsonObject()
                .put("id", id)
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
                .put("createdMs", createdMs)
                .put("updatedMs", updatedMs)
                .put("updatedBy", updatedBy);
    }
}
