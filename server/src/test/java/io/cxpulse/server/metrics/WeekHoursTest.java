package io.cxpulse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WeekHoursTest {
    private static final ZoneId ZONE = ZoneId.of("America/New_York");

    private static long at(String local) {
        return LocalDateTime.parse(local).atZone(ZONE).toInstant().toEpochMilli();
    }

    private static Counts nps(int v) {
        return Counts.ofSurvey(new SurveyScores(v, null, null, 1));
    }

    @Test
    void addsEachHourUnderItsLocalWeekdayAndHour() {
        WeekHours w = new WeekHours(ZONE);
        // Two Mondays at nine, either side of the clocks going forward; a Sunday at 23:00.
        w.add(at("2026-03-02T09:00"), nps(3));
        w.add(at("2026-03-09T09:00"), nps(10));
        w.add(at("2026-03-08T23:00"), nps(0));
        assertThat(w.counts(1, 9).npsN()).isEqualTo(2);
        assertThat(w.counts(1, 9).detractors()).isEqualTo(1);
        assertThat(w.counts(7, 23).detractors()).isEqualTo(1);
        assertThat(w.counts(1, 8)).isEqualTo(Counts.ZERO);
        assertThat(w.counts(7, 0)).isEqualTo(Counts.ZERO);
    }
}
