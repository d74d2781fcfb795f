package io.cxpulse.server.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The authenticated agent sockets open on this node, so that re-keying an agent can end the connections its old
 * token opened, and their meters: agents connected, events waiting for the store's writer, commit latency.
 * Event-loop only, but for the meters, which a scrape reads from any thread.
 */
public final class AgentSockets {
    private final Map<String, Set<AgentSocket>> open = new HashMap<>();
    private final AtomicInteger agents = new AtomicInteger();
    private final AtomicInteger pendingWrites = new AtomicInteger();
    private final Timer commitLatency;
    private int count;

    public AgentSockets(MeterRegistry registry) {
        Gauge.builder("cx.agents.connected", agents, AtomicInteger::get)
                .description("Agents with an authenticated connection to this node")
                .register(registry);
        Gauge.builder("cx.write.queue.depth", pendingWrites, AtomicInteger::get)
                .description("Events handed to the store's writer and not yet committed")
                .register(registry);
        commitLatency = Timer.builder("cx.commit.latency")
                .description("From an event's hand-over to the store's writer until its transaction committed")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** An event goes to the store's writer; returns the time to pass to {@link #written}. */
    long writing() {
        pendingWrites.incrementAndGet();
        return System.nanoTime();
    }

    /** The event handed over at {@code startNanos} was committed (or failed). */
    void written(long startNanos, boolean committed) {
        pendingWrites.decrementAndGet();
        if (committed) {
            commitLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    void add(String agentId, AgentSocket socket) {
        Set<AgentSocket> set = open.computeIfAbsent(agentId, k -> new LinkedHashSet<>());
        if (set.add(socket)) {
            count++;
            if (set.size() == 1) {
                agents.incrementAndGet();
            }
        }
    }

    void remove(String agentId, AgentSocket socket) {
        Set<AgentSocket> set = open.get(agentId);
        if (set != null && set.remove(socket)) {
            count--;
            if (set.isEmpty()) {
                open.remove(agentId);
                agents.decrementAndGet();
            }
        }
    }

    /** Ends every socket of {@code agentId} with an {@code unauthorized} error naming {@code reason}; returns how many. */
    public int closeAll(String agentId, String reason) {
        Set<AgentSocket> set = open.get(agentId);
        if (set == null) {
            return 0;
        }
        List<AgentSocket> toClose = new ArrayList<>(set);
        toClose.forEach(s -> s.revoke(reason));
        return toClose.size();
    }

    /**
     * Ends the sockets of {@code agentId} opened with another token than {@code currentTokenHash} (all of them when
     * it is null: the agent is gone), as {@link #closeAll} does; returns how many.
     */
    public int closeStale(String agentId, String currentTokenHash, String reason) {
        Set<AgentSocket> set = open.get(agentId);
        if (set == null) {
            return 0;
        }
        List<AgentSocket> toClose = new ArrayList<>();
        for (AgentSocket s : set) {
            if (currentTokenHash == null || !currentTokenHash.equals(s.tokenHash())) {
                toClose.add(s);
            }
        }
        toClose.forEach(s -> s.revoke(reason));
        return toClose.size();
    }

    /** Another survey program version was activated for {@code team}: its agents connected here receive it. */
    public void programChanged(String team) {
        List<AgentSocket> all = new ArrayList<>();
        open.values().forEach(all::addAll);
        all.forEach(s -> s.programChanged(team));
    }

    /** Authenticated sockets open right now. */
    public int count() {
        return count;
    }
}
