package io.cxpulse.agent.call;

import io.cxpulse.protocol.EndedBy;
import java.time.Instant;

/**
 * What the headset saw of one finished call: its times, how long the agent talked, muted and held, who hung up first
 * (null when the line cannot tell), and the caller's hash (null when the line does not know the caller's number or no
 * salt is known yet).
 */
public record CallSummary(
        String callId,
        Instant start,
        Instant end,
        long talkMs,
        long muteMs,
        int muteCount,
        long longestMuteMs,
        long holdMs,
        EndedBy endedBy,
        String callerHash) {

    /** A call whose caller is not known. */
    public CallSummary(
            String callId,
            Instant start,
            Instant end,
            long talkMs,
            long muteMs,
            int muteCount,
            long longestMuteMs,
            long holdMs,
            EndedBy endedBy) {
        this(callId, start, end, talkMs, muteMs, muteCount, longestMuteMs, holdMs, endedBy, null);
    }

    /** A call whose line cannot tell who hung up first. */
    public CallSummary(
            String callId,
            Instant start,
            Instant end,
            long talkMs,
            long muteMs,
            int muteCount,
            long longestMuteMs,
            long holdMs) {
        this(callId, start, end, talkMs, muteMs, muteCount, longestMuteMs, holdMs, null, null);
    }

    public long durationMs() {
        return end.toEpochMilli() - start.toEpochMilli();
    }
}
