package io.cxpulse.server.history;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.Message;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.SettableClock;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.auth.Role;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A server on a fixed clock, Wednesday 25 November 2026 15:30 UTC, with two north agents, one south agent, an admin,
 * a north and a south supervisor, and these surveys (NPS, CSAT):
 *
 * <pre>
 *   today      09:10 agent-n1 10 5   09:40 agent-n1 3 2   14:05 agent-n1 9 4   14:20 agent-n2 6 3   09:15 agent-s1 8 4
 *   yesterday  09:30 agent-n1  7 4   09:30 agent-n2 10 5
 *   a week ago 14:30 agent-n1  2 1   (Wednesday 18 November)
 * </pre>
 */
public final class ChartFixture {
    public static final Instant NOW = Instant.parse("2026-11-25T15:30:00Z");

    private ChartFixture() {}

    public static SettableClock clock() {
        return new SettableClock(NOW, ZoneId.of("UTC"));
    }

    /** Starts the server on SQLite and {@code clock} with the people above, and stores the surveys. */
    public static CxServer start(Path dir, SettableClock clock) {
        return start(ServerConfig.loopback(dir), clock);
    }

    /** As {@link #start(Path, SettableClock)}, on the store {@code config} names. */
    public static CxServer start(ServerConfig config, SettableClock clock) {
        People people = People.start(config, clock);
        CxServer server = people.server();
        ingest(
                server,
                "agent-n1",
                people.n1(),
                survey("n1-a", "agent-n1", at("2026-11-25T09:10:00Z"), 10, 5, 1),
                survey("n1-b", "agent-n1", at("2026-11-25T09:40:00Z"), 3, 2, 0),
                survey("n1-c", "agent-n1", at("2026-11-25T14:05:00Z"), 9, 4, 1),
                survey("n1-d", "agent-n1", at("2026-11-24T09:30:00Z"), 7, 4, 1),
                survey("n1-e", "agent-n1", at("2026-11-18T14:30:00Z"), 2, 1, 0));
        ingest(
                server,
                "agent-n2",
                people.n2(),
                survey("n2-a", "agent-n2", at("2026-11-25T14:20:00Z"), 6, 3, 0),
                survey("n2-b", "agent-n2", at("2026-11-24T09:30:00Z"), 10, 5, 1));
        ingest(server, "agent-s1", people.s1(), survey("s1-a", "agent-s1", at("2026-11-25T09:15:00Z"), 8, 4, 1));
        return server;
    }

    /**
     * The server both history fixtures start from, on {@code config} and {@code clock} in UTC, with the people above and
     * no surveys yet: agents {@code agent-n1}, {@code agent-n2} (north) and {@code agent-s1} (south), whose tokens these
     * are; {@code boss} (admin), {@code lead-n} and {@code lead-s} (supervisors of north and south).
     */
    record People(CxServer server, String n1, String n2, String s1) {
        static People start(ServerConfig config, SettableClock clock) {
            CxServer server = await(CxServer.start(config.withClock(clock).withZone(ZoneId.of("UTC"))));
            String n1 = await(server.provisionAgent("agent-n1", "Nora North", "north"));
            String n2 = await(server.provisionAgent("agent-n2", "Niko North", "north"));
            String s1 = await(server.provisionAgent("agent-s1", "Sam South", "south"));
            await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
            await(server.provisionUser("lead-n", "lead-password", Role.SUPERVISOR, "north"));
            await(server.provisionUser("lead-s", "lead-password", Role.SUPERVISOR, "south"));
            return new People(server, n1, n2, s1);
        }
    }

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static void ingest(CxServer server, String agentId, String token, Message... events) {
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), agentId, token)) {
            for (Message e : events) {
                agent.send(e);
                Message answer = agent.next();
                if (!(answer instanceof Ack)) {
                    throw new AssertionError(
                            "expected an ack of " + e.getClass().getSimpleName() + ", got " + answer);
                }
            }
        }
    }
}
