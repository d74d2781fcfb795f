package io.cxpulse.server.ingest;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.AgentScores;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.ScoresSubscribe;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.TestAgent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent that asks for its own scores gets them over its link, at once and after each survey: its own only. */
class OwnScoresLinkIT {
    @TempDir
    Path dir;

    private CxServer server;
    private String grace;
    private String omar;

    @BeforeEach
    void start() {
        server = await(CxServer.start(ServerConfig.loopback(dir)));
        grace = await(server.provisionAgent("agent-07", "Grace Mensah", "north"));
        omar = await(server.provisionAgent("agent-08", "Omar Haddad", "north"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            await(server.close());
        }
    }

    @Test
    void scoresComeAfterTheSubscriptionAndEachSurveyAndNeverIncludeAColleague() {
        long now = System.currentTimeMillis();
        try (TestAgent colleague = TestAgent.hello(server.vertx(), server.port(), "agent-08", omar)) {
            colleague.send(survey("om-1", "agent-08", now - 1000, 0, 1, 0));
            assertThat(colleague.next()).isEqualTo(new Ack(List.of("om-1")));
        }
        try (TestAgent agent = TestAgent.hello(server.vertx(), server.port(), "agent-07", grace)) {
            agent.send(new ScoresSubscribe());
            AgentScores first = (AgentScores) agent.next();
            assertThat(first.agentId()).isEqualTo("agent-07");
            assertThat(first.today().npsResponses()).isZero();
            assertThat(first.recent()).isEmpty();

            agent.send(survey("gr-1", "agent-07", now, 10, 5, 1));
            List<Message> next = new ArrayList<>(List.of(agent.next(), agent.next()));
            assertThat(next).contains(new Ack(List.of("gr-1")));
            AgentScores after = (AgentScores) next.stream()
                    .filter(m -> m instanceof AgentScores)
                    .findFirst()
                    .orElseThrow();
            assertThat(after.today().npsResponses()).isEqualTo(1);
            assertThat(after.today().nps()).isEqualTo(100.0);
            assertThat(after.today().csat()).isEqualTo(5.0);
            assertThat(after.recent()).hasSize(1);
            assertThat(after.recent().get(0).endMs()).isEqualTo(now);
        }
    }
}
