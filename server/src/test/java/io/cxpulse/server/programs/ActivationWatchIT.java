package io.cxpulse.server.programs;

import static io.cxpulse.server.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's watch over the teams' active survey program versions: an activation heard on the event bus is offered at
 * once, and one the node never heard of is offered after its next look at the store, each once.
 */
class ActivationWatchIT {
    @TempDir
    Path dir;

    private Vertx vertx;
    private Store store;
    private final List<String> offered = new CopyOnWriteArrayList<>();
    private ActivationWatch watch;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        store = Store.open(vertx, "jdbc:sqlite:" + dir.resolve("cx.db"), null, null, Clock.systemUTC());
        await(store.transaction(c -> {
            ProgramStore.createProgram(c, "effort", "Customer effort", "boss", 1_000);
            for (int v = 1; v <= 3; v++) {
                ProgramStore.addVersion(c, "effort", new JsonObject(), new JsonObject(), null, "boss", 1_000 + v);
            }
            ProgramStore.activate(c, "north", "effort", 1, "boss", 2_000);
            return null;
        }));
        watch = new ActivationWatch(store, offered::add);
    }

    @AfterEach
    void close() {
        store.close();
        await(vertx.close());
    }

    private void activateUnheard(String team, int version, long atMs) {
        await(store.transaction(c -> {
            ProgramStore.activate(c, team, "effort", version, "boss", atMs);
            return null;
        }));
    }

    @Test
    void anActivationNeverHeardOfIsOfferedAfterTheNextCheckOnce() {
        await(watch.check());
        assertThat(offered).as("the first check only notes the versions").isEmpty();

        activateUnheard("north", 2, 3_000);
        activateUnheard("south", 1, 3_000);
        await(watch.check());
        assertThat(offered).containsExactlyInAnyOrder("north", "south");
        await(watch.check());
        assertThat(offered).as("each change is offered once").hasSize(2);

        // The same version activated again is offered again: the agents confirm it.
        activateUnheard("north", 2, 4_000);
        await(watch.check());
        assertThat(offered).containsExactlyInAnyOrder("north", "south", "north");
    }

    @Test
    void anActivationHeardOnTheEventBusIsOfferedAtOnceAndNotAgainByTheCheck() {
        await(watch.check());
        activateUnheard("north", 3, 5_000);
        watch.heard(new JsonObject()
                .put("team", "north")
                .put("programId", "effort")
                .put("version", 3)
                .put("activatedMs", 5_000L));
        assertThat(offered).containsExactly("north");
        await(watch.check());
        assertThat(offered).containsExactly("north");
    }
}
