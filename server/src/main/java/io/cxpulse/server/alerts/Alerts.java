package io.cxpulse.server.alerts;

import io.cxpulse.server.Topics;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detractor and trend alerts: raised from the surveys this node commits ({@link Topics#SURVEY_COMMITTED}, heard locally, so
 * that in a cluster exactly one node raises each), kept in the store, listed and followed up. Every new or changed
 * alert is published ({@link Topics#ALERT_RAISED}, {@link Topics#ALERT_CHANGED}) for every node's dashboards.
 */
public final class Alerts {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    /** The longest note a supervisor may keep on an alert. */
    public static final int MAX_NOTE = 2_000;
    /** The follow-up window of a team that has not set its own: 24 hours. */
    public static final long DEFAULT_WINDOW_MS = 24 * 3_600_000L;
    /** How often each node looks for late follow-ups to escalate and for alerts a stopped node did not raise. */
    public static final long ESCALATION_CHECK_MS = 60_000L;
    /** How far back, in survey end time, each check looks for detractors whose alert was not raised. */
    public static final long CATCH_UP_MS = 3_600_000L;
    /** Surveys stored this recently are left to the raise that follows their commit. */
    static final long SETTLE_MS = 10_000L;

    private final Vertx vertx;
    private final Store store;
    private final Directory directory;
    private final Clock clock;
    private final long checkMs;
    private final TrendAlerts trends;
    /**
     * Least time between the starts of two trend checks of one agent: the surveys of a burst (an agent's outbox sent
     * after a network outage, a load test) are covered by one more check after it rather than by one check each, which
     * would read the agent's latest surveys again for every one of them.
     */
    static final long TREND_SPACING_MS = 2_000L;

    /**
     * The agents whose trend check is running or was started less than {@link #TREND_SPACING_MS} ago, on this node's
     * context: to the team of a survey that came in meanwhile (empty when none did).
     */
    private final Map<String, String> trendChecks = new HashMap<>();

    private long escalationTimer = -1;
    private boolean stopped;

    public Alerts(Vertx vertx, Store store, Directory directory, Clock clock) {
        this(vertx, store, directory, clock, ESCALATION_CHECK_MS);
    }

    /** As the server's, checking for late follow-ups every {@code checkMs}. */
    Alerts(Vertx vertx, Store store, Directory directory, Clock clock, long checkMs) {
        this.vertx = vertx;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.checkMs = checkMs;
        this.trends = new TrendAlerts(store, clock);
    }

    /**
     * Starts raising alerts from this node's commits and checking for late follow-ups now and then; call on the
     * server's context.
     */
    public void start() {
        vertx.eventBus().<JsonObject>localConsumer(Topics.SURVEY_COMMITTED, m -> {
            raise(m.body());
            raiseTrend(m.body());
        });
        raiseMissed().onFailure(e -> log.warn("Could not look for alerts not raised", e));
        trends.countCenter().onFailure(e -> log.warn("Could not count the center's detractor rate", e));
        escalationTimer = vertx.setPeriodic(checkMs, id -> {
            raiseMissed().onFailure(e -> log.warn("Could not look for alerts not raised", e));
            escalateLate().onFailure(e -> log.warn("Could not escalate the late follow-ups", e));
        });
    }

    /**
     * Raises the alerts of recent detractor surveys that have none: a node that stopped between a survey's commit and
     * its alert's (a crash, a store that failed for a moment) leaves such a survey, and any node's next check raises
     * its alert, dated when the survey was stored so that its follow-up deadline is unchanged. The insert is
     * conditional, so nodes checking at once raise each alert once. Publishes each; returns them.
     */
    public Future<List<Alert>> raiseMissed() {
        long now = clock.millis();
        return store.transaction(c -> {
                    List<Alert> raised = new ArrayList<>();
                    for (JsonObject survey : AlertQueries.surveysWithoutAlert(c, now - CATCH_UP_MS, now - SETTLE_MS)) {
                        Optional<Alert> alert = AlertRule.raisedBy(survey, survey.getLong("receivedMs"));
                        if (alert.isPresent()) {
                            AlertQueries.insert(c, alert.get()).ifPresent(raised::add);
                        }
                    }
                    return raised;
                })
                .map(raised -> {
                    for (Alert a : raised) {
                        log.info("Raised the missed alert of survey {} of team {}", a.id(), a.team());
                        vertx.eventBus().publish(Topics.ALERT_RAISED, a.toJson(directory));
                    }
                    return raised;
                });
    }

    /** Stops the check for late follow-ups. */
    public void stop() {
        stopped = true;
        if (escalationTimer >= 0) {
            vertx.cancelTimer(escalationTimer);
            escalationTimer = -1;
        }
    }

    /**
     * Escalates to the admins every active alert past its due time that nobody escalated before, once: each is marked
     * by a conditional update in the store, so that nodes checking at once never escalate one twice. Publishes each
     * escalated alert; returns them. The work runs on the store's threads.
     */
    public Future<List<Alert>> escalateLate() {
        return store.transaction(c -> {
                    long now = clock.millis();
                    List<Alert> escalated = new ArrayList<>();
                    for (Alert late : AlertQueries.lateUnescalated(c, now)) {
                        if (AlertQueries.escalate(c, late.id(), now)) {
                            AlertQueries.get(c, late.id()).ifPresent(escalated::add);
                        }
                    }
                    return escalated;
                })
                .map(escalated -> {
                    for (Alert a : escalated) {
                        log.info("Escalated the late follow-up of alert {} of team {}", a.id(), a.team());
                        vertx.eventBus().publish(Topics.ALERT_CHANGED, a.toJson(directory));
                    }
                    return escalated;
                });
    }

    private void raise(JsonObject survey) {
        Optional<Alert> raised = AlertRule.raisedBy(survey, clock.millis());
        if (raised.isEmpty()) {
            return;
        }
        Alert alert = raised.get();
        store.transaction(c -> AlertQueries.insert(c, alert))
                .onSuccess(inserted ->
                        inserted.ifPresent(a -> vertx.eventBus().publish(Topics.ALERT_RAISED, a.toJson(directory))))
                .onFailure(e -> log.warn("Could not raise the alert of survey {}", alert.id(), e));
    }

    /**
     * Looks for a slide of the agent whose survey was committed and raises its trend alert when it has none yet; a
     * survey whose check failed (the store failed for a moment, the node stopped) is covered by the agent's next one,
     * since a slide lasts until the agent recovers.
     */
    private void raiseTrend(JsonObject survey) {
        if (survey.getInteger("nps") != null || survey.getInteger("csat") != null) {
            raiseTrend(survey.getString("agentId"), survey.getString("team"));
        }
    }

    /**
     * One check per agent at a time, at most one every {@link #TREND_SPACING_MS}, on this node's context: surveys that
     * come in meanwhile are covered by one more check after it.
     */
    private void raiseTrend(String agentId, String team) {
        if (stopped) {
            return;
        }
        if (trendChecks.containsKey(agentId)) {
            trendChecks.put(agentId, team);
            return;
        }
        trendChecks.put(agentId, "");
        long started = System.nanoTime();
        trends.check(agentId, team)
                .onSuccess(raised -> raised.ifPresent(a -> {
                    log.info("Raised a trend alert for agent {} of team {}", a.agentId(), a.team());
                    vertx.eventBus().publish(Topics.ALERT_RAISED, a.toJson(directory));
                }))
                .onFailure(e -> log.warn("Could not look for a slide of agent {}", agentId, e))
                .onComplete(done -> {
                    long left = TREND_SPACING_MS - (System.nanoTime() - started) / 1_000_000;
                    if (left <= 0) {
                        checkAgain(agentId);
                    } else {
                        vertx.setTimer(left, id -> checkAgain(agentId));
                    }
                });
    }

    /** Ends an agent's check, and checks once more if surveys came in meanwhile. */
    private void checkAgain(String agentId) {
        String again = trendChecks.remove(agentId);
        if (again != null && !again.isEmpty()) {
            raiseTrend(agentId, again);
        }
    }

    /** Looks for a slide of {@code agentId} now, as after each of its surveys; the alert raised, if any. */
    public Future<Optional<Alert>> checkTrend(String agentId, String team) {
        return trends.check(agentId, team).map(raised -> {
            raised.ifPresent(a -> vertx.eventBus().publish(Topics.ALERT_RAISED, a.toJson(directory)));
            return raised;
        });
    }

    /**
     * The alerts in {@code states} (null: all) of {@code teams} (null: all), only the escalated ones when {@code
     * escalated}, newest first.
     */
    public Future<List<Alert>> list(Collection<String> states, Collection<String> teams, boolean escalated, int limit) {
        return store.read(c -> AlertQueries.list(c, states, teams, escalated, limit));
    }

    /** An alert's trail, oldest first; empty when there is no such alert in {@code p}'s teams. */
    public Future<Optional<JsonArray>> history(Principal p, String id) {
        return store.read(c -> {
            Optional<Alert> alert = AlertQueries.get(c, id);
            if (alert.isEmpty() || !p.sees(alert.get().team())) {
                return Optional.<JsonArray>empty();
            }
            JsonArray out = new JsonArray();
            for (AlertQueries.Change ch : AlertQueries.history(c, id)) {
                out.add(new JsonObject()
                        .put("atMs", ch.atMs())
                        .put("action", ch.action())
                        .put("by", ch.by())
                        .put("state", ch.state())
                        .put("outcome", ch.outcome())
                        .put("note", ch.note()));
            }
            return Optional.of(out);
        });
    }

    /** A team's follow-up window in milliseconds. */
    public Future<Long> window(String team) {
        return store.read(c -> AlertQueries.window(c, team));
    }

    /** Sets a team's follow-up window for the alerts raised from now on. */
    public Future<Void> setWindow(String team, long windowMs) {
        return store.transaction(c -> {
            AlertQueries.setWindow(c, team, windowMs);
            return null;
        });
    }

    /**
     * Per team (of {@code teams}, null: all) over the alerts raised in the last {@code days} days: how many, the
     * median time to the first action and to closing, and the share closed in time among those closed or already due.
     */
    public Future<JsonObject> summary(Collection<String> teams, int days) {
        long now = clock.millis();
        long since = now - days * 86_400_000L;
        return store.read(c -> AlertQueries.raisedSince(c, since, teams)).map(list -> {
            Map<String, List<Alert>> byTeam = new TreeMap<>();
            for (Alert a : list) {
                byTeam.computeIfAbsent(a.team(), k -> new ArrayList<>()).add(a);
            }
            JsonArray out = new JsonArray();
            byTeam.forEach((team, alerts) -> out.add(FollowUpSummary.of(team, alerts, now)));
            return new JsonObject().put("days", days).put("sinceMs", since).put("teams", out);
        });
    }

    /** The open alerts a user may see, newest first, as the live snapshot carries them. */
    public Future<JsonArray> open(Principal p) {
        return list(List.of(Alert.OPEN, Alert.ACKNOWLEDGED), p.teams(), false, 200)
                .map(list -> new JsonArray(
                        list.stream().map(a -> a.toJson(directory)).collect(Collectors.toList())));
    }

    /**
     * Moves an alert to {@code newState} (null: keeps its state), keeps {@code note} and {@code outcome} when not
     * null, as {@code p}, and records the change in its trail; empty when there is no such alert in {@code p}'s teams.
     * Publishes the changed alert.
     */
    public Future<Optional<JsonObject>> update(Principal p, String id, String newState, String note, String outcome) {
        String action = newState == null ? "noted" : newState;
        return store.transaction(c -> {
                    Optional<Alert> current = AlertQueries.get(c, id);
                    if (current.isEmpty() || !p.sees(current.get().team())) {
                        return Optional.<Alert>empty();
                    }
                    String state = newState == null ? current.get().state() : newState;
                    return AlertQueries.update(c, id, action, state, note, outcome, clock.millis(), p.username());
                })
                .map(updated -> updated.map(a -> {
                    JsonObject json = a.toJson(directory);
                    vertx.eventBus().publish(Topics.ALERT_CHANGED, json);
                    return json;
                }));
    }
}
