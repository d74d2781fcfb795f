package io.cxpulse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentScoresTest {
    static AgentScores scores() {
        return new AgentScores(
                "agent-7",
                1_000,
                new AgentScores.Period(2, 50.0, 61.2, 2, 4.5),
                new AgentScores.Period(0, null, null, 0, null),
                List.of(new AgentScores.Recent(
                        900,
                        List.of(
                                Answer.answered("csat", QuestionKind.CSAT, 4, 900),
                                Answer.answered("nps", QuestionKind.NPS, 9, 700)))));
    }

    @Test
    void roundTripsAsTypeScores() throws Exception {
        String json = WireCodec.encode(scores());
        assertThat(json).startsWith("{\"v\":1,\"type\":\"scores\",\"agentId\":\"agent-7\"");
        assertThat(WireCodec.decode(json)).isEqualTo(scores());
    }

    @Test
    void theSubscriptionIsAnEmptyMessage() throws Exception {
        assertThat(WireCodec.encode(new ScoresSubscribe())).isEqualTo("{\"v\":1,\"type\":\"scores-subscribe\"}");
        assertThat(WireCodec.decode("{\"v\":1,\"type\":\"scores-subscribe\"}")).isEqualTo(new ScoresSubscribe());
    }

    @Test
    void refusesFiguresThatCannotBe() {
        assertThatThrownBy(() -> new AgentScores.Period(0, 10.0, 5.0, 0, null))
                .hasMessageContaining("exactly when npsResponses > 0");
        assertThatThrownBy(() -> new AgentScores.Period(1, 150.0, 5.0, 0, null)).hasMessageContaining("-100..100");
        assertThatThrownBy(() -> new AgentScores.Period(0, null, null, 1, 6.0)).hasMessageContaining("1..5");
        assertThatThrownBy(() -> new AgentScores.Recent(
                        1, List.of(Answer.missing("nps", QuestionKind.NPS, AnswerOutcome.NO_INPUT))))
                .hasMessageContaining("answered questions only");
    }

    @Test
    void anUnknownMessageTypeIsRefusedWithAReasonSoOlderReadersCanIgnoreIt() {
        // What an agent built before "scores" existed does with the frame: a clear refusal it logs and drops.
        String future = "{\"v\":1,\"type\":\"something-newer\",\"agentId\":\"agent-7\"}";
        assertThatThrownBy(() -> WireCodec.decode(future))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown message type \"something-newer\"");
    }
}
