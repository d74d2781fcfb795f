package io.cxpulse.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.survey.HangupCause;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.agent.survey.SurveyRunner;
import io.cxpulse.protocol.SurveyStatus;
import io.cxpulse.testsupport.TestAudio;
import java.time.Clock;
import java.util.Map;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A capture device that fails in the middle of a survey (a USB adapter pulled out): the driver's line throws from
 * {@code read}, which no memory mixer does cheaply, so the javax.sound line itself is a Mockito mock behind a mixer
 * plugged into the test provider. The survey ends there, keeps the answers it has, and the devices are released.
 */
class SoundLineFailureTest {
    private static final String UNPLUGGED = "CX Unplugged Adapter";

    @AfterEach
    void unplug() {
        FakeMixerProvider.unplug();
    }

    @Test
    void aCaptureDeviceThatFailsMidSurveyEndsItWithTheAnswersSoFar() throws Exception {
        FakeMixerProvider.reset(new short[0]);
        // The caller keys 4 for the first question, then the device fails 3 s into the call.
        byte[] caller = AudioReaderTest.pcm16(
                TestAudio.concat(TestAudio.silence(0.5), new DtmfGenerator(8000).digits("4"), TestAudio.silence(2)),
                null);
        TargetDataLine capture = mock(TargetDataLine.class);
        when(capture.getFormat()).thenReturn(SoundLine.FORMAT);
        when(capture.isOpen()).thenReturn(true);
        int[] position = {0};
        when(capture.read(any(byte[].class), anyInt(), anyInt())).thenAnswer(call -> {
            if (position[0] >= caller.length) {
                throw new IllegalStateException("device removed");
            }
            byte[] b = call.getArgument(0);
            int n = Math.min(call.<Integer>getArgument(2), caller.length - position[0]);
            System.arraycopy(caller, position[0], b, call.<Integer>getArgument(1), n);
            position[0] += n;
            return n;
        });
        FakeMixerProvider.plugIn(captureOnlyMixer(capture));

        SurveyOutcome result;
        try (SoundLine line = SoundLine.open(FakeMixerProvider.PHONE, UNPLUGGED)) {
            result = new SurveyRunner(new PromptLibrary(), Clock.systemUTC(), r -> {})
                    .run(line, SurveyDefinitions.defaultSurvey(), "en", "call-9");
        }

        assertThat(result.hangup()).isEqualTo(HangupCause.LINE_ERROR);
        assertThat(result.status()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(result.answers()).containsExactly(Map.entry("csat", 4));
        verify(capture).close();
        assertThat(FakeMixerProvider.openLines()).isZero();
    }

    private static Mixer captureOnlyMixer(TargetDataLine capture) throws Exception {
        Mixer mixer = mock(Mixer.class);
        Mixer.Info info = new Mixer.Info(UNPLUGGED, "CX Pulse tests", "a USB adapter about to be pulled", "1") {};
        DataLine.Info lineInfo = new DataLine.Info(TargetDataLine.class, SoundLine.FORMAT);
        when(mixer.getMixerInfo()).thenReturn(info);
        when(mixer.getSourceLineInfo()).thenReturn(new Line.Info[0]);
        when(mixer.getTargetLineInfo()).thenReturn(new Line.Info[] {lineInfo});
        when(mixer.isLineSupported(any())).thenReturn(true);
        when(mixer.getLine(any())).thenReturn(capture);
        return mixer;
    }
}
