package io.cxpulse.server.alerts;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A team's follow-up figures over a set of alerts. */
final class FollowUpSummary {
    private FollowUpSummary() {}

    /**
     * {@code team}'s figures at {@code nowMs}: alerts, closed, escalated, the median time from raised to the first
     * action and to closing (null when none), and closed in time out of those closed or already due.
     */
    static JsonObject of(String team, List<Alert> alerts, long nowMs) {
        List<Long> firstAction = new ArrayList<>();
        List<Long> close = new ArrayList<>();
        int closed = 0;
        int escalated = 0;
        int settled = 0;
        int inTime = 0;
        for (Alert a : alerts) {
            if (a.firstActionMs() != null) {
                firstAction.add(a.firstActionMs() - a.createdMs());
            }
            if (a.escalatedMs() != null) {
                escalated++;
            }
            boolean isClosed = Alert.CLOSED.equals(a.state()) && a.closedMs() != null;
            if (isClosed) {
                closed++;
                close.add(a.closedMs() - a.createdMs());
                if (a.closedMs() <= a.dueMs()) {
                    inTime++;
                }
            }
            if (isClosed || nowMs > a.dueMs()) {
                settled++;
            }
        }
        return new JsonObject()
                .put("team", team)
                .put("alerts", alerts.size())
                .put("closed", closed)
                .put("escalated", escalated)
                .put("medianFirstActionMs", median(firstAction))
                .put("medianCloseMs", median(close))
                .put("closedInTime", inTime)
                .put("due", settled)
                .put("closedInTimeShare", settled == 0 ? null : (double) inTime / settled);
    }

    /** The median, the mean of the middle two for an even count; null for none. */
    static Long median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
