package io.cxpulse.agent.survey;

import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.QuestionKind;
import java.util.Objects;

/**
 * The outcome of one question.
 *
 * @param questionId the question's id
 * @param kind the question's kind
 * @param outcome answered, no-input, invalid or skipped
 * @param value the answer (in the protocol's meaning: yes/no is 1 or 0) when {@code outcome} is {@link
 *     AnswerOutcome#ANSWERED}, else null
 * @param answerMillis how long the caller took: from the end of the question's prompt (the last time it was asked)
 *     to the press of the answer's last key; 0 when the key came during the prompt or before it; null when not
 *     answered
 * @param retries how many times the question was asked again (retries used)
 */
public record QuestionResult(
        String questionId, QuestionKind kind, AnswerOutcome outcome, Integer value, Long answerMillis, int retries) {

    public QuestionResult {
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == AnswerOutcome.ANSWERED) != (value != null)) {
            throw new IllegalArgumentException("question " + questionId + ": a value goes with answered only");
        }
    }

    /** The answer as reported: Boolean for yesno (1 = yes), Integer otherwise; null when not answered. */
    public Object reportedValue() {
        if (value == null) {
            return null;
        }
        return kind == QuestionKind.YESNO ? Boolean.valueOf(value == 1) : value;
    }
}
