package io.cxpulse.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrendDetectorTest {
    private static final long WEEK_MS = 7 * 86_400_000L;

    /** {@code good} satisfied surveys with one detractor every tenth, then {@code bad} detractors in a row. */
    private static List<Boolean> steadyThenBad(int good, int bad) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < good; i++) {
            out.add(i % 10 == 0);
        }
        out.addAll(Collections.nCopies(bad, true));
        return out;
    }

    @Test
    void aSteadyAgentAtTheCenterRateHasNoSlide() {
        assertThat(TrendDetector.evaluate(steadyThenBad(300, 0), 0.10)).isEmpty();
    }

    @Test
    void aRunOfDetractorsIsASlideWithItsEvidence() {
        Optional<TrendDetector.Slide> slide = TrendDetector.evaluate(steadyThenBad(200, 5), 0.10);
        assertThat(slide).isPresent();
        TrendDetector.Slide s = slide.get();
        assertThat(s.start()).isEqualTo(200);
        assertThat(s.alarm()).isBetween(201, 204);
        assertThat(s.bad()).isEqualTo(s.n());
        assertThat(s.baselineRate()).isCloseTo(0.10, within(0.01));
        assertThat(s.baselineN()).isEqualTo(200);
        assertThat(s.sureAboveBaseline()).isGreaterThan(0.99);
        assertThat(s.sureAboveCenter()).isGreaterThan(0.9);
    }

    @Test
    void theSlideLastsWhileItPersistsAndEndsAfterRecovery() {
        List<Boolean> stream = steadyThenBad(200, 6);
        int alarm = TrendDetector.evaluate(stream, 0.10).orElseThrow().alarm();
        for (int i = 0; i < 10; i++) {
            stream.add(i % 2 == 0);
        }
        assertThat(TrendDetector.evaluate(stream, 0.10))
                .map(TrendDetector.Slide::alarm)
                .contains(alarm);
        for (int i = 0; i < 60; i++) {
            stream.add(false);
        }
        assertThat(TrendDetector.evaluate(stream, 0.10)).isEmpty();
    }

    @Test
    void anAgentWorseThanThemselvesButStillBetterThanTheCenterIsNotCalled() {
        // Two detractors in five after a long clean record: a rise for this agent, yet not clearly above 50%.
        List<Boolean> stream = new ArrayList<>(Collections.nCopies(300, false));
        stream.addAll(List.of(true, false, true, false, true));
        assertThat(TrendDetector.evaluate(stream, 0.5)).isEmpty();
    }

    /** {@code count} survey end times, {@code gapMs} apart. */
    private static List<Long> times(int count, long gapMs) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(1_000_000L + i * gapMs);
        }
        return out;
    }

    @Test
    void theAgentsSurveysAWeekAreMeasuredFromTheirTimes() {
        assertThat(TrendDetector.surveysPerWeek(List.of())).isZero();
        // 40 a week for ten weeks: those of the last four weeks over four weeks.
        assertThat(TrendDetector.surveysPerWeek(times(TrendDetector.WINDOW, WEEK_MS / 40)))
                .isCloseTo(40, within(0.5));
        // A busy agent, whose latest surveys cover less than four weeks: over the time they cover.
        assertThat(TrendDetector.surveysPerWeek(times(TrendDetector.WINDOW, WEEK_MS / 125)))
                .isCloseTo(125, within(0.5));
        // A new agent with one week of surveys at 60 a week counts over four weeks.
        assertThat(TrendDetector.surveysPerWeek(times(60, WEEK_MS / 60))).isCloseTo(15, within(0.5));
        // No more than the most an agent is counted at.
        assertThat(TrendDetector.surveysPerWeek(times(TrendDetector.WINDOW, 60_000L)))
                .isEqualTo(TrendDetector.MAX_VOLUME);
    }

    @Test
    void busierAgentsAreCalledAtAHigherThresholdAndQuietOnesAtTheBaseOne() {
        assertThat(TrendDetector.threshold(0)).isEqualTo(TrendDetector.THRESHOLD);
        assertThat(TrendDetector.threshold(TrendDetector.BASE_VOLUME)).isEqualTo(TrendDetector.THRESHOLD);
        double previous = TrendDetector.THRESHOLD;
        for (double volume : new double[] {13, 20, 40, 60, 125, 200, TrendDetector.MAX_VOLUME}) {
            assertThat(TrendDetector.threshold(volume)).isGreaterThan(previous);
            previous = TrendDetector.threshold(volume);
        }
        assertThat(TrendDetector.threshold(1000)).isEqualTo(TrendDetector.threshold(TrendDetector.MAX_VOLUME));
        // The same surveys: a slide that 8 detractors make at 12 surveys a week takes more at 125.
        List<Boolean> stream = steadyThenBad(200, 8);
        assertThat(TrendDetector.evaluate(stream, 0.10, 12)).isPresent();
        assertThat(TrendDetector.evaluate(stream, 0.10, 125)).isEmpty();
        stream.addAll(Collections.nCopies(4, true));
        assertThat(TrendDetector.evaluate(stream, 0.10, 125)).isPresent();
    }

    @Test
    void betaProbabilitiesMatchClosedForms() {
        assertThat(TrendDetector.betaCdf(1, 1, 0.3)).isCloseTo(0.3, within(1e-9));
        assertThat(TrendDetector.betaCdf(2, 1, 0.5)).isCloseTo(0.25, within(1e-9));
        assertThat(TrendDetector.betaCdf(1, 2, 0.5)).isCloseTo(0.75, within(1e-9));
        assertThat(TrendDetector.probabilityGreater(1, 1, 1, 1)).isCloseTo(0.5, within(1e-3));
        // X ~ Beta(2, 1), Y ~ Beta(1, 1): P(X > Y) = integral of 2x * x = 2/3.
        assertThat(TrendDetector.probabilityGreater(2, 1, 1, 1)).isCloseTo(2.0 / 3, within(1e-3));
    }
}
