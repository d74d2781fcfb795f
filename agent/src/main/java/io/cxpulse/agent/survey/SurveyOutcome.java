package io.cxpulse.agent.survey;

import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.SurveyStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one survey produced, incomplete ones included.
 *
 * @param callId the call surveyed
 * @param surveyId the survey definition's id
 * @param language the language the survey ran in
 * @param start when the survey started on the line
 * @param end when it finished (after the thanks prompt, or when the hang-up was noticed)
 * @param status completed, partial, no-input or abandoned
 * @param hangup how the hang-up was noticed, null when the caller stayed to the end
 * @param questions one entry per question of the survey, in order
 * @param version the survey program's version asked; null for a survey of the agent's own file
 */
public record SurveyOutcome(
        String callId,
        String surveyId,
        String language,
        Instant start,
        Instant end,
        SurveyStatus status,
        HangupCause hangup,
        List<QuestionResult> questions,
        Integer version) {

    public SurveyOutcome {
        questions = List.copyOf(questions);
    }

    /** The outcome of a survey that is no program's version. */
    public SurveyOutcome(
            String callId,
            String surveyId,
            String language,
            Instant start,
            Instant end,
            SurveyStatus status,
            HangupCause hangup,
            List<QuestionResult> questions) {
        this(callId, surveyId, language, start, end, status, hangup, questions, null);
    }

    /** The same outcome, of that program version. */
    public SurveyOutcome withVersion(Integer programVersion) {
        return new SurveyOutcome(callId, surveyId, language, start, end, status, hangup, questions, programVersion);
    }

    /** Answered questions only, keyed by question id, in survey order; yesno answers as booleans. */
    public Map<String, Object> answers() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (QuestionResult q : questions) {
            if (q.outcome() == AnswerOutcome.ANSWERED) {
                out.put(q.questionId(), q.reportedValue());
            }
        }
        return out;
    }

    /** The result of one question, or null. */
    public QuestionResult question(String questionId) {
        for (QuestionResult q : questions) {
            if (q.questionId().equals(questionId)) {
                return q;
            }
        }
        return null;
    }
}
