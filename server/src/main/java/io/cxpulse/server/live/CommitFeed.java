package io.cxpulse.server.live;

import io.cxpulse.server.Topics;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.MetricsBook;
import io.cxpulse.server.metrics.SurveyScores;
import io.cxpulse.server.store.Queries;
import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the live figures from the committed-event topics, which every node's commits are published on: each new call
 * or survey is added to the in-memory counts and marks its agent changed for the dashboards; each new or changed alert
 * is pushed at once. Event-loop only.
 *
 * <p>The counts start from the store and are rebuilt from it when asked (a node left the cluster, whose last commits
 * may never have been published). A rebuild is exact: messages arriving while the store is read wait, and an event
 * the read already counted is not counted again when its message comes, during or after the read. The store's read
 * is one snapshot, and the ids of the events it holds that were stored in the last {@link #IN_FLIGHT_MS} (any message
 * still on its way is of such an event) are kept for {@link #IN_FLIGHT_MS} to tell them.
 */
public final class CommitFeed {
    private static final Logger log = LoggerFactory.getLogger(CommitFeed.class);
    /** Longer than any committed-event message takes from its commit to here. */
    static final long IN_FLIGHT_MS = 120_000;

    private record Event(boolean survey, JsonObject body) {}

    private record Snapshot(MetricsBook book, Set<String> recentIds) {}

    private final Vertx vertx;
    private final MetricsBook book;
    private final LiveHub hub;
    private final Store store;
    private final Clock clock;
    private final ZoneId zone;
    private List<Event> waiting;
    private Promise<Void> rebuilt;
    private boolean rebuildAgain;
    private Set<String> counted = new HashSet<>();
    private long countedUntilMs;

    public CommitFeed(Vertx vertx, MetricsBook book, LiveHub hub, Store store, Clock clock, ZoneId zone) {
        this.vertx = vertx;
        this.book = book;
        this.hub = hub;
        this.store = store;
        this.clock = clock;
        this.zone = zone;
    }

    /** Starts listening and counts what the store holds; call on the server's context. */
    public Future<Void> start() {
        Future<Void> calls = vertx.eventBus()
                .<JsonObject>consumer(Topics.CALL_COMMITTED, m -> heard(new Event(false, m.body())))
                .completion();
        Future<Void> surveys = vertx.eventBus()
                .<JsonObject>consumer(Topics.SURVEY_COMMITTED, m -> heard(new Event(true, m.body())))
                .completion();
        Future<Void> raised = vertx.eventBus()
                .<JsonObject>consumer(Topics.ALERT_RAISED, m -> hub.alert(m.body()))
                .completion();
        Future<Void> changed = vertx.eventBus()
                .<JsonObject>consumer(Topics.ALERT_CHANGED, m -> hub.alert(m.body()))
                .completion();
        return Future.all(calls, surveys, raised, changed).compose(v -> rebuild());
    }

    /** Counts the live windows afresh from the store; messages heard meanwhile are counted after, once each. */
    public Future<Void> rebuild() {
        if (rebuilt != null) {
            rebuildAgain = true;
            return rebuilt.future();
        }
        Promise<Void> done = Promise.promise();
        rebuilt = done;
        waiting = new ArrayList<>();
        long now = clock.millis();
        store.readSnapshot(c -> {
                    MetricsBook fresh = new MetricsBook();
                    Queries.liveWindows(c, zone, now, fresh::add);
                    Set<String> recent =
                            Queries.recentEventIds(c, MetricsBook.retentionStart(now, zone), now - IN_FLIGHT_MS);
                    return new Snapshot(fresh, recent);
                })
                .onComplete(read -> {
                    if (read.succeeded()) {
                        book.replaceWith(read.result().book());
                        counted = read.result().recentIds();
                        countedUntilMs = clock.millis() + IN_FLIGHT_MS;
                    } else {
                        log.warn(
                                "Could not count the live figures from the store; keeping the counts so far",
                                read.cause());
                    }
                    List<Event> heard = waiting;
                    waiting = null;
                    rebuilt = null;
                    heard.forEach(this::count);
                    hub.refreshAll();
                    if (read.succeeded()) {
                        done.complete();
                    } else {
                        done.fail(read.cause());
                    }
                    if (rebuildAgain) {
                        rebuildAgain = false;
                        rebuild();
                    }
                });
        return done.future();
    }

    private void heard(Event e) {
        if (waiting != null) {
            waiting.add(e);
        } else {
            count(e);
        }
    }

    private void count(Event e) {
        JsonObject body = e.body();
        if (!counted.isEmpty()) {
            if (clock.millis() > countedUntilMs) {
                counted = new HashSet<>();
            } else if (counted.remove(body.getString("eventId"))) {
                return;
            }
        }
        Counts counts = e.survey()
                ? Counts.ofSurvey(new SurveyScores(
                        body.getInteger("nps"),
                        body.getInteger("csat"),
                        body.getInteger("resolved"),
                        body.getInteger("answered")))
                : Counts.ofCall(
                        body.getLong("talkMs"),
                        body.getLong("muteMs"),
                        body.getBoolean("surveyOffered"),
                        body.getString("endedBy"));
        String agentId = body.getString("agentId");
        book.add(agentId, body.getLong("endMs"), counts);
        hub.agentChanged(agentId, body.getString("team"));
    }
}
