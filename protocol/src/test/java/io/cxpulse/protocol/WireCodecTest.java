package io.cxpulse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireCodecTest {

    private static SurveyResult survey() {
        return new SurveyResult(
                "ev-1",
                "agent-7",
                "call-42",
                "zh",
                1_000,
                9_000,
                SurveyStatus.PARTIAL,
                List.of(
                        Answer.answered("csat", QuestionKind.CSAT, 5, 1200),
                        Answer.answered("nps", QuestionKind.NPS, 10, 800),
                        Answer.missing("resolved", QuestionKind.YESNO, AnswerOutcome.NO_INPUT)));
    }

    @Test
    void everyMessageRoundTripsWithItsVersion() throws Exception {
        List<Message> messages = List.of(
                new Hello("agent-7", "secret", "cx-agent 1"),
                new Welcome("agent-7", "Ana Lima", 5),
                new CallRecord("ev-0", "agent-7", "call-42", 0, 60_000, 50_000, 8_000, 2, 5_000, 2_000, true),
                survey(),
                new Ack(List.of("ev-0", "ev-1")),
                new ErrorMessage(ErrorMessage.INVALID, "bad", null));
        for (Message m : messages) {
            String json = WireCodec.encode(m);
            assertThat(json).startsWith("{\"v\":1,\"type\":");
            assertThat(WireCodec.decode(json)).isEqualTo(m);
        }
    }

    @Test
    void surveyWireFormIsReadable() {
        assertThat(WireCodec.encode(survey()))
                .contains("\"type\":\"survey\"")
                .contains("\"status\":\"partial\"")
                .contains("{\"questionId\":\"nps\",\"kind\":\"nps\",\"outcome\":\"answered\",\"value\":10")
                .contains("\"outcome\":\"no-input\",\"value\":null");
    }

    @Test
    void callRecordSaysWhoEndedTheCallAndOlderRecordsStillDecode() throws Exception {
        CallRecord byCaller =
                new CallRecord("ev-0", "agent-7", "call-42", 0, 60_000, 50_000, 0, 0, 0, 0, false, EndedBy.CALLER);
        String json = WireCodec.encode(byCaller);
        assertThat(json).contains("\"endedBy\":\"caller\"");
        assertThat(WireCodec.decode(json)).isEqualTo(byCaller);

        String older = "{\"v\":1,\"type\":\"call\",\"eventId\":\"e\",\"agentId\":\"a\",\"callId\":\"c\","
                + "\"startMs\":1,\"endMs\":5,\"talkMs\":0,\"muteMs\":0,\"muteCount\":0,\"longestMuteMs\":0,"
                + "\"holdMs\":0,\"surveyOffered\":true}";
        CallRecord decoded = (CallRecord) WireCodec.decode(older);
        assertThat(decoded.endedBy()).isNull();
        assertThat(WireCodec.encode(decoded)).doesNotContain("endedBy");
    }

    @Test
    void hidesTheTokenWhenLogged() {
        assertThat(new Hello("agent-7", "s3cr3t", "x").toString()).doesNotContain("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1,2]",
                "{\"type\":\"ack\",\"eventIds\":[]}",
                "{\"v\":2,\"type\":\"ack\",\"eventIds\":[]}",
                "{\"v\":1}",
                "{\"v\":1,\"type\":\"teleport\"}",
                "{\"v\":1,\"type\":\"ack\"}",
                "{\"v\":1,\"type\":\"ack\",\"eventIds\":[\"bad id with spaces\"]}",
                "{\"v\":1,\"type\":\"ack\",\"eventIds\":[]} trailing",
                "{\"v\":1,\"type\":\"call\",\"eventId\":\"e\",\"agentId\":\"a\",\"callId\":\"c\",\"startMs\":10,"
                        + "\"endMs\":5,\"talkMs\":0,\"muteMs\":0,\"muteCount\":0,\"longestMuteMs\":0,\"holdMs\":0,"
                        + "\"surveyOffered\":true}",
                "{\"v\":1,\"type\":\"call\",\"eventId\":\"e\",\"agentId\":\"a\",\"callId\":\"c\",\"startMs\":1,"
                        + "\"endMs\":5,\"talkMs\":0,\"muteMs\":0,\"muteCount\":0,\"longestMuteMs\":0,\"holdMs\":0,"
                        + "\"surveyOffered\":true,\"endedBy\":\"nobody\"}",
                "{\"v\":1,\"type\":\"survey\",\"eventId\":\"e\",\"agentId\":\"a\",\"callId\":\"c\",\"language\":\"en\","
                        + "\"startMs\":1,\"endMs\":2,\"status\":\"completed\",\"answers\":[{\"questionId\":\"nps\","
                        + "\"kind\":\"nps\",\"outcome\":\"answered\",\"value\":11,\"answerMs\":5}]}",
                "{\"v\":1,\"type\":\"survey\",\"eventId\":\"e\",\"agentId\":\"a\",\"callId\":\"c\",\"language\":\"en\","
                        + "\"startMs\":1,\"endMs\":2,\"status\":\"completed\",\"answers\":[{\"questionId\":\"nps\","
                        + "\"kind\":\"nps\",\"outcome\":\"no-input\",\"value\":null,\"answerMs\":-1}]}",
                "{\"v\":1,\"type\":\"survey\",\"eventId\":\"e\",\"agentId\":\"a\",\"callId\":\"c\",\"language\":\"en\","
                        + "\"startMs\":1,\"endMs\":2,\"status\":\"sideways\",\"answers\":[]}"
            })
    void refusesBadFramesWithAReason(String frame) {
        assertThatThrownBy(() -> WireCodec.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessageNotContaining("Exception")
                .message()
                .isNotBlank();
    }

    @Test
    void refusesOversizedFramesBeforeParsing() {
        String huge = "{\"v\":1,\"type\":\"ack\",\"eventIds\":[\"" + "a".repeat(WireCodec.MAX_FRAME_CHARS) + "\"]}";
        assertThatThrownBy(() -> WireCodec.decode(huge))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "{\"v\":1,\"type\":\"ack\",\"eventIds\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThatThrownBy(() -> WireCodec.decode(deep)).isInstanceOf(ProtocolException.class);
    }

    private static final String CALL = "{\"v\":1,\"type\":\"call\",\"eventId\":\"e\",\"agentId\":\"a\","
            + "\"callId\":\"c\",\"startMs\":1000,\"endMs\":61000,\"talkMs\":50000,\"muteMs\":0,\"muteCount\":0,"
            + "\"longestMuteMs\":0,\"holdMs\":0,\"surveyOffered\":true}";
    private static final String SURVEY = "{\"v\":1,\"type\":\"survey\",\"eventId\":\"e\",\"agentId\":\"a\","
            + "\"callId\":\"c\",\"language\":\"en\",\"startMs\":1,\"endMs\":2,\"status\":\"completed\","
            + "\"answers\":[{\"questionId\":\"nps\",\"kind\":\"nps\",\"outcome\":\"answered\",\"value\":9,"
            + "\"answerMs\":5}]}";

    @Test
    void theStrictFixturesAreValid() throws Exception {
        assertThat(WireCodec.decode(CALL)).isInstanceOf(CallRecord.class);
        assertThat(((SurveyResult) WireCodec.decode(SURVEY)).value("nps")).isEqualTo(9);
    }

    /** A number that is not an integer of the field's type is refused, never rounded, truncated or parsed. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"v\":1,|\"v\":1.5,",
                "\"v\":1,|\"v\":1.0,",
                "\"v\":1,|\"v\":\"1\",",
                "\"value\":9,|\"value\":9.7,",
                "\"value\":9,|\"value\":9.0,",
                "\"value\":9,|\"value\":\"9\",",
                "\"value\":9,|\"value\":true,",
                "\"answerMs\":5|\"answerMs\":5.5",
                "\"answerMs\":5|\"answerMs\":\"5\"",
                "\"startMs\":1,|\"startMs\":1e0,",
                "\"endMs\":2,|\"endMs\":\"2\",",
                "\"endMs\":2,|\"endMs\":99999999999999999999,",
                "\"status\":\"completed\"|\"status\":1"
            })
    void refusesNumbersThatAreNotIntegersOfTheRightType(String edit) {
        String[] parts = edit.split("\\|");
        String frame = SURVEY.replace(parts[0], parts[1]);
        assertThat(frame).isNotEqualTo(SURVEY);
        assertThatThrownBy(() -> WireCodec.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .message()
                .isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"talkMs\":50000,|\"talkMs\":50000.5,",
                "\"talkMs\":50000,|\"talkMs\":\"50000\",",
                "\"muteCount\":0,|\"muteCount\":0.0,",
                "\"muteCount\":0,|\"muteCount\":4294967296,",
                "\"surveyOffered\":true|\"surveyOffered\":1",
                "\"surveyOffered\":true|\"surveyOffered\":\"true\"",
                "\"agentId\":\"a\"|\"agentId\":7"
            })
    void refusesCallFieldsOfTheWrongType(String edit) {
        String[] parts = edit.split("\\|");
        String frame = CALL.replace(parts[0], parts[1]);
        assertThat(frame).isNotEqualTo(CALL);
        assertThatThrownBy(() -> WireCodec.decode(frame)).isInstanceOf(ProtocolException.class);
    }
}
