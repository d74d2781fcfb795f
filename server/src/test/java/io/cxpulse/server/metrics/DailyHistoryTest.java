package io.cxpulse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DailyHistoryTest {
    private static final ZoneId ZONE = ZoneId.of("America/New_York");

    private static long at(String local) {
        return LocalDateTime.parse(local).atZone(ZONE).toInstant().toEpochMilli();
    }

    private static Counts nps(int v) {
        return Counts.ofSurvey(new SurveyScores(v, null, null, 1));
    }

    @Test
    void countsEachEventOnItsLocalDay() {
        DailyHistory h = new DailyHistory(ZONE);
        h.add("north", at("2026-03-07T23:59:59"), nps(10));
        h.add("north", at("2026-03-08T00:00:00"), nps(0));
        h.add("south", at("2026-03-08T12:00:00"), nps(9));
        LocalDate sat = LocalDate.parse("2026-03-07");
        LocalDate sun = LocalDate.parse("2026-03-08");
        assertThat(h.counts(sat, "north").promoters()).isEqualTo(1);
        assertThat(h.counts(sun, "north").detractors()).isEqualTo(1);
        assertThat(h.counts(sun, "south").promoters()).isEqualTo(1);
        assertThat(h.counts(sat, "south")).isEqualTo(Counts.ZERO);
        assertThat(h.center(sun).npsN()).isEqualTo(2);
        // 8 March 2026 is a daylight-saving change in New York: the day has 23 hours.
        assertThat(h.startOf(LocalDate.parse("2026-03-09")) - h.startOf(sun)).isEqualTo(23 * 3_600_000L);
    }
}
