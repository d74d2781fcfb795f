package io.cxpulse.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.link.LinkStatus;
import io.cxpulse.agent.link.ServerLink;
import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.agent.sim.AgentCredentials;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import io.cxpulse.testkit.Await;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing acknowledged is lost and nothing resent is counted twice, across a dead server and lost acknowledgements. */
class LinkDeliveryIT {
    @TempDir
    Path dir;

    private static CallRecord call(String agentId, int n) {
        long start = 1_795_000_000_000L + n * 100_000L;
        return new CallRecord(
                "c" + n + ":call", agentId, "c" + n, start, start + 60_000, 60_000, 2_000, 1, 2_000, 0, true);
    }

    private static SurveyResult survey(String agentId, int n) {
        long start = 1_795_000_000_000L + n * 100_000L + 60_000;
        return new SurveyResult(
                "c" + n + ":survey",
                agentId,
                "c" + n,
                "en",
                start,
                start + 9_000,
                SurveyStatus.COMPLETED,
                List.of(Answer.answered("nps", QuestionKind.NPS, 3, 900)));
    }

    @Test
    void eventsMadeWhileTheServerIsDownArriveOnceItIsUp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path serverDir = dir.resolve("server");
        // Provision the demo agents once to learn a token, then take the server down.
        AgentCredentials agent;
        try (Loopback first = Loopback.start(serverDir, port)) {
            agent = first.agents(1).get(0);
        }
        try (Outbox outbox = Outbox.open(dir.resolve("agent"))) {
            ServerLink link = new ServerLink(
                    URI.create("http://127.0.0.1:" + port), agent.agentId(), agent.token(), outbox, s -> {});
            link.start();
            link.submit(call(agent.agentId(), 1));
            link.submit(survey(agent.agentId(), 1));
            Await.until(
                    "link.status().state() == LinkStatus.State.OFFLINE",
                    Duration.ofSeconds(10),
                    () -> link.status().state() == LinkStatus.State.OFFLINE);
            assertThat(outbox.size()).isEqualTo(2);

            try (Loopback second = Loopback.start(serverDir, port)) {
                Await.until("outbox.size() == 0", Duration.ofSeconds(60), () -> outbox.size() == 0);
                assertThat(second.count("SELECT COUNT(*) FROM calls")).isEqualTo(1);
                assertThat(second.count("SELECT COUNT(*) FROM surveys")).isEqualTo(1);
            } finally {
                link.close();
            }
        }
    }

    @Test
    void aLinkGivenSeveralServersMovesToTheNextWhenOneIsDown() throws Exception {
        int dead;
        try (ServerSocket probe = new ServerSocket(0)) {
            dead = probe.getLocalPort();
        }
        try (Loopback server = Loopback.start(dir.resolve("server"), 0)) {
            AgentCredentials agent = server.agents(1).get(0);
            try (Outbox outbox = Outbox.open(dir.resolve("agent"))) {
                ServerLink link = new ServerLink(
                        List.of(URI.create("http://127.0.0.1:" + dead), server.uri()),
                        agent.agentId(),
                        agent.token(),
                        outbox,
                        s -> {});
                link.submit(call(agent.agentId(), 1));
                link.submit(survey(agent.agentId(), 1));
                link.start();
                Await.until("outbox.size() == 0", Duration.ofSeconds(30), () -> outbox.size() == 0);
                link.close();
            }
            assertThat(server.count("SELECT COUNT(*) FROM calls")).isEqualTo(1);
            assertThat(server.count("SELECT COUNT(*) FROM surveys")).isEqualTo(1);
        }
    }

    @Test
    void resendingCommittedEventsIsAcknowledgedButNotCountedAgain() throws Exception {
        try (Loopback server = Loopback.start(dir.resolve("server"), 0)) {
            AgentCredentials agent = server.agents(1).get(0);
            for (int attempt = 0; attempt < 3; attempt++) {
                // Each attempt is an agent that lost the acknowledgements and sends the same events again.
                try (Outbox outbox = Outbox.open(dir.resolve("agent-" + attempt))) {
                    ServerLink link = new ServerLink(server.uri(), agent.agentId(), agent.token(), outbox, s -> {});
                    link.submit(call(agent.agentId(), 1));
                    link.submit(survey(agent.agentId(), 1));
                    link.submit(call(agent.agentId(), 2));
                    link.start();
                    Await.until("outbox.size() == 0", Duration.ofSeconds(30), () -> outbox.size() == 0);
                    link.close();
                }
            }
            assertThat(server.count("SELECT COUNT(*) FROM calls")).isEqualTo(2);
            assertThat(server.count("SELECT COUNT(*) FROM surveys")).isEqualTo(1);
        }
    }

    @Test
    void anAgentCannotReportForAnother() throws Exception {
        try (Loopback server = Loopback.start(dir.resolve("server"), 0)) {
            List<AgentCredentials> agents = server.agents(2);
            AgentCredentials me = agents.get(0);
            String other = agents.get(1).agentId();
            try (Outbox outbox = Outbox.open(dir.resolve("agent"))) {
                ServerLink link = new ServerLink(server.uri(), me.agentId(), me.token(), outbox, s -> {});
                link.submit(call(other, 1));
                link.submit(call(me.agentId(), 2));
                link.start();
                // The forged event is refused for good and dropped; the genuine one is committed.
                Await.until("outbox.size() == 0", Duration.ofSeconds(30), () -> outbox.size() == 0);
                link.close();
            }
            assertThat(server.count("SELECT COUNT(*) FROM calls WHERE agent_id = '" + other + "'"))
                    .isZero();
            assertThat(server.count("SELECT COUNT(*) FROM calls WHERE agent_id = '" + me.agentId() + "'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aWrongTokenIsRejectedAndNothingIsLost() throws Exception {
        try (Loopback server = Loopback.start(dir.resolve("server"), 0)) {
            AgentCredentials me = server.agents(1).get(0);
            try (Outbox outbox = Outbox.open(dir.resolve("agent"))) {
                ServerLink link = new ServerLink(server.uri(), me.agentId(), "not-the-token", outbox, s -> {});
                link.submit(call(me.agentId(), 1));
                link.start();
                Await.until(
                        "link.status().state() == LinkStatus.State.REJECTED",
                        Duration.ofSeconds(10),
                        () -> link.status().state() == LinkStatus.State.REJECTED);
                link.close();
                assertThat(outbox.size()).isEqualTo(1);
            }
            assertThat(server.count("SELECT COUNT(*) FROM calls")).isZero();
        }
    }
}
