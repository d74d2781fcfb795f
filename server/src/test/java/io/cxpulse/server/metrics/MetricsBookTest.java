package io.cxpulse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MetricsBookTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static long at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant().toEpochMilli();
    }

    private static Counts promoter() {
        return Counts.ofSurvey(new SurveyScores(10, null, null, 1));
    }

    @Test
    void todayStartsAtMidnightInTheCentersZone() {
        long now = at("2026-03-10T00:30", SHANGHAI);
        assertThat(MetricsBook.startOfDay(now, SHANGHAI)).isEqualTo(at("2026-03-10T00:00", SHANGHAI));
        // The same instant is still the previous day in UTC.
        assertThat(MetricsBook.startOfDay(now, ZoneId.of("UTC"))).isEqualTo(at("2026-03-09T00:00", ZoneId.of("UTC")));
    }

    @Test
    void windowsCountWhatHappenedInThem() {
        MetricsBook book = new MetricsBook();
        long now = at("2026-03-10T09:00", SHANGHAI);
        book.add("a", at("2026-03-09T23:59", SHANGHAI), promoter()); // yesterday
        book.add("a", at("2026-03-10T07:00", SHANGHAI), promoter()); // today, not last hour
        book.add("a", at("2026-03-10T08:30", SHANGHAI), promoter()); // last hour
        book.add("a", at("2026-03-10T08:31", SHANGHAI), Counts.ofCall(60_000, 0, true));
        book.add("b", at("2026-03-10T08:45", SHANGHAI), promoter());

        assertThat(book.since("a", MetricsBook.startOfDay(now, SHANGHAI)).promoters())
                .isEqualTo(2);
        assertThat(book.since("a", MetricsBook.lastHourStart(now)).promoters()).isEqualTo(1);
        assertThat(book.since("a", MetricsBook.lastHourStart(now)).calls()).isEqualTo(1);
        assertThat(book.since("b", MetricsBook.startOfDay(now, SHANGHAI)).promoters())
                .isEqualTo(1);
        assertThat(book.since("nobody", 0)).isEqualTo(Counts.ZERO);
    }

    @Test
    void pruneKeepsEverythingALiveWindowNeeds() {
        MetricsBook book = new MetricsBook();
        // Just after midnight the last hour reaches into yesterday, so yesterday's last hour must stay.
        long now = at("2026-03-10T00:20", SHANGHAI);
        book.add("a", at("2026-03-09T23:30", SHANGHAI), promoter());
        book.add("a", at("2026-03-09T22:00", SHANGHAI), promoter());
        book.prune(now, SHANGHAI);
        assertThat(book.since("a", 0).promoters()).isEqualTo(1);
        assertThat(book.since("a", MetricsBook.lastHourStart(now)).promoters()).isEqualTo(1);
    }

    @Test
    void replaceWithTakesOverARebuiltBook() {
        MetricsBook live = new MetricsBook();
        live.add("a", 1_000_000, promoter());
        MetricsBook rebuilt = new MetricsBook();
        rebuilt.add("b", 2_000_000, promoter());
        live.replaceWith(rebuilt);
        assertThat(live.since("a", 0)).isEqualTo(Counts.ZERO);
        assertThat(live.since("b", 0).promoters()).isEqualTo(1);
    }
}
