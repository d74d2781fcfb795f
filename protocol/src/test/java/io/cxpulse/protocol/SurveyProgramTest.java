package io.cxpulse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurveyProgramTest {
    private static final String HASH = "sha256:" + "ab".repeat(32);
    private static final String SURVEY = "{\"id\":\"effort\",\"languages\":[\"en\"],\"invalid\":{\"en\":\"" + HASH
            + "\"},\"questions\":[{\"id\":\"effort\",\"kind\":\"scale\",\"min\":1,\"max\":7,\"prompt\":{\"en\":\""
            + HASH + "\"}}]}";

    @Test
    void roundTripsAsTypeSurveyProgram() throws Exception {
        SurveyProgram program = new SurveyProgram(
                "effort", 3, new ObjectMapper().readTree(SURVEY), new SurveyProgram.Audience(5_000L, 50, 7));
        String json = WireCodec.encode(program);
        assertThat(json).startsWith("{\"v\":1,\"type\":\"survey-program\",\"programId\":\"effort\",\"version\":3");
        assertThat(WireCodec.decode(json)).isEqualTo(program);
        SurveyProgramReady ready = new SurveyProgramReady("effort", 3);
        assertThat(WireCodec.decode(WireCodec.encode(ready))).isEqualTo(ready);
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
