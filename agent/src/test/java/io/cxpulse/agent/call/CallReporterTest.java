package io.cxpulse.agent.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.survey.QuestionResult;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.EndedBy;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallReporterTest {
    private final List<AgentEvent> sent = new ArrayList<>();
    private final List<String> surveyed = new ArrayList<>();

    private static CallSummary call(String id, long talkMs) {
        Instant start = Instant.ofEpochMilli(1_795_000_000_000L);
        return new CallSummary(id, start, start.plusMillis(talkMs + 4_000), talkMs, 1_500, 1, 1_500, 4_000);
    }

    private static SurveyOutcome result(String callId) {
        Instant start = Instant.ofEpochMilli(1_795_000_100_000L);
        return new SurveyOutcome(
                callId,
                "default",
                "zh",
                start,
                start.plusSeconds(12),
                SurveyStatus.PARTIAL,
                null,
                List.of(
                        new QuestionResult("csat", QuestionKind.CSAT, AnswerOutcome.ANSWERED, 4, 900L, 0),
                        new QuestionResult("nps", QuestionKind.NPS, AnswerOutcome.NO_INPUT, null, null, 2),
                        new QuestionResult("resolved", QuestionKind.YESNO, AnswerOutcome.ANSWERED, 0, 0L, 0)));
    }

    private CallReporter reporter() {
        return new CallReporter(
                "agent-07",
                new SurveyPolicy(10_000),
                c -> {
                    surveyed.add(c.callId());
                    return result(c.callId());
                },
                Runnable::run,
                sent::add);
    }

    @Test
    void reportsTheCallThenItsSurvey() {
        reporter().accept(call("c1", 60_000));
        assertThat(surveyed).containsExactly("c1");
        assertThat(sent).hasSize(2);
        CallRecord record = (CallRecord) sent.get(0);
        assertThat(record.eventId()).isEqualTo("c1:call");
        assertThat(record.agentId()).isEqualTo("agent-07");
        assertThat(record.talkMs()).isEqualTo(60_000);
        assertThat(record.holdMs()).isEqualTo(4_000);
        assertThat(record.surveyOffered()).isTrue();

        SurveyResult survey = (SurveyResult) sent.get(1);
        assertThat(survey.eventId()).isEqualTo("c1:survey");
        assertThat(survey.language()).isEqualTo("zh");
        assertThat(survey.status()).isEqualTo(SurveyStatus.PARTIAL);
        assertThat(survey.answers())
                .containsExactly(
                        Answer.answered("csat", QuestionKind.CSAT, 4, 900),
                        Answer.missing("nps", QuestionKind.NPS, AnswerOutcome.NO_INPUT),
                        Answer.answered("resolved", QuestionKind.YESNO, 0, 0));
    }

    @Test
    void aShortCallIsReportedButNotSurveyed() {
        reporter().accept(call("c2", 9_999));
        assertThat(surveyed).isEmpty();
        assertThat(sent)
                .singleElement()
                .satisfies(e -> assertThat(((CallRecord) e).surveyOffered()).isFalse());
    }

    @Test
    void aCallTheCallerEndedIsNotSurveyedAndItsLineIsReleased() {
        List<String> released = new ArrayList<>();
        CallReporter reporter = new CallReporter(
                "agent-07",
                SurveyPolicy.DEFAULT,
                new CallReporter.PostCallSurvey() {
                    @Override
                    public SurveyOutcome run(CallSummary c) {
                        surveyed.add(c.callId());
                        return result(c.callId());
                    }

                    @Override
                    public void skipped(CallSummary c) {
                        released.add(c.callId());
                    }
                },
                Runnable::run,
                sent::add);
        CallSummary byCaller = call("c4", 60_000);
        byCaller = new CallSummary(
                byCaller.callId(),
                byCaller.start(),
                byCaller.end(),
                byCaller.talkMs(),
                byCaller.muteMs(),
                byCaller.muteCount(),
                byCaller.longestMuteMs(),
                byCaller.holdMs(),
                EndedBy.CALLER);
        reporter.accept(byCaller);
        assertThat(surveyed).isEmpty();
        assertThat(released).containsExactly("c4");
        CallRecord record = (CallRecord) sent.get(0);
        assertThat(record.endedBy()).isEqualTo(EndedBy.CALLER);
        assertThat(record.surveyOffered()).isFalse();
    }

    @Test
    void aFailedSurveyStillLeavesTheCallRecord() {
        CallReporter failing = new CallReporter(
                "agent-07",
                SurveyPolicy.DEFAULT,
                c -> {
                    throw new IllegalStateException("line lost");
                },
                Runnable::run,
                sent::add);
        failing.accept(call("c3", 60_000));
        assertThat(sent).singleElement().isInstanceOf(CallRecord.class);
    }
}
