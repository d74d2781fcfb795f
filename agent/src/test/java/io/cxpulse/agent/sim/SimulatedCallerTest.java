package io.cxpulse.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.FakeLine;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.Question;
import io.cxpulse.agent.survey.SurveyDefinition;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.agent.survey.SurveyRunner;
import io.cxpulse.agent.survey.SurveyTiming;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulated callers' touch-tones go through the real survey and come out as the answers they meant. */
class SimulatedCallerTest {
    private final SurveyDefinition survey = SurveyDefinitions.defaultSurvey();
    private final SurveyRunner runner = new SurveyRunner(new PromptLibrary(), Clock.systemUTC(), r -> {});

    @Test
    void everyPlannedAnswerIsDecoded() {
        SimulatedCaller caller = new SimulatedCaller(new SplittableRandom(11));
        SplittableRandom random = new SplittableRandom(12);
        int completed = 0;
        for (int i = 0; i < 60; i++) {
            CallerProfile profile = CallerProfile.forAgent(i, random);
            SimulatedCaller.Plan plan = caller.plan(profile);
            SurveyOutcome result =
                    runner.run(new FakeLine(caller.audio(plan), -1, 50, i), survey, i % 3 == 0 ? "zh" : "en", "c" + i);
            String context = "call " + i + " planned " + plan;
            if (plan.answersGiven() == 3) {
                completed++;
                assertThat(result.status()).as(context).isEqualTo(SurveyStatus.COMPLETED);
            }
            if (plan.answersGiven() >= 1) {
                assertThat(result.answers().get("csat")).as(context).isEqualTo(plan.csat());
            }
            if (plan.answersGiven() >= 2) {
                assertThat(result.answers().get("nps")).as(context).isEqualTo(plan.nps());
            }
            if (plan.answersGiven() >= 3) {
                assertThat(result.answers().get("resolved")).as(context).isEqualTo(plan.resolved());
            }
            if (plan.hangsUp()) {
                assertThat(result.status()).as(context).isEqualTo(SurveyStatus.ABANDONED);
            } else if (plan.answersGiven() == 0) {
                assertThat(result.status()).as(context).isEqualTo(SurveyStatus.NO_INPUT);
            }
        }
        assertThat(completed).as("most callers answer everything").isGreaterThan(40);
    }

    @Test
    void profilesSpreadTheFleetAndStayInRange() {
        SplittableRandom random = new SplittableRandom(3);
        double min = 1;
        double max = 0;
        for (int i = 0; i < 24; i++) {
            double mood = CallerProfile.forAgent(i, random).mood();
            assertThat(mood).isBetween(0.0, 1.0);
            min = Math.min(min, mood);
            max = Math.max(max, mood);
        }
        assertThat(max - min).isGreaterThan(0.3);
    }

    @Test
    void plansAreValidAnswers() {
        SimulatedCaller caller = new SimulatedCaller(new SplittableRandom(5));
        for (int i = 0; i < 500; i++) {
            SimulatedCaller.Plan p = caller.plan(new CallerProfile(i / 500.0));
            assertThat(p.csat()).isBetween(1, 5);
            assertThat(p.nps()).isBetween(0, 10);
            assertThat(p.answersGiven()).isBetween(0, 3);
            assertThat(p.keys()).matches("[0-9]*");
        }
    }

    @Test
    void aCallerAnswersTheQuestionsOfAnotherSurveyWithinTheirRanges() {
        String prompt = "classpath:prompts/en/csat.wav";
        SurveyDefinition effort = new SurveyDefinition(
                "effort",
                List.of("en"),
                "en",
                null,
                Map.of(),
                Map.of(),
                Map.of("en", "classpath:prompts/en/invalid.wav"),
                List.of(
                        new Question("effort", QuestionKind.SCALE, 1, 7, Map.of("en", prompt)),
                        Question.of("resolved", QuestionKind.YESNO, Map.of("en", prompt))),
                SurveyTiming.DEFAULT);
        SimulatedCaller caller = new SimulatedCaller(new SplittableRandom(21));
        for (int i = 0; i < 20; i++) {
            SimulatedCaller.Plan plan = caller.plan(new CallerProfile(i / 19.0));
            List<String> keys = SimulatedCaller.answerKeys(plan, effort);
            SurveyOutcome result =
                    runner.run(new FakeLine(caller.audio(keys, plan.hangsUp()), -1, 50, i), effort, "en", "c" + i);
            String context = "call " + i + " planned " + plan + " keyed " + keys;
            if (plan.answersGiven() >= 1) {
                int expected = 1 + (int) Math.round((plan.csat() - 1) / 4.0 * 6);
                assertThat(result.answers().get("effort")).as(context).isEqualTo(expected);
            }
            if (plan.answersGiven() >= 2) {
                assertThat(result.answers().get("resolved")).as(context).isEqualTo(plan.resolved());
            }
        }
    }
}
