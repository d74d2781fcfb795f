package io.cxpulse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The direct reading of calls and surveys gives what the JSON tree gives, for valid and invalid frames alike. */
class FlatEventsTest {
    private static final String CALLER_HASH = "0123456789abcdef".repeat(4);
    private static final List<Message> EVENTS = List.of(
            new CallRecord("ev-0", "agent-7", "call-42", 0, 60_000, 50_000, 8_000, 2, 5_000, 2_000, true),
            new CallRecord("ev-1", "agent-7", "call-43", 5, 60_000, 0, 0, 0, 0, 0, false, EndedBy.CALLER),
            new CallRecord(
                    "bfabd5ee-145b-436f-9ebc-a5be27aa9cb8",
                    "agent-0001",
                    "143762d8-9cf2-4e21-ab3f-f8d7b0f2542e",
                    1788113524515L,
                    1788113880269L,
                    331039,
                    12,
                    1,
                    12,
                    0,
                    true,
                    EndedBy.AGENT),
            new SurveyResult(
                    "ev-2",
                    "agent-7",
                    "call-42",
                    "zh",
                    1_000,
                    9_000,
                    SurveyStatus.PARTIAL,
                    List.of(
                            Answer.answered("csat", QuestionKind.CSAT, 5, 1200),
                            Answer.answered("nps", QuestionKind.NPS, 10, 800),
                            Answer.missing("resolved", QuestionKind.YESNO, AnswerOutcome.NO_INPUT))),
            new SurveyResult(
                    "ev-3",
                    "agent-7",
                    "call-44",
                    "en",
                    1_000,
                    9_000,
                    SurveyStatus.COMPLETED,
                    List.of(Answer.answered("nps", QuestionKind.NPS, 0, 0)),
                    "program-1",
                    3),
            new SurveyResult(
                    "ev-4", "agent-7", "call-45", "pt", 1, 2, SurveyStatus.ABANDONED, List.of(), "own.survey", null),
            new CallRecord(
                    "ev-5", "agent-7", "call-46", 0, 60_000, 50_000, 0, 0, 0, 0, true, EndedBy.AGENT, CALLER_HASH),
            new SurveyResult(
                    "ev-6",
                    "agent-7",
                    "call-46",
                    "en",
                    61_000,
                    70_000,
                    SurveyStatus.COMPLETED,
                    List.of(Answer.answered("nps", QuestionKind.NPS, 9, 400)),
                    "program-1",
                    2,
                    CALLER_HASH));

    /** What decoding gives: the message, or the reason it was refused. */
    private static Object outcome(String frame, boolean tree) {
        try {
            return tree ? WireCodec.decodeTree(frame) : WireCodec.decode(frame);
        } catch (ProtocolException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static void assertSameAsTree(String frame) {
        assertThat(outcome(frame, false)).as(frame).isEqualTo(outcome(frame, true));
    }

    @Test
    void plainCallsAndSurveysAreReadDirectlyIntoTheSameRecords() throws Exception {
        for (Message m : EVENTS) {
            String frame = WireCodec.encode(m);
            assertThat(FlatEvents.read(frame)).as(frame).isEqualTo(m);
            assertThat(WireCodec.decodeTree(frame)).isEqualTo(m);
            String spaced = frame.replace(",", " ,\n\t").replace(":", " : ").replace("{", " {\r\n ");
            assertThat(FlatEvents.read(spaced + " ")).as(spaced).isEqualTo(m);
        }
    }

    /** Frames the direct reading leaves to the tree, each of which the tree reads or refuses in its own way. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"v\":1,|\"v\":1.0,",
                "\"v\":1,|\"v\":2,",
                "\"v\":1,|",
                "\"v\":1,|\"v\":\"1\",",
                "\"v\":1,|\"v\":01,",
                "\"v\":1,|\"v\":-0,",
                "\"v\":1,|\"v\":1,\"v\":1,",
                "\"type\":\"call\"|\"type\":\"hello\"",
                "\"type\":\"call\"|\"type\":null",
                "\"type\":\"call\"|\"type\":\"survey\"",
                "\"type\":\"call\"|\"type\":\"\\u0063all\"",
                "\"eventId\":\"ev-0\"|\"eventId\":\"ev\\u002d0\"",
                "\"eventId\":\"ev-0\"|\"eventId\":\"ev 0\"",
                "\"eventId\":\"ev-0\"|\"eventId\":null",
                "\"eventId\":\"ev-0\"|\"eventId\":\"ev-0\",\"eventId\":\"ev-9\"",
                "\"eventId\":\"ev-0\"|\"eventI\\u0064\":\"ev-0\"",
                "\"eventId\":\"ev-0\",|",
                "\"startMs\":0|\"startMs\":-1",
                "\"startMs\":0|\"startMs\":-0",
                "\"startMs\":0|\"startMs\":0.0",
                "\"startMs\":0|\"startMs\":0e0",
                "\"startMs\":0|\"startMs\":00",
                "\"startMs\":0|\"startMs\":123456789012345678",
                "\"startMs\":0|\"startMs\":1234567890123456789",
                "\"startMs\":0|\"startMs\":-123456789012345678",
                "\"startMs\":0|\"startMs\":99999999999999999999",
                "\"muteCount\":2|\"muteCount\":2147483648",
                "\"muteCount\":2|\"muteCount\":-1",
                "\"muteCount\":2|\"muteCount\":null",
                "\"surveyOffered\":true|\"surveyOffered\":1",
                "\"surveyOffered\":true|\"surveyOffered\":truex",
                "\"surveyOffered\":true|\"surveyOffered\":true1",
                "\"surveyOffered\":true|\"surveyOffered\":tru",
                "\"surveyOffered\":true|\"surveyOffered\":null",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"endedBy\":null",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"endedBy\":\"caller\"",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"endedBy\":\"nobody\"",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"endedBy\":7",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"extra\":{\"a\":[1,2]}",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"extra\":1.5e3",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"extra\":\"a\\\"b\"",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"answers\":[]",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"answers\":{}",
                "\"surveyOffered\":true|\"surveyOffered\":true,\"language\":5",
                "\"talkMs\":50000|\"talkMs\":70000",
                "}|},",
                "}|}}",
                "}|} x",
                "}|",
                "{|[{",
            })
    void framesLeftToTheTreeAreReadAsTheTreeReadsThem(String edit) {
        String[] parts = edit.split("\\|", -1);
        String frame = WireCodec.encode(EVENTS.get(0)).replace(parts[0], parts[1]);
        assertSameAsTree(frame);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"status\":\"partial\"|\"status\":\" partial \"",
                "\"status\":\"partial\"|\"status\":\"Partial\"",
                "\"status\":\"partial\"|\"status\":null",
                "\"status\":\"partial\"|\"status\":\"completed\"",
                "\"language\":\"zh\"|\"language\":\"\"",
                "\"answers\":[|\"answers\":null,\"x\":[",
                "\"answers\":[|\"answers\":[null,",
                "\"answers\":[|\"answers\":[[],",
                "\"answers\":[|\"answers\":[],\"answers\":[",
                "\"kind\":\"csat\"|\"kind\":\"CSAT\"",
                "\"kind\":\"csat\"|\"kind\":\" csat\"",
                "\"kind\":\"csat\"|\"kind\":null",
                "\"kind\":\"csat\"|\"kind\":\"csat\",\"kind\":\"nps\"",
                "\"kind\":\"csat\"|\"kind\":\"csat\",\"note\":\"x\"",
                "\"kind\":\"csat\"|\"kind\":\"csat\",\"note\":{}",
                "\"value\":5|\"value\":6",
                "\"value\":5|\"value\":5.0",
                "\"value\":5|\"value\":\"5\"",
                "\"value\":5|\"value\":null",
                "\"value\":5|\"value\":4294967301",
                "\"value\":5,|",
                "\"answerMs\":1200|\"answerMs\":-2",
                "\"answerMs\":1200|\"answerMs\":null",
                "\"questionId\":\"nps\"|\"questionId\":\"csat\"",
                "\"questionId\":\"nps\"|\"questionId\":\"n\\u0070s\"",
                "\"answers\":[|\"surveyId\":null,\"version\":null,\"answers\":[",
                "\"answers\":[|\"surveyId\":\"p\",\"version\":0,\"answers\":[",
                "\"answers\":[|\"surveyId\":\"p\",\"version\":2147483648,\"answers\":[",
                "\"answers\":[|\"surveyId\":\"p q\",\"version\":1,\"answers\":[",
                "\"answers\":[|\"surveyId\":5,\"answers\":[",
                "\"version\":null}|\"version\":null,\"talkMs\":1.5}",
                "\"version\":null}|\"version\":null}]",
                "\"version\":null}|\"version\":null",
            })
    void surveysLeftToTheTreeAreReadAsTheTreeReadsThem(String edit) {
        String[] parts = edit.split("\\|", -1);
        String frame = WireCodec.encode(EVENTS.get(3)).replace(parts[0], parts[1]);
        assertSameAsTree(frame);
    }

    /** Random edits of valid frames, kept for the same seed: each one is read as the tree reads it. */
    @Test
    void randomlyEditedFramesAreReadAsTheTreeReadsThem() {
        Random random = new Random(20261129L);
        String alphabet = "{}[]\":,-.e0123456789 \\utnfalsrv";
        int readDirectly = 0;
        int accepted = 0;
        int refused = 0;
        for (Message m : EVENTS) {
            String base = WireCodec.encode(m);
            for (int i = 0; i < 2_000; i++) {
                StringBuilder frame = new StringBuilder(base);
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    int at = random.nextInt(frame.length());
                    char c = alphabet.charAt(random.nextInt(alphabet.length()));
                    switch (random.nextInt(3)) {
                        case 0 -> frame.deleteCharAt(at);
                        case 1 -> frame.insert(at, c);
                        default -> frame.setCharAt(at, c);
                    }
                }
                String f = frame.toString();
                assertSameAsTree(f);
                if (FlatEvents.read(f) != null) {
                    readDirectly++;
                }
                if (outcome(f, true) instanceof Message) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        // The edits exercise both ways and both outcomes.
        assertThat(readDirectly).isPositive();
        assertThat(accepted).isGreaterThanOrEqualTo(readDirectly);
        assertThat(refused).isPositive();
    }

    @Test
    void framesOfOtherTypesAreLeftToTheTree() {
        List<Message> others = new ArrayList<>(List.of(
                new Hello("agent-7", "secret", "cx-agent 1"),
                new Ack(List.of("ev-0", "ev-1")),
                new ErrorMessage(ErrorMessage.INVALID, "bad", null)));
        for (Message m : others) {
            assertThat(FlatEvents.read(WireCodec.encode(m))).isNull();
        }
    }
}
