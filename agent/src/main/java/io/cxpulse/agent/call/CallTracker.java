package io.cxpulse.agent.call;

import io.cxpulse.agent.headset.HeadsetListener;
import io.cxpulse.protocol.EndedBy;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The call state machine of one line: idle, then active (with mute and hold intervals) from the answer until the
 * agent hangs up, when it hands a {@link CallSummary} on. Talk time is the active time not on hold; mute time counts
 * only while off hold. Events arrive from the headset's thread; the tracker is synchronized so a UI may read it.
 */
public final class CallTracker implements HeadsetListener {

    /** The line's state as the agent's status shows it. */
    public enum State {
        IDLE,
        ACTIVE,
        HELD
    }

    private final Supplier<String> callIds;
    private final Consumer<CallSummary> ended;

    private String callId;
    private Instant start;
    private Instant muteSince;
    private Instant holdSince;
    private long muteMs;
    private long longestMuteMs;
    private int muteCount;
    private long holdMs;
    private boolean muted;
    private String callerHash;

    public CallTracker(Supplier<String> callIds, Consumer<CallSummary> ended) {
        this.callIds = Objects.requireNonNull(callIds);
        this.ended = Objects.requireNonNull(ended);
    }

    public synchronized State state() {
        if (callId == null) {
            return State.IDLE;
        }
        return holdSince != null ? State.HELD : State.ACTIVE;
    }

    public synchronized boolean muted() {
        return muted;
    }

    @Override
    public synchronized void callAnswered(Instant at) {
        if (callId != null) {
            return; // the headset raises one answer per call; a repeat changes nothing
        }
        callId = callIds.get();
        callerHash = null;
        start = at;
        muteSince = muted ? at : null;
        holdSince = null;
        muteMs = 0;
        longestMuteMs = 0;
        muteCount = muted ? 1 : 0;
        holdMs = 0;
    }

    /**
     * The line knows the current call's caller: the call's summary carries its hash.
     *
     * @return the call's id, or null when no call is in progress
     */
    public synchronized String identifyCaller(String hash) {
        if (callId != null) {
            callerHash = hash;
        }
        return callId;
    }

    @Override
    public synchronized void muteChanged(boolean nowMuted, Instant at) {
        if (nowMuted == muted) {
            return;
        }
        muted = nowMuted;
        if (callId == null) {
            return;
        }
        if (nowMuted) {
            muteCount++;
            if (holdSince == null) {
                muteSince = at;
            }
        } else {
            closeMute(at);
        }
    }

    @Override
    public synchronized void holdChanged(boolean held, Instant at) {
        if (callId == null || held == (holdSince != null)) {
            return;
        }
        if (held) {
            closeMute(at);
            holdSince = at;
        } else {
            holdMs += millis(holdSince, at);
            holdSince = null;
            if (muted) {
                muteSince = at;
            }
        }
    }

    @Override
    public void callEnded(Instant at) {
        end(at, EndedBy.AGENT);
    }

    /** The caller hung up while the agent was still on the call: the call ends, and is not surveyed. */
    public void callerEnded(Instant at) {
        end(at, EndedBy.CALLER);
    }

    private void end(Instant at, EndedBy by) {
        CallSummary summary;
        synchronized (this) {
            if (callId == null) {
                return;
            }
            Instant end = at.isBefore(start) ? start : at;
            closeMute(end);
            if (holdSince != null) {
                holdMs += millis(holdSince, end);
                holdSince = null;
            }
            long duration = millis(start, end);
            summary = new CallSummary(
                    callId, start, end, duration - holdMs, muteMs, muteCount, longestMuteMs, holdMs, by, callerHash);
            callId = null;
            callerHash = null;
            start = null;
        }
        ended.accept(summary); // outside the lock: the consumer may start a survey
    }

    private void closeMute(Instant at) {
        if (muteSince != null) {
            long span = millis(muteSince, at);
            muteMs += span;
            longestMuteMs = Math.max(longestMuteMs, span);
            muteSince = null;
        }
    }

    private static long millis(Instant from, Instant to) {
        return Math.max(0, to.toEpochMilli() - from.toEpochMilli());
    }
}
