package io.cxpulse.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cxpulse.agent.sim.Fleet;
import io.cxpulse.agent.sim.SimulatedAgent;
import io.cxpulse.agent.survey.SurveyDefinitions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end on loopback: simulated agents (fake headset, real call tracking, real survey with
 * touch-tones decoded by the DTMF receiver, durable outbox, WebSocket link) against a real server; the survey results
 * must be committed to the SQLite file and reach a live dashboard subscriber.
 */
class FleetEndToEndIT {
    private static final SimulatedAgent.Pace FAST = new SimulatedAgent.Pace(40, 10_000, 20_000, 500, 2_000);

    @TempDir
    Path dir;

    @Test
    void surveyResultsAreCommittedAndPushedLive() throws Exception {
        try (Loopback server = Loopback.start(dir.resolve("server"), 0)) {
            BlockingQueue<JsonNode> live = server.live();
            try (Fleet fleet = new Fleet(
                    server.agents(2),
                    server.uri(),
                    dir.resolve("agents"),
                    FAST,
                    SurveyDefinitions.defaultSurvey(),
                    7)) {
                fleet.run(2);
                assertThat(fleet.drain(Duration.ofSeconds(30)))
                        .as("every event acknowledged")
                        .isTrue();
                assertThat(fleet.agents())
                        .allSatisfy(a -> assertThat(a.surveys()).isEqualTo(2));
            }

            assertThat(server.count("SELECT COUNT(*) FROM calls")).isEqualTo(4);
            assertThat(server.count("SELECT COUNT(*) FROM surveys")).isEqualTo(4);
            assertThat(server.count("SELECT COUNT(*) FROM surveys WHERE agent_id = 'agent-01'"))
                    .isEqualTo(2);

            // The stream opens with a snapshot, then sends the agents whose metrics changed.
            Map<String, Integer> seen = new HashMap<>();
            JsonNode last = Loopback.awaitEvent(live, Duration.ofSeconds(20), e -> {
                for (JsonNode a : e.path("agents")) {
                    seen.put(
                            a.path("agentId").asText(),
                            a.path("today").path("surveys").asInt());
                }
                return Integer.valueOf(2).equals(seen.get("agent-01"))
                        && Integer.valueOf(2).equals(seen.get("agent-02"));
            });
            assertThat(last)
                    .as("live updates with both agents' surveys, seen: " + seen)
                    .isNotNull();
        }
    }
}
