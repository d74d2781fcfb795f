package io.cxpulse.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.WireCodec;
import io.cxpulse.server.TestSupport;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RollupsTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void theRepeatedHourOfAFallBackIsTwoBucketsOfOneDay() {
        // 1 November 2026: 01:00-02:00 happens at -04:00 and again at -05:00.
        long firstOne =
                LocalDateTime.of(2026, 11, 1, 5, 30).toInstant(ZoneOffset.UTC).toEpochMilli();
        long secondOne = firstOne + 3_600_000L;
        assertThat(Rollups.hour(firstOne, NEW_YORK)).isEqualTo(firstOne - 30 * 60_000L);
        assertThat(Rollups.hour(secondOne, NEW_YORK)).isEqualTo(secondOne - 30 * 60_000L);
        assertThat(Rollups.day(firstOne, NEW_YORK))
                .isEqualTo(Rollups.day(secondOne, NEW_YORK))
                .isEqualTo(LocalDate.of(2026, 11, 1).toEpochDay());
    }

    @Test
    void hoursFollowTheLocalClockInHalfHourZones() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        long t = LocalDateTime.of(2026, 3, 2, 0, 10).atZone(kolkata).toInstant().toEpochMilli();
        long midnight =
                LocalDate.of(2026, 3, 2).atStartOfDay(kolkata).toInstant().toEpochMilli();
        assertThat(Rollups.hour(t, kolkata)).isEqualTo(midnight);
        assertThat(Rollups.day(t - 11 * 60_000L, kolkata))
                .isEqualTo(LocalDate.of(2026, 3, 1).toEpochDay());
    }

    @Test
    void theStoredAnswersAreTheWireAnswers() {
        var s = TestSupport.survey("s-1", "agent-1", 1_000_000, 10, null, 1);
        String wire =
                new JsonObject(WireCodec.encode(s)).getJsonArray("answers").encode();
        assertThat(EventWriter.answersJson(s.answers())).isEqualTo(wire);
    }
}
