package io.cxpulse.server.alerts;

import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Trend alerts: after each survey an agent's latest {@link TrendDetector#WINDOW} surveys are read and run through the
 * {@link TrendDetector}, at the threshold for the agent's surveys a week measured from those surveys' times; a slide
 * the agent has no trend alert for yet raises one, of kind {@link Alert#TREND}, carrying its evidence. A detractor here is what it is everywhere in the product: NPS 0-6 or CSAT 1-2. The work runs on the
 * store's threads.
 *
 * <p>One alert per slide: while the slide lasts every evaluation finds the same slide, and the store admits a trend
 * alert only when the agent has none raised since the slide's first survey was stored (a conditional INSERT, so that
 * nodes raising at once raise it once). After the agent recovers, a new slide is a new alert.
 */
final class TrendAlerts {
    /** How far back the center's detractor rate is counted. */
    static final long CENTER_DAYS_MS = 28 * 86_400_000L;
    /** How long a node keeps the center's rate before counting it again. */
    static final long CENTER_REFRESH_MS = 600_000L;

    private static final String DETRACTOR = "(s.nps <= 6 OR s.csat <= 2)";

    private final Store store;
    private final Clock clock;
    private volatile double centerRate = -1;
    private volatile long centerAtMs;
    private final ReentrantLock counting = new ReentrantLock();

    TrendAlerts(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Counts the center's rate now, in the background: called at start, so that the first surveys after a start do
     * not wait for a count of weeks of surveys.
     */
    Future<Void> countCenter() {
        long now = clock.millis();
        return store.read(c -> center(c, now)).mapEmpty();
    }

    /** One survey the detector reads. */
    private record Seen(String eventId, String callId, long endMs, long receivedMs, boolean detractor) {}

    /** The trend alert the agent's surveys raise now, stored; empty when there is none or it was raised before. */
    Future<Optional<Alert>> check(String agentId, String team) {
        long now = clock.millis();
        return store.read(c -> candidate(c, agentId, team, now)).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<Alert>empty());
            }
            Candidate cand = found.get();
            return store.transaction(c -> AlertQueries.insertTrend(c, cand.alert(), cand.slideFromMs()));
        });
    }

    private record Candidate(Alert alert, long slideFromMs) {}

    private Optional<Candidate> candidate(Connection c, String agentId, String team, long now) throws SQLException {
        List<Seen> seen = latest(c, agentId);
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        double center = center(c, now);
        List<Boolean> bad = new ArrayList<>(seen.size());
        List<Long> endMs = new ArrayList<>(seen.size());
        for (Seen s : seen) {
            bad.add(s.detractor());
            endMs.add(s.endMs());
        }
        Optional<TrendDetector.Slide> found = TrendDetector.evaluate(bad, center, TrendDetector.surveysPerWeek(endMs));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TrendDetector.Slide slide = found.get();
        Seen first = seen.get(slide.start());
        Seen alarm = seen.get(slide.alarm());
        if (AlertQueries.trendRaisedSince(c, agentId, first.receivedMs())) {
            return Optional.empty();
        }
        JsonObject evidence = new JsonObject()
                .put("measure", "detractor")
                .put("beforeRate", slide.baselineRate())
                .put("beforeN", slide.baselineN())
                .put("afterRate", slide.rate())
                .put("afterN", slide.n())
                .put("afterDetractors", slide.bad())
                .put("centerRate", slide.centerRate())
                .put("sureAboveBefore", slide.sureAboveBaseline())
                .put("sureAboveCenter", slide.sureAboveCenter())
                .put("sinceMs", first.endMs())
                .put("calledMs", alarm.endMs());
        Alert alert = Alert.raised(
                "trend-" + alarm.eventId(), Alert.TREND, agentId, team, alarm.callId(), null, null, now, evidence);
        return Optional.of(new Candidate(alert, first.receivedMs()));
    }

    /** The agent's latest answered surveys (an NPS or CSAT answer), oldest first. */
    private static List<Seen> latest(Connection c, String agentId) throws SQLException {
        List<Seen> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.event_id, s.call_id, s.end_ms, s.received_ms,"
                + " CASE WHEN " + DETRACTOR + " THEN 1 ELSE 0 END FROM surveys s WHERE s.agent_id = ?"
                + " AND (s.nps IS NOT NULL OR s.csat IS NOT NULL) ORDER BY s.end_ms DESC, s.event_id DESC LIMIT ?")) {
            ps.setString(1, agentId);
            ps.setInt(2, TrendDetector.WINDOW);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Seen(
                            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5) == 1));
                }
            }
        }
        Collections.reverse(out);
        return out;
    }

    /**
     * The center's detractor rate over the last {@link #CENTER_DAYS_MS}, counted at most every few minutes and by one
     * check at a time (on a large store the count reads weeks of surveys): checks that come meanwhile take the rate
     * counted before, or wait for the first count.
     */
    private double center(Connection c, long now) throws SQLException {
        if (centerRate >= 0 && now - centerAtMs < CENTER_REFRESH_MS) {
            return centerRate;
        }
        if (centerRate >= 0) {
            if (!counting.tryLock()) {
                return centerRate;
            }
        } else {
            counting.lock();
        }
        try {
            if (centerRate >= 0 && now - centerAtMs < CENTER_REFRESH_MS) {
                return centerRate;
            }
            return countRate(c, now);
        } finally {
            counting.unlock();
        }
    }

    private double countRate(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN " + DETRACTOR
                + " THEN 1 ELSE 0 END) FROM surveys s WHERE s.end_ms >= ? AND (s.nps IS NOT NULL OR s.csat IS NOT"
                + " NULL)")) {
            ps.setLong(1, now - CENTER_DAYS_MS);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                long bad = rs.getLong(2);
                // Laplace's rule keeps a new center (few or no surveys) off a rate of 0 or 1.
                centerRate = (bad + 1.0) / (n + 2.0);
                centerAtMs = now;
            }
        }
        return centerRate;
    }
}
