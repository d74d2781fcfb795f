package io.cxpulse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SurveyProgramTest {
    private static final String HASH = "sha256:" + "ab".repeat(32);
    private static final String SURVEY = "{\"id\":\"effort\",\"languages\":[\"en\"],\"invalid\":{\"en\":\"" + HASH
            + "\"},\"questions\":[{\"id\":\"effort\",\"kind\":\"scale\",\"min\":1,\"max\":7,\"prompt\":{\"en\":\""
            + HASH + "\"}}]}";

    @Test
    @SuppressWarnings("unchecked")
    void roundTripsAsTypeSurveyProgram() throws Exception {
        SurveyProgram program = new SurveyProgram(
                "effort", 3, (Map<String, Object>) Json.parse(SURVEY, 16), new SurveyProgram.Audience(5_000L, 50, 7));
        String json = WireCodec.encode(program);
        assertThat(json).startsWith("{\"v\":1,\"type\":\"survey-program\",\"programId\":\"effort\",\"version\":3");
        assertThat(WireCodec.decode(json)).isEqualTo(program);
        SurveyProgramReady ready = new SurveyProgramReady("effort", 3);
        assertThat(WireCodec.decode(WireCodec.encode(ready))).isEqualTo(ready);
    }

    private static final String PROGRAM = "{\"v\":1,\"type\":\"survey-program\",\"programId\":\"effort\",\"version\":3,"
            + "\"survey\":" + SURVEY + ",\"audience\":{\"minTalkMs\":null,\"samplePercent\":100,\"repeatDays\":0}}";

    @Test
    @SuppressWarnings("unchecked")
    void theWireFormIsTheDocumentedOneAndAnAgentsOwnSurveySaysNoVersion() throws Exception {
        SurveyProgram program = new SurveyProgram(
                "effort", 3, (Map<String, Object>) Json.parse(SURVEY, 16), SurveyProgram.Audience.EVERY_CALL);
        assertThat(WireCodec.encode(program)).isEqualTo(PROGRAM);
        assertThat(WireCodec.decode(PROGRAM)).isEqualTo(program);
        assertThat(WireCodec.encode(new SurveyProgramReady("effort", 3)))
                .isEqualTo("{\"v\":1,\"type\":\"survey-program-ready\",\"programId\":\"effort\",\"version\":3}");
        SurveyResult own = new SurveyResult(
                "ev-1", "agent-7", "call-1", "en", 0, 1_000, SurveyStatus.ABANDONED, List.of(), null, null);
        assertThat(WireCodec.encode(own)).endsWith(",\"answers\":[],\"surveyId\":null,\"version\":null}");
        assertThat(WireCodec.decode(WireCodec.encode(own))).isEqualTo(own);
    }

    /** A program frame that is not whole or has a field of the wrong JSON type is refused. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"version\":3,|\"version\":3.0,",
                "\"version\":3,|\"version\":\"3\",",
                "\"version\":3,|\"version\":null,",
                "\"version\":3,|\"version\":0,",
                "\"version\":3,|",
                "\"programId\":\"effort\",|\"programId\":7,",
                "\"programId\":\"effort\",|",
                "SURVEY|[]",
                "SURVEY|null",
                "SURVEY|\"survey.json\"",
                "\"minTalkMs\":null,|",
                "\"minTalkMs\":null,|\"minTalkMs\":5.5,",
                "\"samplePercent\":100|\"samplePercent\":0",
                "\"samplePercent\":100|\"samplePercent\":\"100\"",
                "\"repeatDays\":0|\"repeatDays\":true",
                ",\"audience\":{|,\"audienz\":{"
            })
    void refusesAProgramFrameThatIsNotWhole(String edit) {
        String[] parts = edit.split("\\|", -1);
        String frame = PROGRAM.replace(parts[0].equals("SURVEY") ? SURVEY : parts[0], parts[1]);
        assertThat(frame).isNotEqualTo(PROGRAM);
        assertThatThrownBy(() -> WireCodec.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("invalid survey-program message: ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"version\":3|\"version\":3.0",
                "\"version\":3|\"version\":\"3\"",
                "\"surveyId\":\"effort\"|\"surveyId\":7"
            })
    void refusesAResultSayingWhichSurveyWithTheWrongType(String edit) throws Exception {
        SurveyResult result = new SurveyResult(
                "ev-1", "agent-7", "call-1", "en", 0, 1_000, SurveyStatus.ABANDONED, List.of(), "effort", 3);
        String[] parts = edit.split("\\|");
        String frame = WireCodec.encode(result).replace(parts[0], parts[1]);
        assertThatThrownBy(() -> WireCodec.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("invalid survey message: ");
    }

    @Test
    void theSurveyItCarriesChecksByTheSurveyRulesWithPromptsByHash() {
        SurveySpec spec = SurveySpecs.parse(SURVEY, "program effort", raw -> {
            if (!SurveyProgram.isPromptHash(raw)) {
                throw new IllegalArgumentException("not a prompt hash: " + raw);
            }
            return raw;
        });
        assertThat(spec.questions().get(0).kind()).isEqualTo(QuestionKind.SCALE);
        assertThat(spec.promptSources()).containsExactly(HASH);
        assertThatThrownBy(() -> SurveySpecs.parse(SURVEY.replace(HASH, "x.wav"), "program effort", raw -> {
                    throw new IllegalArgumentException("not a prompt hash: " + raw);
                }))
                .isInstanceOf(SurveySpecException.class)
                .hasMessage("program effort: invalid.en: not a prompt hash: x.wav");
    }

    @Test
    void refusesAnAudienceThatCannotBe() {
        assertThatThrownBy(() -> new SurveyProgram.Audience(null, 0, 0)).hasMessageContaining("samplePercent");
        assertThatThrownBy(() -> new SurveyProgram.Audience(-1L, 100, 0)).hasMessageContaining("minTalkMs");
        assertThat(SurveyProgram.isPromptHash("sha256:" + "AB".repeat(32))).isFalse();
    }

    @Test
    void aSurveyResultSaysWhichSurveyAndVersionAndOlderResultsStillDecode() throws Exception {
        SurveyResult result = new SurveyResult(
                "ev-1",
                "agent-7",
                "call-1",
                "en",
                0,
                1_000,
                SurveyStatus.COMPLETED,
                List.of(Answer.answered("effort", QuestionKind.SCALE, 6, 300)),
                "effort",
                3);
        String json = WireCodec.encode(result);
        assertThat(json).contains("\"surveyId\":\"effort\",\"version\":3");
        assertThat(WireCodec.decode(json)).isEqualTo(result);
        String older = json.replace(",\"surveyId\":\"effort\",\"version\":3", "");
        SurveyResult old = (SurveyResult) WireCodec.decode(older);
        assertThat(old.surveyId()).isNull();
        assertThat(old.version()).isNull();
        assertThatThrownBy(() -> WireCodec.decode(json.replace("\"version\":3", "\"version\":0")))
                .hasMessageContaining("version must be 1 or more");
    }
}
