package io.cxpulse.server.metrics;

import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyResult;

/**
 * The scores one survey contributes: its NPS (0-10), CSAT (1-5) and resolved (1 yes, 0 no) answers, each null when
 * not answered, and how many questions were answered at all. The first answered question of each kind counts; for
 * "resolved" a yes/no question named {@code resolved} wins over any other yes/no question.
 */
public record SurveyScores(Integer nps, Integer csat, Integer resolved, int answered) {
    /** The question id whose yes/no answer is the resolution. */
    public static final String RESOLVED_QUESTION = "resolved";

    public static SurveyScores of(SurveyResult survey) {
        Integer nps = null;
        Integer csat = null;
        Integer resolved = null;
        Integer anyYesNo = null;
        int answered = 0;
        for (Answer a : survey.answers()) {
            if (a.outcome() != AnswerOutcome.ANSWERED) {
                continue;
            }
            answered++;
            if (a.kind() == QuestionKind.NPS && nps == null) {
                nps = a.value();
            } else if (a.kind() == QuestionKind.CSAT && csat == null) {
                csat = a.value();
            } else if (a.kind() == QuestionKind.YESNO) {
                if (RESOLVED_QUESTION.equals(a.questionId())) {
                    resolved = a.value();
                } else if (anyYesNo == null) {
                    anyYesNo = a.value();
                }
            }
        }
        return new SurveyScores(nps, csat, resolved != null ? resolved : anyYesNo, answered);
    }

    /** A detractor needs a supervisor's follow-up: NPS 0-6 or CSAT 1-2. */
    public boolean detractor() {
        return (nps != null && nps <= 6) || (csat != null && csat <= 2);
    }
}
