package io.cxpulse.agent.call;

import java.time.Instant;

/** What the headset saw of one finished call: its times and how long the agent talked, muted and held. */
public record CallSummary(
        String callId,
        Instant start,
        Instant end,
        long talkMs,
        long muteMs,
        int muteCount,
        long longestMuteMs,
        long holdMs) {

    public long durationMs() {
        return end.toEpochMilli() - start.toEpochMilli();
    }
}
