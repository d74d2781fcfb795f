package io.cxpulse.protocol;

/**
 * An event an agent reports about its own calls. Its {@link #eventId()} is chosen by the agent and makes resending
 * idempotent: the server stores each event id once and acknowledges repeats without counting them again.
 */
public sealed interface AgentEvent extends Message permits CallRecord, SurveyResult {

    String eventId();

    String agentId();

    String callId();

    /** When the call or survey ended, epoch milliseconds: the event's time in every metric. */
    long endMs();
}
