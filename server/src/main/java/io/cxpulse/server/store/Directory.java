package io.cxpulse.server.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory copy of the teams and agents tables, read on every frame and page; refreshed after provisioning. */
public final class Directory {
    private final Map<String, Rows.Team> teams = new ConcurrentSkipListMap<>();
    private final Map<String, Rows.Agent> agents = new ConcurrentSkipListMap<>();
    private final AtomicLong version = new AtomicLong();

    public void replace(List<Rows.Team> newTeams, List<Rows.Agent> newAgents) {
        Map<String, Rows.Team> t = new ConcurrentHashMap<>();
        newTeams.forEach(x -> t.put(x.id(), x));
        Map<String, Rows.Agent> a = new ConcurrentHashMap<>();
        newAgents.forEach(x -> a.put(x.id(), x));
        teams.keySet().retainAll(t.keySet());
        teams.putAll(t);
        agents.keySet().retainAll(a.keySet());
        agents.putAll(a);
        version.incrementAndGet();
    }

    public void put(Rows.Agent agent) {
        agents.put(agent.id(), agent);
        version.incrementAndGet();
    }

    public void put(Rows.Team team) {
        teams.put(team.id(), team);
        version.incrementAndGet();
    }

    /** Changes after every change of the teams or agents. */
    public long version() {
        return version.get();
    }

    public Optional<Rows.Agent> agent(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    public Optional<Rows.Team> team(String id) {
        return Optional.ofNullable(teams.get(id));
    }

    /** All agents, ordered by id. */
    public Collection<Rows.Agent> agents() {
        return agents.values();
    }

    /** All teams, ordered by id. */
    public Collection<Rows.Team> teams() {
        return teams.values();
    }
}
