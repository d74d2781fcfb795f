package io.cxpulse.server;

/** Event-bus addresses the server publishes on; payloads are {@link io.vertx.core.json.JsonObject}s. */
public final class Topics {
    /**
     * A survey result was committed for the first time (repeats are not published), by the node that committed it.
     * Payload: {@code eventId, agentId, callId, team, status, nps, csat, resolved, answered, endMs}; missing answers
     * are null.
     */
    public static final String SURVEY_COMMITTED = "cx.survey.committed";
    /**
     * A call record was committed for the first time, by the node that committed it. Payload: {@code eventId,
     * agentId, callId, team, endMs, talkMs, muteMs, surveyOffered, endedBy}.
     */
    public static final String CALL_COMMITTED = "cx.call.committed";
    /** A detractor alert was raised. Payload: the alert as the API returns it. */
    public static final String ALERT_RAISED = "cx.alert.raised";
    /** An alert was acknowledged, closed or given a note. Payload: the alert as the API returns it. */
    public static final String ALERT_CHANGED = "cx.alert.changed";

    /**
     * An agent was created or given a new token; sockets opened with an older token must end. Payload: {@code
     * agentId}.
     */
    public static final String AGENT_KEYED = "cx.agent.keyed";

    /**
     * Another survey program version was activated for a team; every node sends it to that team's agents connected
     * there. Payload: {@code team, programId, version, activatedMs}.
     */
    public static final String PROGRAM_ACTIVATED = "cx.program.activated";

    /** A dashboard session ended (logout); its live streams end on every node. Payload: the session id. */
    public static final String SESSION_ENDED = "cx.session.ended";

    /**
     * An agent went online or offline on a node. Payload: {@code node, agentId, online}; or, in answer to {@link
     * #PRESENCE_ASK}, {@code node, agents} (every agent online there).
     */
    public static final String PRESENCE = "cx.presence";

    /** A node that just started asks every other node for the agents online there. Payload: {@code node}. */
    public static final String PRESENCE_ASK = "cx.presence.ask";

    private Topics() {}
}
