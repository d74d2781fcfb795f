package io.cxpulse.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One call as the agent's headset saw it: when it started and ended, and how long the agent talked, muted and held.
 * Times are epoch milliseconds; durations are milliseconds. {@code endedBy} says who hung up first; it is null
 * (absent on the wire) when the agent cannot tell, as with agents older than the field. {@code callerHash} is the
 * caller's number hashed with the center's salt, when the line knows the number; null (absent) otherwise.
 */
public record CallRecord(
        String eventId,
        String agentId,
        String callId,
        long startMs,
        long endMs,
        long talkMs,
        long muteMs,
        int muteCount,
        long longestMuteMs,
        long holdMs,
        boolean surveyOffered,

        @JsonInclude(JsonInclude.Include.NON_NULL) EndedBy endedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) String callerHash)
        implements AgentEvent {

    /** A call record without a caller hash. */
    public CallRecord(
            String eventId,
            String agentId,
            String callId,
            long startMs,
            long endMs,
            long talkMs,
            long muteMs,
            int muteCount,
            long longestMuteMs,
            long holdMs,
            boolean surveyOffered,
            EndedBy endedBy) {
        this(
                eventId,
                agentId,
                callId,
                startMs,
                endMs,
                talkMs,
                muteMs,
                muteCount,
                longestMuteMs,
                holdMs,
                surveyOffered,
                endedBy,
                null);
    }

    /** A call record that does not say who ended the call. */
    public CallRecord(
            String eventId,
            String agentId,
            String callId,
            long startMs,
            long endMs,
            long talkMs,
            long muteMs,
            int muteCount,
            long longestMuteMs,
            long holdMs,
            boolean surveyOffered) {
        this(
                eventId,
                agentId,
                callId,
                startMs,
                endMs,
                talkMs,
                muteMs,
                muteCount,
                longestMuteMs,
                holdMs,
                surveyOffered,
                null,
                null);
    }

    public CallRecord {
        Check.id("eventId", eventId);
        Check.id("agentId", agentId);
        Check.id("callId", callId);
        Check.interval(startMs, endMs);
        long duration = endMs - startMs;
        Check.nonNegative("talkMs", talkMs);
        Check.nonNegative("muteMs", muteMs);
        Check.nonNegative("muteCount", muteCount);
        Check.nonNegative("longestMuteMs", longestMuteMs);
        Check.nonNegative("holdMs", holdMs);
        if (callerHash != null) {
            Check.hex("callerHash", callerHash, CallerCheck.HASH_LENGTH);
        }
        if (talkMs > duration || muteMs > duration || holdMs > duration || longestMuteMs > muteMs) {
            throw new IllegalArgumentException("call " + callId + ": talk, mute and hold times must fit in the call's "
                    + duration + " ms and the longest mute in the mute time");
        }
    }
}
