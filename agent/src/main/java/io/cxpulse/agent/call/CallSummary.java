package io.cxpulse.agent.call;

import io.cxpulse.protocol.EndedBy;
import java.time.Instant;

/**
 * What the headset saw of one finished call: its times, how long the agent talked, muted and held, and who hung up
 * first (null when the line cannot tell).
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
        EndedBy endedBy) {

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
        this(callId, start, end, talkMs, muteMs, muteCount, longestMuteMs, holdMs, null);
    }

    public long durationMs() {
        return end.toEpochMilli() - start.toEpochMilli();
    }
}
