package io.cxpulse.server;

import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Helpers the server's tests share: waiting for futures and building events. */
public final class TestSupport {
    private TestSupport() {}

    /** Waits for {@code f} (from a test thread, never an event loop) and returns its result or throws its failure. */
    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    public static SurveyResult survey(
            String eventId, String agentId, long endMs, Integer nps, Integer csat, Integer resolved) {
        List<Answer> answers = new ArrayList<>();
        answers.add(answer("csat", QuestionKind.CSAT, csat));
        answers.add(answer("nps", QuestionKind.NPS, nps));
        answers.add(answer("resolved", QuestionKind.YESNO, resolved));
        long answered = answers.stream()
                .filter(a -> a.outcome() == AnswerOutcome.ANSWERED)
                .count();
        SurveyStatus status =
                answered == 3 ? SurveyStatus.COMPLETED : answered == 0 ? SurveyStatus.NO_INPUT : SurveyStatus.PARTIAL;
        return new SurveyResult(eventId, agentId, "call-" + eventId, "en", endMs - 30_000, endMs, status, answers);
    }

    /** {@code s} as asked in version {@code version} of survey program {@code programId} (both null: in none). */
    public static SurveyResult asked(SurveyResult s, String programId, Integer version) {
        return new SurveyResult(
                s.eventId(),
                s.agentId(),
                s.callId(),
                s.language(),
                s.startMs(),
                s.endMs(),
                s.status(),
                s.answers(),
                programId,
                version);
    }

    public static CallRecord call(String eventId, String agentId, long endMs, long talkMs, long muteMs) {
        return new CallRecord(
                eventId,
                agentId,
                "call-" + eventId,
                endMs - talkMs - 1000,
                endMs,
                talkMs,
                muteMs,
                muteMs > 0 ? 1 : 0,
                muteMs,
                0,
                true);
    }

    private static Answer answer(String id, QuestionKind kind, Integer value) {
        return value == null ? Answer.missing(id, kind, AnswerOutcome.NO_INPUT) : Answer.answered(id, kind, value, 700);
    }
}
