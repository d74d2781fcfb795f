package io.cxpulse.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowUpSummaryTest {
    private static final long HOUR = 3_600_000L;

    private static Alert alert(String id, String state, long createdMs, Long firstActionMs, Long closedMs) {
        return new Alert(
                id,
                Alert.DETRACTOR,
                "agent-1",
                "north",
                "call-" + id,
                3,
                null,
                state,
                null,
                closedMs == null ? null : "reached",
                createdMs,
                createdMs,
                null,
                createdMs + 2 * HOUR,
                null,
                firstActionMs,
                closedMs,
                null);
    }

    @Test
    void mediansAreOfTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertThat(FollowUpSummary.median(List.of())).isNull();
        assertThat(FollowUpSummary.median(List.of(5L, 1L, 3L))).isEqualTo(3L);
        assertThat(FollowUpSummary.median(List.of(4L, 1L, 10L, 2L))).isEqualTo(3L);
    }

    @Test
    void onlyAlertsClosedOrPastTheirDeadlineCountForTheShareClosedInTime() {
        long now = 10 * HOUR;
        JsonObject s = FollowUpSummary.of(
                "north",
                List.of(
                        alert("in-time", Alert.CLOSED, 0, HOUR, HOUR),
                        alert("late", Alert.CLOSED, 0, 3 * HOUR, 5 * HOUR),
                        alert("overdue", Alert.ACKNOWLEDGED, HOUR, 2 * HOUR, null),
                        alert("not-due", Alert.OPEN, 9 * HOUR, null, null)),
                now);
        assertThat(s.getInteger("alerts")).isEqualTo(4);
        assertThat(s.getInteger("closed")).isEqualTo(2);
        assertThat(s.getInteger("due")).isEqualTo(3);
        assertThat(s.getInteger("closedInTime")).isEqualTo(1);
        assertThat(s.getDouble("closedInTimeShare")).isEqualTo(1.0 / 3);
        assertThat(s.getLong("medianFirstActionMs")).isEqualTo(HOUR);
        assertThat(s.getLong("medianCloseMs")).isEqualTo(3 * HOUR);
    }
}
