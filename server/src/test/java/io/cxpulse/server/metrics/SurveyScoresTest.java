package io.cxpulse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurveyScoresTest {
    private static SurveyResult survey(SurveyStatus status, Answer... answers) {
        return new SurveyResult("e1", "agent-01", "c1", "en", 0, 1000, status, List.of(answers));
    }

    @Test
    void readsEachKindsFirstAnswer() {
        SurveyScores s = SurveyScores.of(survey(
                SurveyStatus.COMPLETED,
                Answer.answered("q1", QuestionKind.CSAT, 4, 500),
                Answer.answered("q2", QuestionKind.NPS, 9, 500),
                Answer.answered("q3", QuestionKind.NPS, 2, 500),
                Answer.answered("other", QuestionKind.YESNO, 0, 500),
                Answer.answered("resolved", QuestionKind.YESNO, 1, 500),
                Answer.answered("q5", QuestionKind.SCALE, 50, 500)));
        assertThat(s).isEqualTo(new SurveyScores(9, 4, 1, 6));
        assertThat(s.detractor()).isFalse();
    }

    @Test
    void anyYesNoStandsInForResolvedWhenThereIsNoResolvedQuestion() {
        SurveyScores s =
                SurveyScores.of(survey(SurveyStatus.COMPLETED, Answer.answered("fixed", QuestionKind.YESNO, 0, 1)));
        assertThat(s.resolved()).isZero();
    }

    @Test
    void unansweredQuestionsCountForNothing() {
        SurveyScores s = SurveyScores.of(survey(
                SurveyStatus.NO_INPUT,
                Answer.missing("nps", QuestionKind.NPS, AnswerOutcome.NO_INPUT),
                Answer.missing("csat", QuestionKind.CSAT, AnswerOutcome.INVALID)));
        assertThat(s).isEqualTo(new SurveyScores(null, null, null, 0));
        assertThat(Counts.ofSurvey(s).responses()).isZero();
        assertThat(Counts.ofSurvey(s).surveys()).isEqualTo(1);
    }

    @Test
    void detractorIsNpsSixOrLessOrCsatTwoOrLess() {
        assertThat(new SurveyScores(6, null, null, 1).detractor()).isTrue();
        assertThat(new SurveyScores(7, null, null, 1).detractor()).isFalse();
        assertThat(new SurveyScores(null, 2, null, 1).detractor()).isTrue();
        assertThat(new SurveyScores(null, 3, null, 1).detractor()).isFalse();
        assertThat(new SurveyScores(10, 1, null, 2).detractor()).isTrue();
        assertThat(new SurveyScores(null, null, 0, 1).detractor()).isFalse();
    }
}
