package io.cxpulse.agent.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.CallerCheck;
import io.cxpulse.protocol.CallerCheckAnswer;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The repeat rule at the agent, as the desk puts it together: the call tracker, the caller's hash, the question to
 * the server when the call starts, and the reporter that decides at hang-up, never waiting for an answer.
 */
class RepeatCallersTest {
    private static final String SALT = "00112233445566778899aabbccddeeff".repeat(2);
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final List<CallerCheck> asked = new CopyOnWriteArrayList<>();
    private final List<AgentEvent> sent = new ArrayList<>();
    private final List<String> surveyedCalls = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final RepeatCallers callers =
            new RepeatCallers("agent-07", asked::add, Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));
    private final SurveyPolicy weekly = new SurveyPolicy(10_000, 100, 7);

    private final CallTracker tracker = new CallTracker(
            () -> "call-" + ids.incrementAndGet(),
            new CallReporter(
                    "agent-07",
                    () -> weekly,
                    (call, rule) -> callers.history(call, rule.repeatDays()),
                    call -> {
                        surveyedCalls.add(call.callId());
                        return new SurveyOutcome(
                                call.callId(),
                                "effort",
                                "en",
                                call.end(),
                                call.end().plusSeconds(5),
                                SurveyStatus.ABANDONED,
                                null,
                                List.of());
                    },
                    Runnable::run,
                    event -> {
                        sent.add(event);
                        if (event instanceof SurveyResult s) {
                            callers.surveyed(s.callerHash(), s.endMs());
                        }
                    }));

    /** A call from {@code number} of a minute's talk; {@code whileTalking} runs between the answer and the hang-up. */
    private String call(String number, int startSecond, Runnable whileTalking) {
        tracker.callAnswered(T0.plusSeconds(startSecond));
        String hash = callers.hash(number);
        String callId = hash == null ? null : tracker.identifyCaller(hash);
        if (callId != null) {
            callers.started(callId, hash, weekly.repeatDays());
        }
        whileTalking.run();
        tracker.callEnded(T0.plusSeconds(startSecond + 60));
        return callId;
    }

    private CallRecord lastCall() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i) instanceof CallRecord c) {
                return c;
            }
        }
        throw new AssertionError("no call record");
    }

    @Test
    void aCallerTheServerKnowsAsSurveyedRecentlyIsNotAskedAndTheCallStillCarriesTheHash() {
        callers.salt(SALT);
        String hash = CallerNumbers.hash(SALT, "+4930123456");
        call("+4930123456", 0, () -> {
            assertThat(asked).containsExactly(new CallerCheck("agent-07", "call-1", hash, 7));
            callers.answered(new CallerCheckAnswer("call-1", true));
        });
        assertThat(surveyedCalls).isEmpty();
        assertThat(lastCall().surveyOffered()).isFalse();
        assertThat(lastCall().callerHash()).isEqualTo(hash);

        call("+4930123456", 100, () -> callers.answered(new CallerCheckAnswer("call-2", false)));
        assertThat(surveyedCalls).containsExactly("call-2");
        assertThat(lastCall().surveyOffered()).isTrue();
        SurveyResult survey = (SurveyResult) sent.get(sent.size() - 1);
        assertThat(survey.callerHash()).isEqualTo(hash);
    }

    @Test
    void withoutAnAnswerByHangUpTheSurveyStartsAtOnceAndALateAnswerChangesNothing() {
        callers.salt(SALT);
        call("+4930123456", 0, () -> {});
        assertThat(asked).hasSize(1);
        assertThat(surveyedCalls).as("asked at hang-up, not waiting").containsExactly("call-1");
        callers.answered(new CallerCheckAnswer("call-1", true)); // too late: the call is over
        assertThat(callers.history(
                        new CallSummary("call-1", T0, T0, 0, 0, 0, 0, 0, null, CallerNumbers.hash(SALT, "+1")), 7))
                .isEqualTo(CallerHistory.UNKNOWN);
    }

    @Test
    void aCallerThisAgentSurveyedWithinTheWindowIsNotAskedAgainEvenWithoutTheServer() {
        callers.salt(SALT);
        call("+4930123456", 0, () -> {});
        call("+4930123456", 100, () -> {});
        call("+4930999999", 200, () -> {});
        assertThat(surveyedCalls).containsExactly("call-1", "call-3");
    }

    @Test
    void withoutASaltOrANumberNothingIsHashedOrAsked() {
        call("+4930123456", 0, () -> {});
        callers.salt(SALT);
        call(null, 100, () -> {});
        assertThat(asked).isEmpty();
        assertThat(surveyedCalls).containsExactly("call-1", "call-2");
        assertThat(sent)
                .allSatisfy(
                        e -> assertThat(e instanceof CallRecord c ? c.callerHash() : ((SurveyResult) e).callerHash())
                                .isNull());
    }
}
