package io.cxpulse.server.live;

import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.Interval;
import io.cxpulse.server.metrics.Metrics;
import io.cxpulse.server.metrics.MetricsBook;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Live metrics of every agent and team over the "today" and "last hour" windows, as the API and the live stream show
 * them, filtered to what a user may see. Runs on the server's event loop, except the rendering of {@link
 * #agentsJson}.
 */
public final class Scoreboard {
    private final MetricsBook book;
    private final Directory directory;
    private final Clock clock;
    private final ZoneId zone;
    private final Predicate<String> online;
    // Event-loop state: the last /api/agents rendering per viewer scope.
    private final Map<String, Rendering> renderings = new HashMap<>();

    public Scoreboard(MetricsBook book, Directory directory, Clock clock, ZoneId zone, Predicate<String> online) {
        this.book = book;
        this.online = online;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    public MetricsBook book() {
        return book;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Drops counts no live window reaches any more. */
    public void prune() {
        book.prune(clock.millis(), zone);
    }

    /** Metrics of the agents {@code viewer} may see; {@code onlyAgents} narrows to those ids when not null. */
    public JsonObject snapshot(Principal viewer, Set<String> onlyAgents) {
        return capture(viewer, onlyAgents, clock.millis()).render();
    }

    /**
     * {@code GET /api/agents}: {@link #snapshot} for {@code viewer} as serialized JSON. Called on the event loop, which
     * only reads the counts; the metrics and the JSON are made on a worker thread. A rendering is kept per scope and
     * served again until the counts, the agents, who is online or the minute change.
     */
    public Future<Buffer> agentsJson(Vertx vertx, Principal viewer) {
        long now = clock.millis();
        String scope = viewer.role().wire() + ":" + viewer.team();
        BitSet onlineNow = new BitSet();
        int i = 0;
        for (Rows.Agent a : directory.agents()) {
            if (online.test(a.id())) {
                onlineNow.set(i);
            }
            i++;
        }
        RenderKey key = new RenderKey(
                book.version(),
                directory.version(),
                Math.floorDiv(now, MINUTE),
                MetricsBook.startOfDay(now, zone),
                onlineNow);
        Rendering kept = renderings.get(scope);
        if (kept != null && kept.key().equals(key) && !kept.json().failed()) {
            return kept.json();
        }
        Captured captured = capture(viewer, null, now);
        Future<Buffer> json = vertx.executeBlocking(() -> captured.render().toBuffer(), false);
        if (renderings.size() >= MAX_RENDERINGS) {
            renderings.clear();
        }
        renderings.put(scope, new Rendering(key, json));
        return json;
    }

    /** Answers {@code GET /api/agents} with {@link #agentsJson}. */
    public void serveAgents(RoutingContext ctx, Principal viewer) {
        agentsJson(ctx.vertx(), viewer).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (!ctx.response().ended()) {
                // A copy per response: the kept rendering is shared by every request that finds it current.
                ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .end(ar.result().copy());
            }
        });
    }

    /** Reads the counts the metrics derive from (event loop: the book is not thread-safe). */
    private Captured capture(Principal viewer, Set<String> onlyAgents, long now) {
        long today = MetricsBook.startOfDay(now, zone);
        long hour = MetricsBook.lastHourStart(now);
        Map<String, Counts> teamToday = new HashMap<>();
        Map<String, Counts> teamHour = new HashMap<>();
        Counts centerToday = Counts.ZERO;
        Counts centerHour = Counts.ZERO;
        List<AgentCounts> agents = new ArrayList<>();
        // The center-wide prior and team totals need every agent, whoever is looking.
        for (Rows.Agent a : directory.agents()) {
            Counts t = book.since(a.id(), today);
            Counts h = book.since(a.id(), hour);
            teamToday.merge(a.team(), t, Counts::plus);
            teamHour.merge(a.team(), h, Counts::plus);
            centerToday = centerToday.plus(t);
            centerHour = centerHour.plus(h);
            if (viewer.sees(a.team()) && (onlyAgents == null || onlyAgents.contains(a.id()))) {
                agents.add(new AgentCounts(a, online.test(a.id()), t, h));
            }
        }
        List<TeamCounts> teams = new ArrayList<>();
        for (Rows.Team t : directory.teams()) {
            if (viewer.sees(t.id())) {
                teams.add(new TeamCounts(
                        t, teamToday.getOrDefault(t.id(), Counts.ZERO), teamHour.getOrDefault(t.id(), Counts.ZERO)));
            }
        }
        return new Captured(now, zone.getId(), today, centerToday, centerHour, teams, agents);
    }

    private static final long MINUTE = 60_000;
    private static final int MAX_RENDERINGS = 256;

    /** What a rendering depends on besides the viewer's scope. */
    private record RenderKey(long bookVersion, long directoryVersion, long minute, long todayStart, BitSet online) {}

    private record Rendering(RenderKey key, Future<Buffer> json) {}

    private record AgentCounts(Rows.Agent agent, boolean online, Counts today, Counts lastHour) {}

    private record TeamCounts(Rows.Team team, Counts today, Counts lastHour) {}

    /** The counts of one snapshot, which any thread may turn into metrics and JSON. */
    private record Captured(
            long now,
            String zone,
            long todayStart,
            Counts centerToday,
            Counts centerHour,
            List<TeamCounts> teams,
            List<AgentCounts> agents) {
        JsonObject render() {
            JsonArray agentsJson = new JsonArray(new ArrayList<>(agents.size()));
            for (AgentCounts a : agents) {
                agentsJson.add(new JsonObject()
                        .put("agentId", a.agent().id())
                        .put("displayName", a.agent().displayName())
                        .put("team", a.agent().team())
                        .put("online", a.online())
                        .put("today", json(Metrics.of(a.today(), centerToday)))
                        .put("lastHour", json(Metrics.of(a.lastHour(), centerHour))));
            }
            JsonArray teamsJson = new JsonArray();
            for (TeamCounts t : teams) {
                teamsJson.add(new JsonObject()
                        .put("team", t.team().id())
                        .put("name", t.team().name())
                        .put("today", json(Metrics.of(t.today(), centerToday)))
                        .put("lastHour", json(Metrics.of(t.lastHour(), centerHour))));
            }
            return new JsonObject()
                    .put("generatedMs", now)
                    .put("timeZone", zone)
                    .put("todayStartMs", todayStart)
                    .put("teams", teamsJson)
                    .put("agents", agentsJson);
        }
    }

    /**
     * One window's metrics as JSON; absent values are null. The NPS comes with its 95% band ({@code low}, {@code
     * high}: the score less and plus its margin, within -100..100) and the CSAT top-2 share with its Wilson 95%
     * interval ({@code top2Low}, {@code top2High}).
     */
    public static JsonObject json(Metrics m) {
        Counts c = m.counts();
        Double npsLow = m.nps() == null ? null : Math.max(-100, m.nps() - m.npsMargin());
        Double npsHigh = m.nps() == null ? null : Math.min(100, m.nps() + m.npsMargin());
        Interval top2 = Interval.wilson(c.csatTop2(), c.csatN());
        return new JsonObject()
                .put("calls", c.calls())
                .put("surveysOffered", c.surveysOffered())
                .put("surveys", c.surveys())
                .put("responses", c.responses())
                .put("responseRate", m.responseRate())
                .put(
                        "nps",
                        new JsonObject()
                                .put("n", c.npsN())
                                .put("promoters", c.promoters())
                                .put("passives", c.passives())
                                .put("detractors", c.detractors())
                                .put("score", m.nps())
                                .put("margin", m.npsMargin())
                                .put("fair", m.fairNps())
                                .put("smallSample", m.smallSample())
                                .put("low", npsLow)
                                .put("high", npsHigh))
                .put(
                        "csat",
                        new JsonObject()
                                .put("n", c.csatN())
                                .put("mean", m.csatMean())
                                .put("top2", m.csatTop2())
                                .put("top2Low", top2 == null ? null : top2.low())
                                .put("top2High", top2 == null ? null : top2.high()))
                .put("resolution", new JsonObject().put("n", c.resolvedN()).put("rate", m.resolutionRate()))
                .put("talkMs", c.talkMs())
                .put("muteMs", c.muteMs())
                .put("muteRatio", m.muteRatio())
                .put("callerEndedShare", m.callerEndedShare());
    }
}
