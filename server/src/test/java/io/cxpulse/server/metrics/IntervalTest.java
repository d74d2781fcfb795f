package io.cxpulse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntervalTest {
    @Test
    void matchesPublishedWilsonIntervals() {
        // Newcombe (1998), table I: 81 of 263 and 15 of 148.
        Interval a = Interval.wilson(81, 263);
        assertThat(a.low()).isCloseTo(0.2553, within(1e-4));
        assertThat(a.high()).isCloseTo(0.3662, within(1e-4));
        Interval b = Interval.wilson(15, 148);
        assertThat(b.low()).isCloseTo(0.0624, within(1e-4));
        assertThat(b.high()).isCloseTo(0.1605, within(1e-4));
    }

    @Test
    void unanimousAnswersStillHaveAWideIntervalInsideZeroToOne() {
        Interval none = Interval.wilson(0, 3);
        assertThat(none.low()).isEqualTo(0.0);
        assertThat(none.high()).isCloseTo(0.5615, within(1e-4));
        Interval all = Interval.wilson(3, 3);
        assertThat(all.high()).isEqualTo(1.0);
        assertThat(all.low()).isCloseTo(1 - 0.5615, within(1e-4));
    }

    @Test
    void nothingMeasuredHasNoInterval() {
        assertThat(Interval.wilson(0, 0)).isNull();
    }
}
