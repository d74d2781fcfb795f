package io.cxpulse.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The post-call survey of one call, every outcome included: incomplete surveys are results too. {@code surveyId} and
 * {@code version} say which survey was asked (the survey program and its version; a survey of the agent's own file
 * has no version); both were added within protocol version 1 and are null when an older agent leaves them out.
 * {@code callerHash}, also added later, is the caller's number hashed with the center's salt when the line knows it.
 */
public record SurveyResult(
        String eventId,
        String agentId,
        String callId,
        String language,
        long startMs,
        long endMs,
        SurveyStatus status,
        List<Answer> answers,
        String surveyId,
        Integer version,
        String callerHash)
        implements AgentEvent {
    /** A survey longer than this is not a survey any caller sat through. */
    public static final int MAX_QUESTIONS = 20;

    @JsonCreator
    public SurveyResult {
        Check.id("eventId", eventId);
        if (surveyId != null) {
            Check.id("surveyId", surveyId);
        }
        if (version != null && version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
        if (callerHash != null) {
            Check.hex("callerHash", callerHash, CallerCheck.HASH_LENGTH);
        }
        Check.id("agentId", agentId);
        Check.id("callId", callId);
        Check.id("language", language);
        Check.interval(startMs, endMs);
        Check.required("status", status);
        Check.required("answers", answers);
        if (answers.size() > MAX_QUESTIONS) {
            throw new IllegalArgumentException(
                    "survey of call " + callId + " has " + answers.size() + " questions, more than " + MAX_QUESTIONS);
        }
        Set<String> seen = new HashSet<>();
        for (Answer a : answers) {
            Check.required("answers[]", a);
            if (!seen.add(a.questionId())) {
                throw new IllegalArgumentException(
                        "survey of call " + callId + " answers question " + a.questionId() + " twice");
            }
        }
        long answered = answers.stream()
                .filter(a -> a.outcome() == AnswerOutcome.ANSWERED)
                .count();
        if (status == SurveyStatus.COMPLETED && answered != answers.size()) {
            throw new IllegalArgumentException(
                    "survey of call " + callId + " is completed but not every question " + "is answered");
        }
        if (status == SurveyStatus.NO_INPUT && answered != 0) {
            throw new IllegalArgumentException("survey of call " + callId + " is no-input but has answers");
        }
        answers = List.copyOf(answers);
    }

    /** A result that does not say which survey was asked (as agents before survey programs send). */
    public SurveyResult(
            String eventId,
            String agentId,
            String callId,
            String language,
            long startMs,
            long endMs,
            SurveyStatus status,
            List<Answer> answers) {
        this(eventId, agentId, callId, language, startMs, endMs, status, answers, null, null, null);
    }

    /** A result without a caller hash. */
    public SurveyResult(
            String eventId,
            String agentId,
            String callId,
            String language,
            long startMs,
            long endMs,
            SurveyStatus status,
            List<Answer> answers,
            String surveyId,
            Integer version) {
        this(eventId, agentId, callId, language, startMs, endMs, status, answers, surveyId, version, null);
    }

    /** This result with the caller's hash (or none). */
    public SurveyResult withCallerHash(String hash) {
        return new SurveyResult(
                eventId, agentId, callId, language, startMs, endMs, status, answers, surveyId, version, hash);
    }

    /** The answer to a question, if it was answered. */
    public Integer value(String questionId) {
        for (Answer a : answers) {
            if (a.questionId().equals(questionId)) {
                return a.value();
            }
        }
        return null;
    }
}
