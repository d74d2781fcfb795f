package io.cxpulse.agent.call;

import io.cxpulse.agent.survey.QuestionResult;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.EndedBy;
import io.cxpulse.protocol.SurveyResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every finished call into what the server gets: the call record at once, then, for an eligible call, the
 * post-call survey's result whatever its outcome. The survey runs on the given executor, never on the headset's
 * thread. Event ids derive from the call id, so a call can never be counted twice.
 */
public final class CallReporter implements Consumer<CallSummary> {
    private static final Logger log = LoggerFactory.getLogger(CallReporter.class);

    /** Where events go: durably queued for the server. */
    public interface EventSink {
        void submit(AgentEvent event) throws IOException;
    }

    /** Runs the post-call survey of a call on its line, to the end, and returns its result. */
    public interface PostCallSurvey {
        SurveyOutcome run(CallSummary call);

        /** The call is not surveyed (not eligible, or the caller hung up first): its line may be released. */
        default void skipped(CallSummary call) {}
    }

    private final String agentId;
    private final Supplier<SurveyPolicy> policy;
    private final PostCallSurvey survey;
    private final Executor surveys;
    private final EventSink sink;
    private final BiFunction<CallSummary, SurveyPolicy, CallerHistory> history;

    public CallReporter(String agentId, SurveyPolicy policy, PostCallSurvey survey, Executor surveys, EventSink sink) {
        this(agentId, constant(Objects.requireNonNull(policy)), survey, surveys, sink);
    }

    /** As above, with the rule in force at each call's end (a survey program may change it). */
    public CallReporter(
            String agentId, Supplier<SurveyPolicy> policy, PostCallSurvey survey, Executor surveys, EventSink sink) {
        this(agentId, policy, (call, rule) -> CallerHistory.UNKNOWN, survey, surveys, sink);
    }

    /**
     * As above, with what is known of each caller's recent surveys when the call ends, under the rule in force; it
     * must answer at once, as the survey starts at hang-up.
     */
    public CallReporter(
            String agentId,
            Supplier<SurveyPolicy> policy,
            BiFunction<CallSummary, SurveyPolicy, CallerHistory> history,
            PostCallSurvey survey,
            Executor surveys,
            EventSink sink) {
        this.history = Objects.requireNonNull(history);
        this.agentId = Objects.requireNonNull(agentId);
        this.policy = Objects.requireNonNull(policy);
        this.survey = Objects.requireNonNull(survey);
        this.surveys = Objects.requireNonNull(surveys);
        this.sink = Objects.requireNonNull(sink);
    }

    @Override
    public void accept(CallSummary call) {
        SurveyPolicy rule = policy.get();
        CallerHistory caller = history.apply(call, rule);
        boolean offered = call.endedBy() != EndedBy.CALLER && rule.eligible(call, caller);
        if (!offered && call.endedBy() != EndedBy.CALLER && rule.eligible(call, CallerHistory.UNKNOWN)) {
            log.info("Agent {}: call {} is not surveyed: its caller was surveyed recently", agentId, call.callId());
        }
        submit(callRecord(agentId, call, offered));
        if (!offered) {
            try {
                survey.skipped(call);
            } catch (RuntimeException e) {
                log.warn("Agent {}: releasing the line of call {} failed: {}", agentId, call.callId(), e.toString());
            }
        }
        if (offered) {
            surveys.execute(() -> {
                SurveyOutcome result;
                try {
                    result = survey.run(call);
                } catch (RuntimeException e) {
                    log.error("Agent {}: the survey of call {} failed: {}", agentId, call.callId(), e.getMessage(), e);
                    return;
                }
                submit(surveyResult(agentId, result).withCallerHash(call.callerHash()));
            });
        }
    }

    private static Supplier<SurveyPolicy> constant(SurveyPolicy policy) {
        return () -> policy;
    }

    private void submit(AgentEvent event) {
        try {
            sink.submit(event);
        } catch (IOException e) {
            log.error("Agent {}: cannot queue {} for the server: {}", agentId, event.eventId(), e.getMessage(), e);
        }
    }

    /** The wire record of a call. */
    public static CallRecord callRecord(String agentId, CallSummary call, boolean surveyOffered) {
        return new CallRecord(
                call.callId() + ":call",
                agentId,
                call.callId(),
                call.start().toEpochMilli(),
                call.end().toEpochMilli(),
                call.talkMs(),
                call.muteMs(),
                call.muteCount(),
                call.longestMuteMs(),
                call.holdMs(),
                surveyOffered,
                call.endedBy(),
                call.callerHash());
    }

    /** The wire record of a survey's result. */
    public static SurveyResult surveyResult(String agentId, SurveyOutcome result) {
        List<Answer> answers = new ArrayList<>();
        for (QuestionResult q : result.questions()) {
            AnswerOutcome outcome = q.outcome();
            if (outcome == AnswerOutcome.ANSWERED) {
                answers.add(Answer.answered(
                        q.questionId(), q.kind(), q.value(), q.answerMillis() == null ? 0 : q.answerMillis()));
            } else {
                answers.add(Answer.missing(q.questionId(), q.kind(), outcome));
            }
        }
        return new SurveyResult(
                result.callId() + ":survey",
                agentId,
                result.callId(),
                result.language(),
                result.start().toEpochMilli(),
                result.end().toEpochMilli(),
                result.status(),
                answers,
                result.surveyId(),
                result.version());
    }
}
