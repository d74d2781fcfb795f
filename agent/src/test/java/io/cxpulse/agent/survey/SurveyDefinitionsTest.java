package io.cxpulse.agent.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cxpulse.protocol.QuestionKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurveyDefinitionsTest {

    private static final String PROMPTS =
            "{\"en\": \"classpath:prompts/en/csat.wav\", \"zh\": \"classpath:prompts/zh/csat.wav\"}";

    private static String survey(String questions) {
        return "{\"id\": \"t\", \"languages\": [\"en\", \"zh\"], \"invalid\": " + PROMPTS + ", \"questions\": ["
                + questions + "]}";
    }

    private static void rejects(String json, String message) {
        assertThatThrownBy(() -> SurveyDefinitions.parse(json, "s.json", null))
                .isInstanceOf(SurveyDefinitionException.class)
                .hasMessage(message);
    }

    @Test
    void defaultSurveyHasTheThreeQuestionsInBothLanguages() {
        SurveyDefinition d = SurveyDefinitions.defaultSurvey();
        assertThat(d.questions()).extracting(Question::id).containsExactly("csat", "nps", "resolved");
        assertThat(d.questions())
                .extracting(Question::kind)
                .containsExactly(QuestionKind.CSAT, QuestionKind.NPS, QuestionKind.YESNO);
        assertThat(d.languages()).containsExactly("en", "zh");
        assertThat(d.languageChoice()).isNull();
        assertThat(d.timing()).isEqualTo(SurveyTiming.DEFAULT);
        assertThat(d.question("nps").validKeys()).isEqualTo("0123456789*#");
        assertThat(d.question("csat").validKeys()).isEqualTo("12345*#");
        assertThat(d.question("resolved").validKeys()).isEqualTo("12*#");
        // Keyed 1 is yes and 2 is no; the answers are the protocol's 1 and 0.
        assertThat(d.question("resolved").answerFor(1)).isEqualTo(1);
        assertThat(d.question("resolved").answerFor(2)).isZero();
        assertThat(d.question("resolved").answerFor(0)).isEqualTo(-1);
        assertThat(d.question("resolved").answerFor(3)).isEqualTo(-1);
        for (Question q : d.questions()) {
            for (String source : q.prompts().values()) {
                assertThat(PromptSource.exists(source)).as(source).isTrue();
            }
        }
        assertThat(PromptSource.exists(SurveyDefinitions.defaultLanguageChoice().prompt()))
                .isTrue();
    }

    @Test
    void scaleTakesItsRangeAndPromptFilesAreRelativeToTheSurveyFile(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("effort-en.wav"), new byte[44]);
        Files.write(dir.resolve("effort-zh.wav"), new byte[44]);
        Path file = dir.resolve("survey.json");
        Files.writeString(
                file,
                survey("{\"id\": \"effort\", \"kind\": \"scale\", \"min\": 1, \"max\": 7,"
                        + " \"prompt\": {\"en\": \"effort-en.wav\", \"zh\": \"effort-zh.wav\"}}"));
        SurveyDefinition d = SurveyDefinitions.load(file);
        Question q = d.question("effort");
        assertThat(q.min()).isEqualTo(1);
        assertThat(q.max()).isEqualTo(7);
        assertThat(q.prompts().get("zh")).isEqualTo(dir.resolve("effort-zh.wav").toString());
        assertThat(d.defaultLanguage()).isEqualTo("en");
    }

    @Test
    void clearErrors() {
        assertThatThrownBy(() -> SurveyDefinitions.parse("{", "s.json", null))
                .isInstanceOf(SurveyDefinitionException.class)
                .hasMessageStartingWith("s.json: not valid JSON at line 1, column 2: ");
        rejects("[]", "s.json: the survey must be a JSON object");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"stars\", \"prompt\": " + PROMPTS + "}"),
                "s.json: questions[0] (id \"q\").kind: \"stars\" is not one of csat, nps, yesno, scale");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"nps\", \"prompt\": {\"en\": \"classpath:prompts/en/nps.wav\"}}"),
                "s.json: questions[0] (id \"q\").prompt: has no \"zh\" prompt");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"scale\", \"min\": 5, \"max\": 5, \"prompt\": " + PROMPTS + "}"),
                "s.json: questions[0] (id \"q\"): scale max 5 must be greater than min 5");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"csat\", \"max\": 7, \"prompt\": " + PROMPTS + "}"),
                "s.json: questions[0] (id \"q\"): kind csat always takes 1-5; min and max are only for kind scale");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"scale\", \"min\": 1, \"prompt\": " + PROMPTS + "}"),
                "s.json: questions[0] (id \"q\").max: missing");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"csat\", \"prompt\": " + PROMPTS + "},"
                        + "{\"id\": \"q\", \"kind\": \"nps\", \"prompt\": " + PROMPTS + "}"),
                "s.json: questions[1] (id \"q\"): the id is used by an earlier question");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"csat\", \"prompt\": {\"en\": \"/nowhere/x.wav\","
                        + " \"zh\": \"classpath:prompts/zh/csat.wav\"}}"),
                "s.json: questions[0] (id \"q\").prompt.en: prompt file not found: /nowhere/x.wav");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"csat\", \"keys\": \"1-5\", \"prompt\": " + PROMPTS + "}"),
                "s.json: questions[0] (id \"q\"): unknown field \"keys\" (allowed: id, kind, min, max, prompt)");
        rejects(survey(""), "s.json: questions: must be a non-empty array of questions");
        rejects(
                "{\"id\": \"t\", \"languages\": [\"en\"], \"defaultLanguage\": \"fr\", \"questions\": []}",
                "s.json: defaultLanguage: \"fr\" is not one of [en]");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"csat\", \"prompt\": " + PROMPTS + "}")
                        .replace(
                                "}]}",
                                "}], \"languageChoice\": {\"prompt\": \"classpath:prompts/language.wav\","
                                        + " \"keys\": {\"1\": \"en\", \"2\": \"fr\"}}}"),
                "s.json: languageChoice.keys.2: \"fr\" is not one of [en, zh]");
        rejects(
                survey("{\"id\": \"q\", \"kind\": \"csat\", \"prompt\": " + PROMPTS + "}")
                        .replace("}]}", "}], \"timing\": {\"noInputMs\": 0}}"),
                "s.json: timing.noInputMs: must be a whole number 500-60000, got 0");
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> SurveyDefinitions.load(dir.resolve("none.json")))
                .isInstanceOf(SurveyDefinitionException.class)
                .hasMessage(dir.resolve("none.json") + ": no such file");
    }
}
