package io.cxpulse.server.live;

import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.Metrics;
import io.cxpulse.server.metrics.MetricsBook;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Live metrics of every agent and team over the "today" and "last hour" windows, as the API and the live stream show
 * them, filtered to what a user may see. Runs on the server's event loop.
 */
public final class Scoreboard {
    private final MetricsBook book;
    private final Directory directory;
    private final Clock clock;
    private final ZoneId zone;
    private final Predicate<String> online;

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
        long now = clock.millis();
        long today = MetricsBook.startOfDay(now, zone);
        long hour = MetricsBook.lastHourStart(now);
        Map<String, Counts> agentToday = new HashMap<>();
        Map<String, Counts> agentHour = new HashMap<>();
        Map<String, Counts> teamToday = new HashMap<>();
        Map<String, Counts> teamHour = new HashMap<>();
        Counts centerToday = Counts.ZERO;
        Counts centerHour = Counts.ZERO;
        // The center-wide prior and team totals need every agent, whoever is looking.
        for (Rows.Agent a : directory.agents()) {
            Counts t = book.since(a.id(), today);
            Counts h = book.since(a.id(), hour);
            agentToday.put(a.id(), t);
            agentHour.put(a.id(), h);
            teamToday.merge(a.team(), t, Counts::plus);
            teamHour.merge(a.team(), h, Counts::plus);
            centerToday = centerToday.plus(t);
            centerHour = centerHour.plus(h);
        }
        JsonArray agents = new JsonArray();
        for (Rows.Agent a : directory.agents()) {
            if (!viewer.sees(a.team()) || (onlyAgents != null && !onlyAgents.contains(a.id()))) {
                continue;
            }
            agents.add(new JsonObject()
                    .put("agentId", a.id())
                    .put("displayName", a.displayName())
                    .put("team", a.team())
                    .put("online", online.test(a.id()))
                    .put("today", json(Metrics.of(agentToday.get(a.id()), centerToday)))
                    .put("lastHour", json(Metrics.of(agentHour.get(a.id()), centerHour))));
        }
        JsonArray teams = new JsonArray();
        for (Rows.Team t : directory.teams()) {
            if (!viewer.sees(t.id())) {
                continue;
            }
            teams.add(new JsonObject()
                    .put("team", t.id())
                    .put("name", t.name())
                    .put("today", json(Metrics.of(teamToday.getOrDefault(t.id(), Counts.ZERO), centerToday)))
                    .put("lastHour", json(Metrics.of(teamHour.getOrDefault(t.id(), Counts.ZERO), centerHour))));
        }
        return new JsonObject()
                .put("generatedMs", now)
                .put("timeZone", zone.getId())
                .put("todayStartMs", today)
                .put("teams", teams)
                .put("agents", agents);
    }

    /** One window's metrics as JSON; absent values are null. */
    public static JsonObject json(Metrics m) {
        Counts c = m.counts();
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
                                .put("smallSample", m.smallSample()))
                .put(
                        "csat",
                        new JsonObject()
                                .put("n", c.csatN())
                                .put("mean", m.csatMean())
                                .put("top2", m.csatTop2()))
                .put("resolution", new JsonObject().put("n", c.resolvedN()).put("rate", m.resolutionRate()))
                .put("talkMs", c.talkMs())
                .put("muteMs", c.muteMs())
                .put("muteRatio", m.muteRatio())
                .put("callerEndedShare", m.callerEndedShare());
    }
}
