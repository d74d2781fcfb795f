package io.cxpulse.server.programs;

import io.cxpulse.server.Topics;
import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which survey program version each team runs, as this node last knew it, so that the team's agents connected here
 * are offered each new one. An activation reaches every node on the event bus ({@link Topics#PROGRAM_ACTIVATED}) at
 * once; that bus delivers at most once, so a node cut off from its cluster for a moment could miss one and its agents
 * would keep the old version until they connect again. A cluster node therefore also {@linkplain #check() reads} the
 * store's activations now and then and offers a team's version again when it changed without this node hearing of it.
 * An agent that is offered the version it already has only confirms it.
 */
public final class ActivationWatch {
    private static final Logger log = LoggerFactory.getLogger(ActivationWatch.class);

    private final Store store;
    private final Consumer<String> changed;
    /** Per team: program, version and time of the activation last known here. */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    private volatile boolean noted;

    /**
     * Watches the activations in {@code store}; {@code changed} is told each team whose version changed, to offer it
     * to the team's agents connected here.
     */
    public ActivationWatch(Store store, Consumer<String> changed) {
        this.store = store;
        this.changed = changed;
    }

    /** An activation heard on the event bus ({@code team, programId, version, activatedMs}): offered at once. */
    public void heard(JsonObject activation) {
        String team = activation.getString("team");
        known.put(
                team,
                key(
                        activation.getString("programId"),
                        activation.getInteger("version"),
                        activation.getLong("activatedMs", 0L)));
        changed.accept(team);
    }

    /**
     * Reads the store's activations and offers each team's version that changed unheard. The first check only notes
     * them: agents are offered their team's version when they connect.
     */
    public Future<Void> check() {
        Map<String, String> before = Map.copyOf(known);
        boolean first = !noted;
        return store.read(ProgramStore::activations).map(all -> {
            for (ProgramStore.Activation a : all.values()) {
                String now = key(a.programId(), a.version(), a.activatedMs());
                String was = before.get(a.team());
                if (now.equals(was)) {
                    continue;
                }
                // Unless an activation was heard meanwhile, which is newer than what was read.
                boolean taken =
                        was == null ? known.putIfAbsent(a.team(), now) == null : known.replace(a.team(), was, now);
                if (taken && !first) {
                    log.info(
                            "Team {} runs survey program {} v{}, activated without this node hearing of it; offering it"
                                    + " to its agents here",
                            a.team(),
                            a.programId(),
                            a.version());
                    changed.accept(a.team());
                }
            }
            noted = true;
            return null;
        });
    }

    private static String key(String programId, int version, long activatedMs) {
        return programId + " v" + version + " @" + activatedMs;
    }
}
