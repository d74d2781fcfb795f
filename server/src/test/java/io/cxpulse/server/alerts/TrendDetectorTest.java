package io.cxpulse.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrendDetectorTest {
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
