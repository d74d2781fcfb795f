package io.cxpulse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The caller hash on calls and surveys, the center's salt on programs, and the caller check's question and answer. */
class CallerCheckTest {
    private static final String HASH = "0123456789abcdef".repeat(4);
    private static final String SALT = "fedcba9876543210".repeat(4);

    private static final String CHECK =
            "{\"v\":1,\"type\":\"caller-check\",\"agentId\":\"agent-7\",\"callId\":\"call-1\"," + "\"callerHash\":\""
                    + HASH + "\",\"withinDays\":30}";
    private static final String ANSWER =
            "{\"v\":1,\"type\":\"caller-check-answer\",\"callId\":\"call-1\",\"surveyedRecently\":true}";

    @Test
    void theQuestionAndItsAnswerHaveTheDocumentedWireForm() throws Exception {
        CallerCheck check = new CallerCheck("agent-7", "call-1", HASH, 30);
        assertThat(WireCodec.encode(check)).isEqualTo(CHECK);
        assertThat(WireCodec.decode(CHECK)).isEqualTo(check);
        CallerCheckAnswer answer = new CallerCheckAnswer("call-1", true);
        assertThat(WireCodec.encode(answer)).isEqualTo(ANSWER);
        assertThat(WireCodec.decode(ANSWER)).isEqualTo(answer);
        assertThat(CallerCheck.isCallerHash(HASH)).isTrue();
        assertThat(CallerCheck.isCallerHash(HASH.toUpperCase())).isFalse();
    }

    @Test
    void callsAndSurveysCarryTheCallerHashOnlyWhenKnown() throws Exception {
        CallRecord call =
                new CallRecord("ev-0", "agent-7", "call-1", 0, 60_000, 50_000, 0, 0, 0, 0, true, EndedBy.AGENT, HASH);
        String json = WireCodec.encode(call);
        assertThat(json).endsWith(",\"endedBy\":\"agent\",\"callerHash\":\"" + HASH + "\"}");
        assertThat(WireCodec.decode(json)).isEqualTo(call);
        CallRecord unknown = new CallRecord("ev-0", "agent-7", "call-1", 0, 60_000, 50_000, 0, 0, 0, 0, true);
        assertThat(WireCodec.encode(unknown)).doesNotContain("callerHash");

        SurveyResult survey = new SurveyResult(
                        "ev-1", "agent-7", "call-1", "en", 0, 1_000, SurveyStatus.ABANDONED, List.of(), "effort", 3)
                .withCallerHash(HASH);
        String surveyJson = WireCodec.encode(survey);
        assertThat(surveyJson).endsWith(",\"surveyId\":\"effort\",\"version\":3,\"callerHash\":\"" + HASH + "\"}");
        assertThat(WireCodec.decode(surveyJson)).isEqualTo(survey);
        assertThat(WireCodec.encode(survey.withCallerHash(null))).doesNotContain("callerHash");
        // An explicit null is read as absent.
        assertThat(((SurveyResult) WireCodec.decode(surveyJson.replace("\"" + HASH + "\"", "null"))).callerHash())
                .isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProgramCarriesTheCentersSaltWhichIsNeverLogged() throws Exception {
        Map<String, Object> survey = (Map<String, Object>) Json.parse("{\"id\":\"s\"}", 4);
        SurveyProgram program = new SurveyProgram("effort", 3, survey, SurveyProgram.Audience.EVERY_CALL, SALT);
        String json = WireCodec.encode(program);
        assertThat(json).endsWith("\"repeatDays\":0},\"callerSalt\":\"" + SALT + "\"}");
        assertThat(WireCodec.decode(json)).isEqualTo(program);
        assertThat(program.toString()).doesNotContain(SALT);
        assertThat(WireCodec.encode(new SurveyProgram("effort", 3, survey, SurveyProgram.Audience.EVERY_CALL)))
                .doesNotContain("callerSalt");
    }

    /** A forged, oversized or mistyped hash, salt or window is refused, never cut down or read some other way. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "CHECK|HASH|" + "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
                "CHECK|HASH|" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
                "CHECK|HASH|" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
                "CHECK|HASH|+4930123456",
                "CHECK|HASH|0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
                "CHECK|\"" + "HASH\"|null",
                "CHECK|\"" + "HASH\"|7",
                "CHECK|\"withinDays\":30|\"withinDays\":0",
                "CHECK|\"withinDays\":30|\"withinDays\":366",
                "CHECK|\"withinDays\":30|\"withinDays\":30.5",
                "CHECK|\"withinDays\":30|\"withinDays\":\"30\"",
                "CHECK|,\"withinDays\":30|",
                "CHECK|\"agentId\":\"agent-7\",|\"agentId\":\"agent 7\",",
                "ANSWER|true|1",
                "ANSWER|true|\"true\"",
                "ANSWER|\"call-1\"|\"call 1\"",
                "CALL|}|,\"callerHash\":\"LONG\"}",
                "CALL|}|,\"callerHash\":\"HUGE\"}",
                "CALL|}|,\"callerHash\":17}",
                "SURVEY|}|,\"callerHash\":\"+4930123456\"}",
                "PROGRAM|}|,\"callerSalt\":\"short\"}",
                "PROGRAM|}|,\"callerSalt\":" + "1234}"
            })
    void refusesForgedOrOversizedValues(String edit) {
        String[] parts = edit.split("\\|", -1);
        String base = switch (parts[0]) {
            case "CHECK" -> CHECK;
            case "ANSWER" -> ANSWER;
            case "CALL" ->
                "{\"v\":1,\"type\":\"call\",\"eventId\":\"e\",\"agentId\":\"a\",\"callId\":\"c\","
                        + "\"startMs\":1,\"endMs\":5,\"talkMs\":0,\"muteMs\":0,\"muteCount\":0,"
                        + "\"longestMuteMs\":0,\"holdMs\":0,\"surveyOffered\":true}";
            case "SURVEY" ->
                "{\"v\":1,\"type\":\"survey\",\"eventId\":\"e\",\"agentId\":\"a\",\"callId\":\"c\","
                        + "\"language\":\"en\",\"startMs\":1,\"endMs\":2,\"status\":\"abandoned\",\"answers\":[]}";
            default ->
                "{\"v\":1,\"type\":\"survey-program\",\"programId\":\"effort\",\"version\":3,"
                        + "\"survey\":{},\"audience\":{\"minTalkMs\":null,\"samplePercent\":100,\"repeatDays\":0}}";
        };
        String from = parts[1].replace("HASH", HASH);
        int at = parts[0].equals("CHECK") || parts[0].equals("ANSWER") ? base.indexOf(from) : base.lastIndexOf(from);
        assertThat(at).as("%s is in the frame", from).isNotNegative();
        String to = parts[2].replace("LONG", "ab".repeat(33)).replace("HUGE", "ab".repeat(5000));
        String frame = base.substring(0, at) + to + base.substring(at + from.length());
        assertThatThrownBy(() -> WireCodec.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .message()
                .isNotBlank();
    }
}
