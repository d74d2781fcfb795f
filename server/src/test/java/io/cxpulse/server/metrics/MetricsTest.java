package io.cxpulse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsTest {
    private static Counts npsAnswers(int... values) {
        Counts c = Counts.ZERO;
        for (int v : values) {
            c = c.plus(Counts.ofSurvey(new SurveyScores(v, null, null, 1)));
        }
        return c;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void classifiesEveryNpsAnswer(int value) {
        Counts c = npsAnswers(value);
        assertThat(c.npsN()).isEqualTo(1);
        assertThat(c.detractors()).isEqualTo(value <= 6 ? 1 : 0);
        assertThat(c.passives()).isEqualTo(value == 7 || value == 8 ? 1 : 0);
        assertThat(c.promoters()).isEqualTo(value >= 9 ? 1 : 0);
        assertThat(Metrics.of(c, c).nps()).isEqualTo(value >= 9 ? 100.0 : value >= 7 ? 0.0 : -100.0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void classifiesEveryCsatAnswer(int value) {
        Counts c = Counts.ofSurvey(new SurveyScores(null, value, null, 1));
        assertThat(c.csatN()).isEqualTo(1);
        assertThat(c.csatSum()).isEqualTo(value);
        assertThat(c.csatTop2()).isEqualTo(value >= 4 ? 1 : 0);
        assertThat(c.npsN()).isZero();
    }

    @Test
    void npsMatchesTheScoresAndTheMarginTheirAdjustedVariance() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            int[] values = new int[n];
            List<Integer> scores = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(11);
                scores.add(values[i] >= 9 ? 1 : values[i] <= 6 ? -1 : 0);
            }
            double mean = scores.stream().mapToInt(Integer::intValue).average().orElseThrow();
            // Adjusted Wald: the variance of the scores with 0.75 promoter, 0.75 detractor and 1.5 passive added.
            double adjustedN = n + 3;
            double adjustedMean = (scores.stream().mapToInt(Integer::intValue).sum() + 0.75 - 0.75) / adjustedN;
            double variance = (scores.stream()
                                    .mapToDouble(s -> (s - adjustedMean) * (s - adjustedMean))
                                    .sum()
                            + 0.75 * (1 - adjustedMean) * (1 - adjustedMean)
                            + 0.75 * (-1 - adjustedMean) * (-1 - adjustedMean)
                            + 1.5 * adjustedMean * adjustedMean)
                    / adjustedN;
            Metrics m = Metrics.of(npsAnswers(values), Counts.ZERO);
            assertThat(m.nps()).isCloseTo(100 * mean, within(1e-9));
            assertThat(m.npsMargin()).isCloseTo(100 * 1.96 * Math.sqrt(variance / adjustedN), within(1e-9));
        }
    }

    @Test
    void knownExample() {
        // 50 promoters, 30 passives, 20 detractors: NPS 30. Adjusted: p = 50.75/103, d = 20.75/103.
        Counts c = Counts.ZERO;
        for (int i = 0; i < 50; i++) {
            c = c.plus(npsAnswers(10));
        }
        for (int i = 0; i < 30; i++) {
            c = c.plus(npsAnswers(8));
        }
        for (int i = 0; i < 20; i++) {
            c = c.plus(npsAnswers(3));
        }
        Metrics m = Metrics.of(c, c);
        assertThat(m.nps()).isCloseTo(30.0, within(1e-9));
        double p = 50.75 / 103;
        double d = 20.75 / 103;
        assertThat(m.npsMargin()).isCloseTo(100 * 1.96 * Math.sqrt((p + d - (p - d) * (p - d)) / 103), within(1e-9));
        assertThat(m.npsMargin()).isCloseTo(15.08, within(0.01));
        assertThat(m.smallSample()).isFalse();
        assertThat(m.fairNps()).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void unanimousAnswersStillShowTheirUncertainty() {
        double three = Metrics.of(npsAnswers(10, 9, 10), Counts.ZERO).npsMargin();
        double one = Metrics.of(npsAnswers(10), Counts.ZERO).npsMargin();
        assertThat(one).isGreaterThan(three).isGreaterThan(50);
        assertThat(three).isGreaterThan(30);
        assertThat(Metrics.of(npsAnswers(0, 0), Counts.ZERO).nps()).isEqualTo(-100.0);
    }

    @Test
    void nothingMeasuredIsNullNotZero() {
        Metrics m = Metrics.of(Counts.ZERO, Counts.ZERO);
        assertThat(m.nps()).isNull();
        assertThat(m.npsMargin()).isNull();
        assertThat(m.fairNps()).isNull();
        assertThat(m.csatMean()).isNull();
        assertThat(m.csatTop2()).isNull();
        assertThat(m.resolutionRate()).isNull();
        assertThat(m.responseRate()).isNull();
        assertThat(m.muteRatio()).isNull();
        assertThat(m.smallSample()).isTrue();
    }

    @Test
    void smallSampleBelowThirtyAnswers() {
        int[] v29 = new int[29];
        int[] v30 = new int[30];
        assertThat(Metrics.of(npsAnswers(v29), Counts.ZERO).smallSample()).isTrue();
        assertThat(Metrics.of(npsAnswers(v30), Counts.ZERO).smallSample()).isFalse();
    }

    @Test
    void fairScoreShrinksTowardTheCenter() {
        Counts agent = npsAnswers(10, 10); // NPS 100 on two answers
        Counts rest = npsAnswers(0, 0, 0, 10, 8, 8, 8, 8); // NPS -25 on eight
        Counts center = agent.plus(rest); // 3 promoters, 3 detractors: NPS 0
        Metrics m = Metrics.of(agent, center);
        assertThat(m.nps()).isEqualTo(100.0);
        assertThat(m.fairNps())
                .isCloseTo((2 * 100 + Metrics.PRIOR_WEIGHT * 0) / (2 + Metrics.PRIOR_WEIGHT), within(1e-9));
        // With no answers of its own an agent sits at the center's score.
        assertThat(Metrics.of(Counts.ZERO, rest).fairNps()).isCloseTo(-25.0, within(1e-9));
        // Many answers dominate the prior.
        int[] many = new int[2000];
        Arrays.fill(many, 10);
        assertThat(Metrics.of(npsAnswers(many), rest).fairNps()).isGreaterThan(98.0);
    }

    @Test
    void callerEndedShareCountsOnlyCallsThatSayWhoEndedThem() {
        assertThat(Metrics.of(Counts.ofCall(60_000, 0, true), Counts.ZERO).callerEndedShare())
                .isNull();
        Counts c = Counts.ofCall(60_000, 0, true, "agent")
                .plus(Counts.ofCall(60_000, 0, false, "caller"))
                .plus(Counts.ofCall(60_000, 0, true, "agent"))
                .plus(Counts.ofCall(60_000, 0, false, "caller"))
                .plus(Counts.ofCall(60_000, 0, true, null)) // an older agent: not counted either way
                .plus(Counts.ofSurvey(new SurveyScores(9, 5, 1, 3)));
        assertThat(c.endedKnown()).isEqualTo(4);
        assertThat(c.callerEnded()).isEqualTo(2);
        assertThat(Metrics.of(c, c).callerEndedShare()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void csatResolutionResponseAndMute() {
        Counts c = Counts.ofCall(100_000, 10_000, true)
                .plus(Counts.ofCall(300_000, 0, true))
                .plus(Counts.ofCall(50_000, 0, false))
                .plus(Counts.ofSurvey(new SurveyScores(10, 5, 1, 3)))
                .plus(Counts.ofSurvey(new SurveyScores(null, 2, 0, 2)))
                .plus(Counts.ofSurvey(new SurveyScores(null, null, null, 0)));
        Metrics m = Metrics.of(c, c);
        assertThat(c.calls()).isEqualTo(3);
        assertThat(c.surveysOffered()).isEqualTo(2);
        assertThat(c.surveys()).isEqualTo(3);
        assertThat(c.responses()).isEqualTo(2);
        // More surveys than offers: the rate is over surveys, never above 1.
        assertThat(m.responseRate()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(m.csatMean()).isCloseTo(3.5, within(1e-9));
        assertThat(m.csatTop2()).isCloseTo(0.5, within(1e-9));
        assertThat(m.resolutionRate()).isCloseTo(0.5, within(1e-9));
        assertThat(m.muteRatio()).isCloseTo(10_000.0 / 450_000, within(1e-9));
    }

    @Test
    void countsMergeInAnyOrder() {
        Random random = new Random(7);
        List<Counts> parts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            parts.add(
                    random.nextBoolean()
                            ? Counts.ofCall(random.nextInt(1_000_000), random.nextInt(1000), random.nextBoolean())
                            : Counts.ofSurvey(new SurveyScores(
                                    random.nextInt(11), 1 + random.nextInt(5), random.nextInt(2), random.nextInt(4))));
        }
        Counts forward = parts.stream().reduce(Counts.ZERO, Counts::plus);
        List<Counts> shuffled = new ArrayList<>(parts);
        Collections.shuffle(shuffled, random);
        Counts left = shuffled.subList(0, 37).stream().reduce(Counts.ZERO, Counts::plus);
        Counts right = shuffled.subList(37, 100).stream().reduce(Counts.ZERO, Counts::plus);
        assertThat(left.plus(right)).isEqualTo(forward);
        assertThat(right.plus(left)).isEqualTo(forward);
    }
}
