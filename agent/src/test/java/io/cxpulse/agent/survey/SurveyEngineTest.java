package io.cxpulse.agent.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurveyEngineTest {
    private static final SurveyDefinition SURVEY = SurveyDefinitions.defaultSurvey();

    private static EngineDriver en() {
        return new EngineDriver(SURVEY, "en");
    }

    @Test
    void callerInAHurryKeysEverythingDuringTheGreeting() {
        EngineDriver d = en().keys(0.5, "5101");
        SurveyOutcome r = d.run();

        assertThat(r.status()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 5), Map.entry("nps", 10), Map.entry("resolved", true));
        // The first key stops the greeting; each next key cuts the next question short.
        assertThat(d.played.get(0)).containsExactly("en/greeting");
        assertThat(d.played).doesNotContain(List.of("en/csat"));
        assertThat(d.played.get(d.played.size() - 1)).containsExactly("en/thanks");
        assertThat(r.hangup()).isNull();
        assertThat(r.language()).isEqualTo("en");
        assertThat(r.callId()).isEqualTo("call-1");
    }

    @Test
    void oneThenTwoGivesOneAndKeepsTheTwoForTheNextQuestion() {
        // greeting 0-2 s, csat 2-4 s, csat answered at 4.5 s, nps asked 4.5-6.5 s
        SurveyOutcome r = en().keys(4.5, "4").keys(7.0, "12").run();

        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 4), Map.entry("nps", 1), Map.entry("resolved", false));
        assertThat(r.status()).isEqualTo(SurveyStatus.COMPLETED);
    }

    @Test
    void sevenIsFinalAtOnceButALoneOneWaitsForTheInterDigitTimeout() {
        EngineDriver d = en().keys(4.5, "4").keys(7.0, "7");
        d.runUntil(7.3);
        // nps 7 was taken at once: the yes/no question is already being asked.
        assertThat(d.played.get(d.played.size() - 1)).containsExactly("en/resolved");

        EngineDriver lone = en().keys(4.5, "4").keys(7.0, "1");
        lone.runUntil(9.0);
        assertThat(lone.played.get(lone.played.size() - 1)).containsExactly("en/nps");
        lone.runUntil(9.2);
        assertThat(lone.played.get(lone.played.size() - 1)).containsExactly("en/resolved");
        lone.keys(10.0, "1");
        SurveyOutcome r = lone.run();
        assertThat(r.answers()).containsEntry("nps", 1);
        // nps was asked from about 4.6 s to 6.6 s; the key came at 7.0 s
        assertThat(r.question("nps").answerMillis()).isBetween(380L, 440L);
    }

    @Test
    void oneZeroGivesTenAtOnce() {
        EngineDriver d = en().keys(4.5, "4").keys(7.0, "10");
        d.runUntil(7.5);
        assertThat(d.played.get(d.played.size() - 1)).containsExactly("en/resolved");
        d.keys(8.0, "2");
        assertThat(d.run().answers()).containsEntry("nps", 10).containsEntry("resolved", false);
    }

    @Test
    void hashEndsAMultiDigitEntry() {
        EngineDriver d = en().keys(4.5, "4").keys(7.0, "1#");
        d.runUntil(7.5);
        assertThat(d.played.get(d.played.size() - 1)).containsExactly("en/resolved");
        d.keys(8.0, "1");
        assertThat(d.run().answers()).containsEntry("nps", 1).containsEntry("resolved", true);
    }

    @Test
    void starRepeatsTheQuestionWithoutUsingARetry() {
        EngineDriver d = en().keys(3.0, "*").keys(6.0, "3");
        d.runUntil(5.5);
        assertThat(d.played).containsExactly(List.of("en/greeting"), List.of("en/csat"), List.of("en/csat"));
        d.keys(8.0, "01");
        SurveyOutcome r = d.run();
        assertThat(r.answers()).containsExactly(Map.entry("csat", 3), Map.entry("nps", 0), Map.entry("resolved", true));
        assertThat(r.question("csat").retries()).isZero();
    }

    @Test
    void invalidKeyGetsTheShortMessageAndTheQuestionAgainAtMostTwice() {
        EngineDriver d = en().noisy().keys(4.5, "9").keys(9.5, "0").keys(14.5, "6");
        d.runUntil(14.0);
        assertThat(d.played.subList(1, 4))
                .containsExactly(
                        List.of("en/csat"), List.of("en/invalid", "en/csat"), List.of("en/invalid", "en/csat"));
        d.runUntil(15.0);
        // third invalid entry: retries are used up, on to the next question
        assertThat(d.played.get(d.played.size() - 1)).containsExactly("en/nps");
        d.keys(16.0, "82");
        SurveyOutcome r = d.run();
        assertThat(r.question("csat").outcome()).isEqualTo(AnswerOutcome.INVALID);
        assertThat(r.question("csat").retries()).isEqualTo(2);
        assertThat(r.status()).isEqualTo(SurveyStatus.PARTIAL);
        assertThat(r.answers()).containsExactly(Map.entry("nps", 8), Map.entry("resolved", false));
    }

    @Test
    void noInputAsksOnceMoreThenMovesOn() {
        EngineDriver d = en().noisy();
        d.runUntil(8.9);
        assertThat(d.played).containsExactly(List.of("en/greeting"), List.of("en/csat"));
        d.runUntil(9.1); // csat ended at 4 s; 5 s later it is asked again
        assertThat(d.played).hasSize(3);
        d.runUntil(16.1); // the repeat ended at 11 s; 5 s later the survey moves on
        assertThat(d.played.get(d.played.size() - 1)).containsExactly("en/nps");
        SurveyOutcome r = d.run();
        assertThat(r.status()).isEqualTo(SurveyStatus.NO_INPUT);
        assertThat(r.questions()).extracting(QuestionResult::outcome).containsOnly(AnswerOutcome.NO_INPUT);
        assertThat(r.answers()).isEmpty();
        assertThat(r.hangup()).isNull();
    }

    @Test
    void partialWhenSomeAnsweredAndTheSurveyRanToItsEnd() {
        SurveyOutcome r = en().noisy().keys(4.5, "5").run();
        assertThat(r.status()).isEqualTo(SurveyStatus.PARTIAL);
        assertThat(r.answers()).containsExactly(Map.entry("csat", 5));
        assertThat(r.question("nps").outcome()).isEqualTo(AnswerOutcome.NO_INPUT);
        assertThat(r.question("csat").answerMillis()).isBetween(480L, 540L); // csat ended at about 4 s
    }

    @Test
    void hangUpKeepsAnswersSoFarAndSkipsTheRest() {
        SurveyOutcome r = en().keys(4.5, "5").hangUpAt(6.0).run();
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(r.hangup()).isEqualTo(HangupCause.BUSY_TONE);
        assertThat(r.answers()).containsExactly(Map.entry("csat", 5));
        assertThat(r.question("nps").outcome()).isEqualTo(AnswerOutcome.SKIPPED);
        assertThat(r.question("resolved").outcome()).isEqualTo(AnswerOutcome.SKIPPED);
        assertThat(r.end()).isEqualTo(r.start().plusSeconds(6));
    }

    @Test
    void pendingValidDigitCountsWhenTheCallerHangsUp() {
        SurveyOutcome r = en().keys(4.5, "5").keys(7.0, "1").hangUpAt(7.5).run();
        assertThat(r.answers()).containsExactly(Map.entry("csat", 5), Map.entry("nps", 1));
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
    }

    @Test
    void deadLineIsAHangUpAfterTenSecondsOfSilence() {
        EngineDriver d = en();
        SurveyOutcome r = d.run();
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(r.hangup()).isEqualTo(HangupCause.SILENCE);
        // greeting ended at 2 s: the line was dead from then on
        assertThat(r.end()).isEqualTo(r.start().plusSeconds(12));
        assertThat(r.answers()).isEmpty();
    }

    @Test
    void silenceAfterAnAnswerIsCountedFromTheNextPrompt() {
        SurveyOutcome r = en().keys(4.5, "5").run();
        // csat keyed at 4.5 s (during which the nps prompt was not yet playing), nps asked 4.6-6.6 s: dead 10 s later
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(r.hangup()).isEqualTo(HangupCause.SILENCE);
        assertThat(r.answers()).containsExactly(Map.entry("csat", 5));
    }

    @Test
    void hangUpDuringTheThanksStillCountsAsCompleted() {
        SurveyOutcome r = en().keys(0.5, "5101").hangUpAt(3.0).run();
        assertThat(r.status()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(r.hangup()).isNull();
    }

    @Test
    void languageChoiceSelectsMandarin() {
        SurveyDefinition withChoice = SURVEY.withLanguageChoice(SurveyDefinitions.defaultLanguageChoice());
        EngineDriver d = new EngineDriver(withChoice, null)
                .keys(2.5, "2")
                .keys(7.0, "4")
                .keys(10.0, "9")
                .keys(13.0, "1");
        SurveyOutcome r = d.run();
        assertThat(r.language()).isEqualTo("zh");
        assertThat(d.played.get(0)).containsExactly("language");
        assertThat(d.played.get(1)).containsExactly("zh/greeting");
        assertThat(r.answers()).containsExactly(Map.entry("csat", 4), Map.entry("nps", 9), Map.entry("resolved", true));
    }

    @Test
    void languageChoiceFallsBackToTheDefaultWithoutInput() {
        SurveyDefinition withChoice = SURVEY.withLanguageChoice(SurveyDefinitions.defaultLanguageChoice());
        EngineDriver d = new EngineDriver(withChoice, null).noisy();
        d.runUntil(20);
        assertThat(d.played.subList(0, 3))
                .containsExactly(List.of("language"), List.of("language"), List.of("en/greeting"));
        assertThat(d.engine.language()).isEqualTo("en");
    }

    @Test
    void keysInMandarinWorkTheSameWay() {
        SurveyOutcome r = new EngineDriver(SURVEY, "zh").keys(0.5, "312").run();
        assertThat(r.language()).isEqualTo("zh");
        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 3), Map.entry("nps", 1), Map.entry("resolved", false));
    }

    @Test
    void scaleQuestionWaitsForASecondDigitOnlyWhereOneCanFollow() {
        SurveyDefinition scale = new SurveyDefinition(
                "s",
                List.of("en"),
                "en",
                null,
                Map.of(),
                Map.of(),
                Map.of("en", "invalid.wav"),
                List.of(new Question("effort", QuestionKind.SCALE, 5, 12, Map.of("en", "effort.wav"))),
                SurveyTiming.DEFAULT);
        // "1" alone is not an answer (5-12) and can grow: after the timeout it is invalid.
        EngineDriver d = new EngineDriver(scale, "en").noisy().keys(2.5, "1");
        d.runUntil(5.0);
        assertThat(d.played).containsExactly(List.of("effort"), List.of("invalid", "effort"));
        assertThat(new EngineDriver(scale, "en").keys(0.5, "11").run().answers())
                .containsEntry("effort", 11);
        assertThat(new EngineDriver(scale, "en").keys(0.5, "5").run().answers()).containsEntry("effort", 5);
    }

    @Test
    void lettersAreInvalidKeys() {
        EngineDriver d = en().noisy().keys(4.5, "A");
        d.runUntil(5.5);
        assertThat(d.played.get(d.played.size() - 1)).containsExactly("en/invalid", "en/csat");
    }
}
