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
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detractor alerts: raised from the surveys this node commits ({@link Topics#SURVEY_COMMITTED}, heard locally, so
 * that in a cluster exactly one node raises each), kept in the store, listed and followed up. Every new or changed
 * alert is published ({@link Topics#ALERT_RAISED}, {@link Topics#ALERT_CHANGED}) for every node's dashboards.
 */
public final class Alerts {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    /** The longest note a supervisor may keep on an alert. */
    public static final int MAX_NOTE = 2_000;

    private final Vertx vertx;
    private final Store store;
    private final Directory directory;
    private final Clock clock;

    public Alerts(Vertx vertx, Store store, Directory directory, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
    }

    /** Starts raising alerts from this node's commits; call on the server's context. */
    public void start() {
        vertx.eventBus().<JsonObject>localConsumer(Topics.SURVEY_COMMITTED, m -> raise(m.body()));
    }

    private void raise(JsonObject survey) {
        Optional<Alert> raised = AlertRule.raisedBy(survey, clock.millis());
        if (raised.isEmpty()) {
            return;
        }
        Alert alert = raised.get();
        store.transaction(c -> AlertQueries.insert(c, alert))
                .onSuccess(inserted -> {
                    if (inserted) {
                        vertx.eventBus().publish(Topics.ALERT_RAISED, alert.toJson(directory));
                    }
                })
                .onFailure(e -> log.warn("Could not raise the alert of survey {}", alert.id(), e));
    }

    /** The alerts in {@code states} (null: all) of {@code teams} (null: all), newest first. */
    public Future<List<Alert>> list(Collection<String> states, Collection<String> teams, int limit) {
        return store.read(c -> AlertQueries.list(c, states, teams, limit));
    }

    /** The open alerts a user may see, newest first, as the live snapshot carries them. */
    public Future<JsonArray> open(Principal p) {
        return list(List.of(Alert.OPEN, Alert.ACKNOWLEDGED), p.teams(), 200)
                .map(list -> new JsonArray(
                        list.stream().map(a -> a.toJson(directory)).collect(Collectors.toList())));
    }

    /**
     * Moves an alert to {@code newState} (null: keeps its state) and keeps {@code note} when not null, as {@code p};
     * empty when there is no such alert in {@code p}'s teams. Publishes the changed alert.
     */
    public Future<Optional<JsonObject>> update(Principal p, String id, String newState, String note) {
        return store.transaction(c -> {
                    Optional<Alert> current = AlertQueries.get(c, id);
                    if (current.isEmpty() || !p.sees(current.get().team())) {
                        return Optional.<Alert>empty();
                    }
                    String state = newState == null ? current.get().state() : newState;
                    return AlertQueries.update(c, id, state, note, clock.millis(), p.username());
                })
                .map(updated -> updated.map(a -> {
                    JsonObject json = a.toJson(directory);
                    vertx.eventBus().publish(Topics.ALERT_CHANGED, json);
                    return json;
                }));
    }
}
