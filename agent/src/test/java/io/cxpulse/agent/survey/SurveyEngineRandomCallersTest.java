package io.cxpulse.agent.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.SurveyStatus;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hundreds of random callers: the survey always ends, and every result is consistent. */
class SurveyEngineRandomCallersTest {
    private static final String KEYS = "0123456789*#A";

    @Test
    void everyRandomCallerGetsAConsistentResult() {
        SurveyDefinition plain = SurveyDefinitions.defaultSurvey();
        SurveyDefinition withChoice = plain.withLanguageChoice(SurveyDefinitions.defaultLanguageChoice());
        Random random = new Random(20260301);
        for (int n = 0; n < 500; n++) {
            boolean choose = random.nextInt(4) == 0;
            EngineDriver d = new EngineDriver(choose ? withChoice : plain, choose ? null : "en")
                    .promptSeconds(0.5 + random.nextDouble() * 3);
            if (random.nextBoolean()) {
                d.noisy();
            }
            double at = random.nextDouble() * 3;
            int presses = random.nextInt(12);
            for (int i = 0; i < presses; i++) {
                d.keys(at, String.valueOf(KEYS.charAt(random.nextInt(KEYS.length()))));
                at += 0.25 + random.nextDouble() * (random.nextBoolean() ? 1 : 7);
            }
            if (random.nextInt(5) == 0) {
                d.hangUpAt(random.nextDouble() * 40);
            }
            SurveyOutcome r = d.run();
            check(r, "caller " + n);
        }
    }

    private static void check(SurveyOutcome r, String who) {
        assertThat(r.questions())
                .as(who)
                .extracting(QuestionResult::questionId)
                .containsExactly("csat", "nps", "resolved");
        assertThat(r.language()).as(who).isIn("en", "zh");
        assertThat(r.end()).as(who).isAfterOrEqualTo(r.start());
        long answered = 0;
        for (QuestionResult q : r.questions()) {
            assertThat(q.retries()).as(who).isBetween(0, 2);
            if (q.outcome() == AnswerOutcome.ANSWERED) {
                answered++;
                Question question = SurveyDefinitions.defaultSurvey().question(q.questionId());
                assertThat(question.accepts(q.value())).as(who + " " + q).isTrue();
                assertThat(q.answerMillis()).as(who).isNotNull().isNotNegative();
            } else {
                assertThat(q.value()).as(who).isNull();
                assertThat(q.answerMillis()).as(who).isNull();
            }
            if (q.outcome() == AnswerOutcome.SKIPPED) {
                assertThat(r.status()).as(who).isEqualTo(SurveyStatus.ABANDONED);
            }
        }
        SurveyStatus expected = r.hangup() != null
                ? SurveyStatus.ABANDONED
                : answered == 3 ? SurveyStatus.COMPLETED : answered > 0 ? SurveyStatus.PARTIAL : SurveyStatus.NO_INPUT;
        assertThat(r.status()).as(who).isEqualTo(expected);
        assertThat(r.answers()).as(who).hasSize((int) answered);
    }
}
