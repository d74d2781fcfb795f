package io.cxpulse.protocol;

/**
 * One question's outcome. {@code value} is set only when answered, and then lies in the kind's range; {@code
 * answerMs} is how long the caller took, from the end of the question's prompt, or -1 when not answered.
 */
public record Answer(String questionId, QuestionKind kind, AnswerOutcome outcome, Integer value, long answerMs) {
    public Answer {
        Check.id("questionId", questionId);
        Check.required("kind", kind);
        Check.required("outcome", outcome);
        if (outcome == AnswerOutcome.ANSWERED) {
            Check.required("value of answered question " + questionId, value);
            if (value < kind.min() || value > kind.max()) {
                throw new IllegalArgumentException("question " + questionId + ": " + kind.wire() + " value " + value
                        + " is outside " + kind.min() + ".." + kind.max());
            }
        } else if (value != null) {
            throw new IllegalArgumentException(
                    "question " + questionId + " is " + outcome.wire() + " and cannot carry a value");
        }
        if (answerMs < -1) {
            throw new IllegalArgumentException("question " + questionId + ": answerMs must be -1 or more");
        }
    }

    public static Answer answered(String questionId, QuestionKind kind, int value, long answerMs) {
        return new Answer(questionId, kind, AnswerOutcome.ANSWERED, value, answerMs);
    }

    public static Answer missing(String questionId, QuestionKind kind, AnswerOutcome outcome) {
        return new Answer(questionId, kind, outcome, null, -1);
    }
}
