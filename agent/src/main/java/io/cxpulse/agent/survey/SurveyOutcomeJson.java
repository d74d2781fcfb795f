package io.cxpulse.agent.survey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link SurveyOutcome} printed by {@code cx-agent survey simulate}: {@code status},
 * {@code answers} (answered questions only, keyed by id, yesno as booleans), then call id, survey id, language,
 * start, end, duration, hang-up cause and the outcome of every question.
 */
public final class SurveyOutcomeJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SurveyOutcomeJson() {}

    /** The result as ordered maps and lists, ready for any JSON writer. */
    public static Map<String, Object> toMap(SurveyOutcome r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status().wire());
        m.put("answers", r.answers());
        m.put("callId", r.callId());
        m.put("surveyId", r.surveyId());
        m.put("language", r.language());
        m.put("start", r.start().toString());
        m.put("end", r.end().toString());
        m.put("durationMs", Duration.between(r.start(), r.end()).toMillis());
        m.put("hangup", r.hangup() == null ? null : r.hangup().jsonName());
        List<Map<String, Object>> questions = new ArrayList<>();
        for (QuestionResult q : r.questions()) {
            Map<String, Object> qm = new LinkedHashMap<>();
            qm.put("id", q.questionId());
            qm.put("kind", q.kind().wire());
            qm.put("outcome", q.outcome().wire());
            qm.put("value", q.reportedValue());
            qm.put("answerMs", q.answerMillis());
            qm.put("retries", q.retries());
            questions.add(qm);
        }
        m.put("questions", questions);
        return m;
    }

    /** The result as one line of JSON. */
    public static String toJson(SurveyOutcome r) {
        try {
            return MAPPER.writeValueAsString(toMap(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write survey result of call " + r.callId(), e);
        }
    }
}
