package io.cxpulse.server.live;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.Topics;
import io.cxpulse.server.metrics.MetricsBook;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.cxpulse.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live counts follow the store exactly: counted from it at start and on a rebuild, then from the committed-event
 * messages, each event once, however its message and the store's read cross.
 */
class CommitFeedIT {
    @TempDir
    Path dir;

    private Vertx vertx;
    private Store store;
    private Context context;
    private MetricsBook book;
    private CommitFeed feed;
    private final long now = System.currentTimeMillis();

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        store = Store.open(vertx, "jdbc:sqlite:" + dir.resolve("cx.db"), null, null, Clock.systemUTC(), ZoneOffset.UTC);
        context = vertx.getOrCreateContext();
        book = new MetricsBook();
        Directory directory = new Directory();
        directory.replace(
                List.of(new Rows.Team("north", "North")),
                List.of(new Rows.Agent("agent-01", "Ann", "north", "h", null)));
        Scoreboard board = new Scoreboard(book, directory, Clock.systemUTC(), ZoneOffset.UTC, id -> false);
        LiveHub hub = new LiveHub(
                vertx, board, id -> Future.succeededFuture(true), p -> Future.succeededFuture(new JsonArray()));
        feed = new CommitFeed(vertx, book, hub, store, Clock.systemUTC(), ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        store.close();
        await(vertx.close());
    }

    private <T> T on(Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(p));
        return await(p.future());
    }

    private long answers() {
        return on(() -> Future.succeededFuture(book.since("agent-01", 0).npsN()));
    }

    private void stored(String eventId) {
        await(store.write(survey(eventId, "agent-01", now, 9, 5, 1), "north"));
    }

    /** What the committing node publishes for a survey. */
    private void published(String eventId) {
        vertx.eventBus()
                .publish(
                        Topics.SURVEY_COMMITTED,
                        new JsonObject()
                                .put("eventId", eventId)
                                .put("agentId", "agent-01")
                                .put("callId", eventId)
                                .put("team", "north")
                                .put("status", "completed")
                                .put("nps", 9)
                                .put("csat", 5)
                                .put("resolved", 1)
                                .put("answered", 3)
                                .put("endMs", now));
    }

    @Test
    void eachEventCountsOnceWhateverTheOrderOfItsMessageAndTheStoresRead() throws Exception {
        stored("s-1");
        stored("s-2");
        on(feed::start);
        assertThat(answers()).isEqualTo(2);

        // A late message of an event the store's read already counted is not counted again; one stored after is.
        published("s-2");
        stored("s-3");
        published("s-3");
        Await.until("s-3 counted", Duration.ofSeconds(5), () -> answers() >= 3);
        assertThat(answers()).isEqualTo(3);

        // Messages heard while the store is read wait for the read, then count once each.
        stored("s-4");
        on(() -> {
            Future<Void> rebuilt = feed.rebuild();
            published("s-3");
            published("s-4");
            return rebuilt;
        });
        stored("s-5");
        published("s-5");
        Await.until("s-5 counted", Duration.ofSeconds(5), () -> answers() >= 5);
        assertThat(answers()).isEqualTo(5);

        // A message that never came (its node died first) is made good by the next rebuild.
        stored("s-6");
        on(feed::rebuild);
        assertThat(answers()).isEqualTo(6);
    }
}
