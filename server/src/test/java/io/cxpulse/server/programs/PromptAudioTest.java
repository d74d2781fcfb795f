package io.cxpulse.server.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class PromptAudioTest {

    /** A WAV of {@code seconds} of a {@code hz} tone in {@code format} (16-bit PCM made, then converted). */
    static byte[] tone(AudioFormat format, double hz, double seconds) throws IOException {
        float rate = format.getSampleRate();
        int frames = (int) (rate * seconds);
        int ch = format.getChannels();
        ByteBuffer pcm = ByteBuffer.allocate(frames * ch * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            short v = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / rate));
            for (int c = 0; c < ch; c++) {
                pcm.putShort(v);
            }
        }
        AudioFormat pcm16 = new AudioFormat(rate, 16, ch, true, false);
        AudioInputStream s = new AudioInputStream(new ByteArrayInputStream(pcm.array()), pcm16, frames);
        AudioInputStream target = format.matches(pcm16) ? s : AudioSystem.getAudioInputStream(format, s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(target, AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    private static short[] samples(byte[] wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            assertThat(in.getFormat().matches(PromptAudio.LINE_FORMAT)).isTrue();
            byte[] b = in.readAllBytes();
            short[] out = new short[b.length / 2];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
            return out;
        }
    }

    private static double rms(short[] s) {
        double sum = 0;
        for (int i = s.length / 10; i < s.length * 9 / 10; i++) {
            sum += (double) s[i] * s[i];
        }
        return Math.sqrt(sum / (s.length * 0.8));
    }

    @Test
    void aStereoCdRecordingBecomesLineFormatWithItsToneKept() throws Exception {
        byte[] file = tone(new AudioFormat(44_100, 16, 2, true, false), 1000, 2);
        PromptAudio.Converted c = PromptAudio.convert(file);
        short[] line = samples(c.wav());
        assertThat(c.durationMs()).isBetween(1990L, 2010L);
        assertThat(rms(line)).isBetween(8000 / Math.sqrt(2) * 0.9, 8000 / Math.sqrt(2) * 1.1);
        assertThat(c.hash()).matches("sha256:[0-9a-f]{64}").isEqualTo(PromptAudio.hash(c.wav()));
        assertThat(PromptAudio.convert(file).hash()).isEqualTo(c.hash());
    }

    @Test
    void aToneAboveTheLinesBandDoesNotFoldBackIntoIt() throws Exception {
        short[] line = samples(PromptAudio.convert(tone(new AudioFormat(48_000, 16, 1, true, false), 6000, 1))
                .wav());
        assertThat(rms(line)).isLessThan(8000 / Math.sqrt(2) * 0.1);
    }

    @Test
    void telephoneFormatsAndLineFormatAreTaken() throws Exception {
        byte[] ulaw = tone(new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false), 500, 1);
        assertThat(PromptAudio.convert(ulaw).durationMs()).isEqualTo(1000);
        byte[] line = tone(PromptAudio.LINE_FORMAT, 500, 1);
        PromptAudio.Converted c = PromptAudio.convert(line);
        assertThat(samples(c.wav())).hasSize(8000);
        assertThat(PromptAudio.convert(c.wav()).hash()).isEqualTo(c.hash());
    }

    @Test
    void refusesWhatIsNotAPrompt() throws Exception {
        assertThatThrownBy(() -> PromptAudio.convert("not audio".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a WAV file");
        assertThatThrownBy(() -> PromptAudio.convert(tone(PromptAudio.LINE_FORMAT, 500, 61)))
                .hasMessageContaining("at most 60 s");
    }
}
