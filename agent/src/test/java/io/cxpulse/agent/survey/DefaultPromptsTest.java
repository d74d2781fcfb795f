package io.cxpulse.agent.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The prompts shipped in the agent: 8 kHz 16-bit mono, the whole default survey under about 20 s per language. */
class DefaultPromptsTest {

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void promptsAreTelephoneFormatAndShort(String lang) throws Exception {
        SurveyDefinition d = SurveyDefinitions.defaultSurvey();
        List<String> survey = new ArrayList<>();
        survey.add(d.greeting().get(lang));
        d.questions().forEach(q -> survey.add(q.prompts().get(lang)));
        survey.add(d.thanks().get(lang));
        double total = 0;
        for (String source : survey) {
            total += secondsOf(source);
        }
        assertThat(total).isBetween(5.0, 20.0);
        assertThat(secondsOf(d.invalid().get(lang))).isBetween(0.5, 2.5);
        assertThat(secondsOf(SurveyDefinitions.defaultLanguageChoice().prompt()))
                .isBetween(1.0, 5.0);
    }

    private static double secondsOf(String source) throws Exception {
        try (InputStream in = new BufferedInputStream(PromptSource.open(source));
                AudioInputStream a = AudioSystem.getAudioInputStream(in)) {
            AudioFormat f = a.getFormat();
            assertThat(f.getSampleRate()).as(source).isEqualTo(8000f);
            assertThat(f.getSampleSizeInBits()).as(source).isEqualTo(16);
            assertThat(f.getChannels()).as(source).isEqualTo(1);
            return a.getFrameLength() / 8000.0;
        }
    }
}
