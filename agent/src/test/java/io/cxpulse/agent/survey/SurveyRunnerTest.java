package io.cxpulse.agent.survey;

import static io.cxpulse.testsupport.TestAudio.busy450;
import static io.cxpulse.testsupport.TestAudio.busyNorthAmerica;
import static io.cxpulse.testsupport.TestAudio.concat;
import static io.cxpulse.testsupport.TestAudio.mix;
import static io.cxpulse.testsupport.TestAudio.noise;
import static io.cxpulse.testsupport.TestAudio.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cxpulse.agent.audio.AudioDeviceException;
import io.cxpulse.agent.audio.FakeLine;
import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.SurveyStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The survey on a fake line, driven by caller audio: DTMF keys, silence, line noise and busy tones. */
class SurveyRunnerTest {
    private static final PromptLibrary PROMPTS = new PromptLibrary();
    private static final SurveyDefinition SURVEY = SurveyDefinitions.defaultSurvey();
    private static final DtmfGenerator KEYS = new DtmfGenerator(8000);

    private final List<SurveyOutcome> handedOn = new ArrayList<>();
    private final SurveyRunner runner = new SurveyRunner(
            PROMPTS, Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC), handedOn::add);

    private SurveyOutcome run(short[] caller, String language) {
        return runner.run(new FakeLine(caller), SURVEY, language, "call-7");
    }

    private static double seconds(String source) {
        return PROMPTS.audio(source).length / 8000.0;
    }

    private static double prompt(String lang, String name) {
        return seconds("classpath:prompts/" + lang + "/" + name + ".wav");
    }

    /** Caller audio: keys at the given times (seconds from the start of the call), silence elsewhere. */
    private static short[] keysAt(Object... timesAndKeys) {
        short[] out = new short[0];
        for (int i = 0; i < timesAndKeys.length; i += 2) {
            double at = ((Number) timesAndKeys[i]).doubleValue();
            short[] pad = silence(Math.max(0, at - out.length / 8000.0));
            out = concat(out, pad, KEYS.digits((String) timesAndKeys[i + 1]));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void callerInAHurryAnswersEverythingDuringTheGreeting(String lang) {
        FakeLine line = new FakeLine(keysAt(1.0, "5101"));
        SurveyOutcome r = runner.run(line, SURVEY, lang, "call-7");

        assertThat(r.status()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 5), Map.entry("nps", 10), Map.entry("resolved", true));
        assertThat(r.language()).isEqualTo(lang);
        assertThat(r.callId()).isEqualTo("call-7");
        assertThat(r.start()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
        // barge-in: the caller heard one second of greeting and then the thanks, nothing of the questions
        double heard = line.heardByCaller().length / 8000.0;
        assertThat(heard).isLessThan(1.0 + 1.0 + prompt(lang, "thanks"));
        assertThat(line.discards()).isPositive();
        assertThat(r.question("csat").answerMillis()).isZero();
        assertThat(handedOn).containsExactly(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void answersAtTheCallersPaceAfterEachQuestion(String lang) {
        double csatEnd = prompt(lang, "greeting") + prompt(lang, "csat");
        double npsEnd = csatEnd + 1.2 + prompt(lang, "nps");
        double resolvedEnd = npsEnd + 1.2 + prompt(lang, "resolved");
        SurveyOutcome r = run(keysAt(csatEnd + 1, "4", npsEnd + 1, "9", resolvedEnd + 1, "2"), lang);

        assertThat(r.status()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 4), Map.entry("nps", 9), Map.entry("resolved", false));
        // keyed one second after the question's prompt ended
        assertThat(r.question("csat").answerMillis()).isBetween(980L, 1020L);
        assertThat(r.hangup()).isNull();
    }

    @Test
    void oneTwoGivesOneAndTheTwoAnswersTheNextQuestion() {
        SurveyOutcome r = run(keysAt(1.0, "312"), "en");
        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 3), Map.entry("nps", 1), Map.entry("resolved", false));
        assertThat(r.status()).isEqualTo(SurveyStatus.COMPLETED);
    }

    @Test
    void loneOneIsTakenAfterTheInterDigitTimeoutAndHashEndsAnEntryAtOnce() {
        double csatEnd = prompt("en", "greeting") + prompt("en", "csat");
        // "5" for csat, then "1" for nps, 2.5 s of nothing (the timeout), then "1" for resolved
        SurveyOutcome r = run(keysAt(csatEnd + 0.5, "5", csatEnd + 2, "1", csatEnd + 4.7, "1"), "en");
        assertThat(r.answers()).containsExactly(Map.entry("csat", 5), Map.entry("nps", 1), Map.entry("resolved", true));

        SurveyOutcome hash = run(keysAt(1.0, "51#1"), "en");
        assertThat(hash.answers())
                .containsExactly(Map.entry("csat", 5), Map.entry("nps", 1), Map.entry("resolved", true));
    }

    @Test
    void starRepeatsAndInvalidKeysGetTheMessageThenTheQuestionAgain() {
        double greeting = prompt("en", "greeting");
        double csat = prompt("en", "csat");
        double invalid = prompt("en", "invalid");
        // "*" half-way through csat: csat again; then "8" (invalid): message + csat; then "2"
        double star = greeting + 1;
        double bad = star + 0.2 + csat + 0.5;
        double good = bad + 0.2 + invalid + csat + 0.5;
        FakeLine line = new FakeLine(keysAt(star, "*", bad, "8", good, "2", good + 1, "7", good + 1.5, "2"));
        SurveyOutcome r = runner.run(line, SURVEY, "en", "call-7");
        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 2), Map.entry("nps", 7), Map.entry("resolved", false));
        assertThat(r.question("csat").retries()).isEqualTo(1);
    }

    @Test
    void invalidUntilTheRetriesRunOut() {
        double greeting = prompt("en", "greeting");
        SurveyOutcome r =
                run(keysAt(greeting + 0.5, "9", greeting + 1.5, "9", greeting + 2.5, "9", greeting + 3.5, "52"), "en");
        assertThat(r.question("csat").outcome()).isEqualTo(AnswerOutcome.INVALID);
        assertThat(r.question("csat").retries()).isEqualTo(2);
        assertThat(r.answers()).containsExactly(Map.entry("nps", 5), Map.entry("resolved", false));
        assertThat(r.status()).isEqualTo(SurveyStatus.PARTIAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void presentButSilentCallerHearsEachQuestionTwiceThenTheSurveyEnds(String lang) {
        FakeLine line = new FakeLine(noise(120, 300, 42));
        SurveyOutcome r = runner.run(line, SURVEY, lang, "call-7");
        assertThat(r.status()).isEqualTo(SurveyStatus.NO_INPUT);
        assertThat(r.questions()).extracting(QuestionResult::outcome).containsOnly(AnswerOutcome.NO_INPUT);
        assertThat(r.hangup()).isNull();
        double questions = prompt(lang, "csat") + prompt(lang, "nps") + prompt(lang, "resolved");
        double expected = prompt(lang, "greeting") + 2 * questions + 6 * 5 + prompt(lang, "thanks");
        assertThat(line.heardByCaller().length / 8000.0).isBetween(expected - 0.2, expected + 0.2);
    }

    @Test
    void partialWhenOnlyTheFirstQuestionIsAnswered() {
        double csatEnd = prompt("en", "greeting") + prompt("en", "csat");
        SurveyOutcome r = run(mix(noise(120, 300, 7), keysAt(csatEnd + 1, "1")), "en");
        SurveyOutcome hiss = runner.run(new FakeLine(keysAt(csatEnd + 1, "1"), -1, 50, 7), SURVEY, "en", "c");
        assertThat(hiss.status()).isEqualTo(SurveyStatus.PARTIAL);
        assertThat(hiss.answers()).containsExactly(Map.entry("csat", 1));
        assertThat(r.status()).isEqualTo(SurveyStatus.PARTIAL);
        assertThat(r.answers()).containsExactly(Map.entry("csat", 1));
        assertThat(r.question("nps").outcome()).isEqualTo(AnswerOutcome.NO_INPUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void busyToneMeansTheCallerHungUp(String lang) {
        double csatEnd = prompt(lang, "greeting") + prompt(lang, "csat");
        short[] caller = concat(keysAt(csatEnd + 0.5, "4"), silence(1), busy450(5));
        SurveyOutcome r = run(caller, lang);
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(r.hangup()).isEqualTo(HangupCause.BUSY_TONE);
        assertThat(r.answers()).containsExactly(Map.entry("csat", 4));
        assertThat(r.question("nps").outcome()).isEqualTo(AnswerOutcome.SKIPPED);
        double busyStart = caller.length / 8000.0 - 5;
        assertThat(r.end())
                .isBetween(
                        r.start().plusMillis((long) (busyStart * 1000)),
                        r.start().plusMillis((long) (busyStart * 1000) + 2000));
    }

    @Test
    void northAmericanBusyToneDuringAPromptEndsTheSurvey() {
        SurveyOutcome r = run(concat(silence(2), busyNorthAmerica(5)), "en");
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(r.hangup()).isEqualTo(HangupCause.BUSY_TONE);
        assertThat(r.answers()).isEmpty();
    }

    @Test
    void lineSignalEndsTheSurvey() {
        double csatEnd = prompt("en", "greeting") + prompt("en", "csat");
        FakeLine line = new FakeLine(keysAt(csatEnd + 0.5, "5"), (long) ((csatEnd + 2) * 8000));
        SurveyOutcome r = runner.run(line, SURVEY, "en", "call-7");
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(r.hangup()).isEqualTo(HangupCause.LINE_SIGNAL);
        assertThat(r.answers()).containsExactly(Map.entry("csat", 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void deadSilentLineIsAHangUpTenSecondsAfterThePrompt(String lang) {
        SurveyOutcome r = run(new short[0], lang);
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(r.hangup()).isEqualTo(HangupCause.SILENCE);
        long expected = Math.round((prompt(lang, "greeting") + 10) * 1000);
        assertThat(r.end().toEpochMilli() - r.start().toEpochMilli()).isBetween(expected - 30, expected + 30);
        assertThat(handedOn).hasSize(1);
    }

    @Test
    void callerChoosesMandarinWithTheLanguagePrompt() {
        SurveyDefinition withChoice = SURVEY.withLanguageChoice(SurveyDefinitions.defaultLanguageChoice());
        SurveyOutcome r = runner.run(new FakeLine(keysAt(1.0, "2", 3.0, "412")), withChoice, null, "call-7");
        assertThat(r.language()).isEqualTo("zh");
        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 4), Map.entry("nps", 1), Map.entry("resolved", false));
    }

    @Test
    void sameAudioSameResult() {
        short[] caller = keysAt(1.0, "5", 8.0, "10", 20.0, "1");
        SurveyOutcome a = run(caller, "en");
        SurveyOutcome b = run(caller, "en");
        assertThat(SurveyOutcomeJson.toJson(a)).isEqualTo(SurveyOutcomeJson.toJson(b));
    }

    @Test
    void unknownLanguageIsRefused() {
        assertThatThrownBy(() -> run(new short[0], "fr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("survey default has no language \"fr\"; it has [en, zh]");
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeMixerProvider.PHONE, FakeMixerProvider.PHONE_16K_STEREO})
    void runsOverJavaSoundLines(String device) {
        FakeMixerProvider.reset(keysAt(1.0, "4", 2.0, "10", 3.0, "2"));
        SurveyOutcome r;
        try (SoundLine line = SoundLine.open(device, device)) {
            r = runner.run(line, SURVEY, "zh", "call-7");
        }
        assertThat(r.status()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 4), Map.entry("nps", 10), Map.entry("resolved", false));
        assertThat(FakeMixerProvider.openLines()).isZero();
    }

    @Test
    void failingDeviceKeepsTheAnswersSoFar() {
        double csatEnd = prompt("en", "greeting") + prompt("en", "csat");
        FakeLine inner = new FakeLine(keysAt(csatEnd + 0.5, "5"));
        long failAt = (long) ((csatEnd + 2) * 8000);
        Line failing = new Line() {
            @Override
            public void write(short[] pcm, int off, int len) {
                inner.write(pcm, off, len);
            }

            @Override
            public void discardQueued() {}

            @Override
            public int read(short[] pcm, int off, int len) {
                if (inner.samplesRead() >= failAt) {
                    throw new AudioDeviceException("capture device stopped: unplugged");
                }
                return inner.read(pcm, off, len);
            }

            @Override
            public boolean released() {
                return false;
            }

            @Override
            public void close() {}
        };
        SurveyOutcome r = runner.run(failing, SURVEY, "en", "call-7");
        assertThat(r.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(r.hangup()).isEqualTo(HangupCause.LINE_ERROR);
        assertThat(r.answers()).containsExactly(Map.entry("csat", 5));
        assertThat(handedOn).containsExactly(r);
    }

    /** A line whose capture also carries the prompts back, 12 dB down and one frame late (hybrid echo). */
    private static final class EchoLine implements Line {
        private final FakeLine inner;
        private short[] lastOut = new short[SurveyRunner.FRAME];

        EchoLine(short[] caller) {
            inner = new FakeLine(caller);
        }

        @Override
        public void write(short[] pcm, int off, int len) {
            inner.write(pcm, off, len);
            short[] echo = new short[len];
            for (int i = 0; i < len; i++) {
                echo[i] = (short) (pcm[off + i] / 4);
            }
            lastOut = echo;
        }

        @Override
        public void discardQueued() {}

        @Override
        public int read(short[] pcm, int off, int len) {
            int n = inner.read(pcm, off, len);
            for (int i = 0; i < len && i < lastOut.length; i++) {
                pcm[off + i] = (short) Math.max(-32768, Math.min(32767, pcm[off + i] + lastOut[i]));
            }
            return n;
        }

        @Override
        public boolean released() {
            return inner.released();
        }

        @Override
        public void close() {}
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void keysAreHeardOverTheEchoOfThePrompts(String lang) {
        double greeting = prompt(lang, "greeting");
        // keys pressed while prompts play (barge-in) and while the echo of the next prompt is on the line
        SurveyOutcome r = runner.run(
                new EchoLine(keysAt(greeting * 0.5, "4", greeting + 1.0, "1", greeting + 1.4, "0", greeting + 3, "2")),
                SURVEY,
                lang,
                "call-7");
        assertThat(r.answers())
                .containsExactly(Map.entry("csat", 4), Map.entry("nps", 10), Map.entry("resolved", false));
        assertThat(r.status()).isEqualTo(SurveyStatus.COMPLETED);
    }
}
