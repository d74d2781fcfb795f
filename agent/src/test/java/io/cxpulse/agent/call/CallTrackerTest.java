package io.cxpulse.agent.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.EndedBy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallTrackerTest {
    private final List<CallSummary> ended = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CallTracker tracker = new CallTracker(() -> "call-" + ids.incrementAndGet(), ended::add);

    private static Instant t(long seconds) {
        return Instant.ofEpochSecond(1_700_000_000L + seconds);
    }

    @Test
    void plainCallIsAllTalk() {
        tracker.callAnswered(t(0));
        assertThat(tracker.state()).isEqualTo(CallTracker.State.ACTIVE);
        tracker.callEnded(t(90));
        assertThat(ended).containsExactly(new CallSummary("call-1", t(0), t(90), 90_000, 0, 0, 0, 0, EndedBy.AGENT));
        assertThat(tracker.state()).isEqualTo(CallTracker.State.IDLE);
    }

    @Test
    void aCallerWhoHangsUpFirstEndsTheCallAsTheCaller() {
        tracker.callAnswered(t(0));
        tracker.callerEnded(t(30));
        assertThat(ended).singleElement().satisfies(s -> {
            assertThat(s.endedBy()).isEqualTo(EndedBy.CALLER);
            assertThat(s.talkMs()).isEqualTo(30_000);
        });
        tracker.callEnded(t(31)); // the agent's hook-on after that ends nothing more
        assertThat(ended).hasSize(1);
    }

    @Test
    void countsMuteIntervalsAndTheLongest() {
        tracker.callAnswered(t(0));
        tracker.muteChanged(true, t(10));
        tracker.muteChanged(false, t(13));
        tracker.muteChanged(true, t(20));
        tracker.muteChanged(true, t(21)); // no change: not a second mute
        tracker.muteChanged(false, t(30));
        tracker.muteChanged(true, t(50)); // still muted at hang-up
        tracker.callEnded(t(60));
        CallSummary s = ended.get(0);
        assertThat(s.muteCount()).isEqualTo(3);
        assertThat(s.muteMs()).isEqualTo(3_000 + 10_000 + 10_000);
        assertThat(s.longestMuteMs()).isEqualTo(10_000);
        assertThat(s.talkMs()).isEqualTo(60_000);
    }

    @Test
    void holdIsNotTalkAndStopsTheMuteClock() {
        tracker.callAnswered(t(0));
        tracker.muteChanged(true, t(10));
        tracker.holdChanged(true, t(20));
        assertThat(tracker.state()).isEqualTo(CallTracker.State.HELD);
        tracker.holdChanged(false, t(50));
        tracker.muteChanged(false, t(55));
        tracker.callEnded(t(100));
        CallSummary s = ended.get(0);
        assertThat(s.holdMs()).isEqualTo(30_000);
        assertThat(s.talkMs()).isEqualTo(70_000);
        assertThat(s.muteMs()).isEqualTo(10_000 + 5_000);
        assertThat(s.muteCount()).isEqualTo(1);
    }

    @Test
    void hangUpWhileHeldClosesTheHold() {
        tracker.callAnswered(t(0));
        tracker.holdChanged(true, t(40));
        tracker.callEnded(t(60));
        assertThat(ended.get(0).holdMs()).isEqualTo(20_000);
        assertThat(ended.get(0).talkMs()).isEqualTo(40_000);
    }

    @Test
    void endsEachCallOnceAndIgnoresEventsWhileIdle() {
        tracker.callEnded(t(0));
        tracker.holdChanged(true, t(1));
        tracker.callAnswered(t(5));
        tracker.callAnswered(t(6)); // a repeated answer does not restart the call
        tracker.callEnded(t(10));
        tracker.callEnded(t(11));
        tracker.callAnswered(t(20));
        tracker.callEnded(t(25));
        assertThat(ended).extracting(CallSummary::callId).containsExactly("call-1", "call-2");
        assertThat(ended.get(0).start()).isEqualTo(t(5));
    }

    @Test
    void muteBeforeTheCallCountsFromTheAnswer() {
        tracker.muteChanged(true, t(0));
        tracker.callAnswered(t(10));
        tracker.muteChanged(false, t(12));
        tracker.callEnded(t(20));
        assertThat(ended.get(0).muteMs()).isEqualTo(2_000);
        assertThat(ended.get(0).muteCount()).isEqualTo(1);
    }

    @Test
    void aClockStepBackwardsNeverGivesNegativeTimes() {
        tracker.callAnswered(t(10));
        tracker.muteChanged(true, t(12));
        tracker.callEnded(t(5));
        CallSummary s = ended.get(0);
        assertThat(s.durationMs()).isZero();
        assertThat(s.muteMs()).isZero();
        assertThat(s.talkMs()).isZero();
    }
}
