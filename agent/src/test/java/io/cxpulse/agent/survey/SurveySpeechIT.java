package io.cxpulse.agent.survey;

import static io.cxpulse.testsupport.TestAudio.busy450;
import static io.cxpulse.testsupport.TestAudio.concat;
import static io.cxpulse.testsupport.TestAudio.silence;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.FakeLine;
import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.SurveyStatus;
import io.cxpulse.testkit.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Callers who talk (espeak-ng speech) on the line: speech is neither a key nor a hang-up, and keeps the line alive. */
class SurveySpeechIT {
    private static final DtmfGenerator KEYS = new DtmfGenerator(8000);

    @TempDir
    Path dir;

    private final SurveyRunner runner = new SurveyRunner(new PromptLibrary(), Clock.systemUTC(), r -> {});

    private short[] speech(String voice, String text) throws IOException, InterruptedException {
        Path espeak = Requirements.binary("espeak-ng");
        Path wav = dir.resolve(voice + "-" + Integer.toHexString(text.hashCode()) + ".wav");
        Process p = new ProcessBuilder(espeak.toString(), "-v", voice, "-w", wav.toString(), text)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("espeak-ng -v %s: %s", voice, output).isZero();
        return WavFiles.read8kMono(wav);
    }

    @ParameterizedTest
    @CsvSource({
        "en, en-us, 'Hello? Is anyone there? Sorry, I did not catch that. Yes, five, very good.'",
        "zh, cmn, '喂？你好，我没听清楚。是的，五分，非常好，谢谢你。'"
    })
    void talkingOverThePromptsThenKeyingTheAnswers(String lang, String voice, String text) throws Exception {
        short[] talk = speech(voice, text);
        short[] caller = concat(
                talk,
                silence(0.5),
                KEYS.digits("5"),
                silence(0.3),
                talk,
                KEYS.digits("9"),
                silence(0.3),
                KEYS.digits("1"));
        SurveyOutcome r = runner.run(new FakeLine(caller), SurveyDefinitions.defaultSurvey(), lang, "talk-" + lang);
        assertThat(r.status()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(r.answers()).containsExactly(Map.entry("csat", 5), Map.entry("nps", 9), Map.entry("resolved", true));
    }

    @ParameterizedTest
    @CsvSource({
        "en, en-us, 'I really do not want to answer any questions, thank you. Can I speak to someone please?'",
        "zh, cmn, '我不想回答任何问题，谢谢。我可以和人工客服说话吗？请帮我转接一下。'"
    })
    void callerWhoOnlyTalksGivesNoInputNotAHangUp(String lang, String voice, String text) throws Exception {
        short[] talk = speech(voice, text);
        short[] caller = new short[0];
        while (caller.length < 8000 * 90) {
            caller = concat(caller, talk, silence(1.5));
        }
        SurveyOutcome r = runner.run(new FakeLine(caller), SurveyDefinitions.defaultSurvey(), lang, "quiet-" + lang);
        assertThat(r.status()).isEqualTo(SurveyStatus.NO_INPUT);
        assertThat(r.hangup()).isNull();
        assertThat(r.questions()).extracting(QuestionResult::outcome).containsOnly(AnswerOutcome.NO_INPUT);
    }

    @ParameterizedTest
    @CsvSource({"en, en-us, 'Four. Bye now.'", "zh, cmn, '四分。再见。'"})
    void answerSayGoodbyeAndHangUpWithBusyTone(String lang, String voice, String text) throws Exception {
        short[] caller = concat(silence(1), KEYS.digits("4"), speech(voice, text), silence(0.5), busy450(5));
        SurveyOutcome r = runner.run(new FakeLine(caller), SurveyDefinitions.defaultSurvey(), lang, "bye-" + lang);
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(r.hangup()).isEqualTo(HangupCause.BUSY_TONE);
        assertThat(r.answers()).containsExactly(Map.entry("csat", 4));
    }
}
